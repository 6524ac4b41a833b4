"""Plain-language findings computed from query results ("E-health is the most frequent
action line: 23% of cases"). Pure functions: the same sentences serve the Overview page and
briefing packs, and each figure in them comes from the result passed in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, SupportsInt, cast

import pandas as pd

from .filters import ignored_by

if TYPE_CHECKING:
    from .catalog import Context


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "0%"


def top_category(frame: pd.DataFrame, label: str, total: int, what: str) -> str | None:
    """'<label> is the most frequent <what>: <share> of cases (<n>).'"""
    rows = frame[frame["cases"] > 0]
    if rows.empty or not total:
        return None
    top = rows.sort_values("cases", ascending=False, kind="stable").iloc[0]
    return (
        f"{top[label]} is the most frequent {what}: {_share(int(top['cases']), total)} of "
        f"cases ({int(top['cases']):,} of {total:,})."
    )


def gaps(frame: pd.DataFrame, label: str, what: str) -> str | None:
    """Categories no case in the selection covers: where good practice is missing."""
    missing = frame.loc[frame["cases"] == 0, label].tolist()
    if not missing:
        return None
    listed = ", ".join(str(m) for m in missing[:5]) + (" …" if len(missing) > 5 else "")
    return f"{len(missing)} {what} have no case in this selection: {listed}."


def regional_leader(frame: pd.DataFrame, total: int) -> str | None:
    regions = frame[(frame["kind"] == "region") & (frame["cases"] > 0)]
    if regions.empty or not total:
        return None
    top = regions.sort_values("cases", ascending=False, kind="stable").iloc[0]
    scoped = int(frame.loc[frame["region"].isin(["Global", "Regional"]), "cases"].sum())
    sentence = (
        f"{top['region']} has the most cases ({int(top['cases']):,}, {_share(int(top['cases']), total)})."
    )
    if scoped:
        sentence += f" {scoped:,} cases are global or regional in scope, with no single country."
    return sentence


def overview(
    headline: pd.Series, by_action_line: pd.DataFrame, by_sdg: pd.DataFrame, by_region: pd.DataFrame
) -> list[str]:
    """Three to five sentences for the Overview page."""
    total = int(headline["cases"])
    if total == 0:
        return ["No case matches the current filters."]
    sentences = [
        top_category(by_action_line, "short_name", total, "action line"),
        top_category(
            by_sdg.assign(label=by_sdg["sdg"].map(lambda n: f"SDG {n}") + " " + by_sdg["name"]),
            "label",
            total,
            "SDG",
        ),
        regional_leader(by_region, total),
    ]
    sessions, covid = int(headline["sessions"]), int(headline["covid_sessions"])
    if sessions:
        sentences.append(
            f"{covid:,} of {sessions:,} WSIS Forum 2021 sessions "
            f"({_share(covid, sessions)}) dealt with COVID-19."
        )
    return [s for s in sentences if s]


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


def _leader(
    frame: pd.DataFrame, label: str, total: int, what: str, query: str, unit: str = "cases"
) -> Finding | None:
    rows = frame[frame[unit] > 0]
    if rows.empty or not total:
        return None
    top = _ranked(rows, unit).iloc[0]
    n = int(top[unit])
    return Finding(
        f"{top[label]} is the most frequent {what}: {_share(n, total)} of {unit} ({n:,} of {total:,}).",
        query,
        {"label": str(top[label]), unit: n, "total": total},
    )


def _runners_up(
    frame: pd.DataFrame, label: str, what: str, query: str, unit: str = "cases"
) -> Finding | None:
    rows = _ranked(frame[frame[unit] > 0], unit).iloc[1:3]
    if rows.empty:
        return None
    parts = [f"{r[label]} ({int(r[unit]):,})" for _, r in rows.iterrows()]
    return Finding(
        f"Next come {' and '.join(parts)}.",
        query,
        {"labels": [str(v) for v in rows[label]], unit: [int(v) for v in rows[unit]]},
    )


def _missing(frame: pd.DataFrame, label: str, what: str, query: str, unit: str = "cases") -> Finding:
    """What no record covers; when every category is covered, the least covered one."""
    missing = [str(v) for v in frame.loc[frame[unit] == 0, label]]
    if missing:
        return Finding(
            f"No {unit[:-1]} in this selection covers {_listed(missing)} "
            f"({len(missing)} of {len(frame)} {what}).",
            query,
            {"missing": missing, "count": len(missing)},
        )
    low = frame.sort_values(unit, kind="stable").iloc[0]
    return Finding(
        f"Every one of the {len(frame)} {what} has at least one {unit[:-1]}; the least "
        f"frequent is {low[label]} ({int(low[unit]):,}).",
        query,
        {"missing": [], "count": 0, "least": str(low[label]), unit: int(low[unit])},
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
        for k in ("cases", "countries", "organisations", "action_lines_covered", "sessions", "covid_sessions")
    }
    return [
        Finding(
            f"{figures['cases']:,} cases from {figures['organisations']:,} organisations in "
            f"{figures['countries']:,} countries.",
            "headline_figures",
            figures,
        ),
        Finding(
            f"{figures['action_lines_covered']} of 19 action line categories covered.",
            "headline_figures",
            figures,
        ),
        Finding(
            f"{figures['sessions']:,} WSIS Forum 2021 sessions, {figures['covid_sessions']:,} "
            f"of them COVID-related ({_share(figures['covid_sessions'], figures['sessions'])}).",
            "headline_figures",
            figures,
        ),
    ]


def action_lines(ctx: Context) -> list[Finding]:
    total = ctx.n("cases")
    frame = ctx.query("cases_by_action_line", rollup=False)
    frame = frame.assign(label=frame["action_line"] + " " + frame["short_name"])
    rolled = ctx.query("cases_by_action_line", rollup=True)
    c7 = rolled.loc[rolled["action_line"] == "C7", "cases"]
    out = [
        _leader(frame, "label", total, "action line", "cases_by_action_line"),
        _runners_up(frame, "label", "action line", "cases_by_action_line"),
    ]
    if total and not c7.empty:
        n = int(c7.iloc[0])
        out.append(
            Finding(
                f"C7 ICT applications, with its eight sub-lines, covers {n:,} cases ({_share(n, total)}).",
                "cases_by_action_line",
                {"cases": n, "total": total, "rollup": True},
            )
        )
    out.append(_missing(frame, "label", "action line categories", "cases_by_action_line"))
    return [f for f in out if f]


def sdgs(ctx: Context) -> list[Finding]:
    total = ctx.n("cases")
    frame = ctx.query("cases_by_sdg")
    frame = frame.assign(label="SDG " + frame["sdg"].astype(str) + " " + frame["name"])
    out = [
        _leader(frame, "label", total, "SDG", "cases_by_sdg"),
        _runners_up(frame, "label", "SDG", "cases_by_sdg"),
        _missing(frame, "label", "SDGs", "cases_by_sdg"),
    ]
    return [f for f in out if f]


def regions(ctx: Context) -> list[Finding]:
    total = ctx.n("cases")
    frame = ctx.query("cases_by_region")
    regions_ = frame[frame["kind"] == "region"]
    out = [
        _leader(regions_, "region", total, "region", "cases_by_region"),
        _missing(regions_, "region", "regions", "cases_by_region"),
    ]
    scoped = frame[frame["region"].isin(["Global", "Regional"])]
    n = int(scoped["cases"].sum())
    if total:
        out.append(
            Finding(
                f"{n:,} cases ({_share(n, total)}) are global or regional in scope, with no single country.",
                "cases_by_region",
                {"cases": n, "total": total},
            )
        )
    countries = ctx.query("cases_by_country")
    if not countries.empty:
        top = _ranked(countries).iloc[0]
        out.append(
            Finding(
                f"Cases name {len(countries):,} countries; {top['name']} has the most "
                f"({int(top['cases']):,}).",
                "cases_by_country",
                {"countries": len(countries), "top": str(top["country"]), "cases": int(top["cases"])},
            )
        )
    return [f for f in out if f]


def topics(ctx: Context) -> list[Finding]:
    total = ctx.n("cases")
    frame = ctx.query("cases_by_topic")
    out = [
        _leader(frame, "label", total, "topic", "cases_by_topic"),
        _runners_up(frame, "label", "topic", "cases_by_topic"),
        _years(ctx.query("cases_over_time"), "month", "cases_over_time"),
        _missing(frame, "label", "topics", "cases_by_topic"),
    ]
    return [f for f in out if f]


def sessions(ctx: Context) -> list[Finding]:
    sessions, covid = ctx.n("sessions"), int(ctx.headline["covid_sessions"])
    if not sessions:
        return [
            Finding(
                "No WSIS Forum 2021 session matches the filters that apply to sessions.",
                "headline_figures",
                {"sessions": 0},
            )
        ]
    out: list[Finding | None] = [
        Finding(
            f"{covid:,} of {sessions:,} WSIS Forum 2021 sessions ({_share(covid, sessions)}) "
            "dealt with COVID-19.",
            "headline_figures",
            {"sessions": sessions, "covid_sessions": covid},
        )
    ]
    weeks = ctx.query("sessions_by_week")
    if not weeks.empty:
        top = _ranked(weeks, "sessions").iloc[0]
        out.append(
            Finding(
                f"The busiest week began on {pd.Timestamp(top['week']).date():%d %B %Y}, "
                f"with {int(top['sessions']):,} sessions.",
                "sessions_by_week",
                {"week": pd.Timestamp(top["week"]).date().isoformat(), "sessions": int(top["sessions"])},
            )
        )
    types = ctx.query("sessions_by_type")
    out.append(_leader(types, "session_type", sessions, "session type", "sessions_by_type", unit="sessions"))
    by_sdg = ctx.query("sessions_by_sdg")
    by_sdg = by_sdg.assign(label="SDG " + by_sdg["sdg"].astype(str) + " " + by_sdg["name"])
    out.append(_leader(by_sdg, "label", sessions, "SDG at the Forum", "sessions_by_sdg", unit="sessions"))
    return [f for f in out if f]


def coverage_gaps(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    lines = ctx.query("coverage_cases_vs_sessions")
    lines = lines.assign(label=lines["action_line"] + " " + lines["short_name"])
    out.append(_missing(lines, "label", "action line categories", "coverage_cases_vs_sessions"))
    ahead = lines.assign(gap=lines["sessions"] - lines["cases"])
    ahead = ahead[ahead["gap"] > 0].sort_values("gap", ascending=False, kind="stable")
    if not ahead.empty:
        names = [
            f"{r.label} ({int(cast(SupportsInt, r.sessions))} sessions, "
            f"{int(cast(SupportsInt, r.cases))} cases)"
            for r in ahead.head(3).itertuples()
        ]
        ignored = [
            s.label.lower() for s in ignored_by("sessions") if getattr(ctx.filters, s.name) != s.default
        ]
        caveat = f" (sessions are not filtered by {_listed(ignored, len(ignored))})" if ignored else ""
        out.append(
            Finding(
                f"{len(ahead)} action line categories had more Forum sessions than "
                f"cases in the field{caveat}: {_listed(names, 3)}.",
                "coverage_cases_vs_sessions",
                {"action_lines": [str(a) for a in ahead["action_line"]], "count": len(ahead)},
            )
        )
    matrix = ctx.query("topic_by_region")
    if not matrix.empty:
        empty = matrix[matrix["cases"] == 0]
        examples = [f"{r.label} in {r.region}" for r in empty.head(3).itertuples()]
        text = f"{len(empty)} of {len(matrix)} topic and region pairs have no case yet" + (
            f", for example {_listed(examples, 3)}." if examples else "."
        )
        out.append(Finding(text, "topic_by_region", {"empty_pairs": len(empty), "pairs": len(matrix)}))
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
    return out


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


# Briefing sections: (id, heading, findings function, the catalogue chart shown).
SECTIONS = {
    "action-lines": ("WSIS Action Lines", action_lines, "cases-by-action-line"),
    "sdgs": ("Sustainable Development Goals", sdgs, "cases-by-sdg"),
    "sdg-linkages": ("Action Lines and SDGs: official linkages", sdg_linkages, "action-line-sdg-matrix"),
    "regions": ("Regions", regions, "cases-by-region"),
    "topics": ("Topics", topics, "cases-by-topic"),
    "sessions": ("WSIS Forum 2021 sessions", sessions, "sessions-per-week"),
    "gaps": ("Coverage gaps", coverage_gaps, "topic-by-region-matrix"),
}
