import pytest

from readingroom.names.normalize import name_key, slug


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("N.S. Khrushchev", "N. S. Khrushchev"),
        ("Lüshun", "Lushun"),
        ("Хрущёв", "Хрущев"),
        ("CHOU EN-LAI", "chou en lai"),
        ("Straße", "strasse"),
        ("  Mao   Zedong ", "Mao Zedong"),
    ],
)
def test_names_that_differ_in_case_accents_or_punctuation_share_a_key(one: str, other: str) -> None:
    assert name_key(one) == name_key(other)


@pytest.mark.parametrize(("one", "other"), [("Mao", "Zhou"), ("周恩来", "毛泽东"), ("Stalin", "Stalina")])
def test_different_names_have_different_keys(one: str, other: str) -> None:
    assert name_key(one) != name_key(other)


def test_slug() -> None:
    assert slug("Port Arthur (Lüshun)") == "port-arthur-lushun"
    assert slug("周恩来") == ""
