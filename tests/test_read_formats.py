"""The reader: delimiters, encodings, Excel, JSON, Parquet, header matching, unusable files.

Every file is written by the test into tmp_path, then read with read.read_table and, where
the whole path matters, built into a database under tmp_path."""

import codecs
import json

import duckdb
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from builders import build, write_csv

from ict_response.errors import UnusableFileError
from ict_response.ingest import parse_file
from ict_response.read import read_table

ROWS = [
    ["Project Title", "Country", "SDGs"],
    ["Côte d'Ivoire telehealth", "Côte d'Ivoire", "3"],
    ["Radio school", "Kenya", "4"],
]


# --------------------------------------------------------------------------- CSV dialects


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"], ids=["comma", "semicolon", "tab", "pipe"])
def test_each_delimiter(tmp_path, delimiter):
    path = write_csv(tmp_path / "cases.csv", ROWS, delimiter=delimiter)
    table = read_table(path)
    assert table.format == "csv"
    assert table.columns == ROWS[0]
    assert table.rows == ROWS[1:]
    assert table.row_numbers == [1, 2]
    assert table.bad_rows == []


def test_delimiter_inside_quoted_cells_does_not_split(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text('Title;Countries\n"Radio; TV";"Kenya, Uganda"\n', encoding="utf-8")
    table = read_table(path)
    assert table.columns == ["Title", "Countries"]
    assert table.rows == [["Radio; TV", "Kenya, Uganda"]]


# --------------------------------------------------------------------------- encodings

TEXT = "Title,Country\nCôte d'Ivoire app,Côte d'Ivoire\nNaïve café,Türkiye\n"
DECODED = [["Côte d'Ivoire app", "Côte d'Ivoire"], ["Naïve café", "Türkiye"]]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "cp1252"],
)
def test_encodings(tmp_path, data, encoding):
    path = tmp_path / "cases.csv"
    path.write_bytes(data)
    table = read_table(path)
    assert table.encoding == encoding
    assert table.columns == ["Title", "Country"]  # no BOM left in the first header
    assert table.rows == DECODED


