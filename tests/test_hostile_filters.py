"""Hostile filter values from dashboard URLs and the CLI: SQL fragments, markup, very long
values, NUL. Every value is bound, so each returns exactly the rows it names, computed here
from the export itself; values that mean nothing are dropped with a note."""

from __future__ import annotations

import json

import pytest
from hostile_data import ANCHOR, ROWS, SQL, expected_text

from ict_response.cli import main
from ict_response.filters import MAX_TEXT, Filters
from ict_response.ingest import DEFAULT_COLLECTION
from ict_response.queries import run_path

LOADED = [row for case_id, row in ROWS if case_id != "h-no-title"]


@pytest.fixture
def db(hostile_db):
    return hostile_db


def matching_q(q: str) -> set[str]:
    """Ids of the cases whose title, organisation or description holds q, ignoring case."""
    q = q.strip().lower()
    return {row[0] for row in LOADED if any(q in expected_text(row[i])[:20_000].lower() for i in (1, 2, 7))}


def ids(db, filters: Filters) -> set[str]:
    return set(run_path(db, "case_list", filters, {"limit": 1000})["case_id"])


def count(db, filters: Filters) -> int:
    return int(run_path(db, "headline_figures", filters).iloc[0]["cases"])


LONG_Q = "x" * 10_000
SEARCHES = {
    "sql fragment": "'; DROP TABLE cases;--",
    "sql fragment as stored": SQL,
    "quote": "'",
    "script": "<script>",
    "image payload": "<img src=x onerror=alert(1)>",
    "percent and underscore": "%_",
    "backslash": "\\",
    "nul": "DROP\x00TABLE",
    "very long": LONG_Q,
    "regex": ".*",
    "like wildcard": "%",
}


@pytest.mark.parametrize("name", sorted(SEARCHES))
def test_hostile_search_text_finds_exactly_what_it_says(db, name):
    filters = Filters.parse({"q": SEARCHES[name]})
    expected = matching_q(SEARCHES[name][:MAX_TEXT])
    assert ids(db, filters) == expected
    assert count(db, filters) == len(expected)


def test_the_sql_fragment_matches_its_row_and_leaves_the_tables(db):
    assert ids(db, Filters.parse({"q": SQL})) == {"h-sql"}
    assert count(db, Filters()) == len(LOADED)


def test_long_search_is_cut_with_a_note(db):
    filters = Filters.parse({"q": LONG_Q})
    assert len(filters.q) == MAX_TEXT
    assert filters.notes == (f"Search text cut to {MAX_TEXT} characters.",)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("action_line", "<script>alert(1)</script>"),
        ("action_line", "C2' OR '1'='1"),
        ("sdg", "3 OR 1=1"),
        ("sdg", "-3"),
        ("country", "Atlantis' OR '1'='1"),
        ("region", "<img src=x onerror=alert(1)>"),
        ("entity_type", "\x00"),
        ("topic", "x" * 5_000),
        ("from", "2020-01-01'; DROP TABLE cases;--"),
        ("region_scheme", "itu' OR 1=1"),
    ],
)
def test_values_that_mean_nothing_are_dropped_with_a_note(db, key, value):
    filters = Filters.parse({key: value})
    assert filters.notes, "the user is told the value was ignored"
    assert all(len(note) < 300 for note in filters.notes)
    assert filters == Filters()
    assert count(db, filters) == len(LOADED)


def test_a_known_value_followed_by_sql_keeps_the_value_and_notes_the_rest(db):
    filters = Filters.parse({"country": "Kenya'; DROP TABLE cases;--"})
    assert filters.country == ("KEN",)
    assert any("DROP TABLE cases" in note for note in filters.notes)
    assert count(db, filters) == sum(row[4] == "Kenya" for row in LOADED)


def test_collection_from_data_with_markup_is_an_exact_match(db):
    filters = Filters.parse({"collection": ANCHOR})
    expected = {row[0] for row in LOADED if row[11] == ANCHOR}
    assert expected and ids(db, filters) == expected
    others = Filters.parse({"collection": DEFAULT_COLLECTION})
    assert ids(db, others) == {row[0] for row in LOADED if not row[11]}


def test_url_round_trip_keeps_hostile_values_as_values():
    filters = Filters.parse({"q": SQL, "collection": ANCHOR})
    assert Filters.parse(filters.to_query_params()) == filters


@pytest.mark.parametrize("name", ["sql fragment", "nul", "very long", "image payload"])
def test_cli_filters_give_the_same_rows(db, capsys, name):
    capsys.readouterr()
    code = main(["query", "case_list", "--db", str(db), "--filter", f"q={SEARCHES[name]}", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert {r["case_id"] for r in json.loads(out)} == matching_q(SEARCHES[name][:MAX_TEXT])


def test_cli_hostile_filter_key_and_value_are_notes(db, capsys):
    capsys.readouterr()
    code = main(
        [
            "query",
            "headline_figures",
            "--db",
            str(db),
            "--filter",
            "action_line=<script>alert(1)</script>",
            "--filter",
            "'; DROP TABLE cases;--=1",
            "--json",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0
    assert json.loads(out)[0]["cases"] == len(LOADED)
    assert "Ignored unknown filter" in err and "not a known WSIS Action Line" in err
    assert "Traceback" not in err
