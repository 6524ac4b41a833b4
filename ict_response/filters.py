"""Every filter, declared once: its URL and CLI key, how a value is read, how it is said in
words, how the sidebar offers it and its SQL predicate. The rest is derived from `SPECS`:
the `Filters` value (URL query parameters, CLI `--filter KEY=VALUE`, SQL parameters, words),
the sidebar (`ui/state.py`), the `filtered_cases` / `filtered_sessions` table macros stored
by every build (for SQL written against the database by hand), and what
`filtered_cases($filters)` in a query file becomes when it runs (`chosen_sql`: the
predicates of the filters that are set, their values bound).

Values are normalised with the same rules as the data (so `action_line=AL C7 E-health`
means C7-EHEALTH and `country=Viet Nam` means VNM). A value that cannot be understood is
dropped with a note for the user; it never reaches SQL as text to run, since every value
is bound as a parameter.

Adding a filter: append a `FilterSpec` to `SPECS` with its SQL predicate (README, "Adding a
filter"), then rebuild the database so the macros take the new argument.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from . import i18n
from . import names as localised
from . import normalise as nz
from . import taxonomy as tx
from .i18n import N_, _, ngettext, pgettext

MAX_VALUES = 50  # per key: more is a malformed URL, not a real selection
MAX_TEXT = 200
MAX_NOTES = 20  # a link of 998 junk parameters is one problem, not 998 warnings

Kind = Literal["list", "choice", "date", "text"]
# The record tables a filter can apply to, and the alias their predicates use.
TABLES = {"cases": "c", "sessions": "s"}


@dataclass(frozen=True)
class FilterSpec:
    """One filter. `sql` maps a table to the predicate that keeps a row when the filter is
    set: SQL over the table's alias (`c` or `s`) and the macro arguments, which are named
    like the filters' `param`s. The empty string declares an argument that other predicates
    read (region_scheme) with no test of its own; a table left out ignores the filter."""

    key: str  # URL query parameter and CLI `--filter` key
    kind: Kind  # list: several values; choice: one of `choices`; date; text
    label: str  # sidebar label, marked for the catalog with N_(): shown as _(label)
    what: str = ""  # the noun in notes: "not a known <what>" (when `unknown` is not given)
    # The note for a value not understood, a whole sentence (so it translates with its
    # grammar) with the placeholders {key} and {value}, marked with N_().
    unknown: str = ""
    param: str = ""  # attribute of Filters and SQL parameter; the key when empty
    parse: Callable[[str], Any] = str  # one raw value -> its canonical value, or None
    splits_by_meaning: bool = False  # commas inside a known name ("Korea, Republic of") stay
    choices: tuple[str, ...] = ()  # kind "choice": the allowed values, the first is the default
    sql_type: str = "VARCHAR[]"  # the SQL type its values are bound as
    sql: Mapping[str, str] = field(default_factory=dict)
    words: Callable[[tuple[Any, ...], Filters], str] | None = None  # the filter in words
    # Sidebar: the options (from the filters in force and the counts per value), each
    # option's name, and the query + column that count the cases per value.
    options: Callable[[Filters, Mapping[Any, int]], list[Any]] | None = None
    option_name: Callable[[Any], str] = str
    counts: tuple[str, str] | None = None
    help: str | None = None  # marked with N_(): shown as _(help)

    @property
    def name(self) -> str:
        return self.param or self.key

    @property
    def default(self) -> object:
        return {"list": (), "choice": self.choices[0] if self.choices else "", "date": None, "text": ""}[
            self.kind
        ]

    def check(self, filters: Filters, value: object) -> str | None:
        """After every filter is read: why `value` does not fit the others, if it does not."""
        if self.key == "region" and value not in tx.region_names(filters.region_scheme):
            if filters.region_scheme == "m49":
                note = _("Ignored {key}={value}: not a M49 region.")
            else:
                note = _("Ignored {key}={value}: not a ITU region.")
            return note.format(key=self.key, value=repr(value))
        return None

    def not_understood(self, value: str) -> str:
        """The note for a value of this filter that is not understood."""
        if self.unknown:
            return _(self.unknown).format(key=self.key, value=repr(_shorten(value)))
        # Translators: {what} names what the value should have been, e.g. "status".
        return _("Ignored {key}={value}: not a known {what}.").format(
            key=self.key, value=repr(_shorten(value)), what=_(self.what or self.label)
        )


# ------------------------------------------------------------------------ the declarations


def _topic_id(value: str) -> str | None:
    from .topics import topic_labels

    key = tx.norm_key(value)
    for topic, label in topic_labels().items():
        if key in (tx.norm_key(topic), tx.norm_key(label)):
            return topic
    return None


def _topic_labels() -> dict[str, str]:
    from .topics import topic_labels

    return topic_labels()


def _region_name(value: str) -> str:
    """Canonical spelling when the region is known under either scheme; checked later."""
    key = tx.norm_key(value)
    for scheme in ("itu", "m49"):
        for name in tx.region_names(scheme):
            if tx.norm_key(name) == key:
                return name
    return value


def _country_name(iso3: str) -> str:
    return localised.country(iso3) if iso3 in tx.countries() else iso3


def _action_line_option(code: str) -> str:
    line = next((a for a in tx.action_lines() if a.code == code), None)
    if line is None:
        return code
    if line.parent:
        return localised.action_line(line.code, line.name)
    return f"{line.code} {localised.action_line(line.code, line.short_name, short=True)}"


def _action_line_words(code: str) -> str:
    """'C7-EHEALTH E-health' under a chart, its name in the run's language."""
    english = tx.action_line_names().get(code, "")
    return f"{code} {localised.action_line(code, english)}".strip() if english else code


