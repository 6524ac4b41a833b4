"""From one export file to clean records: read -> map columns -> normalise -> validate.

Every record read ends up either loaded (possibly with warnings naming the raw value that
was not understood) or rejected with its raw content and the reason: rows read = rows
loaded + rows rejected. Normalisation runs once per distinct cell value, so a million rows
of repeated countries or action lines cost one lookup each.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import import_issues as issues
from . import limits
from . import normalise as nz
from . import taxonomy as tx
from .errors import UnusableFileError
from .paths import REFERENCE_DIR
from .read import RawTable, read_table

KINDS = ("cases", "sessions")
DEFAULT_COLLECTION = "WSIS Stocktaking COVID-19"

# Output columns per kind, in table order; list-valued ones are marked.
CASE_FIELDS = (
    "case_id",
    "collection",
    "title",
    "organisation",
    "entity_type",
    "countries",
    "scope",
    "action_lines",
    "sdgs",
    "keywords",
    "description",
    "status",
    "start_date",
    "end_date",
    "submitted_on",
    "url",
)
SESSION_FIELDS = (
    "session_id",
    "forum",
    "session_type",
    "title",
    "organisers",
    "held_on",
    "covid_related",
    "action_lines",
    "sdgs",
    "keywords",
    "countries",
    "scope",
    "description",
    "url",
)


# --------------------------------------------------------------------------- column mapping


@cache
def column_aliases(kind: str) -> dict[str, str]:
    """Normalised header -> field, from data/reference/column_aliases.csv."""
    import csv

    # The aliases file names the keywords/tags column "topics"; it is read into `keywords`,
    # the text the topic rules run over (topics themselves are derived, never imported).
    renamed = {"topics": "keywords"}
    with open(REFERENCE_DIR / "column_aliases.csv", encoding="utf-8", newline="") as f:
        return {
            tx.norm_key(r["alias"]): renamed.get(r["field"], r["field"])
            for r in csv.DictReader(f)
            if r["kind"] == kind
        }


@dataclass
class ColumnMapping:
    fields: dict[str, int]  # field -> column index
    extra: list[int]  # columns kept as JSON in `extra`
    headers: list[str]

    def describe(self) -> dict[str, str | None]:
        """header -> field it maps to (None when kept as extra)."""
        by_index = {i: f for f, i in self.fields.items()}
        return {h: by_index.get(i) for i, h in enumerate(self.headers)}


def map_columns(headers: list[str], kind: str, manual: dict[str, str] | None = None) -> ColumnMapping:
    aliases = column_aliases(kind)
    manual = manual or {}
    fields: dict[str, int] = {}
    extra: list[int] = []
    known = set(CASE_FIELDS if kind == "cases" else SESSION_FIELDS)
    for i, header in enumerate(headers):
        target = manual.get(header) or aliases.get(tx.norm_key(header))
        if target and target in known and target not in fields:
            fields[target] = i
        else:
            extra.append(i)  # unknown, or a second column for a field already found
    return ColumnMapping(fields, extra, headers)


# --------------------------------------------------------------------------- cell normalisers
# Each takes the raw cell text and returns (value, [warning messages]).

Result = tuple[object, list[str]]
ListResult = tuple[list[object], list[str]]


class ListParser(Protocol):
    """A multi-valued cell's normaliser, with `item` normalising one of its values."""

    item: Callable[[str], object]

    def __call__(self, raw: str) -> ListResult: ...


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(raw: str) -> Result:
    text = _CONTROL.sub("", raw).strip()
    if len(text) > limits.MAX_TEXT_CHARS:
        return (
            text[: limits.MAX_TEXT_CHARS],
            [issues.write(issues.CUT, limit=limits.MAX_TEXT_CHARS, length=len(text))],
        )
    return (text or None), []


def _list_of(normalise: Callable[[str], object], what: str) -> ListParser:
    def parse(raw: str) -> ListResult:
        values: list[object] = []
        problems: list[str] = []
        for item in nz.split_multi(raw, normalise):
            value = normalise(item)
            if value is None:
                problems.append(issues.write(issues.UNKNOWN, what=what, value=repr(item)))
            elif value not in values:
                values.append(value)
        return values, problems

    parser = cast(ListParser, parse)  # the function, seen with the attribute it is given next
    parser.item = normalise  # lets a whole column be read token by token (_list_field)
    return parser


