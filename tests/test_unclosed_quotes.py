"""A quote opened in a cell and never closed swallows every line after it into that cell. Such a
file is never loaded as fewer, longer cases: whichever reader would take it, the damaged record
is rejected with its reason, and the lines after it are in the database (loaded, or in the
rejected row's raw text), so rows read = rows loaded + rows rejected.

The files are built here through the CLI, and the answers come from the database itself."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ict_response import read
from ict_response.cli import main

HEADER = "Title,Country,Notes\n"
FIRST = ["First case", "France", "unclosed note"]
AFTER = ["Second case,Kenya,ok", "Third case,Peru,ok"]


def with_open_quote(column: int) -> str:
    """The three-record export with a quote opened before cell `column` of the first record."""
    cells = list(FIRST)
    cells[column] = '"' + cells[column]
    return HEADER + ",".join(cells) + "\n" + "".join(line + "\n" for line in AFTER)


# The export of the report: the quote is in the last column.
EXAMPLE = 'Title,Country,Notes\nFirst case,France,"unclosed note\nSecond case,Kenya,ok\nThird case,Peru,ok\n'


def build(tmp_path, text: str) -> tuple[tuple[int, int, int], list[tuple[int, str, list[str]]], list[str]]:
    """Build a database from `text` as a cases export: (rows read, loaded, rejected) from
    `imports`, (row, reason, raw cells) from `rejected_rows`, and the titles in `cases`."""
    path = tmp_path / "cases.csv"
    path.write_bytes(text.encode("utf-8"))
    db = tmp_path / "t.duckdb"
    assert main(["build", "--db", str(db), "--cases", str(path)]) == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        (counts,) = con.execute(
            "SELECT rows_read, rows_loaded, rows_rejected FROM imports WHERE kind = 'cases' AND NOT shipped"
        ).fetchall()
        rejected = [
            (row, reason, json.loads(raw))
            for row, reason, raw in con.execute(
                "SELECT source_row, reason, raw FROM rejected_rows ORDER BY source_row"
            ).fetchall()
        ]
        titles = [
            t
            for (t,) in con.execute(
                "SELECT title FROM cases WHERE import_id IN"
                " (SELECT import_id FROM imports WHERE NOT shipped) ORDER BY title"
            ).fetchall()
        ]
    finally:
        con.close()
    return counts, rejected, titles


def assert_every_line_accounted_for(counts, rejected, titles):
    rows_read, loaded, rejected_count = counts
    assert rows_read == loaded + rejected_count
    assert rejected_count == len(rejected)
    # The damaged record is rejected, with a reason that says what to do.
    damaged = [r for r in rejected if "unclosed note" in "\n".join(r[2])]
    assert len(damaged) == 1, rejected
    assert "opens a quoted cell that is never closed" in damaged[0][1]
    assert "close the quote" in damaged[0][1]
    # Each line after it is a case, or in a rejected row's raw text: never absent.
    for line in AFTER:
        title = line.split(",")[0]
        in_raw = any(line in cell for _, _, raw in rejected for cell in raw)
        assert title in titles or in_raw, (line, titles, rejected)
    # And no case carries the swallowed lines.
    assert not any("\n" in t or "Kenya" in t for t in titles)


def test_the_reported_export_rejects_the_damaged_record_and_keeps_the_lines_it_swallowed(tmp_path):
    assert EXAMPLE == with_open_quote(2)
    counts, rejected, titles = build(tmp_path, EXAMPLE)
    assert_every_line_accounted_for(counts, rejected, titles)
    # The careful reader reads one record running to the end of the file (lines 2-4), and
    # rejects it whole: nothing is loaded from a file whose first record is open.
    assert counts == (1, 0, 1)
    ((row, reason, raw),) = rejected
    assert row == 1 and "lines 2-4" in reason
    assert raw == ["First case", "France", "unclosed note\n" + "".join(f"{a}\n" for a in AFTER)]
    assert titles == []


@pytest.mark.parametrize("column", [0, 1, 2], ids=["first", "middle", "last"])
def test_an_open_quote_in_any_column_is_rejected_with_every_line_accounted_for(tmp_path, column):
    text = with_open_quote(column)
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("utf-8"))
    assert read._read_csv_fast(path) is None, "the fast reader must leave it to the careful one"
    counts, rejected, titles = build(tmp_path, text)
    assert_every_line_accounted_for(counts, rejected, titles)
    assert counts == (1, 0, 1)


def test_an_open_quote_after_good_records_keeps_them(tmp_path):
    text = (
        HEADER
        + 'Good case,Chile,fine\nAlso good,Ghana,"closed,\nover two lines"\n'
        + with_open_quote(1)[len(HEADER) :]
    )
    counts, rejected, titles = build(tmp_path, text)
    assert_every_line_accounted_for(counts, rejected, titles)
    assert counts == (3, 2, 1)
    assert titles == ["Also good", "Good case"]
    assert [r[0] for r in rejected] == [3]


def test_a_quote_inside_a_cell_is_text_and_closes_nothing(tmp_path):
    # `12"` is a plain character (it does not start the cell), so the quoted cell after it is
    # closed normally: every record loads, read fast or carefully.
    text = HEADER + 'Screen 12" kit,Chile,"a note,\non two lines"\nB,Peru,ok\n'
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("utf-8"))
    fast = read._read_csv_fast(path)
    assert fast is not None and fast.rows == [
        ['Screen 12" kit', "Chile", "a note,\non two lines"],
        ["B", "Peru", "ok"],
    ]
    counts, rejected, titles = build(tmp_path, text)
    assert counts == (2, 2, 0) and rejected == []


# --------------------------------------------------------------------------- the record count


TEXTS = [
    EXAMPLE,
    with_open_quote(0),
    HEADER + 'a,b,"c\r\nd"\r\n\r\ne,f,g',  # CRLF, a line end in a cell, a blank line
    HEADER + "a,b,c\rd,e,f\r",  # CR line ends
    HEADER + 'x"y,"a""b",c\n\n\n"q\n\n",,\n',  # plain and doubled quotes, blank lines
    HEADER + '"a"b"c,d,e\n',  # text and a quote after a closing quote
    HEADER + ",,\n,,",  # records of empty cells
    HEADER + 'a,"b\rc",d\n"",,',
]


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1 << 24])
@pytest.mark.parametrize("text", TEXTS)
def test_records_are_counted_as_csv_counts_them(tmp_path, monkeypatch, text, chunk):
    """The count over raw bytes (in chunks of any size) is csv's count of records that are
    not empty lines, or None exactly when csv ends inside a quoted cell."""
    monkeypatch.setattr(read, "_CHUNK", chunk)
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("utf-8"))
    records = [r for r in csv.reader(io.StringIO(text, newline=""), strict=False) if r]
    open_at_end = read._open_quote_at_end(text, ",")
    assert read._csv_records(path, ",") == (None if open_at_end else len(records))


def test_many_plain_quotes_go_to_the_careful_reader(tmp_path):
    lines = [f'Screen {i}" kit,Chile,ok' for i in range(read._MAX_PLAIN_QUOTES + 1)]
    path = tmp_path / "export.csv"
    path.write_bytes((HEADER + "\n".join(lines) + "\n").encode("utf-8"))
    assert read._csv_records(path, ",") is None
    table = read.read_table(path)
    assert table.data is None and len(table.rows) == len(lines) and table.bad_rows == []


def csv_ends_in_a_quoted_cell(text: str, delimiter: str) -> bool:
    """csv's own states (strict=False, doubled quotes), one character at a time."""
    state = "cell start"
    for ch in text:
        if state == "cell start":
            state = "quoted" if ch == '"' else "cell start" if ch in (delimiter, "\r", "\n") else "unquoted"
        elif state == "unquoted":
            state = "cell start" if ch in (delimiter, "\r", "\n") else "unquoted"
        elif state == "quoted":
            state = "quote in quoted" if ch == '"' else "quoted"
        else:  # a quote inside a quoted cell: doubled, or the cell is closed
            state = "quoted" if ch == '"' else "cell start" if ch in (delimiter, "\r", "\n") else "unquoted"
    return state == "quoted"


PIECES = st.sampled_from(list('ab ,;"\n\r') + ["é", "\r\n", '""', 'x"y', ',"', '\n"'])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.lists(PIECES, max_size=50).map("".join),
    delimiter=st.sampled_from([",", ";"]),
    chunk=st.sampled_from([1, 3, 1 << 24]),
)
@example(body=',,"\na', delimiter=",", chunk=1 << 24)
@example(body=EXAMPLE[len(HEADER) :], delimiter=",", chunk=3)
def test_any_text_is_counted_as_csv_counts_it(tmp_path, body, delimiter, chunk):
    text = HEADER.replace(",", delimiter) + body
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("utf-8"))
    open_at_end = csv_ends_in_a_quoted_cell(text, delimiter)
    assert read._open_quote_at_end(text, delimiter) == open_at_end
    records = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False) if r]
    with pytest.MonkeyPatch.context() as m:
        m.setattr(read, "_CHUNK", chunk)
        counted = read._csv_records(path, delimiter)
    if counted is None:  # an open quote, or more plain quotes than are followed
        assert open_at_end or text.count('"') > read._MAX_PLAIN_QUOTES
    else:
        assert not open_at_end and counted == len(records)
