"""Plain-language findings computed from query results ("E-health is the most frequent
action line: 23% of cases"). Pure functions: the same sentences serve the Overview page and
briefing packs, and each figure in them comes from the result passed in.

Every sentence is one message of the catalog, written in the language of the run (`i18n`):
whole sentences with named placeholders, counts through `ngettext`, numbers, percentages,
dates and lists as the language writes them. Names in the sentences (Action Lines, SDGs,
regions, topics, countries) come from the queries, never from here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, SupportsInt, cast

import pandas as pd
from babel.dates import format_skeleton
from babel.lists import format_list

from . import i18n
from . import names as localised
from . import replication as rp
from . import taxonomy as tx
from .filters import Filters, ignored_by, spec
from .i18n import N_, _, ngettext

if TYPE_CHECKING:
    from .catalog import Context


# --------------------------------------------------------------------------- how numbers, lists
# and dates read in the run's language (English exactly as it always read)


def _num(value: SupportsInt) -> str:
    return i18n.number(int(value))


def _share(part: int, whole: int) -> str:
    return i18n.percent(part / whole if whole else 0)


def _pct(share: float) -> str:
    return i18n.percent(share)


# Languages that put no space between sentences.
_NO_SPACE_BETWEEN_SENTENCES = frozenset({"zh"})


def _sentences(*parts: str) -> str:
    """Whole sentences, one after the other ('' parts left out)."""
    return ("" if i18n.current() in _NO_SPACE_BETWEEN_SENTENCES else " ").join(p for p in parts if p)


def _listed(items: list[str], limit: int = 5) -> str:
    """'A, B and C' in the run's language (CLDR's list pattern; English is British: no comma
    before 'and'), with '(and 3 more)' when more than `limit` are left out."""
    shown = [str(i) for i in items[:limit]]
    locale = "en_GB" if i18n.current() == i18n.SOURCE else i18n.current()
    text = format_list(shown, locale=locale) if shown else ""
    if len(items) <= limit:
        return text
    more = len(items) - limit
    # Translators: {items} lists the first names of a longer list; {n} how many more there are.
    return ngettext("{items} (and {n} more)", "{items} (and {n} more)", more).format(items=text, n=_num(more))


def _day(day: dt.date) -> str:
    """A day: '03 May 2021' in English, as before; the language's long date elsewhere."""
    if i18n.current() == i18n.SOURCE:
        return f"{day:%d %B %Y}"
    return i18n.date(day, "long")


def _month(when: pd.Timestamp) -> str:
    """A month: 'May 2021' in English; the language's month and year (CLDR) elsewhere."""
    if i18n.current() == i18n.SOURCE:
        return when.strftime("%B %Y")
    return str(format_skeleton("yMMMM", when.date(), locale=i18n.current()))


def _counted(name: str, count: int) -> str:
    # Translators: a name in a list (an Action Line, SDG, topic, country…) and its number of
    # cases or sessions, e.g. "E-health (23)".
    return _("{name} ({count})").format(name=name, count=_num(count))


def overview(
    headline: pd.Series,
    by_action_line: pd.DataFrame,
    by_sdg: pd.DataFrame,
    by_region: pd.DataFrame,
    filters: Filters | None = None,
) -> list[str]:
    """Three to five sentences for the Overview page, inside the reader's selection: what
    the filters make certain is not stated, and ties are named."""
    filters = filters or Filters()
    total = int(headline["cases"])
    if total == 0:
        return [_("No case matches the current filters.")]
    lines, given_lines = _split_given(
        by_action_line, "action_line", "short_name", certain_action_lines(filters), total, filters
    )
    goals = by_sdg.assign(label=_sdg_labels(by_sdg))
    goals, given_goals = _split_given(goals, "sdg", "label", certain_sdgs(filters), total, filters)
    regions_, _given_regions = _split_given(
        localised.with_region_names(by_region[by_region["kind"] == "region"]),
        "region",
        "region_name",
        certain_regions(filters, by_region),
        total,
        filters,
    )
    sentences = [
        _besides(_leader(lines, "short_name", total, "action_line", "cases_by_action_line"), given_lines),
        _besides(_leader(goals, "label", total, "sdg", "cases_by_sdg"), given_goals),
        _leader(regions_, "region_name", total, "region", "cases_by_region"),
    ]
    scoped = int(by_region.loc[by_region["region"].isin(["Global", "Regional"]), "cases"].sum())
    texts = [f.text for f in sentences if f]
    if scoped:
        texts.append(
            # Translators: {n} cases (it picks the plural form) that name no country of their own.
            ngettext(
                "{n} case is global or regional in scope, with no single country.",
                "{n} cases are global or regional in scope, with no single country.",
                scoped,
            ).format(n=_num(scoped))
        )
    sessions, covid = int(headline["sessions"]), int(headline["covid_sessions"])
    if sessions:
        texts.append(_sentences(_covid_sessions(covid, sessions), _sessions_caveat(filters)))
    return texts


def _covid_sessions(covid: int, sessions: int) -> str:
    # Translators: {covid} of {sessions} are counts of sessions ({covid} picks the plural
    # form); {share} is {covid} as a percentage of {sessions}.
    return ngettext(
        "{covid} of {sessions} WSIS Forum 2021 sessions ({share}) dealt with COVID-19.",
        "{covid} of {sessions} WSIS Forum 2021 sessions ({share}) dealt with COVID-19.",
        covid,
    ).format(covid=_num(covid), sessions=_num(sessions), share=_share(covid, sessions))


# --------------------------------------------------------------------------- briefing packs
#
# Each section's findings are Finding records: the sentence, the query its figures come
# from, and those figures by name, so a test (or a reader) can check every number against
# the query result for the same filters.


@dataclass(frozen=True)
class Finding:
    text: str
    query: str
    figures: Mapping[str, object] = field(default_factory=dict)


def _sdg_labels(frame: pd.DataFrame) -> list[str]:
    """'SDG 3 Good health and well-being', in the run's language (names already are)."""
    return [localised.sdg_label(g, n) for g, n in zip(frame["sdg"], frame["name"], strict=True)]


def _ranked(frame: pd.DataFrame, value: str = "cases") -> pd.DataFrame:
    return frame.sort_values(value, ascending=False, kind="stable")


def _leader(
    frame: pd.DataFrame, label: str, total: int, kind: str, query: str, unit: str = "cases"
) -> Finding | None:
    """The most frequent category; every one tied for first is named. `kind` says which
    categories: action_line, sdg, region, topic, session_type or forum_sdg."""
    rows = frame[frame[unit] > 0]
    if rows.empty or not total:
        return None
    n = int(rows[unit].max())
    names = [str(v) for v in rows.loc[rows[unit] == n, label]]
    return Finding(
        _leader_text(kind, names, n, total), query, {"counts": dict.fromkeys(names, n), "total": total}
    )