def scheme_name(scheme: object) -> str:
    """The name of a scheme of regions on screen."""
    return _("UN M49") if scheme == "m49" else _("ITU")


def entity_type_name(entity_type: object) -> str:
    """An entity type (tx.ENTITY_TYPES, the product's own words) on screen."""
    names = {
        "Government": _("Government"),
        "Private Sector": _("Private Sector"),
        "Civil Society": _("Civil Society"),
        "Academia": _("Academia"),
        "International Organization": _("International Organization"),
        "Other": pgettext("entity type", "Other"),
    }
    return names.get(str(entity_type), str(entity_type))


def region_option(region: object) -> str:
    """A region filter's option on screen: the two scopes in words (the regions' own names
    are reference data)."""
    scopes = {"Global": pgettext("scope", "Global"), "Regional": pgettext("scope", "Regional")}
    return scopes.get(str(region)) or localised.region(str(region))


def and_list(items: Iterable[str]) -> str:
    """Items in a running sentence: "region, country and collection"."""
    listed = list(items)
    if len(listed) < 2:
        return "".join(listed)
    head = listed[0]
    for item in listed[1:-1]:
        # Translators: joins an item of a list to those before it, as in "region, country".
        head = _("{items}, {item}").format(items=head, item=item)
    # Translators: joins the last item of a list to those before it, as in "country and collection".
    return _("{items} and {item}").format(items=head, item=listed[-1])


def or_list(items: Iterable[str]) -> str:
    """Alternatives in a running sentence: "itu or m49"."""
    listed = list(items)
    if not listed:
        return ""
    out = listed[0]
    for item in listed[1:]:
        # Translators: joins one more alternative, as in "itu or m49" (values of a link, not translated).
        out = _("{choices} or {choice}").format(choices=out, choice=item)
    return out


def _with_data(filters: Filters, counts: Mapping[Any, int], key: str) -> list[Any]:
    """Options of an open-ended list: the values with data, and any chosen ones."""
    return sorted(set(counts) | set(getattr(filters, key)))


def _joined(values: Iterable[object]) -> str:
    return ", ".join(str(v) for v in values)


