import pytest

from readingroom.names.languages import language_name


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