def _leader_text(kind: str, names: list[str], n: int, total: int) -> str:
    values = {"count": _num(n), "total": _num(total), "share": _share(n, total)}
    if len(names) == 1:
        if kind == "action_line":
            # Translators: {name} is an Action Line, e.g. "C7-EHEALTH E-health"; {share} is
            # {count} as a percentage of {total}.
            text = _("{name} is the most frequent action line: {share} of cases ({count} of {total}).")
        elif kind == "sdg":
            # Translators: {name} is an SDG, e.g. "SDG 3 Good health and well-being".
            text = _("{name} is the most frequent SDG: {share} of cases ({count} of {total}).")
        elif kind == "region":
            # Translators: {name} is a region, e.g. "Africa": write the sentence so that the
            # name needs no inflection (e.g. "Region with the most cases: {name}").
            text = _("{name} is the most frequent region: {share} of cases ({count} of {total}).")
        elif kind == "topic":
            # Translators: {name} is a topic, e.g. "Telemedicine".
            text = _("{name} is the most frequent topic: {share} of cases ({count} of {total}).")
        elif kind == "session_type":
            # Translators: {name} is a type of WSIS Forum session, e.g. "Thematic workshop".
            text = _("{name} is the most frequent session type: {share} of sessions ({count} of {total}).")
        else:
            # Translators: {name} is an SDG, e.g. "SDG 3 Good health and well-being", counted
            # over the sessions of the WSIS Forum 2021.
            text = _(
                "{name} is the most frequent SDG at the Forum: {share} of sessions ({count} of {total})."
            )
        return text.format(name=names[0], **values)
    if kind == "action_line":
        # Translators: {names} lists the Action Lines tied for first; {count} is how many cases
        # each has (it picks the plural form); {share} is {count} as a percentage of {total}.
        text = ngettext(
            "{names} are the most frequent action lines, with {count} case each ({share} of {total}).",
            "{names} are the most frequent action lines, with {count} cases each ({share} of {total}).",
            n,
        )
    elif kind == "sdg":
        # Translators: {names} lists the SDGs tied for first; {count} is how many cases each has.
        text = ngettext(
            "{names} are the most frequent SDGs, with {count} case each ({share} of {total}).",
            "{names} are the most frequent SDGs, with {count} cases each ({share} of {total}).",
            n,
        )
    elif kind == "region":
        # Translators: {names} lists the regions tied for first (e.g. "Africa and Europe");
        # {count} is how many cases each has.
        text = ngettext(
            "{names} are the most frequent regions, with {count} case each ({share} of {total}).",
            "{names} are the most frequent regions, with {count} cases each ({share} of {total}).",
            n,
        )
    elif kind == "topic":
        # Translators: {names} lists the topics tied for first; {count} is how many cases each has.
        text = ngettext(
            "{names} are the most frequent topics, with {count} case each ({share} of {total}).",
            "{names} are the most frequent topics, with {count} cases each ({share} of {total}).",
            n,
        )
    elif kind == "session_type":
        # Translators: {names} lists the session types tied for first; {count} is how many
        # sessions each has.
        text = ngettext(
            "{names} are the most frequent session types, with {count} session each ({share} of {total}).",
            "{names} are the most frequent session types, with {count} sessions each ({share} of {total}).",
            n,
        )
    else:
        # Translators: {names} lists the SDGs tied for first among the WSIS Forum 2021's
        # sessions; {count} is how many sessions each has.
        text = ngettext(
            "{names} are the most frequent SDGs at the Forum, "
            "with {count} session each ({share} of {total}).",
            "{names} are the most frequent SDGs at the Forum, "
            "with {count} sessions each ({share} of {total}).",
            n,
        )
    return text.format(names=_listed(names, len(names)), **values)


def _runners_up(frame: pd.DataFrame, label: str, query: str, unit: str = "cases") -> Finding | None:
    """The two categories after the leaders, and any tied with the second of them."""
    rows = _ranked(frame[frame[unit] > 0], unit)
    rows = rows[rows[unit] < rows[unit].max()] if not rows.empty else rows
    if rows.empty:
        return None
    cut = int(rows[unit].iloc[min(1, len(rows) - 1)])
    rows = rows[rows[unit] >= cut]
    counts = {str(r[label]): int(r[unit]) for _i, r in rows.iterrows()}
    parts = [_counted(str(r[label]), int(r[unit])) for _i, r in rows.iterrows()]
    # Translators: {items} lists the categories after the most frequent, each with its count,
    # e.g. "E-learning (12) and E-health (10)"; the number of items picks the plural form.
    text = ngettext("Next comes {items}.", "Next come {items}.", len(parts))
    return Finding(text.format(items=_listed(parts)), query, {"counts": counts})


def _missing(frame: pd.DataFrame, label: str, kind: str, query: str) -> Finding | None:
    """What no case covers; when every category is covered, the least covered ones. `kind`
    says which categories: action_lines (the 18), sdgs, regions or topics."""
    missing = [str(v) for v in frame.loc[frame["cases"] == 0, label]]
    if missing:
        text = _missing_text(kind, len(frame)).format(
            items=_listed(missing), missing=_num(len(missing)), total=_num(len(frame))
        )
        return Finding(text, query, {"missing": missing, "count": len(missing), "of": len(frame)})
    if len(frame) < 2:  # "every one of the 1 regions" says nothing
        return None
    n = int(frame["cases"].min())
    low = [str(v) for v in frame.loc[frame["cases"] == n, label]]
    text = _least_text(kind, len(frame), len(low) == 1).format(
        total=_num(len(frame)), names=_listed(low), count=_num(n)
    )
    return Finding(
        text, query, {"missing": [], "count": 0, "of": len(frame), "counts": dict.fromkeys(low, n)}
    )


def _missing_text(kind: str, total: int) -> str:
    if kind == "action_lines":
        # Translators: {items} lists Action Lines (e.g. "C9 Media and C10 Ethics"); {missing}
        # of {total} counts them ({total} picks the plural form).
        return ngettext(
            "No case in this selection covers {items} ({missing} of {total} Action Line and sub-line).",
            "No case in this selection covers {items} ({missing} of {total} Action Lines and sub-lines).",
            total,
        )
    if kind == "sdgs":
        # Translators: {items} lists SDGs; {missing} of {total} counts them ({total} picks the
        # plural form).
        return ngettext(
            "No case in this selection covers {items} ({missing} of {total} SDG).",
            "No case in this selection covers {items} ({missing} of {total} SDGs).",
            total,
        )
    if kind == "regions":
        # Translators: {items} lists regions (e.g. "CIS and Europe"); {missing} of {total}
        # counts them ({total} picks the plural form).
        return ngettext(
            "No case in this selection covers {items} ({missing} of {total} region).",
            "No case in this selection covers {items} ({missing} of {total} regions).",
            total,
        )
    # Translators: {items} lists topics; {missing} of {total} counts them ({total} picks the
    # plural form).
    return ngettext(
        "No case in this selection covers {items} ({missing} of {total} topic).",
        "No case in this selection covers {items} ({missing} of {total} topics).",
        total,
    )


