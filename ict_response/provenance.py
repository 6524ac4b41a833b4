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


def _phrase(c: SampleCollection) -> str:
    if c["kind"] == "records":
        return "some records (rebuild the database to see which)"
    name = f"{c['collection']} {c['kind']}" if c["collection"] else f"{c['kind']} without a collection"
    if c["sample"] < c["records"]:
        return f"{c['sample']:,} of the {c['records']:,} {name}"
    return f"the {name}"


def sample_words(meta: dict[str, str], kinds: tuple[str, ...] = ("cases", "sessions")) -> str:
    """'the WSIS Stocktaking COVID-19 cases and the WSIS Forum 2021 sessions', or '': the
    sample collections among `kinds` (what a chart or page shows)."""
    parts = [_phrase(c) for c in sample_collections(meta) if c["kind"] in (*kinds, "records")]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return parts[0] if parts else ""


def sample_footer(meta: dict[str, str], kinds: tuple[str, ...] = ("cases", "sessions")) -> str:
    """The footer line of charts and packs: '' for real data."""
    if not kinds:
        return ""
    words = sample_words(meta, kinds)
    if not words:
        return ""
    return f"{SAMPLE_MARK}: {words} are synthetic, for demonstration only"


def sample_notice(meta: dict[str, str]) -> str:
    """A sentence for page headers and reports: '' for real data."""
    words = sample_words(meta)
    if not words:
        return ""
    return (
        f"Sample data: {words} are synthetic demonstration exports shipped with the "
        "dashboard; their organisations and figures are invented. Everything else is real."
    )


# --------------------------------------------------------------------------- the Data page's imports

# The imports table's columns in reading order (important first), with their labels in words.
IMPORT_COLUMNS = {
    "number": "#",
    "file_name": "File",
    "holds": "Holds",
    "rows_read": "Rows read",
    "rows_loaded": "Loaded",
    "rows_rejected": "Rejected",
    "warnings": "Warnings",
    "superseded": "Superseded",
    "added_at": "Added (UTC)",
    "added_by": "Added by",
    "is_sample": "Sample data",
    "shipped": "Shipped",
    "format": "Format",
    "encoding": "Encoding",
    "import_id": "Import id",
}


def superseded_words(import_id: str, rows: int, pairs: pd.DataFrame, numbers: dict[str, int]) -> str:
    """What became of an import's superseded records, in words: "Superseded: 12 records
    replaced by import 3 (cases.csv)". `pairs` is queries/supersessions.sql (empty for a
    database built before it existed: then only the count is said)."""
    if not rows:
        return ""
    mine = pairs[pairs["import_id"] == import_id] if len(pairs) else pairs
    if mine.empty:
        return f"Superseded: {_records(rows)} replaced by later exports"
    parts = []
    for by_id, records in zip(mine["by_import_id"], mine["records"], strict=True):
        by = "later rows of this file" if by_id == import_id else f"import {numbers.get(str(by_id), '?')}"
        parts.append(f"{_records(int(records))} replaced by {by}")
    return "Superseded: " + "; ".join(parts)


def _records(n: int) -> str:
    return f"{n:,} record" + ("" if n == 1 else "s")


def import_table(history: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """queries/import_history.sql as the Data page shows it: numbered in import order, what
    each holds and what became of its superseded records in words, columns in IMPORT_COLUMNS'
    order."""
    out = history.reset_index(drop=True).copy()
    out["number"] = range(1, len(out) + 1)
    numbers = dict(zip(out["import_id"], out["number"], strict=True))
    out["holds"] = out["kind"].map({"cases": "Cases", "sessions": "Sessions"}).fillna(out["kind"])
    out["superseded"] = [
        superseded_words(i, int(n or 0), pairs, numbers)
        for i, n in zip(out["import_id"], out["rows_superseded"], strict=True)
    ]
    return out[list(IMPORT_COLUMNS)]
