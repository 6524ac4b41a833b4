"""Every row read is loaded or rejected, with its reason; values not understood are
warnings naming the row, the field and the raw value; later versions supersede earlier.

Expected answers for tests/fixtures/cases_small.csv (7 records):
  row 1  ID 1 "Telemedicine hotline"     loaded, superseded by row 7 (same ID, later row)
  row 2  ID 2 "School radio lessons"     loaded
  row 3  ID 3 "Contact tracing app"      loaded; warning: url 'javascript:alert(1)'
  row 4  ID 4 (no title)                 rejected: "no title"
  row 5  ID 5 "Global misinformation..." loaded
  row 6  ID 6 "Broadband for clinics"    loaded; warnings: country 'Atlantis', SDG 'SDG 18'
  row 7  ID 1 "Telemedicine hotline v2"  loaded, wins: C7-EHEALTH, Government
-> read 7, loaded 6, rejected 1, warnings 3, superseded 1, records 5.
sessions_small.csv: 3 records, all loaded, no warnings.
"""

import json

import duckdb
import pytest
from builders import CASES_SMALL, SESSIONS_SMALL, build, build_fixture, write_csv

from ict_response.ingest import parse_file


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("accounting") / "t.duckdb"
    report = build_fixture(path)
    con = duckdb.connect(str(path), read_only=True)
    yield report, con
    con.close()


def test_build_report_counts(fixture_db):
    report, _ = fixture_db
    assert report.cases.as_dict() == {
        "rows_read": 7,
        "rows_loaded": 6,
        "rows_rejected": 1,
        "warnings": 3,
        "rows_superseded": 1,
        "records": 5,
    }
    assert report.sessions.as_dict() == {
        "rows_read": 3,
        "rows_loaded": 3,
        "rows_rejected": 0,
        "warnings": 0,
        "rows_superseded": 0,
        "records": 3,
    }
    assert report.is_sample is False


def test_imports_table(fixture_db):
    _, con = fixture_db
    rows = con.execute(
        "SELECT kind, file_name, format, encoding, rows_read, rows_loaded, rows_rejected,"
        " rows_superseded, warnings, is_sample FROM imports ORDER BY seq"
    ).fetchall()
    assert rows == [
        ("cases", "cases_small.csv", "csv", "utf-8", 7, 6, 1, 1, 3, False),
        ("sessions", "sessions_small.csv", "csv", "utf-8", 3, 3, 0, 0, 0, False),
    ]
    for read, loaded, rejected in con.execute(
        "SELECT rows_read, rows_loaded, rows_rejected FROM imports"
    ).fetchall():
        assert read == loaded + rejected


def test_imports_table_records_how_columns_were_read(fixture_db):
    _, con = fixture_db
    columns = json.loads(con.execute("SELECT columns FROM imports WHERE kind = 'cases'").fetchone()[0])
    assert columns == {
        "ID": "case_id",
        "Project Title": "title",
        "Organisation": "organisation",
        "Type of entity": "entity_type",
        "Countries": "countries",
        "WSIS Action Lines": "action_lines",
        "SDGs": "sdgs",
        "Description": "description",
        "Start date": "start_date",
        "Status": "status",
        "Website": "url",
        "Partner": None,
    }


def test_rejected_rows_keep_the_raw_content(fixture_db):
    _, con = fixture_db
    rows = con.execute("SELECT source_row, reason, raw FROM rejected_rows").fetchall()
    assert len(rows) == 1
    source_row, reason, raw = rows[0]
    assert (source_row, reason) == (4, "no title")
    assert json.loads(raw) == {
        "ID": "4",
        "Project Title": "",
        "Organisation": "No title org",
        "Type of entity": "NGO",
        "Countries": "France",
        "WSIS Action Lines": "C4",
        "SDGs": "4",
        "Description": "",
        "Start date": "",
        "Status": "",
        "Website": "",
        "Partner": "",
    }


def test_import_warnings_name_row_field_and_raw_value(fixture_db):
    _, con = fixture_db
    rows = con.execute(
        "SELECT source_row, field, value, message FROM import_warnings ORDER BY source_row, field"
    ).fetchall()
    assert rows == [
        (3, "url", "javascript:alert(1)", "not a known http(s) link: 'javascript:alert(1)'"),
        (6, "countries", "Korea, Republic of; Atlantis", "not a known country: 'Atlantis'"),
        (6, "sdgs", "SDG 9; SDG 18", "not a known SDG (1-17): 'SDG 18'"),
    ]


def test_rows_with_warnings_keep_what_was_understood(fixture_db):
    _, con = fixture_db
    assert con.execute("SELECT url FROM cases WHERE case_id = '3'").fetchone() == (None,)
    assert con.execute("SELECT countries, scope, sdgs FROM cases WHERE case_id = '6'").fetchone() == (
        ["KOR"],
        "National",
        [9],
    )


def test_later_row_with_the_same_id_wins(fixture_db):
    _, con = fixture_db
    assert con.execute(
        "SELECT title, action_lines, entity_type, status, source_row FROM cases WHERE case_id = '1'"
    ).fetchall() == [("Telemedicine hotline v2", ["C7-EHEALTH"], "Government", "Completed", 7)]
    assert con.execute("SELECT count(*) FROM cases").fetchone() == (5,)
    assert sorted(r[0] for r in con.execute("SELECT case_id FROM cases").fetchall()) == [
        "1",
        "2",
        "3",
        "5",
        "6",
    ]