def _least_text(kind: str, total: int, one: bool) -> str:
    """'Every one of the 17 SDGs has at least one case; the least frequent is …': {total}
    (at least 2) picks the plural form, {count} is the least one's number of cases."""
    if kind == "action_lines":
        if one:
            # Translators: {names} is one Action Line, {count} its number of cases.
            return ngettext(
                "Every one of the {total} Action Lines and sub-lines has at least one case; "
                "the least frequent is {names} ({count}).",
                "Every one of the {total} Action Lines and sub-lines has at least one case; "
                "the least frequent is {names} ({count}).",
                total,
            )
        # Translators: {names} lists the Action Lines tied for least; {count} is each one's
        # number of cases.
        return ngettext(
            "Every one of the {total} Action Lines and sub-lines has at least one case; "
            "the least frequent are {names} ({count} each).",
            "Every one of the {total} Action Lines and sub-lines has at least one case; "
            "the least frequent are {names} ({count} each).",
            total,
        )
    if kind == "sdgs":
        if one:
            # Translators: {names} is one SDG, {count} its number of cases.
            return ngettext(
                "Every one of the {total} SDGs has at least one case; "
                "the least frequent is {names} ({count}).",
                "Every one of the {total} SDGs has at least one case; "
                "the least frequent is {names} ({count}).",
                total,
            )
        # Translators: {names} lists the SDGs tied for least; {count} is each one's number of cases.
        return ngettext(
            "Every one of the {total} SDGs has at least one case; "
            "the least frequent are {names} ({count} each).",
            "Every one of the {total} SDGs has at least one case; "
            "the least frequent are {names} ({count} each).",
            total,
        )
    if kind == "regions":
        if one:
            # Translators: {names} is one region (e.g. "CIS"), {count} its number of cases.
            return ngettext(
                "Every one of the {total} regions has at least one case; "
                "the least frequent is {names} ({count}).",
                "Every one of the {total} regions has at least one case; "
                "the least frequent is {names} ({count}).",
                total,
            )
        # Translators: {names} lists the regions tied for least; {count} is each one's number of cases.
        return ngettext(
            "Every one of the {total} regions has at least one case; "
            "the least frequent are {names} ({count} each).",
            "Every one of the {total} regions has at least one case; "
            "the least frequent are {names} ({count} each).",
            total,
        )
    if one:
        # Translators: {names} is one topic, {count} its number of cases.
        return ngettext(
            "Every one of the {total} topics has at least one case; the least frequent is {names} ({count}).",
            "Every one of the {total} topics has at least one case; the least frequent is {names} ({count}).",
            total,
        )
    # Translators: {names} lists the topics tied for least; {count} is each one's number of cases.
    return ngettext(
        "Every one of the {total} topics has at least one case; "
        "the least frequent are {names} ({count} each).",
        "Every one of the {total} topics has at least one case; "
        "the least frequent are {names} ({count} each).",
        total,
    )


# What the filters make certain: a value every case in the selection has because the reader
# chose it. A finding that "100% of cases are in Africa" under region=Africa says nothing, so
# such values are left out of rankings and gaps, and named once as given by the filter.


def certain_action_lines(filters: Filters) -> set[str]:
    """One chosen line is on every case (a C7 filter also takes its sub-lines, so plain C7
    is not)."""
    chosen = filters.action_line
    return {chosen[0]} if len(chosen) == 1 and chosen[0] != "C7" else set()


def c7_is_certain(filters: Filters) -> bool:
    """Rolled up, C7 is on every case when every chosen line is C7 or one of its sub-lines."""
    chosen = filters.action_line
    return bool(chosen) and all(c == "C7" or c.startswith("C7-") for c in chosen)


def certain_sdgs(filters: Filters) -> set[int]:
    return {filters.sdg[0]} if len(filters.sdg) == 1 else set()


def certain_topics(filters: Filters) -> set[str]:
    """A chosen topic, or the family every chosen topic belongs to (a narrower topic tags its
    family too)."""
    from .topics import topics

    parent = {t.topic: t.parent for t in topics()}
    chosen = filters.topic
    if not chosen:
        return set()
    candidates = {chosen[0], parent.get(chosen[0])} - {None}
    return {v for v in candidates if all(c == v or parent.get(c) == v for c in chosen)}


def _places_chosen(filters: Filters) -> bool:
    """The region or country filter names places (not only the Global/Regional scopes)."""
    return bool(filters.country) or any(r not in ("Global", "Regional") for r in filters.region)


def certain_regions(filters: Filters, by_region: pd.DataFrame) -> set[str]:
    """The one region every case is in, when the chosen places (and no scope) make it so.
    `by_region` is cases_by_region for the filters: it lists only the chosen places' regions."""
    if not _places_chosen(filters) or any(r in ("Global", "Regional") for r in filters.region):
        return set()
    regions_ = set(by_region.loc[by_region["kind"] == "region", "region"])
    return regions_ if len(regions_) == 1 else set()


def places_words(filters: Filters) -> str:
    """The chosen places in words: 'ITU region Africa', 'Kenya'."""
    parts = []
    for key in ("region", "country"):
        s = spec(key)
        values = getattr(filters, s.name)
        if values and s.words:
            parts.append(s.words(values, filters))
    return _listed(parts, len(parts))


def _besides(finding: Finding | None, given: list[str], unit: str = "cases") -> Finding | None:
    """A ranking that leaves out what the filters give every case says so, once."""
    if finding is None or not given:
        return finding
    if unit == "sessions":
        # Translators: {given} lists what every session of the selection has because of the
        # filters (e.g. "SDG 3 Good health and well-being"); {finding} is a whole sentence,
        # already translated, e.g. "SDG 4 Quality education is the most frequent SDG at the
        # Forum: …". Reorder freely; the names need no inflection (e.g. "… (SDG 3 …): …").
        text = _("Besides {given}, which every session in this selection has, {finding}")
    else:
        # Translators: {given} lists what every case of the selection has because of the
        # filters (e.g. "C2 Infrastructure"); {finding} is a whole sentence, already
        # translated, e.g. "E-health is the most frequent action line: …". Reorder freely.
        text = _("Besides {given}, which every case in this selection has, {finding}")
    return Finding(
        text.format(given=_listed(given), finding=finding.text),
        finding.query,
        {**finding.figures, "given": given},
    )


def _split_given(
    frame: pd.DataFrame,
    key: str,
    label: str,
    certain: set[Any],
    total: int,
    filters: Filters,
    unit: str = "cases",
) -> tuple[pd.DataFrame, list[str]]:
    """The rows left to rank, and the labels every record of a filtered selection has: those
    the filters make certain, and any other that covers all of it (a topic tagged from the
    chosen action line, say). Unfiltered, a value on every record is a finding of its own."""
    given = frame[key].isin(certain)
    if total and not filters.is_empty():
        given |= frame[unit] == total
    return frame[~given], [str(v) for v in frame.loc[given, label]]


