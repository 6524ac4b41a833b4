"""Names in the reader's language, for what the data names in English.

- Action Lines and SDGs: their official names in each language (data/reference/names.csv);
- ITU regions: ITU's names (names.csv); UN M49 areas and countries: CLDR's (Babel), by code;
- topics, practice elements and the product's own words for values (scopes, kinds of entity):
  the message catalog (the English text is the message id).

Query results carry English names beside their codes. `localise` rewrites the name columns
of a result for the run's language after the result cache, so one cached result serves every
language; codes and other key columns (what a click filters on) are never touched.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd

from . import i18n, taxonomy
from .i18n import N_, _
from .paths import REFERENCE_DIR

NAMES_FILE = REFERENCE_DIR / "names.csv"
NOT_GIVEN = N_("Not given")  # what the queries call a value an export left empty
# What cases_by_action_line calls plain C7 beside its sub-lines: the product's words, not a name.
C7_ALONE = N_("ICT applications, no sub-line")


@cache
def _official() -> dict[tuple[str, str, str], tuple[str, str]]:
    """(kind, code, lang) -> (name, short name) from names.csv."""
    with open(NAMES_FILE, encoding="utf-8", newline="") as f:
        return {(r["kind"], r["code"], r["lang"]): (r["name"], r["short_name"]) for r in csv.DictReader(f)}


def _of(kind: str, code: str, english: str, short: bool = False) -> str:
    found = _official().get((kind, code, i18n.current()))
    if not found:
        return english
    return (found[1] or found[0]) if short else found[0]


def action_line(code: str, english: str, short: bool = False) -> str:
    """An Action Line's official name (or the product's short form of it)."""
    if i18n.current() == i18n.SOURCE:
        return english
    if english == C7_ALONE:
        return _(english)
    return _of("action_line", code, english, short)


def sdg(goal: int, english: str) -> str:
    """An SDG's official short name."""
    return english if i18n.current() == i18n.SOURCE else _of("sdg", str(goal), english)


@cache
def _m49_codes() -> dict[str, str]:
    """English M49 area name -> its M49 code (names.csv's English rows)."""
    return {name: code for (kind, code, lang), (name, _short) in _official().items() if kind == "m49_area"}


def region(english: str) -> str:
    """A region (ITU or M49) or a scope ("Global"), as the data names it in English."""
    if i18n.current() == i18n.SOURCE or not english:
        return english
    if english in taxonomy.ITU_REGIONS:
        return _of("itu_region", english, english)
    code = _m49_codes().get(english)
    if code:
        own = _official().get(("m49_area", code, i18n.current()))
        return own[0] if own else i18n.territory(code, english)
    return _(english)  # a scope or "Not given": the product's own words


@cache
def _iso3_by_name() -> dict[str, str]:
    return {c.name: c.iso3 for c in taxonomy.countries().values()}


def country(iso3: str | None = None, english: str = "") -> str:
    """A country by code (or by the English name the data gives it), in CLDR's words; in
    English, the name the reference data gives it."""
    code = iso3 or _iso3_by_name().get(english)
    found = taxonomy.countries().get(code or "")
    if not found:
        return english or iso3 or ""
    if i18n.current() == i18n.SOURCE or not found.iso2:
        return english or found.name
    return i18n.territory(found.iso2, english or found.name)


def country_list(text: str, sep: str = "; ") -> str:
    """Countries a query lists in one text ("Kenya; Uganda"), each named in this language."""
    if i18n.current() == i18n.SOURCE or not text:
        return text
    return sep.join(country(None, part) for part in text.split(sep))


def sources(text: str) -> str:
    """The sources a database names ("A; B"), each in the run's language (db.SOURCES and
    initiatives.SOURCE are catalog messages)."""
    return i18n.items(_(part) for part in text.split("; ")) if text else text