SPECS: list[FilterSpec] = [
    FilterSpec(
        "q",
        "text",
        N_("Search title, organisation, description"),
        sql={
            "cases": "c.case_no IN (SELECT case_no FROM cases_matching(q))",
            "sessions": "s.session_id IN (SELECT session_id FROM sessions_matching(q))",
        },
        # Translators: the search filter in words, under a chart: matching "radio".
        words=lambda v, f: _('matching "{text}"').format(text=v[0]),
        help=N_(
            "Finds the cases holding every word, in any letter case (Unicode case folding); "
            "a phrase in double quotes is found as written."
        ),
    ),
    FilterSpec(
        "action_line",
        "list",
        N_("WSIS Action Line"),
        unknown=N_("Ignored {key}={value}: not a known WSIS Action Line."),
        parse=nz.normalise_action_line,
        splits_by_meaning=True,
        sql={
            "cases": "(c.action_line_bits & filter_mask('action_line', action_line)) <> 0",
            "sessions": "list_has_any(s.action_line_match, action_line::VARCHAR[])",
        },
        words=lambda v, f: ngettext(
            "Action Line {action_lines}", "Action Line {action_lines}", len(v)
        ).format(action_lines=", ".join(_action_line_words(c) for c in v)),
        options=lambda f, n: [a.code for a in tx.action_lines()],
        option_name=_action_line_option,
        counts=("cases_by_action_line", "action_line"),
        help=N_("C7 ICT applications includes its eight sub-lines (E-health, ...)."),
    ),
    FilterSpec(
        "sdg",
        "list",
        N_("SDG"),
        unknown=N_("Ignored {key}={value}: not a known SDG (1-17)."),
        parse=nz.normalise_sdg,
        splits_by_meaning=True,
        sql_type="INTEGER[]",
        sql={
            "cases": "(c.sdg_bits & list_reduce(list_transform(sdg::INTEGER[], lambda g: 1::INTEGER << g),"
            " lambda x, y: x | y, 0)) <> 0",
            "sessions": "list_has_any(s.sdgs, sdg::INTEGER[])",
        },
        # Translators: {goals} are SDG numbers, e.g. "SDG 3, 4".
        words=lambda v, f: ngettext("SDG {goals}", "SDG {goals}", len(v)).format(goals=_joined(v)),
        options=lambda f, n: [s.number for s in tx.sdgs()],
        option_name=lambda g: (
            f"{g} {localised.sdg(g, next((s.name for s in tx.sdgs() if s.number == g), ''))}"
        ),
        counts=("cases_by_sdg", "sdg"),
    ),
    FilterSpec(
        "region_scheme",
        "choice",
        # Translators: also the sidebar's choice of a scheme of regions (ITU or UN M49).
        N_("Regions"),
        choices=("itu", "m49"),
        sql_type="VARCHAR",
        sql={"cases": ""},
        option_name=scheme_name,
    ),
    FilterSpec(
        "region",
        "list",
        N_("Region"),
        unknown=N_("Ignored {key}={value}: not a known region."),
        parse=_region_name,
        sql={
            "cases": "list_contains(region::VARCHAR[], c.scope)"
            " OR (region_scheme = 'm49' AND (c.m49_bits & filter_mask('m49', region)) <> 0)"
            " OR (region_scheme <> 'm49' AND (c.itu_bits & filter_mask('itu', region)) <> 0)"
        },
        # Translators: {scheme} is "ITU" or "UN M49", {regions} region names: "ITU region Africa".
        words=lambda v, f: ngettext("{scheme} region {regions}", "{scheme} region {regions}", len(v)).format(
            scheme=scheme_name(f.region_scheme), regions=_joined(region_option(r) for r in v)
        ),
        options=lambda f, n: list(tx.region_names(f.region_scheme)),
        option_name=region_option,
        counts=("cases_by_region", "region"),
        help=N_("Global and Regional take the cases of that scope, which name no single country."),
    ),
    FilterSpec(
        "country",
        "list",
        N_("Country"),
        unknown=N_("Ignored {key}={value}: not a known country."),
        parse=nz.normalise_country,
        splits_by_meaning=True,
        sql={"cases": "list_has_any(c.countries, country::VARCHAR[])"},
        words=lambda v, f: ", ".join(_country_name(c) for c in v),
        options=lambda f, n: sorted(set(n) | set(f.country), key=_country_name),
        option_name=_country_name,
        counts=("cases_by_country", "country"),
    ),
    FilterSpec(
        # Not split by meaning: the entity normaliser finds a known word inside any text, so
        # it would read "Civil Society,Academia" as one value. No entity type has a comma.
        "entity_type",
        "list",
        N_("Entity type"),
        unknown=N_("Ignored {key}={value}: not a known entity type."),
        parse=nz.normalise_entity_type,
        sql={"cases": "list_contains(entity_type::VARCHAR[], c.entity_type)"},
        words=lambda v, f: _joined(entity_type_name(e) for e in v),
        options=lambda f, n: list(tx.ENTITY_TYPES),
        option_name=entity_type_name,
        counts=("cases_by_entity_type", "entity_type"),
    ),
    FilterSpec(
        "topic",
        "list",
        N_("Topic"),
        unknown=N_("Ignored {key}={value}: not a known topic."),
        parse=_topic_id,
        sql={
            "cases": "(c.topic_bits & filter_mask('topic', topic)) <> 0",
            "sessions": "list_has_any(s.topics, topic::VARCHAR[])",
        },
        # Translators: {topics} are topic names: "topic Telemedicine, Contact tracing".
        words=lambda v, f: ngettext("topic {topics}", "topic {topics}", len(v)).format(
            topics=", ".join(localised.word(_topic_labels().get(t, t)) for t in v)
        ),
        options=lambda f, n: list(_topic_labels()),
        option_name=lambda t: localised.word(_topic_labels().get(t, t)),
        counts=("cases_by_topic", "topic"),
    ),
    FilterSpec(
        "collection",
        "list",
        N_("Collection"),
        unknown=N_("Ignored {key}={value}: not a known collection."),
        sql={"cases": "list_contains(collection::VARCHAR[], c.collection)"},
        words=lambda v, f: _joined(v),
        options=lambda f, n: _with_data(f, n, "collection"),
        counts=("cases_by_collection", "collection"),
    ),
    FilterSpec(
        "from",
        "date",
        # Translators: the first day of a period (a date filter).
        N_("From"),
        param="date_from",
        parse=nz.normalise_date,
        sql_type="DATE",
        sql={"cases": "c.reference_date >= date_from::DATE", "sessions": "s.held_on >= date_from::DATE"},
        # Translators: the date filter in words, under a chart: "from 2020-01-01".
        words=lambda v, f: _("from {date}").format(date=v[0]),
        help=N_("A case's start date (else its submission date); a session's date."),
    ),
    FilterSpec(
        "to",
        "date",
        # Translators: the last day of a period (a date filter).
        N_("To"),
        param="date_to",
        parse=nz.normalise_date,
        sql_type="DATE",
        sql={"cases": "c.reference_date <= date_to::DATE", "sessions": "s.held_on <= date_to::DATE"},
        # Translators: the date filter in words, under a chart: "to 2021-12-31".
        words=lambda v, f: _("to {date}").format(date=v[0]),
        help=N_("A case's start date (else its submission date); a session's date."),
    ),
]


