"""Tesseract reads pages the tests print themselves from known text, in English, Russian and Chinese."""

import shutil
from pathlib import Path

import jiwer
import pytesseract
import pytest

from readingroom.ingest.ocr import UnreadablePage, alto_text, installed_languages, read_page, tesseract_languages
from tests.scans import CHINESE, ENGLISH, RUSSIAN, rendered_page

requires_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="needs Debian's tesseract-ocr (scripts/test.sh installs it)"
)


def needs(*packs: str) -> None:
    missing = [pack for pack in packs if pack not in installed_languages()]
    if missing:
        pytest.skip(f"needs Tesseract's language packs {', '.join(missing)} (scripts/test.sh installs them)")


@requires_tesseract
@pytest.mark.parametrize(
    ("lines", "font", "languages", "most_errors"),
    [(ENGLISH, "latin", "eng", 0.02), (RUSSIAN, "latin", "rus", 0.02), (CHINESE, "han", "chi_sim", 0.05)],
    ids=["English", "Russian", "Chinese"],
)
def test_a_printed_page_is_read_with_its_words_boxes_and_confidence(
    lines: list[str], font: str, languages: str, most_errors: float
) -> None:
    needs(languages)
    page = read_page(rendered_page(lines, font), languages)
    assert jiwer.cer("\n".join(lines), page.text) <= most_errors, page.text
    assert page.confidence is not None
    assert page.confidence > 80
    assert (page.width, page.height) == rendered_page(lines, font).size
    assert b"<String " in page.alto
    assert b'HPOS="' in page.alto  # each word with its box


def test_chinese_characters_are_not_spaced_apart() -> None:
    alto = (
        b'<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"><Layout><Page><PrintSpace><TextBlock><TextLine>'
        b'<String CONTENT="\xe5\x91\xa8" WC="0.9"/><String CONTENT="\xe6\x81\xa9" WC="0.7"/>'
        b'<String CONTENT="Zhou" WC="0.8"/></TextLine></TextBlock></PrintSpace></Page></Layout></alto>'
    )
    assert alto_text(alto) == ("周恩 Zhou", [0.9, 0.7, 0.8])


@requires_tesseract
def test_a_documents_languages_choose_tesseracts_packs() -> None:
    needs("eng", "rus", "chi_sim", "chi_tra")
    assert tesseract_languages(["ru", "en"]) == "rus+eng"
    assert tesseract_languages(["zh-Hant"]) == "chi_tra"
    assert tesseract_languages(["zh"]) == "chi_sim"
    assert tesseract_languages(["ru", "zh-Hans"]) == "chi_sim+rus"  # Chinese first, or its lines come out Latin
    assert tesseract_languages([]) == "eng+rus"
    assert tesseract_languages(["la"]) == "eng+rus"  # no Latin pack: the fallback


def test_a_machine_without_tesseract_is_told_so_for_each_page(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path) + "/no-tesseract-here")
    with pytest.raises(UnreadablePage, match="Tesseract is not installed"):
        read_page(rendered_page(ENGLISH, "latin"), "eng")
