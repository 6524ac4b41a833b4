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
from functools import cache, lru_cache
from pathlib import Path

from . import limits
from . import taxonomy as tx
from .errors import UnusableFileError
from .paths import REFERENCE_DIR
from .read import RawTable, read_table

KINDS = ("cases", "workshops")
DEFAULT_COLLECTION = "WSIS Stocktaking COVID-19"

# Output columns per kind, in table order; list-valued ones are marked.
CASE_FIELDS = (
    "case_id", "collection", "title", "organisation", "entity_type", "countries", "scope",
    "action_lines", "sdgs", "keywords", "description", "status", "start_date", "end_date",
    "submitted_on", "url",
)
WORKSHOP_FIELDS = (
    "workshop_id", "forum", "session_type", "title", "organisers", "held_on", "covid_related",
    "action_lines", "sdgs", "keywords", "countries", "scope", "description", "url",
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
    known = set(CASE_FIELDS if kind == "cases" else WORKSHOP_FIELDS)
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

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(raw: str) -> Result:
    text = _CONTROL.sub("", raw).strip()
    if len(text) > limits.MAX_TEXT_CHARS:
        return (text[: limits.MAX_TEXT_CHARS],
                [f"cut to {limits.MAX_TEXT_CHARS:,} characters from {len(text):,}"])
    return (text or None), []


def _list_of(normalise: Callable[[str], object], what: str) -> Callable[[str], Result]:
    def parse(raw: str) -> Result:
        values, problems = [], []
        for item in tx.split_multi(raw, normalise):
            value = normalise(item)
            if value is None:
                problems.append(f"not a known {what}: {item!r}")
            elif value not in values:
                values.append(value)
        return values, problems

    return parse


parse_action_lines = _list_of(tx.normalise_action_line, "WSIS Action Line")
parse_sdgs = _list_of(tx.normalise_sdg, "SDG (1-17)")


def _country_or_scope(item: str) -> object:
    return tx.normalise_country(item) or tx.scope_word(item)


def parse_countries(raw: str) -> Result:
    """-> ((iso3 list, scope), warnings). Scope words (Global, Africa) set the scope."""
    found, scopes, problems = [], [], []
    for item in tx.split_multi(raw, _country_or_scope):
        iso3 = tx.normalise_country(item)
        if iso3:
            if iso3 not in found:
                found.append(iso3)
            continue
        scope = tx.scope_word(item)
        if scope:
            scopes.append(scope)
        else:
            problems.append(f"not a known country: {item!r}")
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
        return value, ([] if value is not None else [f"not a known {what}: {text!r}"])

    return parse


parse_entity_type = _one(tx.normalise_entity_type, "entity type")
parse_status = _one(tx.normalise_status, "status (Ongoing, Completed, Planned)")
parse_flag = _one(tx.normalise_flag, "yes/no value")
parse_url = _one(tx.normalise_url, "http(s) link")

_MONTHS = {
    m: i
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for m in names
}
EXCEL_EPOCH = dt.date(1899, 12, 30)
EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)


@lru_cache(maxsize=100_000)
def normalise_date(text: str) -> dt.date | None:
    """ISO, dd/mm/yyyy, dd.mm.yyyy, 'Month yyyy', Excel serials, datetimes -> date."""
    s = text.strip()
    if not s:
        return None
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
                             r"(?:Z|[+-]\d{2}:?\d{2})?", s):  # JSON exports add a UTC offset
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?", s):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{4})/(\d{1,2})/(\d{1,2})", s):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})", s):
            return dt.date(int(m[1]), int(m[2]), 1)
        if m := re.fullmatch(r"([A-Za-z]+)\.?,? (\d{4})", s):
            month = _MONTHS.get(m[1].lower())
            return dt.date(int(m[2]), month, 1) if month else None
        if m := re.fullmatch(r"(\d{1,2}) ([A-Za-z]+)\.?,? (\d{4})", s):
            month = _MONTHS.get(m[2].lower())
            return dt.date(int(m[3]), month, int(m[1])) if month else None
        if m := re.fullmatch(r"([A-Za-z]+) (\d{1,2}),? (\d{4})", s):
            month = _MONTHS.get(m[1].lower())
            return dt.date(int(m[3]), month, int(m[2])) if month else None
        if re.fullmatch(r"\d{5}(?:\.\d+)?", s):
            return EXCEL_EPOCH + dt.timedelta(days=int(float(s)))
    except (ValueError, OverflowError):
        return None
    return None