def spec(key: str) -> FilterSpec:
    """The declaration of one filter, by URL key or parameter name."""
    for s in SPECS:
        if key in (s.key, s.name):
            return s
    raise KeyError(key)


def keys() -> tuple[str, ...]:
    """URL and CLI keys, in the order the sidebar shows them."""
    return tuple(s.key for s in SPECS)


def table_specs(table: str) -> list[FilterSpec]:
    """The filters that are arguments of `filtered_<table>`, in declaration order."""
    return [s for s in SPECS if table in s.sql]


def ignored_by(table: str) -> list[FilterSpec]:
    """Filters a reader can set that do not apply to `table` (e.g. region for sessions)."""
    return [s for s in SPECS if table not in s.sql and s.kind != "choice"]


def filters_not_applying(table: str) -> str:
    """A sentence for readers: which filters the records of `table` ignore."""
    labels = [_(s.label).lower() for s in ignored_by(table)]
    if not labels:
        return ""
    # Translators: {filters} are filter names, e.g. "region, country, entity type and collection".
    if table == "sessions":
        sentence = ngettext(
            "The {filters} filter does not apply to sessions.",
            "The {filters} filters do not apply to sessions.",
            len(labels),
        )
    else:
        sentence = ngettext(
            "The {filters} filter does not apply to cases.",
            "The {filters} filters do not apply to cases.",
            len(labels),
        )
    return sentence.format(filters=and_list(labels))


# ------------------------------------------------------------------------ the SQL, derived


def macro_arguments(table: str) -> str:
    """`$a, $b, ...`: what `filtered_<table>($filters)` in a query file stands for."""
    return ", ".join("$" + s.name for s in table_specs(table))