# The statuses a case can have (normalise.normalise_status), named here for the catalog:
# word() gives them in the run's language.
STATUSES = (
    # Translators: the status of a case's project: going on.
    N_("Ongoing"),
    # Translators: the status of a case's project: completed.
    N_("Completed"),
    # Translators: the status of a case's project: planned, not started yet.
    N_("Planned"),
)
# The kinds of session of the WSIS Forum's programme, as its exports name them, for the
# catalog too (WSIS TalkX is a name, the same in every language); a kind an export names
# otherwise is shown as written.
# (A "Translators:" comment reaches only the message on the line after it: each has its own.)
SESSION_TYPES = (
    # Translators: a kind of session of the WSIS Forum: a workshop on one theme.
    N_("Thematic Workshop"),
    # Translators: a kind of session of the WSIS Forum: a workshop a country holds.
    N_("Country Workshop"),
    # Translators: a kind of session of the WSIS Forum: ministers and leaders on policy.
    N_("High-Level Policy Session"),
    # Translators: a kind of session of the WSIS Forum: one where the audience takes part.
    N_("Interactive session"),
    # Translators: a kind of session of the WSIS Forum: the meeting of an Action Line's facilitators.
    N_("Facilitation Meeting"),
    # Translators: a kind of session of the WSIS Forum: one of a series on a special theme.
    N_("Special Track"),
    # Translators: a kind of session of the WSIS Forum: a hackathon.
    N_("Hackathon"),
    # Translators: a kind of session of the WSIS Forum: the WSIS Prizes' ceremony.
    N_("Prizes ceremony"),
)


# The fields of a case or a session (ingest.CASE_FIELDS, SESSION_FIELDS) as a case's detail
# and the Data page name them (shown as _(label)).
FIELDS = {
    "case_id": N_("ID"),
    "session_id": N_("ID"),
    "collection": N_("Collection"),
    "forum": N_("Forum"),
    "title": N_("Title"),
    "organisation": N_("Organisation"),
    "organisers": N_("Organisers"),
    "entity_type": N_("Kind of organisation"),
    "session_type": N_("Kind of session"),
    "countries": N_("Countries"),
    "scope": N_("Scope"),
    "action_lines": N_("WSIS Action Lines"),
    "sdgs": N_("SDGs"),
    "keywords": N_("Keywords"),
    "description": N_("Description"),
    "status": N_("Status"),
    "start_date": N_("Started"),
    "end_date": N_("Ended"),
    "submitted_on": N_("Submitted"),
    "held_on": N_("Held on"),
    "covid_related": N_("COVID-related"),
    "url": N_("Link"),
}


def field(name: object) -> object:
    """A field of a case or a session named in the run's language (as it is where it has no
    name)."""
    return _(FIELDS[name]) if isinstance(name, str) and name in FIELDS else name


def word(value: str) -> str:
    """A value in the product's own words (a scope, a kind of entity, a topic's label, a
    practice element): its translation in the catalog, or itself."""
    return _(value) if value else value


# --------------------------------------------------------------------------- result frames


def _mapped(frame: pd.DataFrame, column: str, name: pd.Series) -> pd.DataFrame:
    return frame.assign(**{column: name.to_numpy()})


def _each(values: object, one: Callable[[str], str]) -> object:
    """A list cell (a case's countries) mapped element by element; any other cell as it is."""
    if isinstance(values, np.ndarray):
        values = values.tolist()
    if isinstance(values, (list, tuple)):
        return [one(v) if isinstance(v, str) else v for v in values]
    return values


def _dimension_label(dimension: str, key: str, english: str) -> str:
    """A country profile's label ("C1 Role of…", "SDG 1 No poverty", a topic, a practice)."""
    if dimension == "action_line":
        return f"{key} {action_line(key, english.removeprefix(key).strip(), short=True)}"
    if dimension == "sdg" and key.isdigit():
        return sdg_label(key, sdg(int(key), english.removeprefix(f"SDG {key}").strip()))
    return word(english)  # a topic's label or a practice element's


def sdg_label(goal: object, name: str) -> str:
    """'SDG 3 Good health and well-being': a goal's number and its name (already in the run's
    language), as charts, findings and a case's detail write it."""
    # Translators: an SDG's number and official name, e.g. "SDG 3 Good health and well-being".
    return _("SDG {number} {name}").format(number=goal, name=name)


def region_list(text: str) -> str:
    """Regions a query lists in one text ("Africa; Arab States"), each named in this language."""
    return "; ".join(region(r) for r in text.split("; ")) if text else text


