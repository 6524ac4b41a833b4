"""The vocabularies (Action Lines, SDGs, countries and regions, entity types) read from
data/reference/, and the lookups from every known spelling to a canonical value that the
normalisers (normalise.py) use."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

import pycountry
from babel.dates import format_interval

from . import i18n
from .i18n import N_, _, ngettext
from .paths import REFERENCE_DIR

# --------------------------------------------------------------------------- text keys


@lru_cache(maxsize=200_000)
def norm_key(text: str) -> str:
    """Case-, accent-, space- and punctuation-insensitive key: "Côte d'Ivoire" -> "cote d ivoire"."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_ish = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", ascii_ish.casefold()).split())


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --------------------------------------------------------------------------- action lines


@dataclass(frozen=True)
class ActionLine:
    code: str
    name: str
    short_name: str
    parent: str | None
    sort: int


@cache
def action_lines() -> tuple[ActionLine, ...]:
    """The 18 categories (C1..C11 with C7's eight sub-lines), plus plain C7 itself."""
    return tuple(
        ActionLine(r["code"], r["name"], r["short_name"], r["parent"] or None, int(r["sort"]))
        for r in _read_csv("action_lines.csv")
    )


@dataclass(frozen=True)
class PracticeTerm:
    """One practice element of the replication finder and the words that name it
    (data/reference/practice_terms.csv: `;`-separated, each one or more words that must all
    be in a text), with its entries in Arabic, Chinese, Russian and Spanish
    (practice_term_translations.csv)."""

    concept: str
    label: str
    words: str


@cache
def practice_terms() -> tuple[PracticeTerm, ...]:
    translated: dict[str, list[str]] = {}
    for r in _read_csv("practice_term_translations.csv"):
        translated.setdefault(r["concept"], []).append(r["words"])
    return tuple(
        PracticeTerm(r["concept"], r["label"], ";".join([r["words"], *translated.get(r["concept"], [])]))
        for r in _read_csv("practice_terms.csv")
    )


# One way to say what Action Line coverage counts, in the Overview, findings, charts and CLI:
# the 18 categories; plain C7 (no sub-line) is where a case goes that names none of them.
CATEGORY_WORDS = "Action Lines and sub-lines"
C7_ONLY_WORDS = "ticking only C7 (no sub-line)"


def category_count() -> int:
    """18: C1-C6, C7's eight sub-lines and C8-C11 (plain C7 is not a category of its own)."""
    return sum(1 for a in action_lines() if a.code != "C7")


def coverage_words(covered: int, c7_only: int) -> str:
    """ "6 of 18 Action Lines and sub-lines covered (plus 1 case ticking only C7 ...)", in the
    run's language (the words of CATEGORY_WORDS and C7_ONLY_WORDS, in whole messages)."""
    # Translators: {covered} (which picks the plural form) of the {total} (18) WSIS Action
    # Lines and C7 sub-lines have at least one case.
    coverage = ngettext(
        "{covered} of {total} Action Lines and sub-lines covered",
        "{covered} of {total} Action Lines and sub-lines covered",
        covered,
    ).format(covered=i18n.number(covered), total=i18n.number(category_count()))
    if not c7_only:
        return coverage
    # Translators: {coverage} is e.g. "12 of 18 Action Lines and sub-lines covered", {c7_only}
    # e.g. "plus 3 cases ticking only C7 (no sub-line)".
    return _("{coverage} ({c7_only})").format(coverage=coverage, c7_only=c7_only_words(c7_only))


def c7_only_words(cases: int) -> str:
    """ "plus 3 cases ticking only C7 (no sub-line)", in the run's language."""
    # Translators: {n} cases (it picks the plural form) that name the Action Line C7 ICT
    # applications but none of its eight sub-lines (E-health, E-learning…).
    return ngettext(
        "plus {n} case ticking only C7 (no sub-line)", "plus {n} cases ticking only C7 (no sub-line)", cases
    ).format(n=i18n.number(cases))


