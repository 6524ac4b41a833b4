"""SDGs: every notation found in exports -> the goal number 1-17, or None."""

import pytest

from ict_response import normalise as nz
from ict_response import taxonomy as tx


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", 3),
        ("SDG 3", 3),
        ("SDG3", 3),
        ("sdg 3", 3),
        ("Goal 3", 3),
        ("Goal 3: Good health and well-being", 3),
        ("SDG 3 - Good Health and Well-being", 3),
        ("#3", 3),
        ("Good health and well-being", 3),
        ("3.0", 3),  # Excel turns 3 into 3.0
        ("17.0", 17),
        ("SDG 17", 17),
        ("Sustainable Development Goal 17", 17),
        ("Peace, justice and strong institutions", 16),
        ("Industry, innovation and infrastructure", 9),
        ("  SDG 1 ", 1),
    ],
)
def test_notation_to_number(text, expected):
    assert nz.normalise_sdg(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "SDG 18",
        "18",
        "0",
        "SDG 0",
        "-3",  # a negative number, not goal 3
        "Goal 3: Zero hunger",  # the name disagrees with the number
        "SDG 2 Good health and well-being",
        "",
        "   ",
        "3.5",
        "health",
        "SDG",
    ],
)
def test_invalid_is_none(text):
    assert nz.normalise_sdg(text) is None


def test_all_17_by_number_and_by_name():
    goals = tx.sdgs()
    assert [s.number for s in goals] == list(range(1, 18))
    for s in goals:
        assert nz.normalise_sdg(str(s.number)) == s.number
        assert nz.normalise_sdg(f"SDG {s.number}") == s.number
        assert nz.normalise_sdg(s.name) == s.number
        assert nz.normalise_sdg(s.name.upper()) == s.number
        assert nz.normalise_sdg(f"Goal {s.number}: {s.name}") == s.number
        assert s.colour.startswith("#") and len(s.colour) == 7


def test_official_names_and_colours_of_some_goals():
    by_number = {s.number: s for s in tx.sdgs()}
    assert by_number[3].name == "Good health and well-being"
    assert by_number[3].colour.upper() == "#4C9F38"
    assert by_number[17].name == "Partnerships for the goals"
    assert by_number[17].colour.upper() == "#19486A"