def with_region_names(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with `region_name`, its regions in the run's language, beside `region`, the
    key the filters and a click use."""
    return frame.assign(region_name=[region(str(r)) for r in frame["region"]])


def _country(english: str) -> str:
    return country(None, english)


def _text(value: object, one: Callable[[str], str]) -> object:
    return one(value) if isinstance(value, str) and value else value


def _listed(value: object, text: Callable[[str], str], one: Callable[[str], str]) -> object:
    """A cell listing names: one text ("Kenya; Uganda") or a list, each name localised."""
    return text(value) if isinstance(value, str) else _each(value, one)


def _action_line_items(text: str) -> str:
    """A case's Action Lines as one text ("C7-EHEALTH E-health; C2 Information…"), each named
    in the run's language; codes alone ("C7-EHEALTH; C2") stay as they are."""
    items = []
    for item in text.split("; "):
        code, _space, english = item.partition(" ")
        items.append(f"{code} {action_line(code, english)}" if english else item)
    return "; ".join(items)


def _sdg_items(text: str) -> str:
    """A case's SDGs as one text ("SDG 3 Good health…; SDG 9 …"), each in the run's language."""
    items = []
    for item in text.split("; "):
        found = re.fullmatch(r"SDG (\d+) (.+)", item)
        if found:
            goal = int(found.group(1))
            items.append(sdg_label(goal, sdg(goal, found.group(2))))
        else:
            items.append(item)
    return "; ".join(items)


def localise(frame: pd.DataFrame) -> pd.DataFrame:
    """A query result with its name columns in the run's language (a copy; English: as is)."""
    if i18n.current() == i18n.SOURCE or frame.empty:
        return frame
    cols = set(frame.columns)
    out = frame
    if "action_line" in cols:
        codes = frame["action_line"].astype(str)
        for column, short in (("name", False), ("short_name", True)):
            if column in cols:
                names = [action_line(c, n, short) for c, n in zip(codes, frame[column], strict=True)]
                out = _mapped(out, column, pd.Series(names))
    if "sdg" in cols:
        column = "sdg_name" if "sdg_name" in cols else ("name" if "action_line" not in cols else "")
        if column in cols:
            names = [sdg(int(g), n) for g, n in zip(frame["sdg"], frame[column], strict=True)]
            out = _mapped(out, column, pd.Series(names))
    if "country" in cols and "name" in cols:
        names = [country(c, n) for c, n in zip(frame["country"], frame["name"], strict=True)]
        out = _mapped(out, "name", pd.Series(names))
    if "topic" in cols and "label" in cols:
        out = _mapped(out, "label", frame["label"].map(word))
    if {"dimension", "key", "label"} <= cols:  # a country's profile: a label of each kind
        labels = [
            _dimension_label(str(d), str(k), str(label))
            for d, k, label in zip(frame["dimension"], frame["key"], frame["label"], strict=True)
        ]
        out = _mapped(out, "label", pd.Series(labels))
    # (`category`: the kind of one of ITU's initiatives, queries/itu_initiatives.sql.)
    for column in ("entity_type", "session_type", "scope", "status", "category"):
        if column in cols:
            out = _mapped(out, column, frame[column].map(lambda v: word(v) if isinstance(v, str) else v))
    if "countries" in cols:  # a list of names, or one text of them ("Kenya; Uganda")
        out = _mapped(out, "countries", frame["countries"].map(lambda v: _listed(v, country_list, _country)))
    for column in ("itu_regions", "regions"):
        if column in cols:
            out = _mapped(out, column, frame[column].map(lambda v: _listed(v, region_list, region)))
    if "action_lines" in cols:  # a case's, in one text
        out = _mapped(out, "action_lines", frame["action_lines"].map(lambda v: _text(v, _action_line_items)))
    for column in ("sdgs", "sdgs_implied"):
        if column in cols:
            out = _mapped(out, column, frame[column].map(lambda v: _text(v, _sdg_items)))
    if "practice" in cols:
        out = _mapped(out, "practice", frame["practice"].map(lambda v: word(v) if isinstance(v, str) else v))
    return out
