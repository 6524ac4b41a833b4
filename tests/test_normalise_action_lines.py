"""WSIS Action Lines: every notation found in exports -> the canonical code, or None."""

import pytest

from ict_response import normalise as nz
from ict_response import taxonomy as tx


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Codes, with and without prefixes and spacing.
        ("C2", "C2"),
        ("c 2", "C2"),
        ("AL C2", "C2"),
        ("Action Line C2", "C2"),
        ("Action Lines C4", "C4"),
        ("WSIS Action Line C3", "C3"),
        ("  c2  ", "C2"),
        ("C11", "C11"),
        ("c 11", "C11"),
        # A code followed by its own name.
        ("C2. Information and communication infrastructure", "C2"),
        ("C7 ICT applications", "C7"),
        # The full name alone, including the one with a comma in it.
        ("Capacity building", "C4"),
        ("Cultural diversity and identity, linguistic diversity and local content", "C8"),
        ("Information and communication infrastructure", "C2"),
        ("Media", "C9"),
        # C7 sub-lines, with and without the C7 code.
        ("AL C7 E-health", "C7-EHEALTH"),
        ("C7 E-Health", "C7-EHEALTH"),
        ("E-health", "C7-EHEALTH"),
        ("eHealth", "C7-EHEALTH"),
        ("C7: E-learning", "C7-ELEARN"),
        ("E-government", "C7-EGOV"),
        # Plain C7 is valid on its own and stays C7.
        ("C7", "C7"),
    ],
)
def test_notation_to_code(text, expected):
    assert nz.normalise_action_line(text) == expected


SUB_LINES = {
    "E-government": "C7-EGOV",
    "E-business": "C7-EBUS",
    "E-learning": "C7-ELEARN",
    "E-health": "C7-EHEALTH",
    "E-employment": "C7-EEMPLOY",
    "E-environment": "C7-EENV",
    "E-agriculture": "C7-EAGRI",
    "E-science": "C7-ESCI",
}


@pytest.mark.parametrize(("name", "code"), SUB_LINES.items())
@pytest.mark.parametrize("form", ["{name}", "C7 {name}", "AL C7 {name}", "C7: {name}", "{compact}"])
def test_all_eight_sub_lines(name, code, form):
    compact = name.replace("-", "")  # "Ehealth", the compact spelling
    assert nz.normalise_action_line(form.format(name=name, compact=compact)) == code


def test_reference_has_the_18_categories_plus_plain_c7():
    codes = [a.code for a in tx.action_lines()]
    assert codes == [
        "C1",
        "C2",
        "C3",
        "C4",
        "C5",
        "C6",
        "C7",
        *SUB_LINES.values(),
        "C8",
        "C9",
        "C10",
        "C11",
    ]
    assert {a.code for a in tx.action_lines() if a.parent == "C7"} == set(SUB_LINES.values())


@pytest.mark.parametrize(
    "text",
    ["C12", "C0", "banana", "", "   ", "C", "C2 Media", "C7 Media", "C 100", "AL", "Action Line"],
)
def test_invalid_is_none(text):
    """Out-of-range codes, unknown words, and a code whose words name another line."""
    assert nz.normalise_action_line(text) is None


def test_sub_line_code_round_trips():
    """Canonical codes (as written back into URLs) normalise to themselves."""
    for a in tx.action_lines():
        assert nz.normalise_action_line(a.code) == a.code