parse_action_lines = _list_of(nz.normalise_action_line, "WSIS Action Line")
parse_sdgs = _list_of(nz.normalise_sdg, "SDG (1-17)")


def _country_or_scope(item: str) -> object:
    return nz.normalise_country(item) or nz.scope_word(item)


CountriesValue = tuple[list[str], str | None]


def parse_countries(raw: str) -> tuple[CountriesValue, list[str]]:
    """-> ((iso3 list, scope), warnings). Scope words (Global, Africa) set the scope."""
    found, scopes, problems = [], [], []
    for item in nz.split_multi(raw, _country_or_scope):
        iso3 = nz.normalise_country(item)
        if iso3:
            if iso3 not in found:
                found.append(iso3)
            continue
        scope = nz.scope_word(item)
        if scope:
            scopes.append(scope)
        else:
            problems.append(issues.write(issues.UNKNOWN, what="country", value=repr(item)))
    if "Global" in scopes:
        scope = "Global"
    elif "Regional" in scopes:
        scope = "Regional"
    elif len(found) > 1:
        scope = "Multi-country"
    elif found:
        scope = "National"
    else:
        scope = None
    return (found, scope), problems


def parse_organisers(raw: str) -> Result:
    text = _CONTROL.sub("", raw)
    parts = [p.strip() for p in re.split(r"\s*(?:;|\||\n|\r|, )\s*", text)]
    return [p for p in parts if p], []


def _one(normalise: Callable[[str], object], what: str) -> Callable[[str], Result]:
    def parse(raw: str) -> Result:
        text = raw.strip()
        if not text:
            return None, []
        value = normalise(text)
        return value, (
            [] if value is not None else [issues.write(issues.UNKNOWN, what=what, value=repr(text))]
        )

    return parse


parse_entity_type = _one(nz.normalise_entity_type, "entity type")
parse_status = _one(nz.normalise_status, "status (Ongoing, Completed, Planned)")
parse_flag = _one(nz.normalise_flag, "yes/no value")
parse_url = _one(nz.normalise_url, "http(s) link")

EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)


def parse_date(raw: str) -> Result:
    text = raw.strip()
    if not text:
        return None, []
    value = nz.normalise_date(text)
    if value is None:
        return None, [issues.write(issues.NOT_A_DATE, value=repr(text))]
    if not EARLIEST <= value <= LATEST:
        return None, [issues.write(issues.DATE_OUT_OF_RANGE, value=repr(text))]
    return value, []


# Field -> normaliser, per kind. Fields not listed are plain text.
CASE_PARSERS: dict[str, Callable[[str], Result]] = {
    "entity_type": parse_entity_type,
    "countries": parse_countries,
    "action_lines": parse_action_lines,
    "sdgs": parse_sdgs,
    "status": parse_status,
    "start_date": parse_date,
    "end_date": parse_date,
    "submitted_on": parse_date,
    "url": parse_url,
}
SESSION_PARSERS: dict[str, Callable[[str], Result]] = {
    "organisers": parse_organisers,
    "held_on": parse_date,
    "covid_related": parse_flag,
    "countries": parse_countries,
    "action_lines": parse_action_lines,
    "sdgs": parse_sdgs,
    "url": parse_url,
}


# --------------------------------------------------------------------------- one file

# Arrow type of each output field; every other field is text.
_LIST_FIELDS = {"countries", "action_lines", "organisers"}
_DATE_FIELDS = {"start_date", "end_date", "submitted_on", "held_on"}


def field_type(name: str) -> pa.DataType:
    if name in _LIST_FIELDS:
        return pa.list_(pa.string())
    if name == "sdgs":
        return pa.list_(pa.int32())
    if name in _DATE_FIELDS:
        return pa.date32()
    if name == "covid_related":
        return pa.bool_()
    return pa.string()


