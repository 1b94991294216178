import pytest

from readingroom.names.bodies import names_a_body


@pytest.mark.parametrize(
    "name",
    [
        "Embassy in Poland",
        "Department of State",
        "Secretary of State",
        "Chargé in the Soviet Union",
        "Ambassador in Moscow",
        "Joint Chiefs of Staff",
        "Central Committee of the CPSU",
        "Chinese Communist Party Central Committee",
        "Ministry of Foreign Affairs",
        "Representative at the United Nations",
    ],
)
def test_bodies_and_offices(name: str) -> None:
    assert names_a_body(name)


@pytest.mark.parametrize(
    "name",
    ["Mao Zedong", "Secretary Dulles", "Chairman Mao", "Stalin, Joseph", "President Eisenhower", "Filippov", ""],
)
def test_people(name: str) -> None:
    assert not names_a_body(name)
