"""The six official UN languages: which one a run speaks, its messages, and how it writes
numbers, dates and country names.

Messages live in gettext catalogs, one per language, managed with Babel
(`ict_response/locale/<lang>/LC_MESSAGES/messages.po`; `make translations` extracts, updates
and checks them). English is the source language: its text is the message id, so an English
run needs no catalog. Numbers, percentages, dates and country names come from CLDR (Babel).

Which language a run speaks is a context variable: the app sets it once per page run, the CLI
and the briefing builder set it around their work (`with using("fr"):`). Code that writes
text calls `_()` (or `ngettext` for a count) at the moment it writes; text defined once at
import time is marked with `N_()` and translated where it is shown. No Streamlit import.
"""

from __future__ import annotations

import csv
import datetime as dt
import gettext as _gettext
import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import IO

from babel import Locale
from babel.dates import format_date as _format_date
from babel.dates import format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import Translations

# In the UN's order, each named in its own language (a reader looks for their own).
LANGUAGES: dict[str, str] = {
    "ar": "العربية",
    "zh": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}
SOURCE = "en"  # the language the code is written in: message ids are English text
RIGHT_TO_LEFT = frozenset({"ar"})
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"

_language: ContextVar[str] = ContextVar("language", default=SOURCE)


def current() -> str:
    """The language of this run (or of the enclosing `using` block)."""
    return _language.get()


def set_language(lang: str) -> None:
    """Speak `lang` for the rest of this run (the app, once per page run)."""
    _language.set(lang if lang in LANGUAGES else SOURCE)


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Speak `lang` inside the block (the CLI, the briefing builder, tests)."""
    token = _language.set(lang if lang in LANGUAGES else SOURCE)
    try:
        yield
    finally:
        _language.reset(token)


# How a language separates the items of a list where it names no "and": ", " unless it
# writes another mark (Chinese "、", Arabic "،").
_LIST_SEPARATORS = {"zh": "、", "ar": "، "}


def listed(items: Iterable[str]) -> str:
    """Items one after the other, separated as the run's language separates them."""
    return _LIST_SEPARATORS.get(current(), ", ").join(items)


# How a language separates the clauses of a sentence, or items that hold commas of their own,
# and ends a sentence: Chinese writes "；" and "。", Arabic "؛", French a no-break space before
# its semicolon.
_CLAUSE_SEPARATORS = {"zh": "；", "ar": "؛ ", "fr": "\u00a0; "}
_FULL_STOPS = {"zh": "。"}


def items(parts: Iterable[str]) -> str:
    """Items that may hold commas of their own ("SDG 9 Industry, innovation and
    infrastructure"), one after the other, separated as the run's language separates them."""
    return _CLAUSE_SEPARATORS.get(current(), "; ").join(parts)


def sentence(clauses: Iterable[str]) -> str:
    """Clauses made one sentence, punctuated as the run's language punctuates it ("" for none)."""
    joined = items(clauses)  # clauses are separated as such items are
    return joined + _FULL_STOPS.get(current(), ".") if joined else ""


def quoted(text: str) -> str:
    """Words quoted from a case, with the run's language's quotation marks."""
    # Translators: a word quoted from a case's text.
    return _("“{word}”").format(word=text)


def is_rtl(lang: str | None = None) -> bool:
    return (lang or current()) in RIGHT_TO_LEFT


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of `lang` (compiled from its .po once per process, so a catalog
    edited in the repository is never shadowed by a stale .mo). Fuzzy entries are left out:
    an unreviewed translation shows the English text instead."""
    path = catalog_path(lang)
    if lang == SOURCE or not path.exists():
        return _gettext.NullTranslations()
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)


def _(message: str) -> str:
    """`message` in the language of this run."""
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for count `n`, by the plural rules of this run's language
    (Arabic has six forms, Russian three, Chinese one)."""
    return translations(current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` where the same English word needs different translations by context."""
    return translations(current()).pgettext(context, message)


def N_(message: str) -> str:
    """Mark text defined at import time for the catalog; translate it with `_()` where shown."""
    return message


def extract_reference(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: dict[str, str]
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extraction method for reference CSVs whose words the product shows (babel.cfg):
    the values of the `columns` option's columns, each with a comment naming its file's role."""
    columns = options.get("columns", "").split()
    note = options.get("comment", "")
    rows = csv.DictReader(io.TextIOWrapper(fileobj, encoding="utf-8", newline=""))
    for line, row in enumerate(rows, start=2):
        for column in columns:
            if row.get(column):
                yield line, None, row[column], [note] if note else []


# --------------------------------------------------------------------------- CLDR formats


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def locale() -> Locale:
    return _locale(current())


def number(value: float, digits: int = 0) -> str:
    """A count or a figure with this language's grouping and decimal marks (1,234 / 1 234).
    Rounded as Python's own format rounds, so English reads exactly as `f"{value:,}"`."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(Decimal(format(value, f".{digits}f")), format=pattern, locale=current())


def percent(share: float, digits: int = 0) -> str:
    """A share (0.12) as this language writes a percentage (12%, 12 %, ٪12), rounded as
    Python's `f"{share:.0%}"` rounds."""
    own = str(locale().percent_formats[None].pattern).split(";")[0]  # "#,##0 %" in French
    head, tail = own.rsplit("0", 1)
    pattern = head + "0" + ("." + "0" * digits if digits else "") + tail
    exact = Decimal(format(share, f".{digits}%")[:-1]) / 100
    return format_percent(exact, format=pattern, locale=current())


def percent_format() -> str:
    """A whole percentage as a printf format in this language's pattern, for a table column of
    numbers from 0 to 100 ("%.0f%%", French "%.0f\u00a0%%"): the table formats each cell."""
    head, tail = percent(0).split("0", 1)
    return head.replace("%", "%%") + "%.0f" + tail.replace("%", "%%")


def date(day: dt.date, form: str = "medium") -> str:
    """A date with this language's month names and order (3 Dec 2026, 3 déc. 2026)."""
    return _format_date(day, format=form, locale=current())


def month(day: dt.date) -> str:
    """A month and its year as this language writes them (Jan 2021, janv. 2021, 2021年1月)."""
    return str(format_skeleton("yMMM", day, locale=current()))


def quarter(day: dt.date) -> str:
    """The quarter of a day, with its year, as this language writes it (Q2 2019, T2 2019,
    2-й кв. 2019 г., 2019年第2季度)."""
    return str(format_skeleton("yQQQ", day, locale=current()))


def territory(alpha2: str, default: str) -> str:
    """A country's or region's name in this language, from CLDR; `default` (the English name
    the data uses) when CLDR has none."""
    if current() == SOURCE:
        return default
    return str(locale().territories.get(alpha2.upper(), default))