def _unset(s: FilterSpec) -> str:
    """SQL that is true when the filter is not set (so it keeps every row)."""
    return {
        "list": f"len({s.name}) = 0",
        "date": f"{s.name} IS NULL",
        "text": f"{s.name} IS NULL OR {s.name} = ''",
    }[s.kind]


def chosen_sql(table: str, chosen: Collection[str]) -> str:
    """What `filtered_<table>($filters)` in a query file becomes when the filters `chosen`
    (their names) are set: the rows of `table` that pass them, as a subquery whose values are
    bound parameters (`$region`). A filter that is not set adds nothing, because DuckDB plans
    every predicate it is given, subqueries included, before it folds the bound values: the
    stored macro took 9 ms of planning per query on a 512-case database, whatever was set."""
    arguments = [s.name for s in table_specs(table)]
    # Each with its "not set" test, as in the macro, although it is set: without it DuckDB
    # joins the filter_mask subqueries to every row (a nested-loop join) instead of working
    # out the mask once, and at a million cases the typical filters took twice as long.
    tests = [
        _bound(_test(s, table), arguments) for s in table_specs(table) if s.sql[table] and s.name in chosen
    ]
    where = "\n    WHERE " + "\n      AND ".join(tests) if tests else ""
    return f"(SELECT * FROM {table} {TABLES[table]}{where})"


_LITERAL = re.compile(r"('(?:[^']|'')*')")


def _bound(predicate: str, arguments: Iterable[str]) -> str:
    """A declared predicate with the macro's arguments written as bound parameters (`region`
    becomes `$region`); quoted literals (`'region'`) and columns (`c.region`) stay as they are."""
    argument = re.compile(r"(?<![\w.$])(" + "|".join(sorted(arguments, key=len, reverse=True)) + r")\b")
    parts = _LITERAL.split(predicate)
    return "".join(part if i % 2 else argument.sub(r"$\1", part) for i, part in enumerate(parts))


def _test(s: FilterSpec, table: str) -> str:
    """The filter's test on a row of `table`: not set, or its predicate holds."""
    return f"({_unset(s)} OR ({s.sql[table]}))"


def macro_sql(table: str) -> str:
    """CREATE MACRO filtered_<table>(...): the rows that pass every filter that applies.
    Built from the constant predicates above; the values are the macro's arguments."""
    alias = TABLES[table]
    tests = [_test(s, table) for s in table_specs(table) if s.sql[table]]
    arguments = ", ".join(s.name for s in table_specs(table))
    return (
        f"CREATE OR REPLACE MACRO filtered_{table}({arguments}) AS TABLE\n"
        f"SELECT * FROM {table} {alias}\nWHERE " + "\n  AND ".join(tests or ["true"])
    )


# ------------------------------------------------------------------------ the value


def _freeze(s: FilterSpec, value: object) -> object:
    if s.kind == "list":
        return tuple(cast("Iterable[object]", value)) if value else ()
    if s.kind == "text":
        return value or ""
    return value