def _sessions_caveat(filters: Filters) -> str:
    """A sentence wherever sessions appear under filters they cannot follow (a session has
    no region, country, entity type or collection); empty when every filter applies."""
    ignored = [s for s in ignored_by("sessions") if getattr(filters, s.name) != s.default]
    if not ignored:
        return ""
    names = _listed([_(s.label).lower() for s in ignored], len(ignored))
    if any(s.key in ("region", "country") for s in ignored):
        # Translators: {filters} lists the names of filters in lower case, e.g. "region and
        # entity type" (their number picks the plural form). Write the sentence so the names
        # need no inflection, e.g. "These filters do not apply to sessions: {filters}".
        text = ngettext(
            "Sessions have no {filters}, so that filter does not apply to them: "
            "these are the Forum's sessions worldwide.",
            "Sessions have no {filters}, so those filters do not apply to them: "
            "these are the Forum's sessions worldwide.",
            len(ignored),
        )
    else:
        # Translators: {filters} lists the names of filters in lower case, e.g. "entity type"
        # (their number picks the plural form). Write the sentence so the names need no
        # inflection.
        text = ngettext(
            "Sessions have no {filters}, so that filter does not apply to them.",
            "Sessions have no {filters}, so those filters do not apply to them.",
            len(ignored),
        )
    return text.format(filters=names)


def _years(over_time: pd.DataFrame, column: str, query: str) -> Finding | None:
    """Change over time: cases per start year, and the peak month or quarter."""
    if over_time.empty:
        return None
    dates = pd.to_datetime(over_time[column])
    by_year = over_time.groupby(dates.dt.year)["cases"].sum()
    busiest = cast(int, over_time["cases"].idxmax())  # query results have a RangeIndex
    peak = cast("pd.Series[Any]", over_time.loc[busiest])  # a unique label: one row
    peak_cases = int(peak["cases"])
    # Translators: one year's part of "By start date: …", e.g. "120 in 2020": {cases} cases
    # started in {year}.
    per_year = [_("{cases} in {year}").format(cases=_num(n), year=str(y)) for y, n in by_year.items()]
    # Translators: {years} lists cases per start year, e.g. "120 in 2020; 80 in 2021"; {month}
    # is a month and year, e.g. "April 2020"; {count} (which picks the plural form) is that
    # month's number of cases.
    text = ngettext(
        "By start date: {years}. The busiest month was {month} ({count} case).",
        "By start date: {years}. The busiest month was {month} ({count} cases).",
        peak_cases,
    )
    return Finding(
        text.format(
            years="; ".join(per_year), month=_month(pd.Timestamp(peak[column])), count=_num(peak_cases)
        ),
        query,
        {
            "by_year": {int(cast(SupportsInt, y)): int(n) for y, n in by_year.items()},
            "peak": pd.Timestamp(peak[column]).date().isoformat(),
            "peak_cases": peak_cases,
        },
    )


def headline_figures(ctx: Context) -> list[Finding]:
    """The figures on the title page of a pack, each with its query."""
    h = ctx.headline
    figures = {
        k: int(h[k])
        for k in (
            "cases",
            "countries",
            "organisations",
            "action_lines_covered",
            "cases_c7_only",
            "sessions",
            "covid_sessions",
            "cases_also_elsewhere",
        )
    }
    n = figures["countries"]
    # The sentence is put together from three counted parts, each with its own plural form
    # (a language may inflect the counted word after "from" or "in").
    # Translators: part of "86 cases from 70 organisations in 46 countries."
    from_organisations = ngettext(
        "from {n} organisation", "from {n} organisations", figures["organisations"]
    ).format(n=_num(figures["organisations"]))
    elsewhere = 0
    places = ""
    if not _places_chosen(ctx.filters):
        # Translators: part of "86 cases from 70 organisations in 46 countries."
        where = ngettext("in {n} country", "in {n} countries", n).format(n=_num(n))
    else:
        places = places_words(ctx.filters)
        elsewhere = figures["cases_also_elsewhere"]
        if len(ctx.filters.country) == 1:  # one chosen country: its name says it all
            # Translators: part of "12 cases from 10 organisations in Kenya."; {places} is a
            # country, or the chosen places, e.g. "ITU region Africa": write it so that they
            # need no inflection.
            where = _("in {places}").format(places=places)
        else:
            # Translators: part of "86 cases from 70 organisations in 46 countries of ITU
            # region Africa."; {places} are the chosen places, e.g. "ITU region Africa"; {n}
            # picks the plural form.
            where = ngettext("in {n} country of {places}", "in {n} countries of {places}", n).format(
                n=_num(n), places=places
            )
    values = {"n": _num(figures["cases"]), "from_organisations": from_organisations, "where": where}
    if elsewhere:
        # Translators: {n} (which picks the plural form) of a selection's cases also name
        # countries outside the chosen places, {places} (e.g. "ITU region Africa").
        outside = ngettext(
            "{n} of the cases also name countries outside {places}, which are not counted here",
            "{n} of the cases also name countries outside {places}, which are not counted here",
            elsewhere,
        ).format(n=_num(elsewhere), places=places)
        # Translators: {n} cases (it picks the plural form) {from_organisations} ("from 70
        # organisations") {where} ("in 46 countries of ITU region Africa") ({outside}: "12 of
        # the cases also name countries outside ITU region Africa, which are not counted here").
        cases = ngettext(
            "{n} case {from_organisations} {where} ({outside}).",
            "{n} cases {from_organisations} {where} ({outside}).",
            figures["cases"],
        ).format(outside=outside, **values)
    else:
        # Translators: {n} cases (it picks the plural form) {from_organisations} ("from 70
        # organisations") {where} ("in 46 countries", "in Kenya").
        cases = ngettext(
            "{n} case {from_organisations} {where}.",
            "{n} cases {from_organisations} {where}.",
            figures["cases"],
        ).format(**values)
    if figures["sessions"]:
        # Translators: {n} sessions (it picks the plural form), {covid} of them about COVID-19,
        # {share} being {covid} as a percentage of {n}.
        sessions = ngettext(
            "{n} WSIS Forum 2021 session, {covid} of them COVID-related ({share}).",
            "{n} WSIS Forum 2021 sessions, {covid} of them COVID-related ({share}).",
            figures["sessions"],
        ).format(
            n=_num(figures["sessions"]),
            covid=_num(figures["covid_sessions"]),
            share=_share(figures["covid_sessions"], figures["sessions"]),
        )
    else:
        sessions = _("No WSIS Forum 2021 session matches the filters that apply to sessions.")
    # Translators: a sentence made of {coverage}, e.g. "12 of 18 Action Lines and sub-lines
    # covered (plus 3 cases ticking only C7 (no sub-line))".
    coverage = _("{coverage}.").format(
        coverage=tx.coverage_words(figures["action_lines_covered"], figures["cases_c7_only"])
    )
    return [
        Finding(cases, "headline_figures", figures),
        Finding(coverage, "headline_figures", figures),
        Finding(_sentences(sessions, _sessions_caveat(ctx.filters)), "headline_figures", figures),
    ]


