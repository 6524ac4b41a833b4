"""Which data in a database is sample data, in words: the one place every page header,
chart footer, export, briefing and CLI report gets its SAMPLE DATA line from.

A build records, per kind and collection (sessions: forum), how many records came from the
shipped sample exports (`meta.sample`, JSON). A database of real exports and ITU's real
initiatives has none, and nothing says SAMPLE. A database holding real cases and the sample
sessions says exactly that.
"""

from __future__ import annotations

import json
from typing import TypedDict, cast

import pandas as pd
from babel.lists import format_list

from . import i18n, import_issues, names
from .i18n import N_, _, ngettext, pgettext

SAMPLE_MARK = "SAMPLE DATA"


class SampleCollection(TypedDict):
    kind: str
    collection: str
    sample: int
    records: int


def sample_collections(meta: dict[str, str]) -> list[SampleCollection]:
    """The collections holding sample records, from a database's meta."""
    try:
        rows = json.loads(meta.get("sample") or "[]")
    except ValueError:
        rows = []
    if not rows and meta.get("is_sample") == "true":
        # Built before the sample was counted per collection: all that is known.
        return [{"kind": "records", "collection": "", "sample": 0, "records": 0}]
    return [cast(SampleCollection, r) for r in rows if isinstance(r, dict) and r.get("sample")]


def is_sample(meta: dict[str, str]) -> bool:
    return bool(sample_collections(meta))


def and_list(parts: list[str]) -> str:
    """Words listed as the run's language lists them: "a, b and c", "a, b et c", "a、b和c"."""
    if len(parts) < 2:
        return parts[0] if parts else ""
    lang = i18n.current()
    return format_list(parts, locale="en_GB" if lang == i18n.SOURCE else lang)


def _phrase(c: SampleCollection) -> str:
    """One collection of sample records, in words: "the WSIS Forum 2021 sessions"."""
    kind, collection, sample, records = c["kind"], c["collection"], c["sample"], c["records"]
    if kind == "records":
        return _("some records (rebuild the database to see which)")
    part = sample < records
    numbers = {"sample": i18n.number(sample), "records": i18n.number(records)}
    if kind == "cases" and collection and part:
        # Translators: {collection} is a collection's name, e.g. "WSIS Stocktaking COVID-19";
        # {sample} of its {records} cases are sample data.
        return ngettext(
            "{sample} of the {records} {collection} cases",
            "{sample} of the {records} {collection} cases",
            records,
        ).format(collection=collection, **numbers)
    if kind == "cases" and part:
        # Translators: {sample} of the {records} cases that have no collection are sample data.
        return ngettext(
            "{sample} of the {records} cases without a collection",
            "{sample} of the {records} cases without a collection",
            records,
        ).format(**numbers)
    if kind == "sessions" and collection and part:
        # Translators: {collection} is a collection's name, e.g. "WSIS Forum 2021"; {sample}
        # of its {records} sessions are sample data.
        return ngettext(
            "{sample} of the {records} {collection} sessions",
            "{sample} of the {records} {collection} sessions",
            records,
        ).format(collection=collection, **numbers)
    if kind == "sessions" and part:
        # Translators: {sample} of the {records} sessions that have no collection are sample data.
        return ngettext(
            "{sample} of the {records} sessions without a collection",
            "{sample} of the {records} sessions without a collection",
            records,
        ).format(**numbers)
    if kind == "cases" and collection:
        # Translators: {collection} is a collection's name, e.g. "WSIS Stocktaking COVID-19".
        return _("the {collection} cases").format(collection=collection)
    if kind == "cases":
        return _("the cases without a collection")
    if kind == "sessions" and collection:
        # Translators: {collection} is a collection's name, e.g. "WSIS Forum 2021".
        return _("the {collection} sessions").format(collection=collection)
    if kind == "sessions":
        return _("the sessions without a collection")
    # Another kind of record: as the data names it.
    name = f"{collection} {kind}" if collection else f"{kind} without a collection"
    return f"{sample:,} of the {records:,} {name}" if part else f"the {name}"


def sample_words(meta: dict[str, str], kinds: tuple[str, ...] = ("cases", "sessions")) -> str:
    """'the WSIS Stocktaking COVID-19 cases and the WSIS Forum 2021 sessions', or '': the
    sample collections among `kinds` (what a chart or page shows), in the run's language."""
    return and_list([_phrase(c) for c in sample_collections(meta) if c["kind"] in (*kinds, "records")])


def sample_sentence(meta: dict[str, str], kinds: tuple[str, ...] = ("cases", "sessions")) -> str:
    """'the ... cases are synthetic, for demonstration only', or '' for real data (or no
    `kinds`)."""
    words = sample_words(meta, kinds) if kinds else ""
    if not words:
        return ""
    # Translators: {collections} lists the sample collections, e.g. "the WSIS Stocktaking
    # COVID-19 cases and the WSIS Forum 2021 sessions".
    return _("{collections} are synthetic, for demonstration only").format(collections=words)


def sample_footer(meta: dict[str, str], kinds: tuple[str, ...] = ("cases", "sessions")) -> str:
    """The footer line of charts and packs: '' for real data."""
    sentence = sample_sentence(meta, kinds)
    if not sentence:
        return ""
    # Translators: a chart's footer line warning that its data is sample data; SAMPLE DATA in
    # capitals; {sentence} says which ("the ... cases are synthetic, for demonstration only").
    return _("SAMPLE DATA: {sentence}").format(sentence=sentence)


