"""The vocabularies (Action Lines, SDGs, countries and regions, entity types) and the
normalisers that turn the many spellings found in exports into canonical values.

Every normaliser is strict: it returns the canonical value, or None when it does not
understand the text. Callers turn None into a warning, so nothing is guessed silently.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

import pycountry

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


@cache
def action_line_names() -> dict[str, str]:
    return {a.code: a.name for a in action_lines()}


@cache
def _action_line_lookup() -> tuple[dict[str, str], dict[str, str]]:
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


_AL_CODE = re.compile(r"^c ?(\d{1,2})(?: (.*))?$")


@lru_cache(maxsize=50_000)
def normalise_action_line(text: str) -> str | None:
    """'AL C7 E-health', 'c 2', 'C2. Information and ...', 'eHealth' -> 'C7-EHEALTH', 'C2', ..."""
    key = norm_key(text)
    if not key:
        return None
    by_name, sub_lines = _action_line_lookup()
    if key in by_name:
        return by_name[key]
    stripped = re.sub(r"^(?:wsis )?(?:action lines? |al )", "", key)
    if stripped in by_name:
        return by_name[stripped]
    m = _AL_CODE.match(stripped)
    if not m:
        return None
    number, rest = int(m.group(1)), (m.group(2) or "").strip()
    if not 1 <= number <= 11:
        return None
    code = f"C{number}"
    if not rest:
        return code
    if number == 7:
        if rest in sub_lines:
            return sub_lines[rest]
        if by_name.get(rest) == "C7":
            return "C7"
        return None
    # "C2 Information and communication infrastructure": the words must name the same line.
    return code if by_name.get(rest) == code else None


def action_line_with_parents(codes: Iterable[str]) -> list[str]:
    """Codes plus the parent of each sub-line, so a 'C7' filter finds C7-EHEALTH cases."""
    parents = {a.code: a.parent for a in action_lines()}
    out = list(dict.fromkeys(codes))
    for code in list(out):
        parent = parents.get(code)
        if parent and parent not in out:
            out.append(parent)
    return out


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
def _sdg_by_name() -> dict[str, int]:
    return {norm_key(s.name): s.number for s in sdgs()}


_SDG = re.compile(r"^(?:sustainable development goals? |sdgs? ?|goals? )?(\d{1,3})(?: (.*))?$")


@lru_cache(maxsize=20_000)
def normalise_sdg(text: str) -> int | None:
    """'3', 'SDG 3', 'SDG3', 'Goal 3', 'Goal 3: Good health and well-being', '#3', the name."""
    key = norm_key(text)
    if not key or re.match(r"\s*[-\u2212]\s*\d", text):  # "-3" is a negative number, not SDG 3
        return None
    by_name = _sdg_by_name()
    if key in by_name:
        return by_name[key]
    # Excel turns 3 into 3.0.
    key = re.sub(r"^(\d+) 0$", r"\1", key)
    m = _SDG.match(key)
    if not m:
        return None
    number, rest = int(m.group(1)), (m.group(2) or "").strip()
    if not 1 <= number <= 17:
        return None
    if rest and by_name.get(rest) != number:
        return None
    return number


# --------------------------------------------------------------------------- countries and regions

ITU_REGIONS = ("Africa", "Americas", "Arab States", "Asia-Pacific", "CIS", "Europe")
SCOPES = ("National", "Multi-country", "Regional", "Global")

# Words that describe where a case works without naming a country.
_GLOBAL_WORDS = {"global", "worldwide", "world", "international", "all countries", "multiple countries"}
_REGIONAL_WORDS = {
    "regional", "africa", "sub saharan africa", "americas", "latin america",
    "latin america and the caribbean", "caribbean", "north america", "arab states", "arab region",
    "middle east", "middle east and north africa", "mena", "asia", "asia pacific",
    "asia and the pacific", "pacific", "pacific islands", "cis", "europe", "european union", "eu",
    "eastern europe", "western europe", "south east asia", "southeast asia", "south asia",
    "central asia", "east africa", "west africa", "southern africa", "north africa", "oceania",
}


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
    return {
        r["iso3"]: Country(
            r["iso3"], r["iso2"], r["name"], r["itu_region"], r["m49_region"], r["m49_subregion"]
        )
        for r in _read_csv("countries.csv")
    }


@cache
def _country_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                lookup[norm_key(value)] = c.alpha_3
    for c in countries().values():
        lookup[norm_key(c.name)] = c.iso3
    for r in _read_csv("country_aliases.csv"):
        lookup[norm_key(r["alias"])] = r["iso3"]
    return lookup


@cache
def _codes() -> tuple[dict[str, str], set[str]]:
    by_iso2 = {c.iso2.upper(): c.iso3 for c in countries().values() if c.iso2}
    return by_iso2, set(countries())


@lru_cache(maxsize=50_000)
def normalise_country(text: str) -> str | None:
    """English names, the variants exports use, ISO2 and ISO3 codes -> ISO 3166 alpha-3."""
    raw = text.strip()
    key = norm_key(raw)
    if not key:
        return None
    found = _country_lookup().get(key)
    if found:
        return found
    by_iso2, iso3s = _codes()
    compact = raw.replace(".", "").upper()
    if len(compact) == 3 and compact in iso3s:
        return compact
    if len(compact) == 2 and compact in by_iso2:
        return by_iso2[compact]
    # "Kenya (Republic of)" style: try the part before a bracket.
    base = norm_key(raw.split("(")[0])
    if base and base != key:
        return _country_lookup().get(base)
    return None


@lru_cache(maxsize=5_000)
def scope_word(text: str) -> str | None:
    """'Global', 'Worldwide' -> 'Global'; 'Africa', 'Regional' -> 'Regional'; else None."""
    key = norm_key(text)
    if key in _GLOBAL_WORDS:
        return "Global"
    if key in _REGIONAL_WORDS:
        return "Regional"
    return None


@cache
def region_names(scheme: str) -> tuple[str, ...]:
    """Regions a filter can name under a scheme ('itu' or 'm49'), plus the two scopes."""
    if scheme == "m49":
        names = sorted(
            {c.m49_region for c in countries().values()}
            | {c.m49_subregion for c in countries().values()}
        )
    else:
        names = list(ITU_REGIONS)
    return (*names, "Global", "Regional")


# --------------------------------------------------------------------------- entity types

ENTITY_TYPES = (
    "Government",
    "Private Sector",
    "Civil Society",
    "Academia",
    "International Organization",
    "Other",
)


@cache
def _entity_lookup() -> dict[str, str]:
    lookup = {norm_key(r["alias"]): r["entity_type"] for r in _read_csv("entity_types.csv")}
    lookup.update({norm_key(e): e for e in ENTITY_TYPES})
    return lookup


@lru_cache(maxsize=10_000)
def normalise_entity_type(text: str) -> str | None:
    """'NGO' -> 'Civil Society', 'University' -> 'Academia', 'UN agency' -> 'International ...'."""
    key = norm_key(text)
    if not key:
        return None
    lookup = _entity_lookup()
    if key in lookup:
        return lookup[key]
    # "Ministry of Health", "Mobile operator company": a known word inside decides.
    words = f" {key} "
    for alias in sorted(lookup, key=len, reverse=True):
        if f" {alias} " in words:
            return lookup[alias]
    return None


# --------------------------------------------------------------------------- other fields

_STATUS = {
    "ongoing": "Ongoing", "active": "Ongoing", "in progress": "Ongoing", "running": "Ongoing",
    "on going": "Ongoing", "completed": "Completed", "complete": "Completed",
    "finished": "Completed", "closed": "Completed", "ended": "Completed", "done": "Completed",
    "planned": "Planned", "upcoming": "Planned", "proposed": "Planned", "not started": "Planned",
}


@lru_cache(maxsize=1_000)
def normalise_status(text: str) -> str | None:
    return _STATUS.get(norm_key(text))


_TRUE = {"yes", "y", "true", "t", "1", "x", "covid", "covid 19", "covid related"}
_FALSE = {"no", "n", "false", "f", "0", "not covid related", "none"}


@lru_cache(maxsize=1_000)
def normalise_flag(text: str) -> bool | None:
    key = norm_key(text)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    return None


@lru_cache(maxsize=50_000)
def normalise_url(text: str) -> str | None:
    """Keep http(s) links only: a link from data must never run script when clicked."""
    url = text.strip()
    if re.match(URL_WWW, url, re.IGNORECASE):
        url = "https://" + url
    # Quotes, angle brackets, backslashes and control characters never belong in a link:
    # a cell holding them is markup or a broken paste, not an address.
    if re.match(URL_HTTP, url, re.IGNORECASE) and not re.search(r'[\s"<>\\\x00-\x1f\x7f]', url):
        return url
    return None


# The link patterns, shared with the column-wise reading in ingest.py.
URL_WWW = r"^www\.[^\s]+\.[a-z]{2,}"
URL_HTTP = r"^https?://[^\s/?#]+\.[^\s/?#]+"


# --------------------------------------------------------------------------- multi-valued cells

_STRONG_SEPARATORS = re.compile(r"\s*(?:;|\||\r\n|\n|\r)\s*")


def split_multi(cell: str, understands: Callable[[str], object]) -> list[str]:
    """Split a multi-valued cell on ; , | and line breaks, or read it as a JSON list.

    Commas split too, except inside a name the normaliser `understands` as one value,
    such as "Korea, Republic of" or "Peace, justice and strong institutions".
    """
    text = cell.strip()
    if not text:
        return []
    if text.startswith("[") and text.endswith("]"):
        try:
            items = json.loads(text)
        except (ValueError, RecursionError):  # "[[[[...": nested past Python's stack
            items = None
        if isinstance(items, list):
            return [str(i).strip() for i in items if str(i).strip()]
    parts: list[str] = []
    for piece in _STRONG_SEPARATORS.split(text):
        if "," not in piece:
            if piece.strip():
                parts.append(piece.strip())
            continue
        tokens = [t.strip() for t in piece.split(",")]
        # Every token a value on its own ("C2, C4, E-health"): a list, not one long name.
        # Only a token that means nothing alone ("Republic of") calls for joining.
        if all(understands(t) is not None for t in tokens if t):
            parts.extend(t for t in tokens if t)
            continue
        if understands(piece) is not None:
            parts.append(piece.strip())
            continue
        i = 0
        while i < len(tokens):
            # Longest run of comma-joined tokens that names one known value.
            for j in range(len(tokens), i + 1, -1):
                joined = ", ".join(tokens[i:j])
                if understands(joined) is not None:
                    parts.append(joined)
                    i = j
                    break
            else:
                if tokens[i]:
                    parts.append(tokens[i])
                i += 1
    return parts