def action_lines(ctx: Context) -> list[Finding]:
    total = ctx.n("cases")
    frame = ctx.query("cases_by_action_line", rollup=False)
    frame = frame.assign(label=frame["action_line"] + " " + frame["short_name"])
    frame, given = _split_given(
        frame, "action_line", "label", certain_action_lines(ctx.filters), total, ctx.filters
    )
    rolled = ctx.query("cases_by_action_line", rollup=True)
    c7 = rolled.loc[rolled["action_line"] == "C7"]
    out = [
        _besides(_leader(frame, "label", total, "action_line", "cases_by_action_line"), given),
        _runners_up(frame, "label", "cases_by_action_line"),
    ]
    if total and not c7.empty and not c7_is_certain(ctx.filters) and int(c7["cases"].iloc[0]) < total:
        n = int(c7["cases"].iloc[0])
        # Translators: {action_line} is "C7 ICT applications"; {n} (which picks the plural
        # form) is its number of cases, counting its eight sub-lines (E-health, E-learning…);
        # {share} is {n} as a percentage of the selection's cases.
        text = ngettext(
            "{action_line}, with its eight sub-lines, covers {n} case ({share}).",
            "{action_line}, with its eight sub-lines, covers {n} cases ({share}).",
            n,
        )
        out.append(
            Finding(
                text.format(action_line=f"C7 {c7['short_name'].iloc[0]}", n=_num(n), share=_share(n, total)),
                "cases_by_action_line",
                {"counts": {"C7": n}, "total": total, "rollup": True},
            )
        )
    categories = frame[frame["action_line"] != "C7"]  # the 18; plain C7 is no category
    out.append(_missing(categories, "label", "action_lines", "cases_by_action_line"))
    return [f for f in out if f]


def sdgs(ctx: Context) -> list[Finding]:
    total = ctx.n("cases")
    frame = ctx.query("cases_by_sdg")
    frame = frame.assign(label=_sdg_labels(frame))
    frame, given = _split_given(frame, "sdg", "label", certain_sdgs(ctx.filters), total, ctx.filters)
    out = [
        _besides(_leader(frame, "label", total, "sdg", "cases_by_sdg"), given),
        _runners_up(frame, "label", "cases_by_sdg"),
        _missing(frame, "label", "sdgs", "cases_by_sdg"),
    ]
    return [f for f in out if f]


def regions(ctx: Context) -> list[Finding]:
    """Regions and countries inside the chosen places only: under region=Africa, Africa's
    countries (a case with partners elsewhere counts in its African countries) and no
    ranking of a region the filter makes certain."""
    total = ctx.n("cases")
    frame = ctx.query("cases_by_region")
    regions_, _given_regions = _split_given(
        localised.with_region_names(frame[frame["kind"] == "region"]),
        "region",
        "region_name",
        certain_regions(ctx.filters, frame),
        total,
        ctx.filters,
    )
    out = [
        _leader(regions_, "region_name", total, "region", "cases_by_region"),
        _missing(regions_, "region_name", "regions", "cases_by_region"),
    ]
    scoped = frame[frame["region"].isin(["Global", "Regional"])]
    n = int(scoped["cases"].sum())
    if total and (n or not _places_chosen(ctx.filters)):
        # Translators: {n} cases (it picks the plural form), {share} being {n} as a percentage
        # of the selection's cases.
        text = ngettext(
            "{n} case ({share}) is global or regional in scope, with no single country.",
            "{n} cases ({share}) are global or regional in scope, with no single country.",
            n,
        )
        out.append(
            Finding(
                text.format(n=_num(n), share=_share(n, total)),
                "cases_by_region",
                {"counts": {"Global or Regional": n}, "total": total},
            )
        )
    countries = ctx.query("cases_by_country")
    places = places_words(ctx.filters) if _places_chosen(ctx.filters) else ""
    if len(countries) > 1 or (countries.shape[0] == 1 and not places):
        most = int(countries["cases"].max())
        top = [str(v) for v in countries.loc[countries["cases"] == most, "name"]]
        elsewhere = int(ctx.headline["cases_also_elsewhere"])
        named = _countries_text(len(countries), places, len(top) == 1).format(
            n=_num(len(countries)), places=places, countries=_listed(top), count=_num(most)
        )
        note = ""
        if places and elsewhere:
            # Translators: {places} are the chosen places, e.g. "ITU region Africa"; {n} (which
            # picks the plural form) is how many cases also name countries elsewhere.
            note = ngettext(
                "A case that also names countries elsewhere counts here only in its countries "
                "in {places} ({n} case does).",
                "A case that also names countries elsewhere counts here only in its countries "
                "in {places} ({n} cases do).",
                elsewhere,
            ).format(places=places, n=_num(elsewhere))
        out.append(
            Finding(
                _sentences(named, note),
                "cases_by_country",
                {
                    "countries": len(countries),
                    "counts": dict.fromkeys(top, most),
                    "cases_also_elsewhere": elsewhere if note else 0,
                },
            )
        )
        out.append(_runners_up(countries.rename(columns={"name": "label"}), "label", "cases_by_country"))
    if places:
        every = ctx.query("countries_in_selection")
        empty = [str(v) for v in every.loc[every["cases"] == 0, "name"]]
        if empty and len(every) > 1:
            # Translators: {missing} (which picks the plural form) of the {total} countries of
            # the chosen places, {places} (e.g. "ITU region Africa"), have no case; {countries}
            # lists some of them.
            text = ngettext(
                "{missing} of the {total} countries of {places} have no case yet, among them {countries}.",
                "{missing} of the {total} countries of {places} have no case yet, among them {countries}.",
                len(empty),
            )
            out.append(
                Finding(
                    text.format(
                        missing=_num(len(empty)),
                        total=_num(len(every)),
                        places=places,
                        countries=_listed(empty, 4),
                    ),
                    "countries_in_selection",
                    {"missing": empty, "count": len(empty), "of": len(every)},
                )
            )
    if places and not any(out):
        out.append(
            Finding(
                # Translators: {places} are the chosen places, e.g. "ITU region Africa" or "Kenya".
                _("The filters choose {places}: no other region or country to compare here.").format(
                    places=places
                ),
                "cases_by_region",
                {},
            )
        )
    return [f for f in out if f]


def _countries_text(n: int, places: str, one: bool) -> str:
    """'Cases name 46 countries (in …); Kenya has the most (9).': {n} picks the plural form."""
    if places and one:
        # Translators: {n} countries of the chosen places, {places} (e.g. "ITU region
        # Africa"); {countries} is the country with the most cases, {count} its cases. Write
        # it so that the names need no inflection (e.g. "most cases: {countries} ({count})").
        return ngettext(
            "Cases name {n} country in {places}; {countries} has the most ({count}).",
            "Cases name {n} countries in {places}; {countries} has the most ({count}).",
            n,
        )
    if places:
        # Translators: as above; {countries} lists the countries tied for the most cases,
        # {count} is each one's number of cases.
        return ngettext(
            "Cases name {n} country in {places}; {countries} have the most ({count} each).",
            "Cases name {n} countries in {places}; {countries} have the most ({count} each).",
            n,
        )
    if one:
        # Translators: {n} countries; {countries} is the country with the most cases, {count}
        # its cases. Write it so that the name needs no inflection.
        return ngettext(
            "Cases name {n} country; {countries} has the most ({count}).",
            "Cases name {n} countries; {countries} has the most ({count}).",
            n,
        )
    # Translators: {n} countries; {countries} lists the countries tied for the most cases,
    # {count} is each one's number of cases.
    return ngettext(
        "Cases name {n} country; {countries} have the most ({count} each).",
        "Cases name {n} countries; {countries} have the most ({count} each).",
        n,
    )


