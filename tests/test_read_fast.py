"""The fast CSV reader (Arrow, multi-threaded) gives exactly the cells and record numbers the
careful reader gives, and leaves to the careful reader every file it cannot read the same way."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ict_response import read
from ict_response.paths import SAMPLE_EXPORTS


def careful(path):
    text, _ = read._decode(path.read_bytes(), path)
    return read._read_csv(text, path)


def same_table(fast, slow):
    assert fast.columns == slow.columns
    assert fast.rows == slow.rows
    assert fast.row_numbers == slow.row_numbers
    assert slow.bad_rows == []


@pytest.mark.parametrize("kind, path", SAMPLE_EXPORTS, ids=[k for k, _ in SAMPLE_EXPORTS])
def test_sample_exports_read_the_same_both_ways(kind, path):
    fast = read._read_csv_fast(path)
    assert fast is not None, "the shipped exports are clean UTF-8 CSV"
    same_table(fast, careful(path))


@pytest.mark.parametrize(
    "content",
    [
        b'Title,Country\n"1" ,2\n',  # text after a closing quote
        b'Title,Country\n1, "2"\n',  # a space before an opening quote
        b'Title,Country\nx"y,2\n"x"y,3\n',  # quotes inside unquoted cells
        b"Title,Country\r1,2\r3,4\r",  # classic Mac line ends
        b'Title,Country\r\n"a\r\nb",2\r\n\r\n',  # CRLF, a line break inside a cell, a blank line
        b'\xef\xbb\xbfTitle;Country\n"a;b";c\n',  # BOM and semicolons
        b"Title\tCountry\n a \t b \n",  # tabs, spaces kept
    ],
)
def test_edge_cases_read_the_same_both_ways(tmp_path, content):
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    fast = read._read_csv_fast(path)
    assert fast is not None
    same_table(fast, careful(path))


@pytest.mark.parametrize(
    "content, why",
    [
        (b"Title,Country\n1,2,3\n", "a row longer than the header"),
        (b"Title,Country\n1\n", "a row shorter than the header"),
        (b"Title,Country\nCaf\xe9,2\n", "Windows-1252 bytes"),
        (b'"Title",Country\n1,2\n', "a quoted header"),
        (b"Title\nA\n", "a single column"),
        (b'[{"Title": "A"}]', "JSON"),
        (b'Title,Country\n"never closed,2\n3,4\n', "an unclosed quote"),
        # An unclosed quote in the last column: Arrow reads one record holding the other two.
        (
            b'Title,Country,Notes\nFirst case,France,"unclosed note\nSecond case,Kenya,ok\n'
            b"Third case,Peru,ok\n",
            "an unclosed quote swallowing the lines after it",
        ),
        (b'Title,Country\nx"y,"open\n3,4\n', "an unclosed quote after a plain one"),
        (b'Title,Country\n1,2\n3,"4\n', "an unclosed quote in the last record"),
        (b",\nTitle,Country\n1,2\n", "a first line of empty names (the careful reader skips it)"),
        (b"Title,Country\x0cNotes,More\n1,2\n", "a form feed inside the header line"),
    ],
)
def test_files_the_careful_reader_must_explain_are_left_to_it(tmp_path, content, why):
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    assert read._read_csv_fast(path) is None, why


CHARS = st.sampled_from(list('ab ,;"\n\r\t') + ["é", "🌍", "\r\n", '""'])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.lists(CHARS, max_size=60).map("".join))
# Found by this test: a quote opened in the last cell and never closed.
@example(body=',,"\na')
# The export of the unclosed-quote report (tests/test_unclosed_quotes.py).
@example(body='First case,France,"unclosed note\nSecond case,Kenya,ok\nThird case,Peru,ok\n')
def test_any_text_reads_the_same_both_ways_or_goes_to_the_careful_reader(tmp_path, body):
    path = tmp_path / "export.csv"
    path.write_bytes(("Title,Country,Notes\n" + body).encode("utf-8"))
    fast = read._read_csv_fast(path)
    if fast is None:
        return
    slow = careful(path)
    if slow.bad_rows:  # the careful reader found rows it must report: the fast one may not load them
        pytest.fail(f"fast reader loaded a file with bad rows: {slow.bad_rows!r}")
    same_table(fast, slow)
