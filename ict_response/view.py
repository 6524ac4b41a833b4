"""How a page is shown, beside the filters of what it shows: every setting a reader can
change on a page (its language, C7 rolled up, the case opened and where its likes are, the need typed on
the Replication page, the briefing's sections),
declared once here with its URL key, so that a copied URL reopens the same view.

A value that cannot be understood falls back to the setting's default with a note, as a
filter's does. `Filters.parse` leaves these keys to this module. No Streamlit import."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from . import i18n
from .filters import or_list
from .i18n import N_, _, ngettext

Kind = Literal["bool", "choice", "list", "id", "text"]
MAX_ID = 100  # a case id; a longer value is a malformed link
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


@dataclass(frozen=True)
class ViewSetting:
    key: str  # URL query parameter
    kind: Kind  # bool: on/off; choice: one of `choices`; list: some of `choices`; id: a record's id
    pages: tuple[str, ...]  # the url paths of the pages that show it
    label: str  # marked for the catalog: shown as _(label)
    choices: tuple[str, ...] = ()
    default: object = None
    # Kind id: the note for a value that is no id, a whole sentence with {key} and {value}.
    not_an_id: str = N_("Ignored {key}={value}: not an id.")

    def parse(self, items: Iterable[str]) -> tuple[object, str | None]:
        """The value from the URL's values of this key, and a note when one was not understood."""
        raw = [i.strip() for i in items if i.strip()]
        if not raw:
            return self.default, None
        last = raw[-1]
        # In every note: {key}={value} quotes the part of the link that was not understood
        # (rollup='maybe'), {choices} the values the link may give; neither is translated.
        if self.kind == "bool":
            if last.lower() in TRUE + FALSE:
                return last.lower() in TRUE, None
            # Translators: {key}={value} quotes the part of the link not understood, e.g. rollup='maybe'.
            use = _("Ignored {key}={value}: use {key}=1 or {key}=0.")
            return self.default, use.format(key=self.key, value=repr(_short(last)))
        if self.kind == "choice":
            if last.lower() in self.choices:
                return last.lower(), None
            # Translators: {choices} are the values a link may give, e.g. "ar or zh or en".
            use = _("Ignored {key}={value}: use {choices}.")
            return self.default, use.format(
                key=self.key, value=repr(_short(last)), choices=or_list(self.choices)
            )
        if self.kind == "list":
            values = [v.strip().lower() for i in raw for v in i.split(",") if v.strip()]
            unknown = [v for v in values if v not in self.choices]
            kept = tuple(dict.fromkeys(v for v in values if v in self.choices))
            note = (
                # Translators: {choices} are the values a link may give, separated by commas.
                _("Ignored {key}={value}: choose from {choices}.").format(
                    key=self.key, value=repr(_short(",".join(unknown))), choices=", ".join(self.choices)
                )
                if unknown
                else None
            )
            return (kept or self.default), note
        if self.kind == "text":
            if len(last) > MAX_NEED_CHARS or not last.isprintable():
                too_long = ngettext(
                    "Ignored {key}={value}: at most {count} character of text.",
                    "Ignored {key}={value}: at most {count} characters of text.",
                    MAX_NEED_CHARS,
                )
                return self.default, too_long.format(
                    key=self.key, value=repr(_short(last)), count=i18n.number(MAX_NEED_CHARS)
                )
            return last, None
        if len(last) > MAX_ID or not last.isprintable():
            return self.default, _(self.not_an_id).format(key=self.key, value=repr(_short(last)))
        return last, None

    def to_param(self, value: object) -> str | None:
        """The URL value, or None for the default (left out of the URL)."""
        if value == self.default or value in (None, "", ()):
            return None
        if self.kind == "bool":
            return "1" if value else None
        if self.kind == "list":
            return ",".join(str(v) for v in value)  # type: ignore[attr-defined]
        return str(value)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _briefing() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The briefing's sections, and those a pack has unless others are chosen."""
    from .findings import DEFAULT_SECTIONS, SECTIONS

    return tuple(SECTIONS), DEFAULT_SECTIONS


def _finder() -> tuple[tuple[str, ...], int]:
    """Where the cases like a case may be, and how long a need may be: the finder's own."""
    from .replication import MAX_NEED_CHARS, SCOPES

    return tuple(SCOPES), MAX_NEED_CHARS


def _everywhere() -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """Every page's url path, and the languages: the language is a setting of every page."""
    from .i18n import LANGUAGES, SOURCE
    from .pages import PAGES

    return tuple(p.url_path for p in PAGES), tuple(LANGUAGES), SOURCE


SECTIONS, DEFAULT_SECTIONS = _briefing()
SCOPES, MAX_NEED_CHARS = _finder()
ALL_PAGES, LANGUAGE_CODES, SOURCE_LANGUAGE = _everywhere()

SETTINGS: tuple[ViewSetting, ...] = (
    # The language of every page: a link shared from a French view opens in French.
    ViewSetting("lang", "choice", ALL_PAGES, N_("Language"), choices=LANGUAGE_CODES, default=SOURCE_LANGUAGE),
    ViewSetting("rollup", "bool", ("action-lines", "sdgs"), N_("Roll C7 sub-lines up"), default=False),
    ViewSetting(
        "case",
        "id",
        ("cases",),
        N_("Case"),
        default="",
        # Translators: {key}={value} quotes the part of the link not understood, e.g. case='x…'.
        not_an_id=N_("Ignored {key}={value}: not a case id."),
    ),
    ViewSetting(
        "elsewhere",
        "choice",
        ("cases",),
        N_("Cases like this one"),
        choices=SCOPES,
        default="anywhere",
    ),
    ViewSetting("need", "text", ("replication",), N_("Need"), default=""),
    # A cell of the replication map: "topic@region" (topic by its key, region by its name).
    ViewSetting("gap", "text", ("replication",), N_("Gap"), default=""),
    ViewSetting(
        "sections", "list", ("briefing",), N_("Sections"), choices=SECTIONS, default=DEFAULT_SECTIONS
    ),
)
KEYS = frozenset(s.key for s in SETTINGS)


def setting(key: str) -> ViewSetting:
    return next(s for s in SETTINGS if s.key == key)
