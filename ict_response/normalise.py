"""Value normalisers: the many spellings found in exports and URLs (action lines, SDGs,
countries, scopes, entity types, statuses, yes/no flags, links, dates, multi-valued cells)
turned into canonical values. Ingest and the filters both read values through them.

Every normaliser is strict: it returns the canonical value, or None when it does not
understand the text. Callers turn None into a warning or a note, so nothing is guessed
silently.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from functools import lru_cache

from . import taxonomy as tx

# --------------------------------------------------------------------------- action lines

_AL_CODE = re.compile(r"^c ?(\d{1,2})(?: (.*))?$")


@lru_cache(maxsize=50_000)
def normalise_action_line(text: str) -> str | None:
    """'AL C7 E-health', 'c 2', 'C2. Information and ...', 'eHealth' -> 'C7-EHEALTH', 'C2', ..."""
    key = tx.norm_key(text)
    if not key:
        return None
    by_name, sub_lines = tx.action_line_lookup()
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


_SDG = re.compile(r"^(?:sustainable development goals? |sdgs? ?|goals? )?(\d{1,3})(?: (.*))?$")


@lru_cache(maxsize=20_000)
def normalise_sdg(text: str) -> int | None:
    """'3', 'SDG 3', 'SDG3', 'Goal 3', 'Goal 3: Good health and well-being', '#3', the name."""
    key = tx.norm_key(text)
    if not key or re.match(r"\s*[-\u2212]\s*\d", text):  # "-3" is a negative number, not SDG 3
        return None
    by_name = tx.sdg_by_name()
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


# Words that describe where a case works without naming a country.
_GLOBAL_WORDS = {"global", "worldwide", "world", "international", "all countries", "multiple countries"}
_REGIONAL_WORDS = {
    "regional",
    "africa",
    "sub saharan africa",
    "americas",
    "latin america",
    "latin america and the caribbean",
    "caribbean",
    "north america",
    "arab states",
    "arab region",
    "middle east",
    "middle east and north africa",
    "mena",
    "asia",
    "asia pacific",
    "asia and the pacific",
    "pacific",
    "pacific islands",
    "cis",
    "europe",
    "european union",
    "eu",
    "eastern europe",
    "western europe",
    "south east asia",
    "southeast asia",
    "south asia",
    "central asia",
    "east africa",
    "west africa",
    "southern africa",
    "north africa",
    "oceania",
}


@lru_cache(maxsize=50_000)
def normalise_country(text: str) -> str | None:
    """English names, the variants exports use, ISO2 and ISO3 codes -> ISO 3166 alpha-3."""
    raw = text.strip()
    key = tx.norm_key(raw)
    if not key:
        return None
    found = tx.country_lookup().get(key)
    if found:
        return found
    by_iso2, iso3s = tx.country_codes()
    compact = raw.replace(".", "").upper()
    if len(compact) == 3 and compact in iso3s:
        return compact
    if len(compact) == 2 and compact in by_iso2:
        return by_iso2[compact]
    # "Kenya (Republic of)" style: try the part before a bracket.
    base = tx.norm_key(raw.split("(")[0])
    if base and base != key:
        return tx.country_lookup().get(base)
    return None


@lru_cache(maxsize=5_000)
def scope_word(text: str) -> str | None:
    """'Global', 'Worldwide' -> 'Global'; 'Africa', 'Regional' -> 'Regional'; else None."""
    key = tx.norm_key(text)
    if key in _GLOBAL_WORDS:
        return "Global"
    if key in _REGIONAL_WORDS:
        return "Regional"
    return None


@lru_cache(maxsize=10_000)
def normalise_entity_type(text: str) -> str | None:
    """'NGO' -> 'Civil Society', 'University' -> 'Academia', 'UN agency' -> 'International ...'."""
    key = tx.norm_key(text)
    if not key:
        return None
    lookup = tx.entity_lookup()
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
    "ongoing": "Ongoing",
    "active": "Ongoing",
    "in progress": "Ongoing",
    "running": "Ongoing",
    "on going": "Ongoing",
    "completed": "Completed",
    "complete": "Completed",
    "finished": "Completed",
    "closed": "Completed",
    "ended": "Completed",
    "done": "Completed",
    "planned": "Planned",
    "upcoming": "Planned",
    "proposed": "Planned",
    "not started": "Planned",
}


@lru_cache(maxsize=1_000)
def normalise_status(text: str) -> str | None:
    return _STATUS.get(tx.norm_key(text))


_TRUE = {"yes", "y", "true", "t", "1", "x", "covid", "covid 19", "covid related"}
_FALSE = {"no", "n", "false", "f", "0", "not covid related", "none"}


@lru_cache(maxsize=1_000)
def normalise_flag(text: str) -> bool | None:
    key = tx.norm_key(text)
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


# --------------------------------------------------------------------------- dates

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
EXCEL_EPOCH = dt.date(1899, 12, 30)


@lru_cache(maxsize=100_000)
def normalise_date(text: str) -> dt.date | None:
    """ISO, dd/mm/yyyy, dd.mm.yyyy, 'Month yyyy', Excel serials, datetimes -> date."""
    s = text.strip()
    if not s:
        return None
    try:
        if m := re.fullmatch(
            r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
            r"(?:Z|[+-]\d{2}:?\d{2})?",
            s,
        ):  # JSON exports add a UTC offset
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


# The link patterns, shared with the column-wise reading in ingest.py.
URL_WWW = r"^www\.[^\s]+\.[a-z]{2,}"
URL_HTTP = r"^https?://[^\s/?#]+\.[^\s/?#]+"
