"""What an import could not understand, in words: why a row was rejected (read.py, ingest.py)
and what was not understood in a value (ingest.py). Each is written in English from one of
the templates below: the database keeps it so, `ict-response rejected` prints it so, and a
script reads it so. A page says it in the reader's language (say()), reading its values back
out of the English text."""

from __future__ import annotations

import re
from functools import cache

from . import i18n
from .i18n import N_, _

# Why a row is rejected.
NO_TITLE = N_("no title")
# Translators: why a row of a CSV file is rejected: {cells} and {columns} are numbers.
CELLS_OVER_HEADER = N_("has {cells} cells but the header has {columns} columns")
# Translators: why a row of a CSV file is rejected; {first} and {last} are line numbers.
OPEN_QUOTE = N_(
    "opens a quoted cell that is never closed, so it runs to the end of the file "
    "(lines {first}-{last}): close the quote"
)
# Translators: why an item of a JSON file is rejected: it is no object with named fields.
NOT_A_RECORD = N_("is not a record with named fields")
# Translators: why a row of a spreadsheet is rejected: it has cells where no column has a name.
CELLS_BEYOND = N_("has cells beyond the last named column")

# What is not understood in a value; {value} is the value as written, quoted.
# Translators: a value not understood; {what} is what it should be (a country, an SDG...).
UNKNOWN = N_("not a known {what}: {value}")
# Translators: a value not understood: it should be a date.
NOT_A_DATE = N_("not a date: {value}")
# Translators: a value not understood: a date before 1990 or after 2100.
DATE_OUT_OF_RANGE = N_("date out of range 1990-2100: {value}")
# Translators: a text longer than the most a field keeps; {limit} and {length} are numbers of
# characters.
CUT = N_("cut to {limit} characters from {length}")

TEMPLATES = (
    NO_TITLE,
    CELLS_OVER_HEADER,
    OPEN_QUOTE,
    NOT_A_RECORD,
    CELLS_BEYOND,
    UNKNOWN,
    NOT_A_DATE,
    DATE_OUT_OF_RANGE,
    CUT,
)

# What a value should have been ({what} of UNKNOWN).
# Translators: what a value of an imported file should have been: "not a known {what}: 'X'".
WHATS = (
    N_("WSIS Action Line"),
    N_("SDG (1-17)"),
    N_("country"),
    N_("entity type"),
    N_("status (Ongoing, Completed, Planned)"),
    N_("yes/no value"),
    N_("http(s) link"),
)
# Fields that hold a number, written with thousands separators in English ("1,000,000").
_NUMBERS = {"cells", "columns", "first", "last", "limit", "length"}


def write(template: str, **values: object) -> str:
    """An issue in English, as the database keeps it: numbers with English separators."""
    return template.format(**{k: f"{v:,}" if isinstance(v, int) else v for k, v in values.items()})


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    def pattern(template: str) -> re.Pattern[str]:
        parts = re.split(r"\{(\w+)\}", template)
        # Literal text escaped; each field the least text that fits, the last one the rest (a
        # value may hold anything, even ": ").
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
        return re.compile(regex, re.DOTALL)

    return tuple((t, pattern(t)) for t in TEMPLATES)


def say(issue: object) -> object:
    """An issue in the run's language (as it is where no template wrote it, or no text)."""
    if not isinstance(issue, str) or i18n.current() == i18n.SOURCE:
        return issue
    for template, pattern in _patterns():
        found = pattern.fullmatch(issue)
        if found:
            values = found.groupdict()
            for key, value in values.items():
                if key in _NUMBERS and re.fullmatch(r"[\d,]+", value):
                    values[key] = i18n.number(int(value.replace(",", "")))
                elif key == "what" and value in WHATS:
                    values[key] = _(value)
            return _(template).format(**values)
    return issue