def test_mixed_utf8_and_cp1252_lines(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_bytes(
        b"Title,Country\n"
        + "Côte d'Ivoire app,Côte d'Ivoire\n".encode()
        + "Naïve café,Türkiye\n".encode("cp1252")
    )
    table = read_table(path)
    assert table.rows == DECODED


def test_cp1252_country_is_normalised_in_the_database(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_bytes("Title,Country\nApp,Côte d'Ivoire\n".encode("cp1252"))
    build(tmp_path / "t.duckdb", cases=[path])
    con = duckdb.connect(str(tmp_path / "t.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT countries FROM cases").fetchone()[0] == ["CIV"]
        assert con.execute("SELECT encoding FROM imports").fetchone()[0] == "cp1252"
    finally:
        con.close()


def test_quoted_multiline_cells_survive(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(
        'Title,Description\n"Radio school","Line one\nLine two, with a comma\n""Quoted"""\nB,x\n',
        encoding="utf-8",
    )
    table = read_table(path)
    assert table.rows == [["Radio school", 'Line one\nLine two, with a comma\n"Quoted"'], ["B", "x"]]
    assert table.row_numbers == [1, 2]  # records, not physical lines


def test_blank_lines_are_not_records(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("Title,Country\n\nA,Kenya\n\n\nB,Uganda\n", encoding="utf-8")
    table = read_table(path)
    assert table.rows == [["A", "Kenya"], ["B", "Uganda"]]


# --------------------------------------------------------------------------- Excel


def _workbook(path, sheets):
    """sheets: {name: rows}; the first becomes the active sheet."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def test_xlsx_header_on_first_row(tmp_path):
    import datetime as dt

    path = _workbook(
        tmp_path / "cases.xlsx",
        {
            "Cases": [
                ["Project Title", "Country", "Start date", "SDGs"],
                ["A", "Kenya", dt.datetime(2020, 4, 15), 3],
                ["B", "Uganda", dt.date(2020, 5, 1), 4.0],
            ]
        },
    )
    table = read_table(path)
    assert table.format == "xlsx"
    assert table.columns == ["Project Title", "Country", "Start date", "SDGs"]
    # Dates as ISO text, whole floats as integers: what a person reads in the sheet.
    assert table.rows == [["A", "Kenya", "2020-04-15", "3"], ["B", "Uganda", "2020-05-01", "4"]]


def test_xlsx_first_sheet_empty_data_on_second(tmp_path):
    path = _workbook(
        tmp_path / "cases.xlsx",
        {
            "Cover": [],
            "Data": [["Title", "Country"], ["X", "Kenya"]],
            "Other": [["Title"], ["Y"], ["Z"]],
        },
    )
    assert read_table(path).rows == [["X", "Kenya"]]
    assert read_table(path, sheet="Other").rows == [["Y"], ["Z"]]
    with pytest.raises(UnusableFileError, match=r"has no sheet 'Nope' \(sheets: Cover, Data, Other\)"):
        read_table(path, sheet="Nope")


def test_xlsx_read_by_content_whatever_its_name(tmp_path):
    """The format comes from the bytes: an .xlsx saved as .csv (or a kept import) reads."""
    xlsx = _workbook(tmp_path / "cases.xlsx", {"Data": [["Title"], ["X"]]})
    renamed = tmp_path / "cases.csv"
    renamed.write_bytes(xlsx.read_bytes())
    table = read_table(renamed)
    assert table.format == "xlsx"
    assert table.rows == [["X"]]


def test_xlsx_row_beyond_the_header_is_rejected_not_dropped(tmp_path):
    path = _workbook(
        tmp_path / "cases.xlsx", {"Data": [["Title", "Country"], ["A", "Kenya", "?"], ["B", "Uganda"]]}
    )
    table = read_table(path)
    assert table.rows == [["B", "Uganda"]]
    assert table.bad_rows == [(1, ["A", "Kenya", "?"], "has cells beyond the last named column")]


def test_xlsx_sheet_argument_through_the_build(tmp_path):
    path = _workbook(
        tmp_path / "cases.xlsx",
        {
            "Cases": [["Title", "Country"], ["In the first sheet", "Kenya"]],
            "Later": [["Title", "Country"], ["In the second sheet", "Uganda"]],
        },
    )
    pf = parse_file(path, "cases", sheet="Later")
    assert pf.columns["title"] == ["In the second sheet"]
    assert pf.columns["countries"] == [["UGA"]]


# --------------------------------------------------------------------------- JSON and Parquet


@pytest.mark.parametrize(
    "text",
    [
        json.dumps([{"Title": "A", "Country": "Kenya"}, {"Title": "B"}]),
        '{"Title": "A", "Country": "Kenya"}\n\n{"Title": "B"}\n',
        json.dumps({"data": [{"Title": "A", "Country": "Kenya"}, {"Title": "B"}], "count": 2}),
    ],
    ids=["array", "lines", "data-wrapper"],
)
def test_json_forms(tmp_path, text):
    path = tmp_path / "cases.json"
    path.write_text(text, encoding="utf-8")
    table = read_table(path)
    assert table.format == "json"
    assert table.columns == ["Title", "Country"]
    assert table.rows == [["A", "Kenya"], ["B", ""]]  # a missing key is an empty cell


def test_json_lists_and_numbers_become_text(tmp_path):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps([{"Title": "A", "Countries": ["Kenya", "Uganda"], "SDG": 3.0}]))
    table = read_table(path)
    assert table.rows == [["A", '["Kenya", "Uganda"]', "3"]]
    pf = parse_file(path, "cases")
    assert pf.columns["countries"] == [["KEN", "UGA"]]
    assert pf.columns["sdgs"] == [[3]]


def test_json_item_that_is_not_a_record_is_rejected(tmp_path):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps([{"Title": "A"}, 42]))
    table = read_table(path)
    assert table.rows == [["A"]]
    assert table.bad_rows == [(2, ["42"], "is not a record with named fields")]


def test_parquet(tmp_path):
    path = tmp_path / "cases.parquet"
    pq.write_table(pa.table({"Title": ["A", "B"], "Country": ["Kenya", None], "SDGs": [3, 4]}), path)
    table = read_table(path)
    assert table.format == "parquet"
    assert table.columns == ["Title", "Country", "SDGs"]
    assert table.rows == [["A", "Kenya", "3"], ["B", "", "4"]]
    assert table.row_numbers == [1, 2]


# --------------------------------------------------------------------------- headers


@pytest.mark.parametrize(
    ("headers", "fields"),
    [
        (
            ["PROJECT_TITLE", " Country / Territory ", "wsis-action-lines", "SDG(s)"],
            ["title", "countries", "action_lines", "sdgs"],
        ),
        (
            ["project title", "COUNTRIES", "Action Line(s)", "Sustainable Development Goals"],
            ["title", "countries", "action_lines", "sdgs"],
        ),
    ],
)
def test_headers_match_case_space_punctuation_insensitively(tmp_path, headers, fields):
    path = write_csv(tmp_path / "cases.csv", [headers, ["Telehealth", "Kenya", "C7 E-health", "SDG 3"]])
    pf = parse_file(path, "cases")
    assert {f: pf.mapping.fields[f] for f in fields} == {f: i for i, f in enumerate(fields)}
    assert pf.columns["title"] == ["Telehealth"]
    assert pf.columns["countries"] == [["KEN"]]
    assert pf.columns["action_lines"] == [["C7-EHEALTH"]]
    assert pf.columns["sdgs"] == [[3]]


def test_duplicate_headers_are_made_unique(tmp_path):
    path = write_csv(tmp_path / "cases.csv", [["Title", "Note", "Note", ""], ["A", "x", "y", "z"]])
    assert read_table(path).columns == ["Title", "Note", "Note (2)", "column 4"]


def test_unknown_columns_are_kept_in_extra(tmp_path):
    path = write_csv(
        tmp_path / "cases.csv",
        [
            ["Title", "Partner", "Budget (USD)", "Country"],
            ["A", "Beta", "1000", "Kenya"],
            ["B", "", "", "Uganda"],
        ],
    )
    build(tmp_path / "t.duckdb", cases=[path])
    con = duckdb.connect(str(tmp_path / "t.duckdb"), read_only=True)
    try:
        rows = dict(con.execute("SELECT title, extra FROM cases").fetchall())
        mapped = json.loads(con.execute("SELECT columns FROM imports").fetchone()[0])
    finally:
        con.close()
    assert json.loads(rows["A"]) == {"Partner": "Beta", "Budget (USD)": "1000"}
    assert json.loads(rows["B"]) == {}  # empty cells are not kept
    assert mapped == {"Title": "title", "Partner": None, "Budget (USD)": None, "Country": "countries"}


def test_keywords_column_feeds_the_topic_rules(tmp_path):
    """A Keywords column is loaded as keywords (not lost), and topic rules read it."""
    path = write_csv(tmp_path / "cases.csv", [["Title", "Keywords"], ["Project A", "telework"]])
    build(tmp_path / "t.duckdb", cases=[path])
    con = duckdb.connect(str(tmp_path / "t.duckdb"), read_only=True)
    try:
        # remote_work and, as its family, work.
        assert con.execute("SELECT keywords, topics FROM cases").fetchone() == (
            "telework",
            ["remote_work", "work"],
        )
        assert con.execute(
            "SELECT topic, field, matched, via FROM topic_matches ORDER BY topic"
        ).fetchall() == [
            ("remote_work", "keywords", "telework", None),
            ("work", "keywords", "telework", "remote_work"),
        ]
    finally:
        con.close()


# --------------------------------------------------------------------------- unusable files


def _xlsx_cut_in_half(tmp_path):
    whole = _workbook(tmp_path / "whole.xlsx", {"Data": [["Title"], ["A"], ["B"]]})
    data = whole.read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    return cut


UNUSABLE = {
    "empty": ("empty.csv", b"", "is empty"),
    "whitespace only": ("blank.csv", b"  \n\n", "has no rows at all"),
    "header only": ("header.csv", b"Title,Country\n", "has a header but no data rows"),
    "binary": ("binary.csv", bytes(range(256)) * 8, "looks like a binary file"),
    "json number": ("number.json", b"42", "is JSON holding a single value, not records"),
    "json string": ("string.json", b'"hello"\n', "is JSON holding a single value, not records"),
    "json object without records": ("object.json", b'{"a": 1}', "not a list of records"),
    "json empty list": ("list.json", b"[]", "holds no records"),
    "broken json lines": ("lines.json", b'{"Title": "A"}\n{"Title": \n', "line 2 cannot be parsed"),
}


@pytest.mark.parametrize("case", UNUSABLE.values(), ids=UNUSABLE.keys())
def test_unusable_inputs_name_the_file(tmp_path, case):
    name, data, problem = case
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnusableFileError) as info:
        parse_file(path, "cases")
    assert info.value.path == str(path)
    assert str(info.value).startswith(f"{path}: ")
    assert problem in info.value.problem
    assert "\n" not in str(info.value)  # one line for the user


def test_csv_without_a_title_column(tmp_path):
    path = write_csv(tmp_path / "no_title.csv", [["Foo", "Country"], ["x", "Kenya"]])
    with pytest.raises(UnusableFileError) as info:
        parse_file(path, "cases")
    assert info.value.path == str(path)
    assert "has no title column" in info.value.problem
    assert "found: Foo, Country" in info.value.problem


def test_truncated_xlsx(tmp_path):
    cut = _xlsx_cut_in_half(tmp_path)
    with pytest.raises(UnusableFileError) as info:
        read_table(cut)
    assert info.value.path == str(cut)
    assert "Excel workbook" in info.value.problem


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(UnusableFileError, match="cannot be opened"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(UnusableFileError, match="is a folder"):
        read_table(tmp_path)
