import pytest
from hypothesis import given
from hypothesis import strategies as st

from readingroom.names.languages import LANGUAGE_NAMES, SCRIPT_NAMES, UnknownLanguage, language_name, language_tag


@pytest.mark.parametrize(
    ("tag", "name"),
    [
        ("ru", "Russian"),
        ("zh", "Chinese"),
        ("zh-Hans", "Chinese (simplified)"),
        ("zh-hant", "Chinese (traditional)"),
        ("de-CH", "German"),
        ("xx", "xx"),
        ("", ""),
    ],
)
def test_language_names(tag: str, name: str) -> None:
    assert language_name(tag) == name


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("ru", "ru"),
        ("Russian", "ru"),
        (" RUSSIAN ", "ru"),
        ("Farsi", "fa"),
        ("Chinese (traditional)", "zh-Hant"),
        ("ZH-hans", "zh-Hans"),
        ("zh_Hans", "zh-Hans"),
        ("de-CH", "de-CH"),
        ("iw", "he"),  # the tag Hebrew had before 1989
        ("tlh", "tlh"),  # Klingon has a registered tag, though not a name here
    ],
)
def test_tags_and_names_give_the_tag(value: str, tag: str) -> None:
    assert language_tag(value) == tag


@pytest.mark.parametrize("value", ["Klingon", "xx", "Russian language", "", "   ", "en-", "-ru", "r u"])
def test_anything_else_is_refused_naming_it(value: str) -> None:
    with pytest.raises(UnknownLanguage, match=f'"{value}" is not a language tag or a language name'):
        language_tag(value)


def test_every_name_shown_reads_back_as_its_tag() -> None:
    for tag, name in LANGUAGE_NAMES.items():
        assert language_tag(tag) == tag
        assert language_tag(name) == tag
        for script in SCRIPT_NAMES:
            assert language_tag(language_name(f"{tag}-{script}")) == f"{tag}-{script}"


@given(st.text(max_size=40))
def test_any_text_is_a_tag_that_reads_back_or_refused(value: str) -> None:
    try:
        tag = language_tag(value)
    except UnknownLanguage:
        return
    assert language_tag(tag) == tag