def test_loaded_values_are_normalised(fixture_db):
    _, con = fixture_db
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT case_id, entity_type, countries, scope, action_lines, sdgs, status, url,"
            " start_date::VARCHAR FROM cases"
        ).fetchall()
    }
    assert rows["2"] == (
        "Civil Society",
        ["KEN", "UGA"],
        "Multi-country",
        ["C7-ELEARN"],
        [4],
        "Completed",
        None,
        "2020-05-15",
    )
    assert rows["3"] == (
        "Private Sector",
        ["VNM"],
        "National",
        ["C5", "C7"],
        [3],
        "Ongoing",
        None,
        "2020-05-01",
    )
    assert rows["5"] == (
        "International Organization",
        [],
        "Global",
        ["C9", "C10"],
        [16],
        "Planned",
        "https://www.example.org",
        "2020-03-20",
    )
    assert rows["6"] == (
        "Private Sector",
        ["KOR"],
        "National",
        ["C2"],
        [9],
        "Completed",
        "https://example.org/6",
        "2021-01-10",
    )


def test_sessions_loaded(fixture_db):
    _, con = fixture_db
    rows = con.execute(
        "SELECT session_id, organisers, held_on::VARCHAR, session_type, covid_related,"
        " action_lines, sdgs FROM sessions ORDER BY session_id"
    ).fetchall()
    assert rows == [
        ("W1", ["ITU", "WHO"], "2021-03-15", "Thematic Workshop", True, ["C7-EHEALTH"], [3]),
        ("W2", ["ITU"], "2021-03-17", "WSIS TalkX", False, ["C2"], [9]),
        ("W3", ["UNESCO"], "2021-03-19", "Thematic Workshop", True, ["C4", "C7-ELEARN"], [4]),
    ]


def test_parse_file_accounting_matches():
    pf = parse_file(CASES_SMALL, "cases")
    assert (pf.rows_read, pf.rows_loaded, len(pf.rejected), len(pf.warnings)) == (7, 6, 1, 3)
    assert pf.source_rows == [1, 2, 3, 5, 6, 7]
    pw = parse_file(SESSIONS_SMALL, "sessions")
    assert (pw.rows_read, pw.rows_loaded, len(pw.rejected), len(pw.warnings)) == (3, 3, 0, 0)


def test_row_with_too_many_cells_is_rejected_with_its_reason(tmp_path):
    path = write_csv(
        tmp_path / "cases.csv",
        [
            ["ID", "Title", "Country"],
            ["1", "Fine", "Kenya"],
            ["2", "Too many", "Kenya", "surplus"],
            ["3", "Short row"],  # fewer cells: padded, loaded
            ["4", "Trailing empties", "Uganda", "", ""],  # spreadsheet padding: loaded
        ],
    )
    report = build(tmp_path / "t.duckdb", cases=[path])
    assert report.cases.rows_read == 4
    assert report.cases.rows_loaded == 3
    assert report.cases.rows_rejected == 1
    con = duckdb.connect(str(tmp_path / "t.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT source_row, reason, raw FROM rejected_rows").fetchall() == [
            (2, "has 4 cells but the header has 3 columns", '["2", "Too many", "Kenya", "surplus"]'),
        ]
        assert con.execute("SELECT case_id, countries FROM cases ORDER BY case_id").fetchall() == [
            ("1", ["KEN"]),
            ("3", []),
            ("4", ["UGA"]),
        ]
    finally:
        con.close()


def test_rows_read_equals_loaded_plus_rejected_across_several_imports(tmp_path):
    first = write_csv(tmp_path / "first.csv", [["ID", "Title"], ["1", "A"], ["2", ""], ["3", "C"]])
    second = write_csv(tmp_path / "second.csv", [["ID", "Title"], ["1", "A, revised"], ["4", "D", "x"]])
    report = build(tmp_path / "t.duckdb", cases=[first, second])
    assert [
        (i["rows_read"], i["rows_loaded"], i["rows_rejected"], i["rows_superseded"]) for i in report.imports
    ] == [(3, 2, 1, 1), (2, 1, 1, 0)]
    for i in report.imports:
        assert i["rows_read"] == i["rows_loaded"] + i["rows_rejected"]
    assert (report.cases.rows_read, report.cases.records) == (5, 2)


def test_records_without_an_id_get_a_stable_one(tmp_path):
    """The same title and organisation in a later export supersede the earlier record."""
    first = write_csv(
        tmp_path / "first.csv", [["Title", "Organisation", "Status"], ["Radio school", "Edu NGO", "Ongoing"]]
    )
    second = write_csv(
        tmp_path / "second.csv",
        [["Title", "Organisation", "Status"], ["RADIO  school", "edu ngo", "Completed"]],
    )
    report = build(tmp_path / "t.duckdb", cases=[first, second])
    assert (report.cases.records, report.cases.rows_superseded) == (1, 1)
    con = duckdb.connect(str(tmp_path / "t.duckdb"), read_only=True)
    try:
        case_id, status = con.execute("SELECT case_id, status FROM cases").fetchone()
    finally:
        con.close()
    assert status == "Completed"
    assert case_id.startswith("case-") and len(case_id) == len("case-") + 12


def test_control_characters_and_long_text(tmp_path):
    long = "x" * 20_005
    path = write_csv(tmp_path / "cases.csv", [["Title", "Description"], ["A\x07\x1b title", long]])
    pf = parse_file(path, "cases")
    assert pf.columns["title"] == ["A title"]
    assert pf.columns["description"] == ["x" * 20_000]
    # The warning keeps the value as cut, not the whole of it: no warning is past the limit.
    assert pf.warnings == [(1, "description", long[:20_000], "cut to 20,000 characters from 20,005")]
