"""Files real users produce, and worse: each ends in a built database with every row
accounted for, or in one line `error: FILE: problem` (exit 2) with the previous database
byte-identical and no traceback.

The small files are committed under tests/fixtures/hostile/ (made by make_corpus.py there);
the 200 MB file and the million-column lines are generated here, into tmp_path."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from ict_response import limits
from ict_response.cli import main
from ict_response.errors import UnusableFileError
from ict_response.ingest import parse_file

CORPUS = Path(__file__).resolve().parent / "fixtures" / "hostile"


@pytest.fixture
def previous_db(fixtures_db):
    """A private copy of a good database (and its kept imports) that a bad build must not touch."""
    return fixtures_db


def build_cases(capsys, db: Path, path: Path):
    code = main(["build", "--db", str(db), "--cases", str(path), "--json"])
    out, err = capsys.readouterr()
    return code, out, err


def assert_refused(capsys, db: Path, path: Path, problem: str) -> str:
    """exit 2, one line naming the file and the problem, old database and imports unchanged."""
    before = db.read_bytes()
    manifest = (db.parent / "imports" / "manifest.json").read_bytes()
    code, out, err = build_cases(capsys, db, path)
    assert code == 2, (out, err)
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"error: {path}: "), lines[0]
    assert problem in lines[0], lines[0]
    assert "Traceback" not in err
    assert db.read_bytes() == before
    assert (db.parent / "imports" / "manifest.json").read_bytes() == manifest
    assert not list(db.parent.glob("*.building*"))
    return lines[0]


def assert_built(capsys, db: Path, path: Path) -> dict:
    """exit 0; rows read = loaded + rejected in the report and in the database itself."""
    code, out, err = build_cases(capsys, db, path)
    assert code == 0, err
    assert "Traceback" not in err
    report = json.loads(out)["cases"]
    assert report["rows_read"] == report["rows_loaded"] + report["rows_rejected"]
    con = duckdb.connect(str(db), read_only=True)
    # The file's own import: every build also loads the shipped initiatives, counted apart.
    mine = "import_id IN (SELECT import_id FROM imports WHERE NOT shipped)"
    try:
        loaded = (
            con.execute(f"SELECT count(*) FROM cases WHERE {mine}").fetchone()[0] + report["rows_superseded"]
        )
        rejected = con.execute(f"SELECT count(*) FROM rejected_rows WHERE {mine}").fetchone()[0]
        warnings = con.execute(f"SELECT count(*) FROM import_warnings WHERE {mine}").fetchone()[0]
        rows_read = con.execute(f"SELECT sum(rows_read) FROM imports WHERE {mine}").fetchone()[0]
    finally:
        con.close()
    assert (loaded, rejected, warnings, rows_read) == (
        report["rows_loaded"],
        report["rows_rejected"],
        report["warnings"],
        report["rows_read"],
    )
    return report


# --------------------------------------------------------------------------- the committed corpus

# file -> the problem named in the one-line error.
REFUSED = {
    "empty.csv": "is empty",
    "header_only.csv": "has a header but no data rows",
    "blank_lines_only.csv": "has no rows at all",
    "binary_renamed.csv": "looks like a binary file",
    "truncated.xlsx": "is not a readable Excel workbook",
    "corrupt_sheet.xlsx": "Excel workbook",
    "no_workbook_part.xlsx": "is not a readable Excel workbook",
    "json_object.json": "is JSON but not a list of records",
    "json_scalar.json": "is JSON holding a single value",
    "json_numbers.json": "its items are not records with named fields",
    "json_two_lists.json": "is JSON but not a list of records",
    "json_broken.json": "is not valid JSON",
    "json_deep.json": "nested too deeply",
    "truncated.parquet": "is not a readable Parquet file",
    "utf16_damaged.csv": "starts like UTF-16 text but is damaged",
}

# file -> (rows read, rows loaded, rows rejected, reasons of the rejected rows): what the
# file holds by construction (see make_corpus.py), not what the code happened to produce.
BUILT = {
    # A CSV saved under .xlsx: the bytes decide the format; 2 records.
    "csv_named.xlsx": (2, 2, 0, []),
    # UTF-8, Windows-1252 and UTF-8 lines: 3 records, every accent decoded.
    "mixed_encodings.csv": (3, 3, 0, []),
    # Two "Project Title" columns: the first is the title, the second kept in `extra`.
    "duplicate_headers.csv": (2, 2, 0, []),
    # A short row is padded; a row with extra cells is rejected; 3 records.
    "ragged_rows.csv": (3, 2, 1, ["has 5 cells but the header has 3 columns"]),
    # The third line opens a quote that never closes: that record (with the line it swallows)
    # is rejected, not loaded as a case titled "Never closed,Kenya\nSwallowed,...".
    "unclosed_quote.csv": (2, 1, 1, ["opens a quoted cell that is never closed"]),
    # Records, a list, a string, a record with a null title, a record with a nested title.
    "json_mixed_items.json": (
        5,
        2,
        3,
        ["is not a record with named fields", "is not a record with named fields", "no title"],
    ),
    # Numbers as titles, floats as SDGs, bytes as dates, int lists as countries: rows with
    # a title load (odd values become warnings), the row with a null title is rejected.
    "wrong_types.parquet": (3, 2, 1, ["no title"]),
}


def test_corpus_is_complete_and_small():
    names = {p.name for p in CORPUS.iterdir() if p.suffix != ".py"}
    assert names == REFUSED.keys() | BUILT.keys()
    assert all((CORPUS / n).stat().st_size <= 8_192 for n in names)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_unusable_file_is_refused_in_one_line(previous_db, capsys, name):
    assert_refused(capsys, previous_db, CORPUS / name, REFUSED[name])


@pytest.mark.parametrize("name", sorted(BUILT))
def test_odd_file_builds_with_every_row_accounted_for(previous_db, capsys, name):
    rows_read, loaded, rejected, reasons = BUILT[name]
    report = assert_built(capsys, previous_db, CORPUS / name)
    assert (report["rows_read"], report["rows_loaded"], report["rows_rejected"]) == (
        rows_read,
        loaded,
        rejected,
    )
    con = duckdb.connect(str(previous_db), read_only=True)
    try:
        found = [r[0] for r in con.execute("SELECT reason FROM rejected_rows ORDER BY source_row").fetchall()]
    finally:
        con.close()
    assert len(found) == len(reasons)
    assert all(want in got for want, got in zip(reasons, found, strict=True)), found


def test_mixed_encodings_decode_each_line(tmp_path):
    parsed = parse_file(CORPUS / "mixed_encodings.csv", "cases")
    assert parsed.columns["title"] == ["Café connecté", "Télé-école", "Naïve 🌍 app"]
    assert parsed.columns["description"][1] == "€ fund"
    assert parsed.columns["countries"] == [["CIV"], ["SEN"], ["TUR"]]


def test_duplicate_headers_keep_the_second_column_in_extra():
    parsed = parse_file(CORPUS / "duplicate_headers.csv", "cases")
    assert parsed.columns["title"] == ["Telehealth", "School radio"]
    assert json.loads(parsed.extra[0]) == {
        "Project Title (2)": "Second title",
        "Countries (2)": "Uganda",
        "SDGs (2)": "4",
    }


def test_unclosed_quote_keeps_every_swallowed_line_in_the_rejected_row():
    parsed = parse_file(CORPUS / "unclosed_quote.csv", "cases")
    assert parsed.columns["title"] == ["First"]
    ((row, raw, reason),) = parsed.rejected
    assert row == 2 and "lines 3-4" in reason
    assert "Swallowed,Uganda" in json.loads(raw)[0]


# --------------------------------------------------------------------------- generated at run time


def test_a_line_of_a_million_columns_as_the_header_is_refused(previous_db, tmp_path, capsys):
    path = tmp_path / "million_columns.csv"
    path.write_text("Project Title" + ",c" * 999_999 + "\nx\n", encoding="utf-8")
    assert_refused(capsys, previous_db, path, f"has 1,000,000 columns, past the {limits.MAX_COLUMNS:,} limit")


def test_a_data_line_of_a_million_cells_is_one_rejected_row(previous_db, tmp_path, capsys):
    path = tmp_path / "million_cells.csv"
    path.write_text(
        "Project Title,Countries\nGood row,Kenya\nWide" + ",x" * 999_999 + "\nAnother good row,Ghana\n",
        encoding="utf-8",
    )
    report = assert_built(capsys, previous_db, path)
    assert (report["rows_read"], report["rows_loaded"], report["rows_rejected"]) == (3, 2, 1)


def _write_large_csv(path: Path, target_bytes: int) -> int:
    """A valid export of about `target_bytes`: long descriptions, like real case write-ups."""
    description = ("Tele-consultations by phone and radio for rural clinics during lockdown; " * 30)[:2000]
    rows = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("ID,Project Title,Organisation,Countries,SDGs,Start date,Website,Description\n")
        size = 0
        while size < target_bytes:
            chunk = "".join(
                f"{rows + i},Project {(rows + i) % 5000},Org {(rows + i) % 300},Kenya;Uganda,3;4,"
                f"2020-0{1 + (rows + i) % 9}-1{(rows + i) % 9},https://example.org/{i},"
                f"{description}\n"
                for i in range(5000)
            )
            f.write(chunk)
            size += len(chunk)
            rows += 5000
    return rows


@pytest.fixture(scope="module")
def file_200mb(tmp_path_factory):
    path = tmp_path_factory.mktemp("large") / "cases_200mb.csv"
    rows = _write_large_csv(path, 200 * 1024 * 1024)
    yield path, rows
    path.unlink()


def test_200_mb_export_builds_with_every_row_accounted_for(previous_db, file_200mb, capsys):
    path, rows = file_200mb
    assert path.stat().st_size >= 200 * 1024 * 1024
    started = time.perf_counter()
    report = assert_built(capsys, previous_db, path)
    seconds = time.perf_counter() - started
    assert (report["rows_read"], report["rows_loaded"], report["rows_rejected"]) == (rows, rows, 0)
    assert report["warnings"] == 0
    with capsys.disabled():
        print(f"\n200 MB export: {rows:,} rows built into the database in {seconds:.1f} s")
    shutil.rmtree(previous_db.parent / "imports")  # the kept 200 MB copy: not left in /tmp


def test_200_mb_export_past_the_configured_size_is_refused(previous_db, file_200mb, capsys, monkeypatch):
    path, _ = file_200mb
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100 * 1024 * 1024)
    line = assert_refused(capsys, previous_db, path, "past the 104.9 MB limit for one file")
    assert "split it" in line


def test_200_mb_export_past_the_configured_rows_is_refused(previous_db, file_200mb, capsys, monkeypatch):
    path, rows = file_200mb
    monkeypatch.setattr(limits, "MAX_ROWS_PER_FILE", rows // 2)
    assert_refused(capsys, previous_db, path, f"has more than {rows // 2:,} rows, the limit")


# --------------------------------------------------------------------------- limits in one place


@pytest.mark.parametrize("kind", ["csv", "json", "xlsx"])
def test_rows_per_file_limit_applies_to_every_format(previous_db, tmp_path, capsys, monkeypatch, kind):
    import openpyxl

    # Above the 16 rows of the shipped initiatives, which every build reads too.
    records = [{"Project Title": f"Case {i}", "Countries": "Kenya"} for i in range(20)]
    path = tmp_path / f"cases.{kind}"
    if kind == "csv":
        path.write_text(
            "Project Title,Countries\n"
            + "".join(f"{r['Project Title']},{r['Countries']}\n" for r in records),
            encoding="utf-8",
        )
    elif kind == "json":
        path.write_text(json.dumps(records), encoding="utf-8")
    else:
        book = openpyxl.Workbook()
        book.active.append(list(records[0]))
        for r in records:
            book.active.append(list(r.values()))
        book.save(path)
    monkeypatch.setattr(limits, "MAX_ROWS_PER_FILE", 18)
    assert_refused(capsys, previous_db, path, "has more than 18 rows, the limit for one file: split it")
    monkeypatch.setattr(limits, "MAX_ROWS_PER_FILE", 20)
    assert assert_built(capsys, previous_db, path)["rows_read"] == 20


def test_columns_and_text_limits_are_read_from_one_place(tmp_path, monkeypatch):
    path = tmp_path / "cases.csv"
    path.write_text("Project Title,Description,A,B\nTitle here,abcdefghij,1,2\n", encoding="utf-8")
    monkeypatch.setattr(limits, "MAX_COLUMNS", 3)
    with pytest.raises(UnusableFileError, match="has 4 columns, past the 3 limit"):
        parse_file(path, "cases")
    monkeypatch.setattr(limits, "MAX_COLUMNS", 4)
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 5)
    parsed = parse_file(path, "cases")
    assert parsed.columns["description"] == ["abcde"]
    assert parsed.warnings[-1][1:] == ("description", "abcde", "cut to 5 characters from 10")


def test_upload_limit_of_the_dashboard_matches_limits():
    import tomllib

    from ict_response.paths import ROOT

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == limits.MAX_UPLOAD_MB
    assert limits.MAX_UPLOAD_MB * 1024 * 1024 <= limits.MAX_FILE_BYTES


def test_file_names_with_line_breaks_still_give_one_line(previous_db, tmp_path, capsys):
    path = tmp_path / "two\nlines\u2028here.csv"
    path.write_bytes(b"")
    before = previous_db.read_bytes()
    code, out, err = build_cases(capsys, previous_db, path)
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert "two\\nlines\\u2028here.csv: is empty" in err
    assert previous_db.read_bytes() == before


def test_carriage_return_line_ends_read_as_lines(tmp_path):
    """Found by tests/test_properties.py: CR-only line ends (classic Mac exports) crashed."""
    path = tmp_path / "mac.csv"
    path.write_bytes(b"Project Title,Countries\rRadio school,Kenya\rMobile clinic,Ghana\r")
    parsed = parse_file(path, "cases")
    assert parsed.columns["title"] == ["Radio school", "Mobile clinic"]
    assert parsed.columns["countries"] == [["KEN"], ["GHA"]]