def topics(ctx: Context) -> list[Finding]:
    total = ctx.n("cases")
    frame = ctx.query("cases_by_topic")
    frame, given = _split_given(frame, "topic", "label", certain_topics(ctx.filters), total, ctx.filters)
    out = [
        _besides(_leader(frame, "label", total, "topic", "cases_by_topic"), given),
        _runners_up(frame, "label", "cases_by_topic"),
        _years(ctx.query("cases_over_time"), "month", "cases_over_time"),
        _missing(frame, "label", "topics", "cases_by_topic"),
    ]
    return [f for f in out if f]


def sessions(ctx: Context) -> list[Finding]:
    sessions, covid = ctx.n("sessions"), int(ctx.headline["covid_sessions"])
    caveat = _sessions_caveat(ctx.filters)
    if not sessions:
        return [
            Finding(
                _sentences(
                    _("No WSIS Forum 2021 session matches the filters that apply to sessions."), caveat
                ),
                "headline_figures",
                {"sessions": 0},
            )
        ]
    out: list[Finding | None] = [
        Finding(
            _sentences(_covid_sessions(covid, sessions), caveat),
            "headline_figures",
            {"sessions": sessions, "covid_sessions": covid},
        )
    ]
    weeks = ctx.query("sessions_by_week")
    if not weeks.empty:
        busiest = int(weeks["sessions"].max())
        top = [pd.Timestamp(w).date() for w in weeks.loc[weeks["sessions"] == busiest, "week"]]
        if len(top) == 1:
            # Translators: {dates} is the day the week began, e.g. "17 May 2021"; {n} (which
            # picks the plural form) is its number of sessions.
            text = ngettext(
                "The busiest week began on {dates}, with {n} session.",
                "The busiest week began on {dates}, with {n} sessions.",
                busiest,
            )
        else:
            # Translators: {dates} lists the days the weeks began, e.g. "10 May 2021 and 17 May
            # 2021"; {n} (which picks the plural form) is each week's number of sessions.
            text = ngettext(
                "The busiest weeks began on {dates}, with {n} session each.",
                "The busiest weeks began on {dates}, with {n} sessions each.",
                busiest,
            )
        out.append(
            Finding(
                text.format(dates=_listed([_day(d) for d in top]), n=_num(busiest)),
                "sessions_by_week",
                {"weeks": [d.isoformat() for d in top], "sessions": busiest},
            )
        )
        final = weeks[pd.to_datetime(weeks["week"]).dt.date == tx.FORUM_2021_FINAL_WEEK[0]]
        if not final.empty:
            row = final.iloc[0]
            n, c = int(row["sessions"]), int(row["covid_related"])
            # Translators: {week} is the days of the WSIS Forum 2021's final week, e.g. "17-21
            # May 2021"; {covid} (which picks the plural form) of its {n} sessions were about
            # COVID-19, {share} being {covid} as a percentage of {n}.
            text = ngettext(
                "In the Forum's final week ({week}), {covid} of {n} sessions ({share}) were COVID-related.",
                "In the Forum's final week ({week}), {covid} of {n} sessions ({share}) were COVID-related.",
                c,
            )
            out.append(
                Finding(
                    text.format(week=tx.forum_week_words(), covid=_num(c), n=_num(n), share=_share(c, n)),
                    "sessions_by_week",
                    {"sessions": n, "covid_related": c},
                )
            )
    types = ctx.query("sessions_by_type")
    out.append(_leader(types, "session_type", sessions, "session_type", "sessions_by_type", unit="sessions"))
    by_sdg = ctx.query("sessions_by_sdg")
    by_sdg = by_sdg.assign(label=_sdg_labels(by_sdg))
    by_sdg, given = _split_given(
        by_sdg, "sdg", "label", certain_sdgs(ctx.filters), sessions, ctx.filters, unit="sessions"
    )
    leader = _leader(by_sdg, "label", sessions, "forum_sdg", "sessions_by_sdg", unit="sessions")
    out.append(_besides(leader, given, unit="sessions"))
    return [f for f in out if f][:5]


def coverage_gaps(ctx: Context) -> list[Finding]:
    out: list[Finding | None] = []
    lines = ctx.query("coverage_cases_vs_sessions")
    lines = lines.assign(label=lines["action_line"] + " " + lines["short_name"])
    ruled = lines[~lines["action_line"].isin(certain_action_lines(ctx.filters))]
    categories = ruled[ruled["action_line"] != "C7"]  # the 18; plain C7 is no category
    out.append(_missing(categories, "label", "action_lines", "coverage_cases_vs_sessions"))
    # Like with like: each line's share of the selection's cases beside its share of the
    # Forum's sessions (which cannot follow every filter), never counts of the two.
    ahead = ruled.assign(gap=ruled["sessions_share"] - ruled["cases_share"])
    ahead = ahead[(ahead["gap"] > 0) & (ahead["sessions"] > 0)].sort_values(
        "gap", ascending=False, kind="stable"
    )
    if not ahead.empty and ctx.n("cases"):
        names = [
            # Translators: an Action Line, e.g. "C9 Media", with its share of the WSIS Forum
            # 2021's sessions and its share of the selection's cases (percentages).
            _("{action_line} ({sessions_share} of sessions, {cases_share} of cases)").format(
                action_line=r.label,
                sessions_share=_pct(cast(float, r.sessions_share)),
                cases_share=_pct(cast(float, r.cases_share)),
            )
            for r in ahead.head(3).itertuples()
        ]
        # Translators: {count} (which picks the plural form) Action Line categories;
        # {action_lines} lists up to three of them, each with its two shares.
        text = ngettext(
            "{count} action line category takes a larger share of WSIS Forum 2021 sessions than of "
            "the cases in this selection: {action_lines}.",
            "{count} action line categories take a larger share of WSIS Forum 2021 sessions than of "
            "the cases in this selection: {action_lines}.",
            len(ahead),
        )
        out.append(
            Finding(
                _sentences(
                    text.format(count=_num(len(ahead)), action_lines=_listed(names, 3)),
                    _sessions_caveat(ctx.filters),
                ),
                "coverage_cases_vs_sessions",
                {
                    "action_lines": [str(a) for a in ahead["action_line"]],
                    "count": len(ahead),
                    "shares": {
                        str(r.action_line): (
                            float(cast(float, r.cases_share)),
                            float(cast(float, r.sessions_share)),
                        )
                        for r in ahead.head(3).itertuples()
                    },
                },
            )
        )
    # Regions only: the matrix's Global and Regional columns are scopes of cases that name no
    # country, not places a practice could be missing from. And not where countries are
    # chosen: a region's column holds only their cases, so "none in Africa" would be false
    # (the topics' own findings say which topics the selection lacks).
    matrix = ctx.query("topic_by_region")
    matrix = matrix[~matrix["region"].isin(rp.SCOPE_COLUMNS)]
    if not matrix.empty and not ctx.filters.country:
        out.append(_topic_region_gaps(matrix))
    grid = ctx.query("action_line_sdg_matrix")
    if not grid.empty:
        empty_cells = int((grid["cases"] == 0).sum())
        # Translators: {empty} (which picks the plural form) of the {pairs} pairs of an Action
        # Line and an SDG have no case.
        text = ngettext(
            "{empty} of {pairs} action line and SDG pairs have no case.",
            "{empty} of {pairs} action line and SDG pairs have no case.",
            empty_cells,
        )
        out.append(
            Finding(
                text.format(empty=_num(empty_cells), pairs=_num(len(grid))),
                "action_line_sdg_matrix",
                {"empty_pairs": empty_cells, "pairs": len(grid)},
            )
        )
    return [f for f in out if f]


