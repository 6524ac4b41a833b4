"""Entity types, dates, links, status flags and multi-valued cells."""

import datetime as dt

import pytest

from ict_response import ingest
from ict_response import normalise as nz

# --------------------------------------------------------------------------- entity types


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NGO", "Civil Society"),
        ("Civil society organisation", "Civil Society"),
        ("University", "Academia"),
        ("UN agency", "International Organization"),
        ("Company", "Private Sector"),
        ("Business", "Private Sector"),
        ("Private sector", "Private Sector"),
        ("Ministry of Health", "Government"),
        ("Government", "Government"),
        ("GOVERNMENT", "Government"),
        ("Other", "Other"),
        ("Zorblax", None),
        ("", None),
    ],
)
def test_entity_type(text, expected):
    assert nz.normalise_entity_type(text) == expected


def test_unknown_entity_type_is_a_warning():
    assert ingest.parse_entity_type("Zorblax") == (None, ["not a known entity type: 'Zorblax'"])
    assert ingest.parse_entity_type("  ") == (None, [])


# --------------------------------------------------------------------------- dates

APRIL_15 = dt.date(2020, 4, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-04-15", APRIL_15),
        ("15/04/2020", APRIL_15),
        ("15.04.2020", APRIL_15),
        ("15-04-2020", APRIL_15),
        ("2020/04/15", APRIL_15),
        ("April 2020", dt.date(2020, 4, 1)),
        ("Apr 2020", dt.date(2020, 4, 1)),
        ("15 April 2020", APRIL_15),
        ("April 15, 2020", APRIL_15),
        ("2020-04", dt.date(2020, 4, 1)),
        ("43936", APRIL_15),  # Excel serial: days since 1899-12-30
        ("43936.75", APRIL_15),  # with a time of day
        ("2020-04-15 00:00:00", APRIL_15),
        ("2020-04-15T10:00:00", APRIL_15),
        ("2020-04-15T10:00:00Z", APRIL_15),
        ("2020-04-15T10:00:00+02:00", APRIL_15),  # the date as written, offset ignored
        ("2020-04-15T23:30:00.000-0500", APRIL_15),
        ("  2020-04-15  ", APRIL_15),
    ],
)
def test_dates(text, expected):
    assert nz.normalise_date(text) == expected
    assert ingest.parse_date(text) == (expected, [])


def test_excel_serial_arithmetic():
    assert nz.EXCEL_EPOCH + dt.timedelta(days=43936) == APRIL_15


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9999-01-01", "date out of range 1990-2100: '9999-01-01'"),
        ("1899-12-31", "date out of range 1990-2100: '1899-12-31'"),
        ("garbage", "not a date: 'garbage'"),
        ("31/02/2020", "not a date: '31/02/2020'"),  # no 31 February
        ("2020-13-01", "not a date: '2020-13-01'"),
        ("Smarch 2020", "not a date: 'Smarch 2020'"),
    ],
)
def test_bad_dates_are_warnings(text, message):
    assert ingest.parse_date(text) == (None, [message])


def test_empty_date_is_no_date_and_no_warning():
    assert ingest.parse_date("") == (None, [])
    assert ingest.parse_date("   ") == (None, [])


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("ftp://example.org/file", None),
        ("https://exa mple.org", None),
        ("not a link", None),
        ("www.example.org", "https://www.example.org"),
        ("www.example.org/path?a=1", "https://www.example.org/path?a=1"),
        ("http://example.org", "http://example.org"),
        ("https://example.org/a?b=1#c", "https://example.org/a?b=1#c"),
        (" https://example.org ", "https://example.org"),
    ],
)
def test_urls(text, expected):
    assert nz.normalise_url(text) == expected


def test_rejected_url_is_a_warning_with_the_raw_value():
    assert ingest.parse_url("javascript:alert(1)") == (
        None,
        ["not a known http(s) link: 'javascript:alert(1)'"],
    )


# --------------------------------------------------------------------------- status and flags


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ongoing", "Ongoing"),
        ("In progress", "Ongoing"),
        ("Completed", "Completed"),
        ("finished", "Completed"),
        ("Planned", "Planned"),
        ("maybe", None),
    ],
)
def test_status(text, expected):
    assert nz.normalise_status(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yes", True),
        ("TRUE", True),
        ("1", True),
        ("x", True),
        ("No", False),
        ("FALSE", False),
        ("0", False),
        ("perhaps", None),
        ("", None),
    ],
)
def test_flag(text, expected):
    assert nz.normalise_flag(text) is expected


# --------------------------------------------------------------------------- multi-valued cells


@pytest.mark.parametrize(
    ("raw", "parts", "codes"),
    [
        ("C2, C4", ["C2", "C4"], ["C2", "C4"]),
        ("C2; C4", ["C2", "C4"], ["C2", "C4"]),
        ("C2 | C4\nC9", ["C2", "C4", "C9"], ["C2", "C4", "C9"]),
        (
            "Cultural diversity and identity, linguistic diversity and local content; C2",
            ["Cultural diversity and identity, linguistic diversity and local content", "C2"],
            ["C8", "C2"],
        ),
        (
            "C2, Cultural diversity and identity, linguistic diversity and local content, C4",
            ["C2", "Cultural diversity and identity, linguistic diversity and local content", "C4"],
            ["C2", "C8", "C4"],
        ),
        ('["C2", "E-health"]', ["C2", "E-health"], ["C2", "C7-EHEALTH"]),
        ("C2, C2, c 2", ["C2", "C2", "c 2"], ["C2"]),  # duplicates collapse after normalising
        ("", [], []),
    ],
)
def test_split_action_lines(raw, parts, codes):
    assert nz.split_multi(raw, nz.normalise_action_line) == parts
    assert ingest.parse_action_lines(raw) == (codes, [])


@pytest.mark.parametrize(
    ("raw", "parts", "numbers"),
    [
        (
            "Peace, justice and strong institutions, 3",
            ["Peace, justice and strong institutions", "3"],
            [16, 3],
        ),
        ("3, 4", ["3", "4"], [3, 4]),
        ("3,4,5", ["3", "4", "5"], [3, 4, 5]),
        ("SDG 3; SDG 9", ["SDG 3", "SDG 9"], [3, 9]),
        (
            "Industry, innovation and infrastructure; 17",
            ["Industry, innovation and infrastructure", "17"],
            [9, 17],
        ),
    ],
)
def test_split_sdgs(raw, parts, numbers):
    assert nz.split_multi(raw, nz.normalise_sdg) == parts
    assert ingest.parse_sdgs(raw) == (numbers, [])


def test_unknown_list_items_are_warnings_and_known_ones_kept():
    assert ingest.parse_sdgs("SDG 9; SDG 18") == ([9], ["not a known SDG (1-17): 'SDG 18'"])
    assert ingest.parse_action_lines("C2, C12, banana") == (
        ["C2"],
        ["not a known WSIS Action Line: 'C12'", "not a known WSIS Action Line: 'banana'"],
    )


def test_organisers_split_on_separators_but_keep_names():
    assert ingest.parse_organisers("ITU, WHO; UNESCO | UNICEF") == (
        ["ITU", "WHO", "UNESCO", "UNICEF"],
        [],
    )
