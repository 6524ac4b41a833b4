"""ITU's own COVID-19 initiatives: a small, real, sourced collection shipped with the
dashboard and part of every database the writers build (`build`, `ingest`, `withdraw`,
the steward's Publish), beside the sample or the real exports.

The source list is `data/reference/itu_covid_initiatives.csv` (sixteen initiatives, each
with the public page it was read from). `export_rows()` turns it into a cases export that
the ordinary importer reads (`data/collections/itu_covid_initiatives.csv`, written by
`write_export`; a test checks the shipped file is exactly what it writes). Action Lines and
SDGs are tagged only by the rules of `data/reference/initiative_tag_rules.csv`, and each
initiative says which tags were inferred and by which rule; topics come from the topic rules
like any case's, with their evidence.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .i18n import N_
from .paths import DATA_DIR, REFERENCE_DIR

COLLECTION = "ITU COVID-19 initiatives"
# How footers name the collection's sources.
SOURCE = N_("ITU COVID-19 initiatives (ITU and partner pages, linked with each)")  # shown as _(SOURCE)
SOURCE_LIST = REFERENCE_DIR / "itu_covid_initiatives.csv"
TAG_RULES = REFERENCE_DIR / "initiative_tag_rules.csv"
EXPORT = DATA_DIR / "collections" / "itu_covid_initiatives.csv"
# The kept day the list was checked into the project: the import's "added" date.
LISTED_ON = "2026-12-03T00:00:00+00:00"
# Headers of the export; the last three have no field of their own and are kept in `extra`
# (the timeline reads "Date as published" to show month-only dates as months).
DATE_AS_PUBLISHED = "Date as published"
HEADERS = [
    "Project ID",
    "Project Title",
    "Organization",
    "Type of entity",
    "Country/Territory",
    "WSIS Action Line(s)",
    "SDGs",
    "Summary",
    "Start date",
    "Website",
    "Collection",
    DATE_AS_PUBLISHED,
    "Category",
    "Tags inferred",
]
# Scope: ITU's initiatives are worldwide, except where the name itself says otherwise.
REGIONAL = {"itu-cov-14": "the name names four Caribbean small island developing states"}


@dataclass(frozen=True)
class TagRule:
    rule: str
    pattern: str
    action_lines: tuple[str, ...]
    sdgs: tuple[int, ...]
    why: str


@cache
def tag_rules() -> tuple[TagRule, ...]:
    with open(TAG_RULES, encoding="utf-8", newline="") as f:
        return tuple(
            TagRule(
                r["rule"],
                r["pattern"],
                tuple(a for a in r["action_lines"].split(";") if a),
                tuple(int(s) for s in r["sdgs"].split(";") if s),
                r["why"],
            )
            for r in csv.DictReader(f)
        )


def source_rows() -> list[dict[str, str]]:
    with open(SOURCE_LIST, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def inferred_tags(name: str, category: str) -> tuple[list[str], list[int], str]:
    """(action lines, SDGs, how they were inferred) for one initiative: the rules whose
    pattern occurs in its name or category, in the rules' order."""
    text = f"{name} {category}".lower()
    lines: list[str] = []
    sdgs: list[int] = []
    how = []
    for rule in tag_rules():
        found = re.search(rule.pattern, text)
        if not found:
            continue
        lines += [a for a in rule.action_lines if a not in lines]
        sdgs += [s for s in rule.sdgs if s not in sdgs]
        tags = ", ".join([*rule.action_lines, *(f"SDG {s}" for s in rule.sdgs)])
        how.append(f"{tags} inferred by rule '{rule.rule}' (matched '{found[0]}'): {rule.why}")
    if not how:
        return [], [], "None: the source states no Action Line or SDG and no tag rule matched."
    return lines, sdgs, "; ".join(how) + ". The source states no Action Line or SDG."


def export_rows() -> list[list[str]]:
    """The source list as a cases export (header first)."""
    rows = [HEADERS]
    for r in source_rows():
        lines, sdgs, how = inferred_tags(r["name"], r["category"])
        summary = f"{r['category']}. Partners: {r['partners']}."
        rows.append(
            [
                r["id"],
                r["name"],
                r["partners"],
                "International Organization",
                "Regional" if r["id"] in REGIONAL else "Global",
                "; ".join(lines),
                "; ".join(str(s) for s in sdgs),
                summary,
                r["date"],
                r["source_url"],
                COLLECTION,
                r["date"],
                r["category"],
                how,
            ]
        )
    return rows


def export_text() -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(export_rows())
    return buffer.getvalue()


def write_export(path: Path = EXPORT) -> Path:
    """Write the cases export of the initiatives (how data/collections/ is made)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(export_text(), encoding="utf-8")
    return path


def source_urls() -> list[str]:
    return [r["source_url"] for r in source_rows()]
