"""Reading a page image with Tesseract: its text, its words with their boxes (ALTO XML) and the mean confidence.

pytesseract runs Debian's `tesseract` program (it needs no compiler and no headers, where tesserocr must be built
against libtesseract's); one run per page writes ALTO, and the text and confidence are read back from it, so a page
is read once. A page that takes Tesseract longer than TIMEOUT_SECONDS is given up as unreadable.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import pytesseract
from lxml import etree
from PIL import Image

TIMEOUT_SECONDS = 300
FALLBACK = ("eng", "rus")  # for documents whose languages are not given or have no Tesseract pack here

# BCP 47 language tags (as documents give them) -> Tesseract's language packs.
TESSERACT_LANGUAGES = {
    "en": "eng",
    "ru": "rus",
    "zh-hans": "chi_sim",
    "zh-cn": "chi_sim",
    "zh-sg": "chi_sim",
    "zh": "chi_sim",
    "zh-hant": "chi_tra",
    "zh-tw": "chi_tra",
    "zh-hk": "chi_tra",
    "de": "deu",
    "fr": "fra",
    "ko": "kor",
    "vi": "vie",
    "uk": "ukr",
    "pl": "pol",
}
IDEOGRAPHIC = frozenset({"chi_sim", "chi_tra", "kor"})
ALTO = "{http://www.loc.gov/standards/alto/ns-v3#}"
# Tesseract writes each Chinese character as a word of its own: the spaces it puts between them are not the text's.
HAN = r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff]"
BETWEEN_HAN = re.compile(f"(?<={HAN}) (?={HAN})")


class UnreadablePage(Exception):
    """Tesseract could not read the page; the message says why."""


@dataclass(frozen=True)
class PageText:
    text: str
    confidence: float | None  # mean word confidence, 0-100; None when no word was found
    alto: bytes
    width: int
    height: int


@lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    """The language packs of the Tesseract on this machine (empty when it is not installed)."""
    try:
        return frozenset(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError):
        return frozenset()


def tesseract_languages(tags: list[str]) -> str:
    """Tesseract's `-l` for a document's languages ("rus+eng"): each tag's pack that is installed, in order; else
    the fallback's installed packs."""
    installed = installed_languages()
    chosen: list[str] = []
    for tag in tags:
        tag = tag.lower()
        pack = TESSERACT_LANGUAGES.get(tag) or TESSERACT_LANGUAGES.get(tag.split("-")[0])
        if tag.startswith("zh-") and "hant" in tag:
            pack = "chi_tra"
        if pack and pack in installed and pack not in chosen:
            chosen.append(pack)
    # Tesseract reads a line in its first language unless another fits far better: with Russian first, a line of
    # Chinese came out as Latin and Cyrillic letters; with Chinese first, Russian and English lines are read as well.
    chosen.sort(key=lambda pack: pack not in IDEOGRAPHIC)
    return "+".join(chosen or [pack for pack in FALLBACK if pack in installed] or ["eng"])


def read_page(image: Image.Image, languages: str) -> PageText:
    """The text Tesseract reads on one page image."""
    try:
        alto = pytesseract.image_to_alto_xml(image, lang=languages, timeout=TIMEOUT_SECONDS)
    except pytesseract.TesseractNotFoundError as error:
        raise UnreadablePage(
            "Tesseract is not installed (Debian: apt install tesseract-ocr and its language packs); "
            "`readingroom check --repair` reads the page again once it is"
        ) from error
    except RuntimeError as error:  # pytesseract's timeout
        raise UnreadablePage(f"Tesseract gave up after {TIMEOUT_SECONDS} s") from error
    except pytesseract.TesseractError as error:
        raise UnreadablePage(f"Tesseract could not read it: {error.message.strip() or error.status}") from error
    text, confidences = alto_text(alto)
    confidence = round(100 * sum(confidences) / len(confidences), 1) if confidences else None
    return PageText(text, confidence, alto, image.width, image.height)


def alto_text(alto: bytes) -> tuple[str, list[float]]:
    """The text of an ALTO page (a line of words a line, a blank line between blocks) and its words' confidences."""
    root = etree.fromstring(alto, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    blocks: list[str] = []
    confidences: list[float] = []
    for block in root.iter(f"{ALTO}TextBlock"):
        lines = []
        for line in block.iter(f"{ALTO}TextLine"):
            words = []
            for word in line.iter(f"{ALTO}String"):
                words.append(word.get("CONTENT", ""))
                if word.get("WC"):
                    confidences.append(float(word.get("WC", "0")))
            lines.append(BETWEEN_HAN.sub("", " ".join(words)))
        blocks.append("\n".join(lines))
    return "\n\n".join(block for block in blocks if block.strip()), confidences