def _topic_region_gaps(matrix: pd.DataFrame) -> Finding:
    """Topics with no case yet: in the one region of the selection, or as topic-region pairs."""
    empty = matrix[matrix["cases"] == 0]
    regions_ = list(dict.fromkeys(matrix["region"]))
    figures = {"empty_pairs": len(empty), "pairs": len(matrix)}
    if len(regions_) == 1:
        missing = [str(v) for v in empty["label"]]
        if not missing:
            # Translators: {total} topics (it picks the plural form); {region} is a region,
            # e.g. "Africa": write it so that the name needs no inflection (e.g. "in the
            # region {region}").
            text = ngettext(
                "Every one of the {total} topics has at least one case in {region}.",
                "Every one of the {total} topics has at least one case in {region}.",
                len(matrix),
            ).format(total=_num(len(matrix)), region=localised.region(str(regions_[0])))
        else:
            # Translators: {missing} (which picks the plural form) of {total} topics have no
            # case in {region}, a region, e.g. "Africa" (write it so that the name needs no
            # inflection); {topics} lists them.
            text = ngettext(
                "{missing} of {total} topics have no case in {region} yet: {topics}.",
                "{missing} of {total} topics have no case in {region} yet: {topics}.",
                len(missing),
            ).format(
                missing=_num(len(missing)),
                total=_num(len(matrix)),
                region=localised.region(str(regions_[0])),
                topics=_listed(missing),
            )
        return Finding(text, "topic_by_region", {**figures, "missing": missing})
    examples = [
        # Translators: a topic and a region with no case of it, e.g. "Telemedicine in Europe":
        # write it so that the names need no inflection.
        _("{topic} in {region}").format(topic=r.label, region=localised.region(str(r.region)))
        for r in empty.head(3).itertuples()
    ]
    if empty.empty:  # ("0 of 96 ... have no case" says it backwards)
        # Translators: {pairs} (which picks the plural form) pairs of a topic and a region.
        text = ngettext(
            "The one topic and region pair has at least one case.",
            "Every one of the {pairs} topic and region pairs has at least one case.",
            len(matrix),
        )
    else:
        # Translators: {empty} (which picks the plural form) of the {pairs} pairs of a topic
        # and a region have no case; {examples} lists up to three, e.g. "Telemedicine in Europe".
        text = ngettext(
            "{empty} of {pairs} topic and region pairs have no case yet, for example {examples}.",
            "{empty} of {pairs} topic and region pairs have no case yet, for example {examples}.",
            len(empty),
        )
    return Finding(
        text.format(empty=_num(len(empty)), pairs=_num(len(matrix)), examples=_listed(examples, 3)),
        "topic_by_region",
        figures,
    )


def _pair_label(row: Any) -> str:
    return f"{row.action_line} {row.short_name} × " + _("SDG {number}").format(number=int(row.sdg))


def sdg_linkages(ctx: Context) -> list[Finding]:
    """The cases' Action Line and SDG pairs against ITU's WSIS-SDG Matrix: the share that are
    official linkages, the linkages no case covers, the pairs claimed most that it does not
    list. Pairs are counted per case, over the 18 categories; a plain C7 pair counts as
    official where any C7 sub-line's is (as on the heatmap), and the linkages that only one
    of the matrix's two source files lists count as official, said in the gaps sentence."""
    grid = ctx.query("action_line_sdg_matrix", rollup=False)
    pairs = int(grid["cases"].sum())
    if not pairs:
        return [
            Finding(
                _(
                    "No case in this selection declares both an Action Line and an SDG, so none can "
                    "be compared with the WSIS–SDG Matrix."
                ),
                "action_line_sdg_matrix",
                {"pairs": 0, "official_pairs": 0},
            )
        ]
    official = int(grid.loc[grid["official"].astype(bool), "cases"].sum())
    # Translators: {share} is {official} as a percentage of {pairs}: the pairs of an Action
    # Line and an SDG that the cases declare, a case counting once per pair.
    text = _(
        "{share} of the Action Line and SDG pairs the cases declare are official linkages of "
        "ITU's WSIS–SDG Matrix ({official} of {pairs}, a case counting once per pair)."
    )
    out = [
        Finding(
            text.format(share=_share(official, pairs), official=_num(official), pairs=_num(pairs)),
            "action_line_sdg_matrix",
            {"pairs": pairs, "official_pairs": official},
        )
    ]
    links = ctx.query("sdg_linkages")
    gaps = links[links["cases"] == 0]
    uncertain = int((~gaps["in_both_source_files"].astype(bool)).sum())
    gap_labels = [_pair_label(r) for r in gaps.itertuples()]
    if gap_labels and uncertain:
        # Translators: {gaps} of the matrix's {linkages} official linkages have no case;
        # {pairs} lists up to three, e.g. "C2 Infrastructure × SDG 9"; {uncertain} (which picks
        # the plural form) of those gaps are in only one of the matrix's two source files.
        text = ngettext(
            "{gaps} of the matrix's {linkages} official linkages have no case in this selection, "
            "for example {pairs}; {uncertain} of them is listed in only one of its two source files.",
            "{gaps} of the matrix's {linkages} official linkages have no case in this selection, "
            "for example {pairs}; {uncertain} of them are listed in only one of its two source files.",
            uncertain,
        )
    elif gap_labels:
        # Translators: {gaps} (which picks the plural form) of the matrix's {linkages} official
        # linkages have no case; {pairs} lists up to three, e.g. "C2 Infrastructure × SDG 9".
        text = ngettext(
            "{gaps} of the matrix's {linkages} official linkages have no case in this selection, "
            "for example {pairs}.",
            "{gaps} of the matrix's {linkages} official linkages have no case in this selection, "
            "for example {pairs}.",
            len(gaps),
        )
    else:
        # Translators: {linkages} (which picks the plural form) official linkages of the WSIS–SDG Matrix.
        text = ngettext(
            "Every one of the matrix's {linkages} official linkages has at least one case.",
            "Every one of the matrix's {linkages} official linkages has at least one case.",
            len(links),
        )
    out.append(
        Finding(
            text.format(
                gaps=_num(len(gaps)),
                linkages=_num(len(links)),
                pairs=_listed(gap_labels, 3),
                uncertain=_num(uncertain),
            ),
            "sdg_linkages",
            {"gaps": len(gaps), "linkages": len(links), "less_certain_gaps": uncertain, "pairs": gap_labels},
        )
    )
    unlisted = _ranked(grid[~grid["official"].astype(bool) & (grid["cases"] > 0)]).head(3)
    if unlisted.empty:
        out.append(
            Finding(
                _("Every Action Line and SDG pair the cases declare is an official linkage."),
                "action_line_sdg_matrix",
                {"unlisted": []},
            )
        )
    else:
        counts = [int(v) for v in unlisted["cases"]]
        named = [
            # Translators: a pair of an Action Line and an SDG, e.g. "C5 Confidence and security ×
            # SDG 3", and its number of cases {n} (which picks the plural form).
            ngettext("{pair} ({n} case)", "{pair} ({n} cases)", n).format(pair=_pair_label(r), n=_num(n))
            for r, n in zip(unlisted.itertuples(), counts, strict=True)
        ]
        out.append(
            Finding(
                # Translators: {pairs} lists up to three pairs of an Action Line and an SDG, each
                # with its number of cases.
                _("The pairs cases declare most often that the matrix does not list: {pairs}.").format(
                    pairs=_listed(named, 3)
                ),
                "action_line_sdg_matrix",
                {
                    "unlisted": [_pair_label(r) for r in unlisted.itertuples()],
                    "cases": counts,
                },
            )
        )
    return out


