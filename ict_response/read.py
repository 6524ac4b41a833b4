"""Read an export file (CSV, Excel, JSON, Parquet) into a table of text cells.

The reader decides the format from the file's bytes, not its name, and never drops a row:
a row it cannot line up with the header comes back in `RawTable.bad_rows` with the reason.
Anything that is not a table at all raises UnusableFileError with a sentence for the user.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import json
import math
import re
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, cast

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv

from . import import_issues as issues
from . import limits
from .errors import UnusableFileError, UserError

csv.field_size_limit(64 * 1024 * 1024)


class RawTable:
    """Header names (made unique) and rows of strings, each row as long as the header.

    The fast CSV reader hands over its rows column by column (`data`, an Arrow table) and
    `rows`/`row_numbers` are only made as Python lists when something asks for them: the
    build never does, so a million rows are never turned into lists.
    """

    def __init__(
        self,
        columns: list[str],
        rows: list[list[str]] | None = None,
        bad_rows: list[tuple[int, list[str], str]] | None = None,
        row_numbers: list[int] | None = None,
        format: str = "",
        encoding: str = "",
        data: pa.Table | None = None,
    ) -> None:
        self.columns = columns
        self._rows = rows if rows is not None or data is not None else []
        # (record number, raw cells, reason) for rows that do not fit the header.
        self.bad_rows = bad_rows if bad_rows is not None else []
        # Record number of each entry in `rows` (1 = first record after the header).
        self._row_numbers = row_numbers if row_numbers is not None or data is not None else []
        self.format = format
        self.encoding = encoding
        self.data = data

    @property
    def rows(self) -> list[list[str]]:
        if self._rows is None:
            assert self.data is not None  # rows are left to be made only when data was given
            columns = [c.to_pylist() for c in self.data.columns]
            self._rows = [list(r) for r in zip(*columns, strict=True)]
        return self._rows

    @property
    def row_numbers(self) -> list[int]:
        if self._row_numbers is None:
            self._row_numbers = list(range(1, self.num_rows + 1))
        return self._row_numbers

    @property
    def num_rows(self) -> int:
        if self.data is not None:
            return cast(int, self.data.num_rows)
        assert self._rows is not None  # without data, rows were given
        return len(self._rows)

    def arrow(self) -> pa.Table:
        """The rows as a table of text columns (named by position), no nulls."""
        if self.data is not None:
            return self.data
        columns = list(zip(*self._rows, strict=True)) if self._rows else [()] * len(self.columns)
        return pa.table({str(i): pa.array(col, pa.string()) for i, col in enumerate(columns)})

    def row_numbers_array(self) -> np.ndarray:
        return np.asarray(self.row_numbers, dtype=np.int64)


def read_table(path: Path | str, sheet: str | None = None) -> RawTable:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        raise UnusableFileError(path, f"cannot be opened ({e.strerror or e}).") from None
    if path.is_dir():
        raise UnusableFileError(path, "is a folder, not an export file.")
    if size == 0:
        raise UnusableFileError(path, "is empty: export the data again and check the download.")
    if size > limits.MAX_FILE_BYTES:
        raise UnusableFileError(path, limits.file_too_large(size))
    with open(path, "rb") as f:
        head = f.read(8)
    table: RawTable | None
    if head.startswith(b"PK"):
        table = _read_xlsx(path, sheet)
    elif head.startswith(b"PAR1"):
        table = _read_parquet(path)
    elif (table := _read_csv_fast(path)) is not None:
        pass
    else:
        text, encoding = _decode(path.read_bytes(), path)
        stripped = text.lstrip()
        if stripped[:1] in ("[", "{"):
            table = _read_json(stripped, path)
        elif _is_json_scalar(stripped):
            raise UnusableFileError(
                path, "is JSON holding a single value, not records: expected [{...}, {...}] or JSON lines."
            )
        else:
            table = _read_csv(text, path)
        table.encoding = encoding
    if not table.columns or all(not c.strip() for c in table.columns):
        raise UnusableFileError(path, "has no header row: the first row must name the columns.")
    if len(table.columns) > limits.MAX_COLUMNS:
        raise UnusableFileError(path, limits.too_many_columns(len(table.columns)))
    if table.num_rows + len(table.bad_rows) > limits.MAX_ROWS_PER_FILE:
        raise UnusableFileError(path, limits.too_many_rows())
    table.columns = _unique_names(table.columns)
    if not table.num_rows and not table.bad_rows:
        raise UnusableFileError(path, "has a header but no data rows.")
    return table


# --------------------------------------------------------------------------- text files


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252/latin-1, line by line."""
    if data.startswith(codecs.BOM_UTF8):
        data, bom = data[len(codecs.BOM_UTF8) :], "utf-8-sig"
    else:
        bom = ""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise UnusableFileError(path, "starts like UTF-16 text but is damaged.") from None
    if _looks_binary(data[:4096]):
        raise UnusableFileError(
            path, "looks like a binary file, not a CSV/Excel/JSON export: check what was saved."
        )
    try:
        return data.decode("utf-8"), bom or "utf-8"
    except UnicodeDecodeError:
        pass
    # Mixed or legacy encodings: each line as UTF-8 when it is, else Windows-1252.
    lines = []
    for line in data.splitlines(keepends=True):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace").replace("\ufffd", "?"))
    return "".join(lines), "cp1252"