@cache
def action_line_names() -> dict[str, str]:
    return {a.code: a.name for a in action_lines()}


@cache
def action_line_lookup() -> tuple[dict[str, str], dict[str, str]]:
    """(name key -> code, C7 sub-line key -> code), with the compact forms (eHealth)."""
    by_name: dict[str, str] = {}
    sub_lines: dict[str, str] = {}
    for a in action_lines():
        for label in (a.name, a.short_name):
            by_name[norm_key(label)] = a.code
        if a.parent:
            by_name[norm_key(a.code)] = a.code  # "C7-EGOV", as filters write it back into URLs
            key = norm_key(a.name)  # "e health"
            for variant in (key, key.replace(" ", ""), key.removeprefix("e ")):
                sub_lines[variant] = a.code
                by_name[variant] = a.code
    # Names used in practice beyond the official ones.
    by_name.update({"e commerce": "C7-EBUS", "ecommerce": "C7-EBUS", "telemedicine": "C7-EHEALTH"})
    return by_name, sub_lines


# --------------------------------------------------------------------------- SDGs


@dataclass(frozen=True)
class Sdg:
    number: int
    name: str
    colour: str


@cache
def sdgs() -> tuple[Sdg, ...]:
    return tuple(Sdg(int(r["sdg"]), r["name"], r["colour"]) for r in _read_csv("sdgs.csv"))


@cache
def sdg_by_name() -> dict[str, int]:
    return {norm_key(s.name): s.number for s in sdgs()}


# --------------------------------------------------------------------------- WSIS-SDG Matrix


@dataclass(frozen=True)
class SdgLinkage:
    """One official linkage of ITU's WSIS-SDG Matrix: an Action Line serves an SDG."""

    action_line: str
    sdg: int
    targets: str  # SDG targets named for the pair, ";"-separated; "" where none is named
    in_both_source_files: bool  # False: only one of the source's two files lists it


@cache
def sdg_linkages() -> tuple[SdgLinkage, ...]:
    """The 127 linkages of data/reference/wsis_sdg_matrix.csv, checked against the other
    vocabularies so a typo there fails the build instead of silently marking nothing."""
    codes = {a.code for a in action_lines()}
    goals = {s.number for s in sdgs()}
    out = []
    for i, r in enumerate(_read_csv("wsis_sdg_matrix.csv"), start=2):
        both = r["in_both_source_files"].strip().lower()
        if r["action_line"] not in codes or int(r["sdg"]) not in goals or both not in ("yes", "no"):
            raise ValueError(f"data/reference/wsis_sdg_matrix.csv line {i}: not a linkage: {r}")
        out.append(SdgLinkage(r["action_line"], int(r["sdg"]), r["targets"], both == "yes"))
    return tuple(out)


# --------------------------------------------------------------------------- countries and regions

# The WSIS Forum 2021 ran online from January 2021, one programme a week, and closed with
# its final week on 17-21 May 2021 (source in data/reference/SOURCES.md). Monday first.
FORUM_2021_FINAL_WEEK = (dt.date(2021, 5, 17), dt.date(2021, 5, 21))


def forum_week_words() -> str:
    """ "17-21 May 2021" in English; the run's language's way of writing a span of days
    (CLDR) elsewhere."""
    start, end = FORUM_2021_FINAL_WEEK
    if i18n.current() == i18n.SOURCE:
        return f"{start.day}-{end.day} {end:%B %Y}"
    return str(format_interval(start, end, "yMMMMd", locale=i18n.current()))


ITU_REGIONS = ("Africa", "Americas", "Arab States", "Asia-Pacific", "CIS", "Europe")
# A deployment moves a country to another ITU region without editing code: rows of
# data/reference/region_overrides.csv, then of the file named by the variable.
REGION_OVERRIDES = "region_overrides.csv"
REGION_OVERRIDES_ENV = "ICT_RESPONSE_REGION_OVERRIDES"
SCOPES = (N_("National"), N_("Multi-country"), N_("Regional"), N_("Global"))


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    name: str
    itu_region: str
    m49_region: str
    m49_subregion: str