def parse_date(raw: str) -> Result:
    text = raw.strip()
    if not text:
        return None, []
    value = normalise_date(text)
    if value is None:
        return None, [f"not a date: {text!r}"]
    if not EARLIEST <= value <= LATEST:
        return None, [f"date out of range 1990-2100: {text!r}"]
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
WORKSHOP_PARSERS: dict[str, Callable[[str], Result]] = {
    "organisers": parse_organisers,
    "held_on": parse_date,
    "covid_related": parse_flag,
    "countries": parse_countries,
    "action_lines": parse_action_lines,
    "sdgs": parse_sdgs,
    "url": parse_url,
}


# --------------------------------------------------------------------------- one file


@dataclass
class ParsedFile:
    kind: str
    path: Path
    mapping: ColumnMapping
    columns: dict[str, list]  # output field -> values, one per loaded row
    source_rows: list[int]
    extra: list[str | None]
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # row, raw JSON, reason
    warnings: list[tuple[int, str, str, str]] = field(default_factory=list)  # row, field, raw, msg
    format: str = ""
    encoding: str = ""

    @property
    def rows_loaded(self) -> int:
        return len(self.source_rows)

    @property
    def rows_read(self) -> int:
        return self.rows_loaded + len(self.rejected)


def parse_file(
    path: Path | str,
    kind: str,
    sheet: str | None = None,
    manual_mapping: dict[str, str] | None = None,
    table: RawTable | None = None,
) -> ParsedFile:
    """Read and normalise one export. Raises UnusableFileError when it is not usable at all."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    path = Path(path)
    table = table or read_table(path, sheet=sheet)
    if len(table.rows) + len(table.bad_rows) > limits.MAX_ROWS_PER_FILE:
        raise UnusableFileError(path, limits.too_many_rows())
    mapping = map_columns(table.columns, kind, manual_mapping)
    if "title" not in mapping.fields:
        raise UnusableFileError(
            path,
            "has no title column (looked for "
            + ", ".join(sorted({a for a, f in column_aliases(kind).items() if f == "title"}))
            + f"; found: {', '.join(table.columns[:12])}).",
        )
    fields = CASE_FIELDS if kind == "cases" else WORKSHOP_FIELDS
    parsers = CASE_PARSERS if kind == "cases" else WORKSHOP_PARSERS
    id_field = "case_id" if kind == "cases" else "workshop_id"
    out = ParsedFile(kind, path, mapping, {f: [] for f in fields}, [], [],
                     format=table.format, encoding=table.encoding)
    for number, cells, reason in table.bad_rows:
        out.rejected.append((number, json.dumps(cells, ensure_ascii=False), reason))

    title_idx = mapping.fields["title"]
    # Which fields come from which column, and the cache of each field's normalised values.
    present = [(f, mapping.fields[f]) for f in fields if f in mapping.fields and f != "scope"]
    caches: dict[str, dict[str, Result]] = {f: {} for f, _ in present}
    headers = table.columns

    for cells, number in zip(table.rows, table.row_numbers, strict=True):
        title_raw = cells[title_idx]
        if not _CONTROL.sub("", title_raw).strip():
            out.rejected.append((number, _raw_json(headers, cells), "no title"))
            continue
        row: dict[str, object] = {}
        for f, idx in present:
            raw = cells[idx]
            cached = caches[f].get(raw)
            if cached is None:
                parser = parsers.get(f, clean_text)
                cached = caches[f][raw] = parser(raw)
            value, problems = cached
            row[f] = value
            for message in problems:
                out.warnings.append((number, f, raw, message))
        _fill_row(out, row, kind, id_field)
        out.source_rows.append(number)
        out.extra.append(
            json.dumps({headers[i]: cells[i] for i in mapping.extra if cells[i] != ""},
                       ensure_ascii=False)
            if mapping.extra
            else None
        )
    return out


def _fill_row(out: ParsedFile, row: dict[str, object], kind: str, id_field: str) -> None:
    countries, scope = row.pop("countries", None) or ([], None)
    row["countries"], row["scope"] = countries, scope
    for list_field in ("action_lines", "sdgs", "organisers"):
        if list_field in out.columns and row.get(list_field) is None:
            row[list_field] = []
    if kind == "cases" and not row.get("collection"):
        row["collection"] = DEFAULT_COLLECTION
    if not row.get(id_field):
        row[id_field] = derived_id(kind, str(row.get("title")), str(row.get("organisation")
                                                                    or row.get("organisers")))
    for f, values in out.columns.items():
        values.append(row.get(f))


def derived_id(kind: str, title: str, organisation: str) -> str:
    """A stable id for a record exported without one: the same title and organisation
    in a later export supersede it."""
    digest = hashlib.sha1(f"{tx.norm_key(title)}|{tx.norm_key(organisation)}".encode()).hexdigest()
    return f"{'case' if kind == 'cases' else 'session'}-{digest[:12]}"


def _raw_json(headers: list[str], cells: list[str]) -> str:
    return json.dumps(dict(zip(headers, cells, strict=False)), ensure_ascii=False)