_BINARY_BYTES = bytes([*range(0, 9), *range(14, 32), 127])


def _looks_binary(sample: bytes) -> bool:
    """More than 2% control bytes (NUL, BEL, ESC...): a program's file, or UTF-16 without
    its BOM. A few stray NULs or escapes in a text export do not make it binary."""
    controls = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    return controls > max(len(sample) // 50, 1)


_DELIMITERS = (",", ";", "\t", "|")


def _sniff_delimiter(text: str) -> str:
    """The candidate that splits the header line into the most fields, outside quotes."""
    sample = text[:65536]
    try:  # newline="": a file with CR-only line ends (old Mac exports) is still lines
        header = next(csv.reader(io.StringIO(sample, newline=""), delimiter="\x1f"), [""])
    except csv.Error:
        header = [""]
    first = header[0] if header else ""
    counts = {d: _count_outside_quotes(first, d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    if counts[best] == 0:
        try:
            return csv.Sniffer().sniff(sample, delimiters="".join(_DELIMITERS)).delimiter
        except csv.Error:
            return ","
    return best


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


def _read_csv_fast(path: Path) -> RawTable | None:
    """A clean UTF-8 CSV (what big exports usually are) read by Arrow's multi-threaded
    parser straight into columns: the same cells the careful reader below gives, at a
    fraction of the time. None when the file needs the careful reader: another encoding,
    rows that do not fit the header, no header on the first line, JSON, a single column, a
    quoted cell that never closes, or records the careful reader would count differently."""
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    bom = head.startswith(codecs.BOM_UTF8)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_binary(head):
        return None
    sample = head[3 if bom else 0 :].decode("utf-8", errors="ignore")
    # The header line ends where csv's does (CR or LF), not at form feeds or U+2028.
    first_line = re.split(r"[\r\n]", sample, maxsplit=1)[0]
    if not first_line.strip() or first_line.lstrip()[:1] in ("[", "{") or '"' in first_line:
        return None
    delimiter = _sniff_delimiter(sample)
    header = next(csv.reader([first_line], delimiter=delimiter))
    if len(header) < 2 or len(header) > limits.MAX_COLUMNS or not any(c.strip() for c in header):
        return None  # (a line of empty names is skipped by the careful reader)
    names = [f"f{i}" for i in range(len(header))]
    # Arrow reads a quote that never closes as one cell running to the end of the file, and
    # says nothing. The table stands only if the bytes hold the records the careful reader
    # would find: every quoted cell closed, and as many records (the header included). The
    # records are counted in a second thread while Arrow parses (both let go of the GIL).
    with ThreadPoolExecutor(max_workers=1) as pool:
        records = pool.submit(_csv_records, path, delimiter)
        try:
            data = pcsv.read_csv(
                path,
                read_options=pcsv.ReadOptions(skip_rows=1, column_names=names),
                parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
                convert_options=pcsv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
        except (pa.ArrowInvalid, UnicodeDecodeError):
            return None  # ragged rows, stray bytes...: the careful reader says what is wrong
        if records.result() != data.num_rows + 1:
            return None
    data = data.rename_columns([str(i) for i in range(len(header))])
    return RawTable(
        columns=[c.strip() for c in header], format="csv", encoding="utf-8-sig" if bom else "utf-8", data=data
    )


_CHUNK = 1 << 20  # bytes scanned at a time by _csv_records (1 MB: its masks stay in cache)
# Quotes inside unquoted cells (`12" screen`) that _csv_records follows; more than this and
# the careful reader reads the file (each one costs a pass over the quotes after it).
_MAX_PLAIN_QUOTES = 16


def _csv_records(path: Path, delimiter: str) -> int | None:
    """The number of records (the header included) that Python's csv reader, as the careful
    reader uses it, finds in the file: worked out from the positions of the quotes and line
    ends in the raw bytes, in bulk, without reading a cell. None when a quoted cell never
    closes, a record is longer than csv's field limit, or there are more plain quotes than
    _MAX_PLAIN_QUOTES: the careful reader reads those files.

    The rules of csv (strict=False, doubled quotes): a quote opens a quoted cell only at the
    start of a cell (after the delimiter, a line end or at the start of the file); inside,
    `""` is a quote and a lone `"` closes the cell. Any other quote is a plain character. A
    line end (LF, CR or CRLF) inside a quoted cell belongs to the cell; any other ends a
    record, and an empty line is no record."""
    d = ord(delimiter)
    quotes, before, lfs, crs = [], [], [], []
    buffer = bytearray(_CHUNK)
    view = np.frombuffer(buffer, dtype=np.uint8)
    size, last = 0, 10  # the byte before the file counts as a line end
    with open(path, "rb") as f:
        while n := f.readinto(buffer):
            chunk = view[:n]
            at = np.flatnonzero(chunk == 34)
            previous = chunk[at - 1]  # a copy; at 0 the byte is the previous chunk's last
            if at.size and at[0] == 0:
                previous[0] = last
            quotes.append(at + size)
            before.append(previous)
            lfs.append(np.flatnonzero(chunk == 10) + size)
            if buffer.find(b"\r", 0, n) >= 0:  # most files end lines with LF alone or CRLF
                crs.append(np.flatnonzero(chunk == 13) + size)
            last = int(chunk[n - 1])
            size += n
    del view
    q = np.concatenate(quotes)
    previous = np.concatenate(before)
    cell_start = (previous == d) | (previous == 10) | (previous == 13)

    # With every quote opening or closing a cell, quote 0, 2, 4... opens one (or is the
    # second of a `""`, right after the quote before it) and quote 1, 3, 5... closes one (or
    # is the first of a `""`). A quote in an even place that does neither is plain text:
    # drop it, which shifts every quote after it by one place, and check again from there.
    start = 0
    for _ in range(_MAX_PLAIN_QUOTES + 1):
        even = np.arange(start, q.size, 2)
        doubled = np.zeros(even.size, dtype=bool)
        doubled[even > 0] = q[even[even > 0] - 1] == q[even[even > 0]] - 1
        plain = np.flatnonzero(~(cell_start[even] | doubled))
        if not plain.size:
            break
        start = int(even[plain[0]])
        q = np.delete(q, start)
        cell_start = np.delete(cell_start, start)
    else:
        return None
    if q.size % 2:
        return None  # a quoted cell runs to the end of the file

    def outside(positions: np.ndarray) -> np.ndarray:
        kept: np.ndarray = positions[np.searchsorted(q, positions) % 2 == 0]
        return kept

    lf = outside(np.concatenate(lfs))
    cr = outside(np.concatenate(crs)) if crs else lf[:0]
    after_cr = _member(lf - 1, cr)  # CRLF: one line end, from the CR
    lone_cr = cr[~_member(cr + 1, lf)]
    starts = np.concatenate([np.where(after_cr, lf - 1, lf), lone_cr])
    ends = np.concatenate([lf + 1, lone_cr + 1])
    order = np.argsort(starts)
    starts, ends = starts[order], ends[order]
    line_starts = np.concatenate([[0], ends])
    lengths = np.concatenate([starts, [size]]) - line_starts  # the last one may be empty
    if lengths.size and lengths.max() > csv.field_size_limit():
        return None  # csv refuses such a cell; the careful reader says so
    return int(np.count_nonzero(lengths))


def _member(values: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """Whether each of `values` is in `sorted_values` (ascending)."""
    at = np.searchsorted(sorted_values, values)
    found = np.zeros(values.size, dtype=bool)
    inside = at < sorted_values.size
    found[inside] = sorted_values[at[inside]] == values[inside]
    return found


def _open_quote_at_end(text: str, delimiter: str) -> bool:
    """Whether csv (strict=False) ends the text inside a quoted cell: a quote that opens a
    cell and is never closed. Quotes that are plain text (`12" screen`) do not count."""
    return _quoted_text(delimiter).fullmatch(text) is None


@functools.cache
def _quoted_text(delimiter: str) -> re.Pattern[str]:
    d = re.escape(delimiter)
    return re.compile(
        r'(?:[^"]++'  # anything but a quote
        rf'|(?:(?<=[{d}\r\n])|\A)"[^"]*+(?:""[^"]*+)*+"'  # a quoted cell, closed
        rf'|(?<=[^{d}\r\n])")*+'  # a quote inside a cell: plain text
    )


def _read_csv(text: str, path: Path) -> RawTable:
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        header = next(reader)
        while header is not None and not any(c.strip() for c in header):
            header = next(reader)
    except StopIteration:
        raise UnusableFileError(path, "has no rows at all.") from None
    except csv.Error as e:
        raise UnusableFileError(path, f"cannot be read as CSV ({e}).") from None
    if len(header) > limits.MAX_COLUMNS:
        raise UnusableFileError(path, limits.too_many_columns(len(header)))
    width = len(header)
    max_rows = limits.MAX_ROWS_PER_FILE
    table = RawTable(columns=[c.strip() for c in header], rows=[], format="csv")
    number = 0
    first_line = last_line = reader.line_num  # physical lines of the latest record
    try:
        for row in reader:
            first_line, last_line = last_line + 1, reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line is not a record
            number += 1
            if number > max_rows:
                raise UnusableFileError(path, limits.too_many_rows())
            if len(row) == width:
                table.rows.append(row)
                table.row_numbers.append(number)
            elif len(row) < width:
                table.rows.append(row + [""] * (width - len(row)))
                table.row_numbers.append(number)
            elif not any(c.strip() for c in row[width:]):
                table.rows.append(row[:width])  # trailing empty cells from a spreadsheet
                table.row_numbers.append(number)
            else:
                reason = issues.write(issues.CELLS_OVER_HEADER, cells=len(row), columns=width)
                table.bad_rows.append((number, row, reason))
    except csv.Error as e:
        raise UnusableFileError(path, f"breaks off after record {number} ({e}).") from None
    # A quote opened and never closed swallows the rest of the file into one cell: that
    # record is rejected with every line it took, rather than loaded as one long case.
    if (
        last_line > first_line
        and table.row_numbers
        and table.row_numbers[-1] == number
        and _open_quote_at_end(text, delimiter)
    ):
        table.row_numbers.pop()
        table.bad_rows.append(
            (
                number,
                table.rows.pop(),
                issues.write(issues.OPEN_QUOTE, first=first_line, last=last_line),
            )
        )
    return table


# --------------------------------------------------------------------------- JSON


def _read_json(text: str, path: Path) -> RawTable:
    try:
        data = json.loads(text)
    except RecursionError:
        raise UnusableFileError(path, "is JSON nested too deeply to hold records.") from None
    except ValueError:
        data = _json_lines(text, path)
    if isinstance(data, dict):
        # {"data": [...]} style wrappers: take the one list of records inside.
        lists = [v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        if len(lists) != 1:
            raise UnusableFileError(
                path, "is JSON but not a list of records: expected [{...}, {...}] or JSON lines."
            )
        data = lists[0]
    if not isinstance(data, list) or not data:
        raise UnusableFileError(path, "is JSON but holds no records.")
    # Refused before any row is made: records x distinct keys is the size of the table.
    if len(data) > limits.MAX_ROWS_PER_FILE:
        raise UnusableFileError(path, limits.too_many_rows())
    columns: dict[str, None] = {}
    for item in data:
        if isinstance(item, dict):
            columns.update(dict.fromkeys(str(k) for k in item))
            if len(columns) > limits.MAX_COLUMNS:
                raise UnusableFileError(path, limits.too_many_columns(len(columns)))
    if not columns:
        raise UnusableFileError(path, "is JSON but its items are not records with named fields.")
    names = list(columns)
    table = RawTable(columns=names, rows=[], format="json")
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            table.bad_rows.append((number, [_cell(item)], issues.NOT_A_RECORD))
            continue
        table.rows.append([_cell(item.get(k)) for k in names])
        table.row_numbers.append(number)
    return table


def _is_json_scalar(text: str) -> bool:
    """A whole file that is one JSON number, string, true/false or null ("42")."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return False
    return not isinstance(value, (list, dict))


def _json_lines(text: str, path: Path) -> list[Any]:
    records = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except (ValueError, RecursionError):
            raise UnusableFileError(path, f"is not valid JSON (line {line_no} cannot be parsed).") from None
    return records


# --------------------------------------------------------------------------- Excel and Parquet


def _read_xlsx(path: Path, sheet: str | None) -> RawTable:
    # openpyxl refuses a path whose name does not end in .xlsx (a kept import, a renamed
    # download); given an open file it reads the bytes, which decided the format already.
    with open(path, "rb") as handle:
        if _xlsx_rows(handle) > limits.MAX_ROWS_PER_FILE + 1:  # (the header is a row)
            raise UnusableFileError(path, limits.too_many_rows())
        handle.seek(0)
        return _read_workbook(path, handle, sheet)


_XLSX_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _xlsx_rows(handle: io.BufferedReader) -> int:
    """Rows in the workbook's largest sheet, counted in its XML as it is decompressed (a
    megabyte at a time, nothing parsed): openpyxl takes minutes to reach a row limit that
    this finds in a second. 0 when the file is not a readable zip (openpyxl says why)."""
    most = 0
    try:
        with zipfile.ZipFile(handle) as book:
            for member in book.infolist():
                if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
                    continue
                count, tail = 0, b""
                with book.open(member) as sheet:
                    while chunk := sheet.read(1 << 20):
                        data = tail + chunk
                        count += len(_XLSX_ROW.findall(data))
                        tail = data[-16:]
                        count -= len(_XLSX_ROW.findall(tail))  # counted again with the next chunk
                    count += len(_XLSX_ROW.findall(tail))
                most = max(most, count)
                if most > limits.MAX_ROWS_PER_FILE + 1:
                    break
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError):
        return 0
    return most


def _read_workbook(path: Path, handle: io.BufferedReader, sheet: str | None) -> RawTable:
    import openpyxl  # imported here: only Excel files need it

    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types for a damaged workbook
        raise UnusableFileError(
            path, f"is not a readable Excel workbook ({type(e).__name__}): save it again as .xlsx."
        ) from None
    try:
        if sheet is None:
            candidates = list(book.worksheets)
        else:
            if sheet not in book.sheetnames:
                raise UnusableFileError(
                    path, f"has no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})."
                )
            candidates = [book[sheet]]
        for ws in candidates:
            rows_iter = ws.iter_rows(values_only=True)
            header = None
            for row in rows_iter:
                if row and any(v is not None and str(v).strip() for v in row):
                    header = row
                    break
            if header is None:
                continue  # an empty sheet: try the next
            width = len(header)
            while width and (header[width - 1] is None or not str(header[width - 1]).strip()):
                width -= 1
            table = RawTable(columns=[_cell(v).strip() for v in header[:width]], rows=[], format="xlsx")
            number = 0
            for row in rows_iter:
                if not row or all(v is None or not str(v).strip() for v in row):
                    continue
                number += 1
                if number > limits.MAX_ROWS_PER_FILE:  # counted while reading: stop at once
                    raise UnusableFileError(path, limits.too_many_rows())
                cells = [_cell(v) for v in row]
                if len(cells) > width and any(c.strip() for c in cells[width:]):
                    table.bad_rows.append((number, cells, issues.CELLS_BEYOND))
                    continue
                cells = (cells + [""] * width)[:width]
                table.rows.append(cells)
                table.row_numbers.append(number)
            return table
    except UserError:
        raise
    except Exception as e:  # XML ParseError, BadZipFile, zlib.error, ...
        raise UnusableFileError(
            path, f"is a damaged Excel workbook ({type(e).__name__}): save it again as .xlsx."
        ) from None
    finally:
        book.close()
    raise UnusableFileError(path, "is an Excel workbook with no sheet holding a header row.")


def _read_parquet(path: Path) -> RawTable:
    import pyarrow.parquet as pq

    try:
        arrow = pq.read_table(path)
    except Exception as e:  # pyarrow raises many types for damaged files
        raise UnusableFileError(path, f"is not a readable Parquet file ({type(e).__name__}).") from None
    columns = [str(c) for c in arrow.column_names]
    try:
        data = [arrow.column(i).to_pylist() for i in range(arrow.num_columns)]
    except Exception as e:  # a date past year 9999, an unknown type, ...
        raise UnusableFileError(
            path, f"holds values that cannot be read ({type(e).__name__}: {e})."
        ) from None
    rows = [[_cell(col[r]) for col in data] for r in range(arrow.num_rows)]
    return RawTable(columns=columns, rows=rows, row_numbers=list(range(1, len(rows) + 1)), format="parquet")


# --------------------------------------------------------------------------- cells


def _cell(value: object) -> str:
    """Any cell value as the text a person would read in the export."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(names, start=1):
        name = name.strip()[: limits.MAX_HEADER_CHARS].strip() or f"column {i}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        out.append(name)
    return out