@cache
def countries() -> dict[str, Country]:
    """Every country with its regions, after the deployment's region overrides."""
    found = {
        r["iso3"]: Country(
            r["iso3"], r["iso2"], r["name"], r["itu_region"], r["m49_region"], r["m49_subregion"]
        )
        for r in _read_csv("countries.csv")
    }
    for iso3, region in region_overrides().items():
        found[iso3] = replace(found[iso3], itu_region=region)
    return found


def override_files() -> list[Path]:
    """The region override files in force: the shipped one a deployment edits, then the one
    named by $ICT_RESPONSE_REGION_OVERRIDES (a later file wins for the same country)."""
    files = [REFERENCE_DIR / REGION_OVERRIDES]
    named = os.environ.get(REGION_OVERRIDES_ENV, "").strip()
    if named:
        files.append(Path(named))
    return files


@cache
def region_overrides() -> dict[str, str]:
    """iso3 -> ITU region, from the override files (iso3,itu_region,note). A file named by
    the variable that is not there, an unknown country or an unknown region is a one-line
    UserError naming the file and the row."""
    from .errors import UserError

    known = {r["iso3"] for r in _read_csv("countries.csv")}
    overrides: dict[str, str] = {}
    for path in override_files():
        if not path.is_file():
            if path.name == REGION_OVERRIDES and path.parent == REFERENCE_DIR:
                continue  # the shipped file is optional
            raise UserError(f"{path}: no such region override file (${REGION_OVERRIDES_ENV}).")
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            if not {"iso3", "itu_region"} <= set(reader.fieldnames or ()):
                raise UserError(f"{path}: a region override file has the columns iso3,itu_region,note.")
            for line, row in enumerate(reader, start=2):
                iso3 = (row.get("iso3") or "").strip().upper()
                region = (row.get("itu_region") or "").strip()
                if not iso3 or iso3.startswith("#"):
                    continue
                if iso3 not in known:
                    raise UserError(
                        f"{path}, line {line}: {iso3!r} is not an ISO 3166 alpha-3 code in countries.csv."
                    )
                if region not in ITU_REGIONS:
                    raise UserError(
                        f"{path}, line {line}: {region!r} is not an ITU region; "
                        f"use one of {', '.join(ITU_REGIONS)}."
                    )
                overrides[iso3] = region
    return overrides


@cache
def country_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                lookup[norm_key(value)] = c.alpha_3
    for country in countries().values():
        lookup[norm_key(country.name)] = country.iso3
    for r in _read_csv("country_aliases.csv"):
        lookup[norm_key(r["alias"])] = r["iso3"]
    return lookup


@cache
def country_codes() -> tuple[dict[str, str], set[str]]:
    by_iso2 = {c.iso2.upper(): c.iso3 for c in countries().values() if c.iso2}
    return by_iso2, set(countries())


@cache
def region_names(scheme: str) -> tuple[str, ...]:
    """Regions a filter can name under a scheme ('itu' or 'm49'), plus the two scopes."""
    if scheme == "m49":
        names = sorted(
            {c.m49_region for c in countries().values()} | {c.m49_subregion for c in countries().values()}
        )
    else:
        names = list(ITU_REGIONS)
    return (*names, "Global", "Regional")


# --------------------------------------------------------------------------- entity types

# Marked for the catalog: shown in the reader's language through names.word().
ENTITY_TYPES = (
    N_("Government"),
    N_("Private Sector"),
    N_("Civil Society"),
    N_("Academia"),
    N_("International Organization"),
    N_("Other"),
)


@cache
def entity_lookup() -> dict[str, str]:
    lookup = {norm_key(r["alias"]): r["entity_type"] for r in _read_csv("entity_types.csv")}
    lookup.update({norm_key(e): e for e in ENTITY_TYPES})
    return lookup