class Filters:
    """The filters in force: one value per declared filter (its default when not given),
    plus the notes about what could not be understood (which do not count in equality)."""

    __slots__ = ("_values", "notes")
    _values: dict[str, object]
    notes: tuple[str, ...]

    def __init__(self, notes: Iterable[str] = (), **values: object) -> None:
        chosen: dict[str, object] = {}
        for name, value in values.items():
            s = spec(name)
            frozen = _freeze(s, value)
            if frozen != s.default:
                chosen[s.name] = frozen
        object.__setattr__(self, "_values", chosen)
        object.__setattr__(self, "notes", tuple(notes))

    def __getattr__(self, name: str) -> Any:
        try:
            s = spec(name)
        except KeyError:
            raise AttributeError(name) from None
        return self._values.get(s.name, s.default)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Filters is immutable: use replace()")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Filters) and self._values == other._values

    def __hash__(self) -> int:
        return hash(frozenset(self._values.items()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self._values.items())
        return f"Filters({inner})"

    def replace(self, notes: Iterable[str] | None = None, **changes: object) -> Filters:
        return Filters(self.notes if notes is None else notes, **{**self._values, **changes})

    # ------------------------------------------------------------------ reading

    @classmethod
    def parse(cls, params: Mapping[str, str | Iterable[str]]) -> Filters:
        """From URL query parameters. Unknown keys and values become notes; the keys of
        view settings (`ict_response.view`) are not filters and are left to that module."""
        from .view import KEYS as VIEW_KEYS  # here: view reads the briefing, which reads filters

        filters = cls._parse({k: v for k, v in params.items() if k not in VIEW_KEYS})
        return filters.replace(notes=_capped(filters.notes))

    @classmethod
    def _parse(cls, params: Mapping[str, str | Iterable[str]]) -> Filters:
        values: dict[str, object] = {}
        notes: list[str] = []
        for key, raw in params.items():
            items = [raw] if isinstance(raw, str) else list(raw)
            printable = [_printable(i) for i in items]
            if printable != items:
                # Translators: {key} is a key of the link, quoted: 'country'.
                notes.append(_("Removed control characters from {key}.").format(key=repr(_shorten(key))))
                items = printable
            try:
                s = spec(key)
            except KeyError:
                notes.append(_("Ignored unknown filter {key}.").format(key=repr(_shorten(key))))
                continue
            if s.key != key:  # a parameter name (date_from) is not a URL key (from)
                notes.append(_("Ignored unknown filter {key}.").format(key=repr(_shorten(key))))
                continue
            values[s.name] = _READERS[s.kind](s, items, notes)
        filters = cls(notes, **values)
        # Some values depend on others (a region on the scheme): checked once all are read.
        for s in SPECS:
            if s.kind != "list":
                continue
            chosen = getattr(filters, s.name)
            why = [w for v in chosen if (w := s.check(filters, v))]
            if why:
                kept = tuple(v for v in chosen if s.check(filters, v) is None)
                filters = filters.replace(notes=filters.notes + tuple(why), **{s.name: kept})
        return filters

    @classmethod
    def from_pairs(cls, pairs: Iterable[str]) -> Filters:
        """From CLI `KEY=VALUE` strings; a key may repeat."""
        grouped: dict[str, list[str]] = {}
        bad: list[str] = []
        for pair in pairs:
            key, sep, value = pair.partition("=")
            if not sep:
                bad.append(_("Ignored {pair}: write filters as KEY=VALUE.").format(pair=repr(_shorten(pair))))
                continue
            grouped.setdefault(key.strip(), []).append(value)
        filters = cls._parse(grouped)
        return filters.replace(notes=_capped(tuple(bad) + filters.notes))

    def facet(self, key: str) -> Filters:
        """The filters in force without one filter's own values: what that filter's option
        counts are computed under (faceted counts, as in Datasette)."""
        s = spec(key)
        changes: dict[str, object] = {s.name: s.default}
        return self.replace(None, **changes)

    def view_settings(self) -> Filters:
        """Only the settings of how things are shown (the region scheme), no filter."""
        return Filters(**{s.name: getattr(self, s.name) for s in SPECS if s.kind == "choice"})

    # ------------------------------------------------------------------ writing

    def to_query_params(self) -> dict[str, str]:
        """URL query parameters (comma-separated lists); defaults are left out."""
        out: dict[str, str] = {}
        for s in SPECS:
            value = getattr(self, s.name)
            if value == s.default:
                continue
            if s.kind == "list":
                out[s.key] = ",".join(str(v) for v in value)
            elif isinstance(value, dt.date):
                out[s.key] = value.isoformat()
            else:
                out[s.key] = str(value)
        return out

    def to_sql_params(self) -> dict[str, object]:
        """Named parameters for the filtered_cases / filtered_sessions macros."""
        out: dict[str, object] = {}
        for s in SPECS:
            value = getattr(self, s.name)
            out[s.name] = list(value) if s.kind == "list" else (value or None) if s.kind == "text" else value
        return out

    def chosen(self) -> frozenset[str]:
        """The names of the filters and view settings set to other than their default."""
        return frozenset(self._values)

    def is_empty(self) -> bool:
        """No filter set and default view settings (notes do not count)."""
        return not self._values

    def describe(self) -> str:
        """The filters in words, for chart subtitles and briefing packs."""
        parts = []
        for s in SPECS:
            value = getattr(self, s.name)
            if value == s.default or s.words is None:
                continue
            parts.append(s.words(value if s.kind == "list" else (value,), self))
        return "; ".join(parts) if parts else _("All cases")


# ------------------------------------------------------------------------ option counts

CountRunner = Callable[[str, "Filters", dict[str, object]], Any]  # (query, filters, params) -> DataFrame


def option_counts(run: CountRunner, filters: Filters) -> dict[str, dict[Any, int]]:
    """Cases per option of every counted filter, each under all the *other* filters in force
    (its own left out), so an option's count is what choosing it alone would give. Places
    are counted wherever cases name them (`all_places`): with country=KEN, "Europe (1)" is
    the Kenyan case that also names France, the case region=Europe would add."""
    out: dict[str, dict[Any, int]] = {}
    for s in SPECS:
        if s.counts is None:
            continue
        name, column = s.counts
        frame = run(name, filters.facet(s.key), {"all_places": True})
        out[s.key] = {k: int(v) for k, v in zip(frame[column], frame["cases"], strict=True)}
    return out


# ------------------------------------------------------------------------ readers per kind


def _read_list(s: FilterSpec, items: list[str], notes: list[str]) -> tuple[object, ...]:
    understands = s.parse if s.splits_by_meaning else (lambda v: None)
    split = [v.strip() for i in items for v in nz.split_multi(i, understands) if v.strip()]
    if len(split) > MAX_VALUES:
        kept_first = ngettext(
            "Kept the first {count} value of {key}.", "Kept the first {count} values of {key}.", MAX_VALUES
        )
        notes.append(kept_first.format(count=i18n.number(MAX_VALUES), key=repr(s.key)))
        split = split[:MAX_VALUES]
    kept: list[object] = []
    for value in split:
        canonical = s.parse(value) if len(value) <= MAX_TEXT else None
        if canonical is None:
            notes.append(s.not_understood(value))
        elif canonical not in kept:
            kept.append(canonical)
    return tuple(kept)


def _read_choice(s: FilterSpec, items: list[str], notes: list[str]) -> str:
    choice = (items[-1] if items else "").strip().lower()
    if choice in s.choices:
        return choice
    notes.append(
        # Translators: {key} {value} quotes the part of the link not understood; {choices} are
        # the values a link may give, joined by "or" ("itu or m49").
        _("Ignored {key} {value}: use {choices}.").format(
            key=s.key, value=repr(choice), choices=or_list(s.choices)
        )
    )
    return str(s.default)


def _read_date(s: FilterSpec, items: list[str], notes: list[str]) -> dt.date | None:
    # One date, never split on commas ("April 15, 2020"); the last one given wins.
    given = [i.strip() for i in items if i.strip()]
    date = s.parse(given[-1]) if given else None
    if date is None and given:
        notes.append(
            _("Ignored {key}={value}: not a date (use YYYY-MM-DD).").format(key=s.key, value=repr(given[-1]))
        )
    return date


def _read_text(s: FilterSpec, items: list[str], notes: list[str]) -> str:
    text = " ".join(i.strip() for i in items if i.strip())
    if len(text) > MAX_TEXT:
        notes.append(
            ngettext(
                "Search text cut to {count} character.", "Search text cut to {count} characters.", MAX_TEXT
            ).format(count=i18n.number(MAX_TEXT))
        )
    return text[:MAX_TEXT]


_READERS: dict[str, Callable[[FilterSpec, list[str], list[str]], Any]] = {
    "list": _read_list,
    "choice": _read_choice,
    "date": _read_date,
    "text": _read_text,
}


def _capped(notes: tuple[str, ...]) -> tuple[str, ...]:
    """The first MAX_NOTES notes and a count of the rest."""
    if len(notes) <= MAX_NOTES:
        return notes
    more = len(notes) - MAX_NOTES
    return (
        *notes[:MAX_NOTES],
        ngettext("…and {count} more note like these.", "…and {count} more notes like these.", more).format(
            count=i18n.number(more)
        ),
    )


def _printable(text: str) -> str:
    """Without control characters (a line break or tab becomes a space): a value from a
    link is one line of text, and a NUL or BEL in it breaks chart images and pack files."""
    return "".join(
        " " if ch in "\t\n\r" else ch
        for ch in text
        if ch in "\t\n\r" or not (ord(ch) < 32 or 127 <= ord(ch) < 160)
    )


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