def replication(ctx: Context) -> list[Finding]:
    """Where practice is missing (the replication map): how many topic and region pairs are
    gaps, then the largest gaps, each with the cases to replicate there."""
    marked = rp.mark_gaps(ctx.query("topic_by_region"))
    places = marked[~marked["region"].isin(rp.SCOPE_COLUMNS)]
    if places["region"].nunique() < 2:
        return [
            Finding(
                _(
                    "The selection covers one region, so no region's practice can be set beside "
                    "another's: choose no region, or several, for the replication map."
                ),
                "topic_by_region",
                {"regions": int(places["region"].nunique())},
            )
        ]
    gaps = places[places["gap"] != ""].sort_values("expected", ascending=False, kind="stable")
    missing, thin = int((gaps["gap"] == "solid").sum()), int((gaps["gap"] == "dotted").sum())
    figures = {"gaps": len(gaps), "absent": missing, "thin": thin, "pairs": len(places)}
    if gaps.empty:
        # Translators: {pairs} (which picks the plural form) pairs of a topic and a region.
        text = ngettext(
            "None of the {pairs} topic and region pairs is a gap: no topic common in one region is "
            "missing or rare in another.",
            "None of the {pairs} topic and region pairs is a gap: no topic common in one region is "
            "missing or rare in another.",
            len(places),
        )
        return [Finding(text.format(pairs=_num(len(places))), "topic_by_region", figures)]
    if missing and thin:
        # Translators: {gaps} (which picks the plural form) of {pairs} pairs of a topic and a
        # region are gaps: in {absent} of them the topic has no case, in {thin} a third of the
        # cases expected or fewer.
        text = ngettext(
            "{gaps} of {pairs} topic and region pairs are gaps: a topic common in another region has "
            "no case in {absent} of them, and in {thin} a third as many cases as that region's share "
            "would give, or fewer.",
            "{gaps} of {pairs} topic and region pairs are gaps: a topic common in another region has "
            "no case in {absent} of them, and in {thin} a third as many cases as that region's share "
            "would give, or fewer.",
            len(gaps),
        )
    elif missing:  # ("in 0 of them" would say nothing)
        # Translators: {gaps} (which picks the plural form) of {pairs} pairs of a topic and a
        # region are gaps, each a topic with no case in the region.
        text = ngettext(
            "{gaps} of {pairs} topic and region pairs are gaps: a topic common in another region has "
            "no case there.",
            "{gaps} of {pairs} topic and region pairs are gaps: in each, a topic common in another "
            "region has no case.",
            len(gaps),
        )
    else:
        # Translators: {gaps} (which picks the plural form) of {pairs} pairs of a topic and a
        # region are gaps, each with a third of the cases expected or fewer.
        text = ngettext(
            "{gaps} of {pairs} topic and region pairs are gaps: a topic common in another region has a "
            "third as many cases there as that region's share would give, or fewer.",
            "{gaps} of {pairs} topic and region pairs are gaps: in each, a topic common in another "
            "region has a third as many cases as that region's share would give, or fewer.",
            len(gaps),
        )
    out = [
        Finding(
            text.format(gaps=_num(len(gaps)), pairs=_num(len(places)), absent=_num(missing), thin=_num(thin)),
            "topic_by_region",
            figures,
        )
    ]
    for row in gaps.head(3).to_dict("records"):
        gap = {str(k): v for k, v in row.items()}
        found = ctx.query(
            "replication_candidates",
            gap_topic=gap["topic"],
            gap_region=gap["region"],
            gap_country="",
            limit=2,
        )
        named = [_case_named(t, c) for t, c in zip(found["title"], found["countries"], strict=True)]
        # Translators: {cases} lists one or two cases (their titles in quotation marks) to copy
        # in the region of the sentence before.
        to_copy = _("To replicate there: {cases}.").format(cases=_listed(named)) if named else ""
        out.append(
            Finding(
                _sentences(rp.gap_sentence(gap), to_copy),
                "replication_candidates",
                {
                    "gap": {k: gap[k] for k in ("topic", "region", "cases", "region_cases", "common_in")},
                    "candidates": [str(c) for c in found["case_id"]],
                },
            )
        )
    return out


def _case_named(title: object, countries: object) -> str:
    if countries:
        # Its countries ("Kenya; Uganda" in the query) listed as the language lists them.
        listed = i18n.listed(str(countries).split("; "))
        # Translators: a case's title in this language's quotation marks, and its countries.
        return _("“{title}” ({countries})").format(title=title, countries=listed)
    # Translators: a case's title in this language's quotation marks.
    return _("“{title}”").format(title=title)


# Briefing sections: (id, heading, findings function, the catalogue chart shown). The keys
# are URL values; the headings are translated where shown (`section_title`).
SECTIONS = {
    # Translators: the headings of a briefing pack's sections (slide titles) and their names
    # on the Briefing page.
    "action-lines": (N_("WSIS Action Lines"), action_lines, "cases-by-action-line"),
    "sdgs": (N_("Sustainable Development Goals"), sdgs, "cases-by-sdg"),
    "sdg-linkages": (N_("Action Lines and SDGs: official linkages"), sdg_linkages, "action-line-sdg-matrix"),
    "regions": (N_("Regions"), regions, "cases-by-region"),
    "topics": (N_("Topics"), topics, "cases-by-topic"),
    "sessions": (N_("WSIS Forum 2021 sessions"), sessions, "sessions-per-week"),
    "gaps": (N_("Coverage gaps"), coverage_gaps, "topic-by-region-matrix"),
    "replication": (N_("Replication opportunities"), replication, "replication-map"),
}
# A pack without `--sections` has these; the others are asked for by name.
DEFAULT_SECTIONS = tuple(k for k in SECTIONS if k != "replication")


def section_title(key: str) -> str:
    """A briefing section's heading in the run's language (the Briefing page, packs)."""
    return _(SECTIONS[key][0])