def sample_notice(meta: dict[str, str]) -> str:
    """A sentence for page headers and reports: '' for real data."""
    words = sample_words(meta)
    if not words:
        return ""
    # Translators: {collections} lists the sample collections, e.g. "the WSIS Stocktaking
    # COVID-19 cases and the WSIS Forum 2021 sessions".
    return _(
        "Sample data: {collections} are synthetic demonstration exports shipped with the "
        "dashboard; their organisations and figures are invented. Everything else is real."
    ).format(collections=words)


# --------------------------------------------------------------------------- the Data page's imports

# The imports table's columns in reading order (important first), with their labels in words
# (English messages: import_column_labels says them in the run's language).
IMPORT_COLUMNS = {
    # Translators: the heading of the imports table's column numbering them (1, 2, 3...).
    "number": N_("#"),
    "file_name": N_("File"),
    # Translators: the heading of the imports table's column saying what an import holds
    # (cases or sessions).
    "holds": N_("Holds"),
    "rows_read": N_("Rows read"),
    "rows_loaded": N_("Loaded"),
    "rows_rejected": N_("Rejected"),
    "warnings": N_("Warnings"),
    "superseded": N_("Superseded"),
    "added_at": N_("Added (UTC)"),
    "added_by": N_("Added by"),
    "is_sample": N_("Sample data"),
    "shipped": N_("Shipped"),
    "format": N_("Format"),
    "encoding": N_("Encoding"),
    "import_id": N_("Import id"),
}


# The columns of queries/rejected_rows.sql and queries/import_warnings.sql, labelled.
ISSUE_COLUMNS = {
    "file_name": N_("File"),
    # Translators: a column: the row of the imported file (1 is the first after the header).
    "source_row": N_("Row"),
    # Translators: a column: why a row of an imported file was not loaded.
    "reason": N_("Reason"),
    # Translators: a column: a rejected row's cells, as the file had them.
    "raw": N_("Row as read"),
    # Translators: a column: the field whose value was not understood (countries, sdgs...).
    "field": N_("Field"),
    "value": N_("Value"),
    # Translators: a column: what was not understood in the value.
    "message": N_("Not understood"),
}


def issue_column_labels() -> dict[str, str]:
    """ISSUE_COLUMNS' labels in the run's language."""
    return {column: _(label) for column, label in ISSUE_COLUMNS.items()}


def issues_said(frame: pd.DataFrame) -> pd.DataFrame:
    """Rejected rows or warnings with their reasons, fields and messages in the run's language
    (a copy): the database keeps them in English, fields by their names in the queries."""
    out = frame.copy()
    for column, said in (
        ("reason", import_issues.say),
        ("message", import_issues.say),
        ("field", names.field),
    ):
        if column in out.columns:
            out[column] = out[column].map(said)
    return out


def import_column_labels() -> dict[str, str]:
    """IMPORT_COLUMNS' labels in the run's language."""
    return {column: _(label) for column, label in IMPORT_COLUMNS.items()}


def superseded_words(import_id: str, rows: int, pairs: pd.DataFrame, numbers: dict[str, int]) -> str:
    """What became of an import's superseded records, in words: "Superseded: 12 records
    replaced by import 3 (cases.csv)". `pairs` is queries/supersessions.sql (empty for a
    database built before it existed: then only the count is said)."""
    if not rows:
        return ""
    mine = pairs[pairs["import_id"] == import_id] if len(pairs) else pairs
    if mine.empty:
        return ngettext(
            "Superseded: {n} record replaced by later exports",
            "Superseded: {n} records replaced by later exports",
            rows,
        ).format(n=i18n.number(rows))
    parts = []
    for by_id, records in zip(mine["by_import_id"], mine["records"], strict=True):
        n = int(records)
        if by_id == import_id:
            parts.append(
                ngettext(
                    "{n} record replaced by later rows of this file",
                    "{n} records replaced by later rows of this file",
                    n,
                ).format(n=i18n.number(n))
            )
        else:
            # Translators: {number} is the number of the import (the imports table's "#").
            parts.append(
                ngettext(
                    "{n} record replaced by import {number}", "{n} records replaced by import {number}", n
                ).format(n=i18n.number(n), number=numbers.get(str(by_id), "?"))
            )
    # Translators: in the imports table: {replacements} lists what replaced an import's
    # records ("12 records replaced by import 3; 2 records replaced by later rows of this file").
    return _("Superseded: {replacements}").format(replacements=i18n.items(parts))


def import_table(history: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """queries/import_history.sql as the Data page shows it: numbered in import order, what
    each holds and what became of its superseded records in words, columns in IMPORT_COLUMNS'
    order."""
    out = history.reset_index(drop=True).copy()
    out["number"] = range(1, len(out) + 1)
    numbers = dict(zip(out["import_id"], out["number"], strict=True))
    holds = {
        "cases": pgettext("an import holds", "Cases"),
        "sessions": pgettext("an import holds", "Sessions"),
    }
    out["holds"] = out["kind"].map(holds).fillna(out["kind"])
    out["superseded"] = [
        superseded_words(i, int(n or 0), pairs, numbers)
        for i, n in zip(out["import_id"], out["rows_superseded"], strict=True)
    ]
    return out[list(IMPORT_COLUMNS)]