@dataclass
class ParsedFile:
    """One export, normalised: `records` holds the loaded rows (the output fields, then
    `extra` and `source_row`), column by column."""

    kind: str
    path: Path
    mapping: ColumnMapping
    records: pa.Table
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # row, raw JSON, reason
    warnings: list[tuple[int, str, str, str]] = field(default_factory=list)  # row, field, raw, msg
    format: str = ""
    encoding: str = ""

    @property
    def rows_loaded(self) -> int:
        return cast(int, self.records.num_rows)

    @property
    def rows_read(self) -> int:
        return self.rows_loaded + len(self.rejected)

    # Python lists of the same data, for previews and tests on small files.
    @property
    def columns(self) -> dict[str, list[Any]]:
        fields = CASE_FIELDS if self.kind == "cases" else SESSION_FIELDS
        return {f: self.records.column(f).to_pylist() for f in fields}

    @property
    def source_rows(self) -> list[int]:
        return cast(list[int], self.records.column("source_row").to_pylist())

    @property
    def extra(self) -> list[str | None]:
        return cast(list[str | None], self.records.column("extra").to_pylist())


def parse_file(
    path: Path | str,
    kind: str,
    sheet: str | None = None,
    manual_mapping: dict[str, str] | None = None,
    table: RawTable | None = None,
) -> ParsedFile:
    """Read and normalise one export. Raises UnusableFileError when it is not usable at all.

    The work is done column by column: each normaliser runs once per distinct value of its
    column, and the results are spread back over the rows with Arrow, so a million rows
    cost a few seconds rather than a Python loop over every cell."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    path = Path(path)
    table = table or read_table(path, sheet=sheet)
    if table.num_rows + len(table.bad_rows) > limits.MAX_ROWS_PER_FILE:
        raise UnusableFileError(path, limits.too_many_rows())
    mapping = map_columns(table.columns, kind, manual_mapping)
    if "title" not in mapping.fields:
        raise UnusableFileError(
            path,
            "has no title column (looked for "
            + ", ".join(sorted({a for a, f in column_aliases(kind).items() if f == "title"}))
            + f"; found: {', '.join(table.columns[:12])}).",
        )
    rejected = [
        (number, json.dumps([_cut(c) for c in cells], ensure_ascii=False), reason)
        for number, cells, reason in table.bad_rows
    ]

    numbers = np.asarray(table.row_numbers_array())
    # Every cell is cut to the limit before anything reads it, so no value, warning,
    # rejected row or preview made from it can be longer.
    cells, cut = _cut_cells(table.arrow(), numbers, mapping, kind)
    # A row whose title is empty (once control characters and spaces are gone) is rejected
    # whole, with its raw content; every other row is loaded.
    title = _clean_column(cells.column(mapping.fields["title"]))
    no_title = np.asarray(pc.is_null(title).to_numpy(zero_copy_only=False), dtype=bool)
    if no_title.any():
        where = np.flatnonzero(no_title)
        for i, raw in zip(where, cells.take(pa.array(where)).to_pylist(), strict=True):
            rejected.append((int(numbers[i]), _raw_json(table.columns, list(raw.values())), issues.NO_TITLE))
        cells = cells.filter(pa.array(~no_title))
        numbers = numbers[~no_title]
        title = title.filter(pa.array(~no_title))
    rejected.sort(key=lambda r: r[0])

    if cut and no_title.any():  # a rejected row keeps its cut cells, without warnings
        kept = set(numbers.tolist())
        cut = [w for w in cut if w[0] in kept]
    out = _normalise(cells, numbers, mapping, kind, title, cut)
    return ParsedFile(
        kind, path, mapping, out.table, rejected, out.warnings, format=table.format, encoding=table.encoding
    )


def _cut(text: str) -> str:
    return text[: limits.MAX_TEXT_CHARS]


def _cut_cells(
    cells: pa.Table, numbers: np.ndarray, mapping: ColumnMapping, kind: str
) -> tuple[pa.Table, list[_Problem]]:
    """Cells past limits.MAX_TEXT_CHARS cut to it, and a warning for each (the field, the
    value as cut, its length before)."""
    fields = CASE_FIELDS if kind == "cases" else SESSION_FIELDS
    by_index = {i: f for f, i in mapping.fields.items()}
    found: list[_Problem] = []
    columns = []
    for i, column in enumerate(cells.columns):
        lengths = pc.utf8_length(column)
        if not pc.any(pc.greater(lengths, limits.MAX_TEXT_CHARS)).as_py():
            columns.append(column)
            continue
        too_long = np.asarray(
            pc.fill_null(pc.greater(lengths, limits.MAX_TEXT_CHARS), False).to_numpy(zero_copy_only=False),
            dtype=bool,
        )
        column = pc.if_else(
            pa.array(too_long), pc.utf8_slice_codeunits(column, 0, limits.MAX_TEXT_CHARS), column
        )
        field = by_index.get(i)
        name = field or f"extra: {mapping.headers[i][:100]}"
        order = fields.index(field) if field else len(fields) + i
        for row in np.flatnonzero(too_long):
            found.append(
                (
                    int(numbers[row]),
                    order,
                    name,
                    column[int(row)].as_py(),
                    issues.write(issues.CUT, limit=limits.MAX_TEXT_CHARS, length=lengths[int(row)].as_py()),
                )
            )
        columns.append(column)
    if not found:
        return cells, found
    return pa.table(columns, names=cells.column_names), found


# A value not understood: row number, field order, field, raw value, message.
_Problem = tuple[int, int, str, str, str]
_T = TypeVar("_T")


@dataclass
class _Columns:
    table: pa.Table
    warnings: list[tuple[int, str, str, str]]


def _normalise(
    cells: pa.Table,
    numbers: np.ndarray,
    mapping: ColumnMapping,
    kind: str,
    title: pa.ChunkedArray,
    problems: list[_Problem],
) -> _Columns:
    """`title` is the title column already cleaned (parse_file needed it to reject rows);
    `problems` are the warnings found before (cells cut to the limit)."""
    fields = CASE_FIELDS if kind == "cases" else SESSION_FIELDS
    parsers = CASE_PARSERS if kind == "cases" else SESSION_PARSERS
    n = cells.num_rows
    values: dict[str, pa.Array | pa.ChunkedArray] = {}
    found: list[_Problem] = list(problems)

    for order, name in enumerate(fields):
        if name == "scope" or name not in mapping.fields:
            continue
        column = cells.column(mapping.fields[name])
        parser = parsers.get(name)
        if parser is None:
            values[name] = _text_field(
                column, name, order, numbers, found, cleaned=title if name == "title" else None
            )
        elif parser is parse_url:
            values[name] = _url_field(column, name, order, numbers, found)
        elif hasattr(parser, "item"):
            list_parser = cast(ListParser, parser)  # only _list_of's parsers have `item`
            values[name] = _list_field(column, list_parser, name, order, numbers, found)
        elif name == "countries":
            results, indices = _per_distinct(column, parser, name, order, numbers, found)
            places = cast(list[CountriesValue], results)  # parse_countries: (iso3 codes, scope)
            values["countries"] = pa.array([r[0] for r in places], field_type(name)).take(indices)
            values["scope"] = pa.array([r[1] for r in places], pa.string()).take(indices)
        else:
            results, indices = _per_distinct(column, parser, name, order, numbers, found)
            values[name] = pa.array(results, field_type(name)).take(indices)

    for name in ("countries", "action_lines", "sdgs", "organisers"):
        if name in fields and name not in values:
            values[name] = pa.array([[]] * n, field_type(name))
    if "scope" not in values:
        values["scope"] = pa.nulls(n, pa.string())
    if kind == "cases":
        collection = values.get("collection", pa.nulls(n, pa.string()))
        values["collection"] = pc.fill_null(collection, DEFAULT_COLLECTION)
    id_field = "case_id" if kind == "cases" else "session_id"
    values[id_field] = _fill_ids(values, kind, id_field, n)

    columns = {name: values.get(name, pa.nulls(n, field_type(name))) for name in fields}
    columns["extra"] = _extra_json(cells, mapping)
    columns["source_row"] = pa.array(numbers, pa.int64())
    found.sort(key=lambda w: (w[0], w[1]))
    return _Columns(pa.table(columns), [(row, f, raw, msg) for row, _, f, raw, msg in found])


_CONTROL_RE2 = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


def _clean_column(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """clean_text over a whole column: control characters out, spaces trimmed, empty -> null."""
    if pc.any(pc.match_substring_regex(column, _CONTROL_RE2)).as_py():  # rare: skip the copy
        column = pc.replace_substring_regex(column, _CONTROL_RE2, "")
    # Trimming copies the whole column: only when some cell starts or ends with a space.
    ends = [pc.utf8_slice_codeunits(column, 0, 1), pc.utf8_slice_codeunits(column, -1)]
    if any(pc.any(pc.utf8_is_space(end)).as_py() for end in ends):
        column = pc.utf8_trim_whitespace(column)
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)


def _text_field(
    column: pa.ChunkedArray,
    name: str,
    order: int,
    numbers: np.ndarray,
    found: list[_Problem],
    cleaned: pa.ChunkedArray | None = None,
) -> pa.ChunkedArray:
    text = _clean_column(column) if cleaned is None else cleaned
    lengths = pc.utf8_length(text)
    too_long = np.asarray(
        pc.fill_null(pc.greater(lengths, limits.MAX_TEXT_CHARS), False).to_numpy(zero_copy_only=False),
        dtype=bool,
    )
    if not too_long.any():
        return text
    for i in np.flatnonzero(too_long):
        found.append(
            (
                int(numbers[i]),
                order,
                name,
                column[int(i)].as_py(),
                issues.write(issues.CUT, limit=limits.MAX_TEXT_CHARS, length=lengths[int(i)].as_py()),
            )
        )
    return pc.if_else(pa.array(too_long), pc.utf8_slice_codeunits(text, 0, limits.MAX_TEXT_CHARS), text)


def _per_distinct(
    column: pa.Array | pa.ChunkedArray,
    parser: Callable[[str], tuple[_T, list[str]]],
    name: str,
    order: int,
    numbers: np.ndarray,
    found: list[_Problem],
) -> tuple[list[_T], pa.Array]:
    """Run `parser` once per distinct value; -> (value per distinct, index of each row's)."""
    distinct = pc.unique(column)
    indices = pc.index_in(column, value_set=distinct)
    raws = distinct.to_pylist()
    parsed = [parser(raw) for raw in raws]
    troubled = [i for i, (_, problems) in enumerate(parsed) if problems]
    if troubled:
        idx = np.asarray(indices.to_numpy(zero_copy_only=False))
        for row in np.flatnonzero(np.isin(idx, troubled)):
            raw = raws[idx[row]]
            for message in parsed[idx[row]][1]:
                found.append((int(numbers[row]), order, name, raw, message))
    if isinstance(indices, pa.ChunkedArray):
        indices = indices.combine_chunks()
    return [value for value, _ in parsed], indices


_PLAIN = r"^[!-~]*$"  # printable ASCII, no spaces: where RE2 and Python's re agree exactly


def _url_field(
    column: pa.Array | pa.ChunkedArray, name: str, order: int, numbers: np.ndarray, found: list[_Problem]
) -> pa.Array:
    """parse_url over a whole column: links are nearly all distinct, so the common plain
    ASCII ones are checked with Arrow's regular expressions, the rest value by value."""
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    plain = pc.match_substring_regex(column, _PLAIN)
    www = pc.match_substring_regex(column, nz.URL_WWW, ignore_case=True)
    url = pc.if_else(www, pc.binary_join_element_wise("https://", column, ""), column)
    ok = pc.and_(
        pc.match_substring_regex(url, nz.URL_HTTP, ignore_case=True),
        pc.invert(pc.match_substring_regex(url, r'["<>\\]')),
    )
    value = pc.if_else(ok, url, pa.scalar(None, pa.string()))
    plain_np = np.asarray(plain.to_numpy(zero_copy_only=False), dtype=bool)
    bad = plain_np & ~np.asarray(ok.to_numpy(zero_copy_only=False), dtype=bool)
    bad &= np.asarray(pc.not_equal(column, "").to_numpy(zero_copy_only=False), dtype=bool)
    for i in np.flatnonzero(bad):
        raw = column[int(i)].as_py()
        found.append(
            (
                int(numbers[i]),
                order,
                name,
                raw,
                issues.write(issues.UNKNOWN, what="http(s) link", value=repr(raw)),
            )
        )
    rest = np.flatnonzero(~plain_np)
    if not len(rest):
        return value
    results, indices = _per_distinct(column.take(rest), parse_url, name, order, numbers[rest], found)
    merged = value.to_pylist()
    for row, v in zip(rest, pa.array(results, pa.string()).take(indices).to_pylist(), strict=True):
        merged[row] = v
    return pa.array(merged, pa.string())


_SEPARATORS_RE2 = r";|\||\r|\n|,"
_PLAIN_OR_TAB = r"^[\t -~]*$"  # where Arrow's trimming and Python's strip() agree


def _list_field(
    column: pa.Array | pa.ChunkedArray,
    parser: ListParser,
    name: str,
    order: int,
    numbers: np.ndarray,
    found: list[_Problem],
) -> pa.Array:
    """A multi-valued column ("C2, C6. Enabling environment; C7 E-health") read token by
    token: split every cell at once with Arrow, normalise each distinct token once, and
    assemble each row's list (first occurrence kept). A cell with a token that means
    nothing alone ("Korea, Republic of"), a JSON list or unusual characters is read by
    `parser` itself, which also reports what it did not understand."""
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    n = len(column)
    value_type = field_type(name).value_type
    tokens = pc.split_pattern_regex(column, _SEPARATORS_RE2)
    parents = np.asarray(pc.list_parent_indices(tokens).to_numpy(zero_copy_only=False))
    flat = pc.utf8_trim_whitespace(pc.list_flatten(tokens))
    distinct = pc.unique(flat)
    which = np.asarray(pc.index_in(flat, value_set=distinct).to_numpy(zero_copy_only=False))
    understood = [parser.item(t) if t else None for t in distinct.to_pylist()]
    ok = np.array([v is not None for v in understood], dtype=bool)[which]
    empty = np.asarray(pc.equal(flat, "").to_numpy(zero_copy_only=False), dtype=bool)

    careful = np.zeros(n, dtype=bool)
    careful[parents[~ok & ~empty]] = True
    careful |= ~np.asarray(
        pc.match_substring_regex(column, _PLAIN_OR_TAB).to_numpy(zero_copy_only=False), dtype=bool
    )
    trimmed = pc.utf8_trim_whitespace(column)
    careful |= np.asarray(
        pc.and_(pc.starts_with(trimmed, "["), pc.ends_with(trimmed, "]")).to_numpy(zero_copy_only=False),
        dtype=bool,
    )

    # (row, value index) pairs: the understood tokens of ordinary rows...
    keep = ok & ~empty & ~careful[parents]
    rows, codes = parents[keep], which[keep]
    values = pa.array(understood, value_type)
    if careful.any():  # ...and the lists the careful parser made for the other rows
        rest = np.flatnonzero(careful)
        results, indices = _per_distinct(column.take(rest), parser, name, order, numbers[rest], found)
        extra_values = [v for result in results for v in result]
        offset = len(understood)
        starts = np.cumsum([0] + [len(r) for r in results])
        idx = np.asarray(indices.to_numpy(zero_copy_only=False))
        extra_rows = np.concatenate(
            [np.full(len(results[i]), row) for row, i in zip(rest, idx, strict=True)]
            + [np.array([], dtype=np.int64)]
        )
        extra_codes = np.concatenate(
            [np.arange(starts[i], starts[i + 1]) + offset for i in idx] + [np.array([], dtype=np.int64)]
        )
        rows = np.concatenate([rows, extra_rows.astype(np.int64)])
        codes = np.concatenate([codes, extra_codes.astype(np.int64)])
        values = pa.concat_arrays([values, pa.array(extra_values, value_type)])
    return _lists(rows, codes, values, n)


def _lists(rows: np.ndarray, codes: np.ndarray, values: pa.Array, n: int) -> pa.Array:
    """One list per row from (row, index into values) pairs, in pair order, duplicates of a
    value within a row dropped (by value, not index)."""
    order = np.argsort(rows, kind="stable")
    rows, codes = rows[order], codes[order]
    taken = values.take(pa.array(codes, pa.int64()))
    # Drop a value already in the same row: first occurrence of each (row, value) pair.
    keys = pc.dictionary_encode(taken).indices.to_numpy(zero_copy_only=False) if len(taken) else codes
    pair = rows.astype(np.int64) * (int(keys.max()) + 1 if len(keys) else 1) + keys
    _, first = np.unique(pair, return_index=True)
    first.sort()
    rows, taken = rows[first], taken.take(pa.array(first, pa.int64()))
    offsets = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))]).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), taken)


