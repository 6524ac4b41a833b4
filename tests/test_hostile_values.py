"""Hostile values in an export: each row is accounted for, the text stored is the text given
(only control characters removed, huge cells cut with a warning), nothing is run, and links
that are not http(s) are dropped with a warning."""

from __future__ import annotations

import json

import duckdb
import pytest
from builders import build
from hostile_data import BAD_LINKS, LONG, ROWS, SQL, expected_text, write_export

from ict_response import limits


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile_values")
    export = write_export(folder / "hostile.csv")
    db = folder / "hostile.duckdb"
    build(db, cases=[export])  # that export alone: not the CLI, whose builds add ITU's initiatives
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def _cases(con) -> dict[str, dict]:
    cursor = con.execute("SELECT * FROM cases")
    names = [d[0] for d in cursor.description]
    records = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return {r["case_id"]: r for r in records}


def test_every_row_is_accounted_for(hostile_db):
    ((rows_read, loaded, rejected),) = hostile_db.execute(
        "SELECT rows_read, rows_loaded, rows_rejected FROM imports"
    ).fetchall()
    assert rows_read == len(ROWS)
    assert (loaded, rejected) == (len(ROWS) - 1, 1)
    assert hostile_db.execute("SELECT source_row, reason FROM rejected_rows").fetchall() == [
        (len(ROWS), "no title")
    ]
    stored = _cases(hostile_db)
    assert set(stored) == {case_id for case_id, _ in ROWS} - {"h-no-title"}


def test_stored_text_is_the_text_given(hostile_db):
    stored = _cases(hostile_db)
    for case_id, row in ROWS:
        if case_id in ("h-no-title", "h-long"):
            continue
        case = stored[case_id]
        assert case["title"] == expected_text(row[1]), case_id
        assert case["organisation"] == expected_text(row[2]), case_id
        assert case["description"] == expected_text(row[7]), case_id


def test_the_sql_fragment_is_data_and_the_tables_are_intact(hostile_db):
    assert hostile_db.execute("SELECT title FROM cases WHERE case_id = 'h-sql'").fetchone() == (SQL,)
    tables = {r[0] for r in hostile_db.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {"cases", "sessions", "imports", "rejected_rows", "import_warnings"} <= tables


def test_a_100000_character_title_is_cut_at_the_limit_with_a_warning(hostile_db):
    title = _cases(hostile_db)["h-long"]["title"]
    assert title == LONG[: limits.MAX_TEXT_CHARS]
    warnings = hostile_db.execute(
        "SELECT field, length(value), message FROM import_warnings w JOIN cases c"
        " ON c.source_row = w.source_row WHERE c.case_id = 'h-long'"
    ).fetchall()
    cut = limits.MAX_TEXT_CHARS
    assert warnings == [("title", cut, f"cut to {cut:,} characters from 100,000")]


def test_links_that_are_not_http_are_dropped_with_a_warning(hostile_db):
    stored = _cases(hostile_db)
    for case_id, row in ROWS:
        if case_id == "h-no-title":
            continue
        if case_id in BAD_LINKS:
            assert stored[case_id]["url"] is None, case_id
        elif row[10]:
            assert stored[case_id]["url"] == row[10]
    warned = hostile_db.execute(
        "SELECT c.case_id, w.value FROM import_warnings w JOIN cases c USING (source_row)"
        " WHERE w.field = 'url'"
    ).fetchall()
    raw = dict(ROWS)
    assert {case_id for case_id, _ in warned} == BAD_LINKS
    assert all(value == raw[case_id][10] for case_id, value in warned)
    urls = [r[0] for r in hostile_db.execute("SELECT url FROM cases WHERE url IS NOT NULL").fetchall()]
    assert urls and all(u.lower().startswith(("http://", "https://")) for u in urls)


def test_impossible_dates_and_sdgs_are_warnings_that_keep_the_row(hostile_db):
    stored = _cases(hostile_db)
    assert stored["h-year-9999"]["start_date"] is None
    assert list(stored["h-negative-sdg"]["sdgs"]) == []
    warnings = dict(
        ((case_id, field), message)
        for case_id, field, message in hostile_db.execute(
            "SELECT c.case_id, w.field, string_agg(w.message, ' | ') FROM import_warnings w"
            " JOIN cases c USING (source_row) GROUP BY ALL"
        ).fetchall()
    )
    assert "date out of range 1990-2100: '9999-12-31'" in warnings[("h-year-9999", "start_date")]
    sdg = warnings[("h-negative-sdg", "sdgs")]
    assert all(f"'{v}'" in sdg for v in ("-3", "−5", "0", "18"))


def test_rejected_row_keeps_the_raw_cells(hostile_db):
    raw = json.loads(hostile_db.execute("SELECT raw FROM rejected_rows").fetchone()[0])
    assert raw["Project Title"] == dict(ROWS)["h-no-title"][1]


def test_markdown_literal_holds_no_markdown_and_decodes_to_the_text():
    import html
    import re

    from ict_response.ui.markdown import WORD_JOINER, literal

    for text in (
        "[x](javascript:alert(1)) **b** `c` $x$ :red[y]",
        "<img src=x onerror=alert(1)>",
        "see https://evil.example/login or www.evil.example, a@evil.example",
        "# & \\",
        "le titre dit «\u00a0hôpital\u00a0»",  # French's no-break spaces stay
    ):
        escaped = literal(text)
        assert not re.search(r"[!-/:-@\[-`{-~]", re.sub(r"&#\d+;", "", escaped))
        assert not re.search(r"(?i)https?:|www\.|\w@", html.unescape(escaped))  # no autolink
        assert html.unescape(escaped).replace(WORD_JOINER, "") == text
    # On one line: line breaks and runs of spaces are one space.
    assert literal(" a\n\n b\t c ") == "a b c"
