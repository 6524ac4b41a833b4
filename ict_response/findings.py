"""Plain-language findings computed from query results ("E-health is the most frequent
action line: 23% of cases"). Pure functions: the same sentences serve the Overview page and
briefing packs, and each figure in them comes from the result passed in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, SupportsInt, cast

import pandas as pd

from . import replication as rp
from . import taxonomy as tx
from .filters import Filters, ignored_by, spec

if TYPE_CHECKING:
    from .catalog import Context


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "0%"


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
        return ["No case matches the current filters."]
    lines, given_lines = _split_given(
        by_action_line, "action_line", "short_name", certain_action_lines(filters), total, filters
    )
    goals = by_sdg.assign(label="SDG " + by_sdg["sdg"].astype(str) + " " + by_sdg["name"])
    goals, given_goals = _split_given(goals, "sdg", "label", certain_sdgs(filters), total, filters)
    regions_, _ = _split_given(
        by_region[by_region["kind"] == "region"],
        "region",
        "region",
        certain_regions(filters, by_region),
        total,
        filters,
    )
    sentences = [
        _besides(_leader(lines, "short_name", total, "action line", "cases_by_action_line"), given_lines),
        _besides(_leader(goals, "label", total, "SDG", "cases_by_sdg"), given_goals),
        _leader(regions_, "region", total, "region", "cases_by_region"),
    ]
    scoped = int(by_region.loc[by_region["region"].isin(["Global", "Regional"]), "cases"].sum())
    texts = [f.text for f in sentences if f]
    if scoped:
        are = _plural(scoped, "case is", "cases are")
        texts.append(f"{scoped:,} {are} global or regional in scope, with no single country.")
    sessions, covid = int(headline["sessions"]), int(headline["covid_sessions"])
    if sessions:
        texts.append(
            f"{covid:,} of {sessions:,} WSIS Forum 2021 sessions "
            f"({_share(covid, sessions)}) dealt with COVID-19.{_sessions_caveat(filters)}"
        )
    return texts


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


def _ranked(frame: pd.DataFrame, value: str = "cases") -> pd.DataFrame:
    return frame.sort_values(value, ascending=False, kind="stable")


def _listed(items: list[str], limit: int = 5) -> str:
    shown = [str(i) for i in items[:limit]]
    text = ", ".join(shown[:-1]) + f" and {shown[-1]}" if len(shown) > 1 else "".join(shown)
    return text + (f" (and {len(items) - limit} more)" if len(items) > limit else "")


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _plural_of(what: str) -> str:
    """'action line' -> 'action lines', 'SDG at the Forum' -> 'SDGs at the Forum'."""
    head, sep, tail = what.partition(" at ")
    return f"{head}s{sep}{tail}"


def _leader(
    frame: pd.DataFrame, label: str, total: int, what: str, query: str, unit: str = "cases"
) -> Finding | None:
    """The most frequent category; every one tied for first is named."""
    rows = frame[frame[unit] > 0]
    if rows.empty or not total:
        return None
    n = int(rows[unit].max())
    names = [str(v) for v in rows.loc[rows[unit] == n, label]]
    if len(names) == 1:
        text = f"{names[0]} is the most frequent {what}: {_share(n, total)} of {unit} ({n:,} of {total:,})."
    else:
        text = (
            f"{_listed(names, len(names))} are the most frequent {_plural_of(what)}, with "
            f"{n:,} {_plural(n, unit[:-1], unit)} each ({_share(n, total)} of {total:,})."
        )
    return Finding(text, query, {"counts": dict.fromkeys(names, n), "total": total})


def _runners_up(
    frame: pd.DataFrame, label: str, what: str, query: str, unit: str = "cases"
) -> Finding | None:
    """The two categories after the leaders, and any tied with the second of them."""
    rows = _ranked(frame[frame[unit] > 0], unit)
    rows = rows[rows[unit] < rows[unit].max()] if not rows.empty else rows
    if rows.empty:
        return None
    cut = int(rows[unit].iloc[min(1, len(rows) - 1)])
    rows = rows[rows[unit] >= cut]
    parts = [f"{r[label]} ({int(r[unit]):,})" for _, r in rows.iterrows()]
    return Finding(
        f"Next {_plural(len(parts), 'comes', 'come')} {_listed(parts)}.",
        query,
        {"counts": {str(r[label]): int(r[unit]) for _, r in rows.iterrows()}},
    )


def _missing(frame: pd.DataFrame, label: str, what: str, query: str, unit: str = "cases") -> Finding | None:
    """What no record covers; when every category is covered, the least covered ones."""
    missing = [str(v) for v in frame.loc[frame[unit] == 0, label]]
    if missing:
        return Finding(
            f"No {unit[:-1]} in this selection covers {_listed(missing)} "
            f"({len(missing)} of {len(frame)} {what}).",
            query,
            {"missing": missing, "count": len(missing), "of": len(frame)},
        )
    if len(frame) < 2:  # "every one of the 1 regions" says nothing
        return None
    n = int(frame[unit].min())
    low = [str(v) for v in frame.loc[frame[unit] == n, label]]
    least = (
        f"the least frequent is {low[0]} ({n:,})"
        if len(low) == 1
        else (f"the least frequent are {_listed(low)} ({n:,} each)")
    )
    return Finding(
        f"Every one of the {len(frame)} {what} has at least one {unit[:-1]}; {least}.",
        query,
        {"missing": [], "count": 0, "of": len(frame), "counts": dict.fromkeys(low, n)},
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
    return " and ".join(parts)


def _besides(finding: Finding | None, given: list[str], unit: str = "cases") -> Finding | None:
    """A ranking that leaves out what the filters give every case says so, once."""
    if finding is None or not given:
        return finding
    return Finding(
        f"Besides {_listed(given)}, which every {unit[:-1]} in this selection has, {finding.text}",
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
    ignored = [s.label.lower() for s in ignored_by("sessions") if getattr(filters, s.name) != s.default]
    if not ignored:
        return ""
    where = ": these are the Forum's sessions worldwide" if {"region", "country"} & set(ignored) else ""
    return (
        f" Sessions have no {_listed(ignored, len(ignored))}, so "
        f"{_plural(len(ignored), 'that filter does', 'those filters do')} not apply to them{where}."
    )


def _years(over_time: pd.DataFrame, column: str, query: str) -> Finding | None:
    """Change over time: cases per start year, and the peak month or quarter."""
    if over_time.empty:
        return None
    dates = pd.to_datetime(over_time[column])
    by_year = over_time.groupby(dates.dt.year)["cases"].sum()
    busiest = cast(int, over_time["cases"].idxmax())  # query results have a RangeIndex
    peak = cast("pd.Series[Any]", over_time.loc[busiest])  # a unique label: one row
    peak_when = pd.Timestamp(peak[column]).strftime("%B %Y")
    years = "; ".join(f"{int(n):,} in {y}" for y, n in by_year.items())
    return Finding(
        f"By start date: {years}. The busiest month was {peak_when} ({int(peak['cases']):,} cases).",
        query,
        {
            "by_year": {int(cast(SupportsInt, y)): int(n) for y, n in by_year.items()},
            "peak": pd.Timestamp(peak[column]).date().isoformat(),
            "peak_cases": int(peak["cases"]),
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
    where = f"{n:,} {_plural(n, 'country', 'countries')}"
    if _places_chosen(ctx.filters):
        places = places_words(ctx.filters)
        # One chosen country: its name says it all; else how many of the chosen places.
        where = places if len(ctx.filters.country) == 1 else f"{where} of {places}"
        elsewhere = figures["cases_also_elsewhere"]
        if elsewhere:
            where += (
                f" ({elsewhere:,} of the cases also name countries outside {places}, "
                "which are not counted here)"
            )
    return [
        Finding(
            f"{figures['cases']:,} cases from {figures['organisations']:,} organisations in {where}.",
            "headline_figures",
            figures,
        ),
        Finding(
            tx.coverage_words(figures["action_lines_covered"], figures["cases_c7_only"]) + ".",
            "headline_figures",
            figures,
        ),
        Finding(
            (
                f"{figures['sessions']:,} WSIS Forum 2021 sessions, {figures['covid_sessions']:,} "
                f"of them COVID-related ({_share(figures['covid_sessions'], figures['sessions'])})."
                if figures["sessions"]
                else "No WSIS Forum 2021 session matches the filters that apply to sessions."
            )
            + _sessions_caveat(ctx.filters),
            "headline_figures",
            figures,
        ),
    ]


def action_lines(ctx: Context) -> list[Finding]:
    total = ctx.n("cases")
    frame = ctx.query("cases_by_action_line", rollup=False)
    frame = frame.assign(label=frame["action_line"] + " " + frame["short_name"])
    frame, given = _split_given(
        frame, "action_line", "label", certain_action_lines(ctx.filters), total, ctx.filters
    )
    rolled = ctx.query("cases_by_action_line", rollup=True)
    c7 = rolled.loc[rolled["action_line"] == "C7", "cases"]
    out = [
        _besides(_leader(frame, "label", total, "action line", "cases_by_action_line"), given),
        _runners_up(frame, "label", "action line", "cases_by_action_line"),
    ]
    if total and not c7.empty and not c7_is_certain(ctx.filters) and int(c7.iloc[0]) < total:
        n = int(c7.iloc[0])
        out.append(
            Finding(
                f"C7 ICT applications, with its eight sub-lines, covers {n:,} cases ({_share(n, total)}).",
                "cases_by_action_line",
                {"counts": {"C7": n}, "total": total, "rollup": True},
            )
        )
    categories = frame[frame["action_line"] != "C7"]  # the 18; plain C7 is no category
    out.append(_missing(categories, "label", tx.CATEGORY_WORDS, "cases_by_action_line"))
    return [f for f in out if f]


def sdgs(ctx: Context) -> list[Finding]:
    total = ctx.n("cases")
    frame = ctx.query("cases_by_sdg")
    frame = frame.assign(label="SDG " + frame["sdg"].astype(str) + " " + frame["name"])
    frame, given = _split_given(frame, "sdg", "label", certain_sdgs(ctx.filters), total, ctx.filters)
    out = [
        _besides(_leader(frame, "label", total, "SDG", "cases_by_sdg"), given),
        _runners_up(frame, "label", "SDG", "cases_by_sdg"),
        _missing(frame, "label", "SDGs", "cases_by_sdg"),
    ]
    return [f for f in out if f]


def regions(ctx: Context) -> list[Finding]:
    """Regions and countries inside the chosen places only: under region=Africa, Africa's
    countries (a case with partners elsewhere counts in its African countries) and no
    ranking of a region the filter makes certain."""
    total = ctx.n("cases")
    frame = ctx.query("cases_by_region")
    regions_, _ = _split_given(
        frame[frame["kind"] == "region"],
        "region",
        "region",
        certain_regions(ctx.filters, frame),
        total,
        ctx.filters,
    )
    out = [
        _leader(regions_, "region", total, "region", "cases_by_region"),
        _missing(regions_, "region", "regions", "cases_by_region"),
    ]
    scoped = frame[frame["region"].isin(["Global", "Regional"])]
    n = int(scoped["cases"].sum())
    if total and (n or not _places_chosen(ctx.filters)):
        out.append(
            Finding(
                f"{n:,} {_plural(n, 'case', 'cases')} ({_share(n, total)}) "
                f"{_plural(n, 'is', 'are')} global or regional in scope, with no single country.",
                "cases_by_region",
                {"counts": {"Global or Regional": n}, "total": total},
            )
        )
    countries = ctx.query("cases_by_country")
    places = places_words(ctx.filters) if _places_chosen(ctx.filters) else ""
    if len(countries) > 1 or (countries.shape[0] == 1 and not places):
        most = int(countries["cases"].max())
        top = [str(v) for v in countries.loc[countries["cases"] == most, "name"]]
        each = "" if len(top) == 1 else " each"
        has = f"{_listed(top)} {_plural(len(top), 'has', 'have')} the most ({most:,}{each})"
        inside = f" in {places}" if places else ""
        elsewhere = int(ctx.headline["cases_also_elsewhere"])
        note = (
            f" A case that also names countries elsewhere counts here only in its countries{inside} "
            f"({elsewhere:,} {_plural(elsewhere, 'case does', 'cases do')})."
            if places and elsewhere
            else ""
        )
        out.append(
            Finding(
                f"Cases name {len(countries):,} countries{inside}; {has}.{note}",
                "cases_by_country",
                {
                    "countries": len(countries),
                    "counts": dict.fromkeys(top, most),
                    "cases_also_elsewhere": elsewhere if note else 0,
                },
            )
        )
        named = countries.rename(columns={"name": "label"})
        out.append(_runners_up(named, "label", "country", "cases_by_country"))
    if places:
        every = ctx.query("countries_in_selection")
        empty = [str(v) for v in every.loc[every["cases"] == 0, "name"]]
        if empty and len(every) > 1:
            out.append(
                Finding(
                    f"{len(empty):,} of the {len(every):,} countries of {places} have no case yet, "
                    f"among them {_listed(empty, 4)}.",
                    "countries_in_selection",
                    {"missing": empty, "count": len(empty), "of": len(every)},
                )
            )
    if places and not any(out):
        out.append(
            Finding(
                f"The filters choose {places}: no other region or country to compare here.",
                "cases_by_region",
                {},
            )
        )
    return [f for f in out if f]


def topics(ctx: Context) -> list[Finding]:
    total = ctx.n("cases")
    frame = ctx.query("cases_by_topic")
    frame, given = _split_given(frame, "topic", "label", certain_topics(ctx.filters), total, ctx.filters)
    out = [
        _besides(_leader(frame, "label", total, "topic", "cases_by_topic"), given),
        _runners_up(frame, "label", "topic", "cases_by_topic"),
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
                f"No WSIS Forum 2021 session matches the filters that apply to sessions.{caveat}",
                "headline_figures",
                {"sessions": 0},
            )
        ]
    out: list[Finding | None] = [
        Finding(
            f"{covid:,} of {sessions:,} WSIS Forum 2021 sessions ({_share(covid, sessions)}) "
            f"dealt with COVID-19.{caveat}",
            "headline_figures",
            {"sessions": sessions, "covid_sessions": covid},
        )
    ]
    weeks = ctx.query("sessions_by_week")
    if not weeks.empty:
        busiest = int(weeks["sessions"].max())
        top = [pd.Timestamp(w).date() for w in weeks.loc[weeks["sessions"] == busiest, "week"]]
        began = _listed([f"{d:%d %B %Y}" for d in top])
        out.append(
            Finding(
                f"The busiest {_plural(len(top), 'week began', 'weeks began')} on {began}, with "
                f"{busiest:,} sessions{'' if len(top) == 1 else ' each'}.",
                "sessions_by_week",
                {"weeks": [d.isoformat() for d in top], "sessions": busiest},
            )
        )
        final = weeks[pd.to_datetime(weeks["week"]).dt.date == tx.FORUM_2021_FINAL_WEEK[0]]
        if not final.empty:
            row = final.iloc[0]
            n, c = int(row["sessions"]), int(row["covid_related"])
            out.append(
                Finding(
                    f"In the Forum's final week ({tx.forum_week_words()}), {c:,} of {n:,} sessions "
                    f"({_share(c, n)}) were COVID-related.",
                    "sessions_by_week",
                    {"sessions": n, "covid_related": c},
                )
            )
    types = ctx.query("sessions_by_type")
    out.append(_leader(types, "session_type", sessions, "session type", "sessions_by_type", unit="sessions"))
    by_sdg = ctx.query("sessions_by_sdg")
    by_sdg = by_sdg.assign(label="SDG " + by_sdg["sdg"].astype(str) + " " + by_sdg["name"])
    by_sdg, given = _split_given(
        by_sdg, "sdg", "label", certain_sdgs(ctx.filters), sessions, ctx.filters, unit="sessions"
    )
    leader = _leader(by_sdg, "label", sessions, "SDG at the Forum", "sessions_by_sdg", unit="sessions")
    out.append(_besides(leader, given, unit="sessions"))
    return [f for f in out if f][:5]


def coverage_gaps(ctx: Context) -> list[Finding]:
    out: list[Finding | None] = []
    lines = ctx.query("coverage_cases_vs_sessions")
    lines = lines.assign(label=lines["action_line"] + " " + lines["short_name"])
    ruled = lines[~lines["action_line"].isin(certain_action_lines(ctx.filters))]
    categories = ruled[ruled["action_line"] != "C7"]  # the 18; plain C7 is no category
    out.append(_missing(categories, "label", tx.CATEGORY_WORDS, "coverage_cases_vs_sessions"))
    # Like with like: each line's share of the selection's cases beside its share of the
    # Forum's sessions (which cannot follow every filter), never counts of the two.
    ahead = ruled.assign(gap=ruled["sessions_share"] - ruled["cases_share"])
    ahead = ahead[(ahead["gap"] > 0) & (ahead["sessions"] > 0)].sort_values(
        "gap", ascending=False, kind="stable"
    )
    if not ahead.empty and ctx.n("cases"):
        names = [
            f"{r.label} ({_pct(cast(float, r.sessions_share))} of sessions, "
            f"{_pct(cast(float, r.cases_share))} of cases)"
            for r in ahead.head(3).itertuples()
        ]
        out.append(
            Finding(
                f"{len(ahead)} action line {_plural(len(ahead), 'category takes', 'categories take')} "
                f"a larger share of WSIS Forum 2021 sessions than of the cases in this selection: "
                f"{_listed(names, 3)}.{_sessions_caveat(ctx.filters)}",
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
    matrix = ctx.query("topic_by_region")
    if not matrix.empty:
        out.append(_topic_region_gaps(matrix))
    grid = ctx.query("action_line_sdg_matrix")
    if not grid.empty:
        empty_cells = int((grid["cases"] == 0).sum())
        out.append(
            Finding(
                f"{empty_cells} of {len(grid)} action line and SDG pairs have no case.",
                "action_line_sdg_matrix",
                {"empty_pairs": empty_cells, "pairs": len(grid)},
            )
        )
    return [f for f in out if f]


def _pct(share: float) -> str:
    return f"{share:.0%}"


def _topic_region_gaps(matrix: pd.DataFrame) -> Finding:
    """Topics with no case yet: in the one region of the selection, or as topic-region pairs."""
    empty = matrix[matrix["cases"] == 0]
    regions_ = list(dict.fromkeys(matrix["region"]))
    figures = {"empty_pairs": len(empty), "pairs": len(matrix)}
    if len(regions_) == 1:
        missing = [str(v) for v in empty["label"]]
        if not missing:
            text = f"Every one of the {len(matrix)} topics has at least one case in {regions_[0]}."
        else:
            text = (
                f"{len(missing)} of {len(matrix)} topics have no case in {regions_[0]} yet: "
                f"{_listed(missing)}."
            )
        return Finding(text, "topic_by_region", {**figures, "missing": missing})
    examples = [f"{r.label} in {r.region}" for r in empty.head(3).itertuples()]
    text = f"{len(empty)} of {len(matrix)} topic and region pairs have no case yet" + (
        f", for example {_listed(examples, 3)}." if examples else "."
    )
    return Finding(text, "topic_by_region", figures)


def _pair_label(row: Any) -> str:
    return f"{row.action_line} {row.short_name} × SDG {int(row.sdg)}"


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
                "No case in this selection declares both an Action Line and an SDG, so none can "
                "be compared with the WSIS–SDG Matrix.",
                "action_line_sdg_matrix",
                {"pairs": 0, "official_pairs": 0},
            )
        ]
    official = int(grid.loc[grid["official"].astype(bool), "cases"].sum())
    out = [
        Finding(
            f"{_share(official, pairs)} of the Action Line and SDG pairs the cases declare are "
            f"official linkages of ITU's WSIS–SDG Matrix ({official:,} of {pairs:,}, a case "
            "counting once per pair).",
            "action_line_sdg_matrix",
            {"pairs": pairs, "official_pairs": official},
        )
    ]
    links = ctx.query("sdg_linkages")
    gaps = links[links["cases"] == 0]
    uncertain = int((~gaps["in_both_source_files"].astype(bool)).sum())
    gap_labels = [_pair_label(r) for r in gaps.itertuples()]
    if gap_labels:
        text = (
            f"{len(gaps)} of the matrix's {len(links)} official linkages have no case in this "
            f"selection, for example {_listed(gap_labels, 3)}"
            + (
                f"; {uncertain} of them {'is' if uncertain == 1 else 'are'} listed in only one of "
                "its two source files"
                if uncertain
                else ""
            )
            + "."
        )
    else:
        text = f"Every one of the matrix's {len(links)} official linkages has at least one case."
    out.append(
        Finding(
            text,
            "sdg_linkages",
            {"gaps": len(gaps), "linkages": len(links), "less_certain_gaps": uncertain, "pairs": gap_labels},
        )
    )
    unlisted = _ranked(grid[~grid["official"].astype(bool) & (grid["cases"] > 0)]).head(3)
    if unlisted.empty:
        out.append(
            Finding(
                "Every Action Line and SDG pair the cases declare is an official linkage.",
                "action_line_sdg_matrix",
                {"unlisted": []},
            )
        )
    else:
        counts = [int(v) for v in unlisted["cases"]]
        named = [
            f"{_pair_label(r)} ({n:,} case{'' if n == 1 else 's'})"
            for r, n in zip(unlisted.itertuples(), counts, strict=True)
        ]
        out.append(
            Finding(
                f"The pairs cases declare most often that the matrix does not list: {_listed(named, 3)}.",
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
                "The selection covers one region, so no region's practice can be set beside "
                "another's: choose no region, or several, for the replication map.",
                "topic_by_region",
                {"regions": int(places["region"].nunique())},
            )
        ]
    gaps = places[places["gap"] != ""].sort_values("expected", ascending=False, kind="stable")
    missing, thin = int((gaps["gap"] == "solid").sum()), int((gaps["gap"] == "dotted").sum())
    figures = {"gaps": len(gaps), "absent": missing, "thin": thin, "pairs": len(places)}
    if gaps.empty:
        return [
            Finding(
                f"None of the {len(places)} topic and region pairs is a gap: no topic common in one "
                "region is missing or rare in another.",
                "topic_by_region",
                figures,
            )
        ]
    out = [
        Finding(
            f"{len(gaps)} of {len(places)} topic and region pairs are gaps: a topic common in "
            f"another region has no case in {missing} of them, and in {thin} a third as many cases "
            "as that region's share would give, or fewer.",
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
        named = [
            f"“{t}” ({c})" if c else f"“{t}”" for t, c in zip(found["title"], found["countries"], strict=True)
        ]
        to_copy = f" To replicate there: {_listed(named)}." if named else ""
        out.append(
            Finding(
                rp.gap_sentence(gap) + to_copy,
                "replication_candidates",
                {
                    "gap": {k: gap[k] for k in ("topic", "region", "cases", "region_cases", "common_in")},
                    "candidates": [str(c) for c in found["case_id"]],
                },
            )
        )
    return out


# Briefing sections: (id, heading, findings function, the catalogue chart shown).
SECTIONS = {
    "action-lines": ("WSIS Action Lines", action_lines, "cases-by-action-line"),
    "sdgs": ("Sustainable Development Goals", sdgs, "cases-by-sdg"),
    "sdg-linkages": ("Action Lines and SDGs: official linkages", sdg_linkages, "action-line-sdg-matrix"),
    "regions": ("Regions", regions, "cases-by-region"),
    "topics": ("Topics", topics, "cases-by-topic"),
    "sessions": ("WSIS Forum 2021 sessions", sessions, "sessions-per-week"),
    "gaps": ("Coverage gaps", coverage_gaps, "topic-by-region-matrix"),
    "replication": ("Replication opportunities", replication, "replication-map"),
}
# A pack without `--sections` has these; the others are asked for by name.
DEFAULT_SECTIONS = tuple(k for k in SECTIONS if k != "replication")