def _fill_ids(values: dict[str, pa.Array | pa.ChunkedArray], kind: str, id_field: str, n: int) -> pa.Array:
    """Rows exported without an id get one derived from title and organisation."""
    ids = values.get(id_field, pa.nulls(n, pa.string()))
    missing = np.asarray(pc.is_null(ids).to_numpy(zero_copy_only=False), dtype=bool)
    if not missing.any():
        return ids
    rows = np.flatnonzero(missing)
    titles = values["title"].take(rows).to_pylist()
    owner_field = "organisation" if kind == "cases" else "organisers"
    owners = values[owner_field].take(rows).to_pylist() if owner_field in values else [None] * len(rows)
    derived = pa.array(
        [derived_id(kind, str(t), str(o)) for t, o in zip(titles, owners, strict=True)], pa.string()
    )
    filled = ids.to_pylist() if len(rows) < n else [None] * n
    for row, value in zip(rows, derived.to_pylist(), strict=True):
        filled[row] = value
    return pa.array(filled, pa.string())


def _extra_json(cells: pa.Table, mapping: ColumnMapping) -> pa.Array:
    """Columns with no field of their own, kept per row as JSON of the non-empty cells
    (what json.dumps(..., ensure_ascii=False) writes), built column-wise with Arrow."""
    n = cells.num_rows
    if not mapping.extra:
        return pa.nulls(n, pa.string())
    pieces, awkward = [], np.zeros(n, dtype=bool)
    for i in mapping.extra:
        column = cells.column(i)
        key = json.dumps(mapping.headers[i], ensure_ascii=False) + ": "
        quoted = pc.binary_join_element_wise(
            '"', pc.replace_substring(pc.replace_substring(column, "\\", "\\\\"), '"', '\\"'), ""
        )
        piece = pc.binary_join_element_wise(key, quoted, '"', "")
        pieces.append(pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), piece))
        # Control characters need json's \u escapes: those few rows are written by json.
        awkward |= np.asarray(
            pc.match_substring_regex(column, r"[\x00-\x1f]").to_numpy(zero_copy_only=False), dtype=bool
        )
    body = pieces[0]
    for piece in pieces[1:]:  # (null_handling="skip" would drop rows where all are null)
        body = pc.coalesce(pc.binary_join_element_wise(body, piece, ", "), body, piece)
    out = pc.binary_join_element_wise("{", pc.fill_null(body, ""), "}", "")
    if not awkward.any():
        return out
    rows = np.flatnonzero(awkward)
    headers = [mapping.headers[i] for i in mapping.extra]
    merged = out.to_pylist()
    for row in rows:
        cells_of_row = [cells.column(i)[int(row)].as_py() for i in mapping.extra]
        merged[row] = json.dumps(
            {h: v for h, v in zip(headers, cells_of_row, strict=True) if v != ""}, ensure_ascii=False
        )
    return pa.array(merged, pa.string())


def derived_id(kind: str, title: str, organisation: str) -> str:
    """A stable id for a record exported without one: the same title and organisation
    in a later export supersede it."""
    digest = hashlib.sha1(f"{tx.norm_key(title)}|{tx.norm_key(organisation)}".encode()).hexdigest()
    return f"{'case' if kind == 'cases' else 'session'}-{digest[:12]}"


def _raw_json(headers: list[str], cells: list[str]) -> str:
    return json.dumps(dict(zip(headers, cells, strict=False)), ensure_ascii=False)
