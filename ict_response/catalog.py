"""The chart catalogue: every chart the dashboard shows, by a stable name.

A chart is a named query (and its parameters), a step that picks the rows it shows, a
builder from `charts`, and its words (title, what n counts, note, source). Pages render
catalogue charts, the CLI exports them (`ict-response export-chart --list`), and briefing
packs put them on slides, so the chart on the screen, in a file and in a pack is the same.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from . import charts, initiatives, provenance, replication
from . import names as localised
from . import taxonomy as tx
from .charts import ChartText
from .filters import Filters, ignored_by
from .pages import KIND_NAMES

CASES_SOURCE = ChartText.source
SESSIONS_SOURCE = "Source: WSIS Forum 2021 programme (ITU)"

Runner = Callable[[str, Filters, dict[str, object]], pd.DataFrame]


@dataclass(frozen=True)
class ChartSpec:
    name: str
    title: str  # "{scheme}" is replaced by the region scheme in force
    query: str
    draw: Callable[[pd.DataFrame, ChartText], go.Figure]
    prepare: Callable[[pd.DataFrame], pd.DataFrame] = lambda frame: frame
    params: dict[str, object] = field(default_factory=dict)
    what: str = "cases"  # what n counts: cases or sessions
    note: str = ""
    source: str = CASES_SOURCE
    # The filters a click adds: one per value of the clicked mark's customdata (a bar's
    # category; a heatmap cell's column and row).
    click_filter: tuple[str, ...] = ()
    description: str = ""
    legend: str = ""  # what marks on the chart mean, in words (exports and briefings repeat it)
    # n from the rows themselves (what they count is not a headline figure), else headline.
    count: Callable[[pd.DataFrame], int] | None = None

    def title_for(self, filters: Filters) -> str:
        scheme = "UN M49" if filters.region_scheme == "m49" else "ITU"
        return self.title.replace("{scheme}", scheme)


class Context:
    """Where query results come from (the app's cache, or a database file) and the filters;
    headline figures and the database's meta are read once per context."""

    def __init__(self, run: Runner, filters: Filters | None = None) -> None:
        self.run = run
        self.filters = filters or Filters()
        self._headline: pd.Series | None = None
        self._meta: dict[str, str] | None = None

    def query(self, name: str, **params: object) -> pd.DataFrame:
        return self.run(name, self.filters, params)

    @property
    def headline(self) -> pd.Series:
        if self._headline is None:
            self._headline = self.query("headline_figures").iloc[0]
        return self._headline

    @property
    def meta(self) -> dict[str, str]:
        if self._meta is None:
            frame = self.run("meta", Filters(), {})
            self._meta = dict(zip(frame["key"], frame["value"], strict=True))
        return self._meta

    @property
    def is_sample(self) -> bool:
        return provenance.is_sample(self.meta)

    def n(self, what: str) -> int:
        return int(self.headline[what])


@contextlib.contextmanager
def open_db(db_path: Path, filters: Filters | None = None) -> Iterator[Context]:
    """A context over a database file (one read-only connection), for the CLI and tests."""
    from . import queries
    from .db import connect_readonly

    con = connect_readonly(Path(db_path))
    try:
        yield Context(lambda name, f, p: localised.localise(queries.run(con, name, f, p)), filters)
    finally:
        con.close()


# What a chart counts -> the kinds of records whose sample-ness its footer states.
SAMPLE_KINDS: dict[str, tuple[str, ...]] = {"initiatives": (), "sessions": ("sessions",)}


def chart_text(
    title: str,
    filters: Filters,
    meta: dict[str, str],
    n: int | None = None,
    what: str = "cases",
    note: str = "",
    source: str | None = None,
) -> ChartText:
    """Title, subtitle (filters in words and n), source, data date, licence and notes."""
    subtitle = f"All {what}" if filters.is_empty() else filters.describe()
    if n is not None:
        subtitle += f" · n = {n:,} {what}"
    if what == "sessions" or "sessions" in note.lower():
        # Sessions have no region, country...: say so where a filter cannot reach them.
        subtitle += (" · " + _not_followed(filters)) if _not_followed(filters) else ""
    return ChartText(
        title=title,
        subtitle=subtitle,
        source=_with_initiatives(source or CASES_SOURCE, meta),
        note=note,
        # ITU's initiatives are real whatever else is sample; sessions say only their own.
        sample=provenance.sample_footer(meta, SAMPLE_KINDS.get(what, ("cases", "sessions"))),
        data_date=meta.get("data_date", ""),
        licence=charts.licence(),
    )


def _not_followed(filters: Filters) -> str:
    ignored = [s.label.lower() for s in ignored_by("sessions") if getattr(filters, s.name) != s.default]
    if not ignored:
        return ""
    named = ignored[0] if len(ignored) == 1 else ", ".join(ignored[:-1]) + " and " + ignored[-1]
    return f"sessions have no {named}: not filtered by it"


def _with_initiatives(source: str, meta: dict[str, str]) -> str:
    """A cases chart's source line names ITU's initiatives too when the database has them."""
    if source != CASES_SOURCE or meta.get("initiatives", "0") in ("", "0"):
        return source
    return f"{source}; {initiatives.SOURCE}"


@dataclass
class Chart:
    """One rendered catalogue chart: the figure, the rows it shows, and where they came from."""

    spec: ChartSpec
    figure: go.Figure
    frame: pd.DataFrame
    text: ChartText
    filters: Filters
    params: dict[str, object]
    meta: dict[str, str]

    @property
    def name(self) -> str:
        return self.spec.name

    def about(self) -> dict[str, object]:
        """What the XLSX "About" sheet and a briefing's methods page say about this chart."""
        params = ", ".join(f"{k} = {v}" for k, v in self.params.items()) or "none"
        return {
            "Chart": self.text.title,
            "Chart name": self.spec.name,
            "Filters": self.filters.describe() if not self.filters.is_empty() else "None (all records)",
            "Filter parameters": "; ".join(f"{k}={v}" for k, v in self.filters.to_query_params().items())
            or "none",
            "Query": f"queries/{self.spec.query}.sql",
            "Query parameters": params,
            "Rows": len(self.frame),
            "n": self.text.subtitle.rsplit("n = ", 1)[-1] if "n = " in self.text.subtitle else "",
            "Data date": self.meta.get("data_date", ""),
            "Source": self.spec.source.removeprefix("Source: "),
            "Licence": charts.licence(),
            "Sample data": (
                "Yes: " + self.text.sample.removeprefix(f"{provenance.SAMPLE_MARK}: ")
                if self.text.sample
                else "No"
            ),
            "Note": self.spec.note,
            **({"Legend": self.spec.legend} if self.spec.legend else {}),
            "Exported": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        }


def render(name: str, ctx: Context, **params: object) -> Chart:
    """Run a catalogue chart's query with the context's filters and build its figure."""
    spec = get(name)
    merged = {**spec.params, **params}
    frame = spec.prepare(ctx.query(spec.query, **merged))
    text = chart_text(
        spec.title_for(ctx.filters),
        ctx.filters,
        ctx.meta,
        spec.count(frame) if spec.count else ctx.n(spec.what),
        spec.what,
        spec.note,
        spec.source,
    )
    return Chart(spec, spec.draw(frame, text), frame, text, ctx.filters, merged, ctx.meta)


# --------------------------------------------------------------------------- the charts


def _top(n: int) -> Callable[[pd.DataFrame], pd.DataFrame]:
    return lambda frame: frame.sort_values("cases", ascending=False, kind="stable").head(n)


def _sdg_label(frame: pd.DataFrame) -> pd.Series:
    return "SDG " + frame["sdg"].astype(str) + " " + frame["name"]


def _line_label(frame: pd.DataFrame) -> pd.Series:
    return frame["action_line"] + " " + frame["short_name"]


def _action_line_bar(frame: pd.DataFrame, text: ChartText) -> go.Figure:
    return charts.horizontal_bar(
        frame.assign(label=_line_label(frame)), "label", "cases", text, custom="action_line"
    )


def _short_action_line_bar(frame: pd.DataFrame, text: ChartText) -> go.Figure:
    return charts.horizontal_bar(frame, "short_name", "cases", text, custom="action_line")


def _sdg_bar(value: str, value_title: str) -> Callable[[pd.DataFrame, ChartText], go.Figure]:
    def draw(frame: pd.DataFrame, text: ChartText) -> go.Figure:
        return charts.horizontal_bar(
            frame.assign(label=_sdg_label(frame)),
            "label",
            value,
            text,
            colours=list(frame["colour"]),
            custom="sdg",
            value_title=value_title,
        )

    return draw


def _coverage(frame: pd.DataFrame, text: ChartText) -> go.Figure:
    # Shares of each kind's own total: the selection's cases and the Forum's sessions differ
    # in number (and sessions cannot follow every filter), so counts side by side mislead.
    shares = {f"{kind}_share": f"Share of {name.lower()}" for kind, name in KIND_NAMES.items()}
    return charts.grouped_bar(
        frame.assign(label=_line_label(frame)),
        "label",
        shares,
        text,
        custom="action_line",
        percent=True,
        value_title="Share of total",
    )


# The legend lines of the official linkages on the Action Line x SDG heatmap, by outline.
LINKAGE_LEGEND = {
    "solid": "Outlined: an official linkage of ITU's WSIS–SDG Matrix (C7, plain or rolled up: "
    "where any C7 sub-line's is)",
    "dotted": "Dotted: listed in only one of the matrix's two source files (less certain)",
}
LINKAGE_SOURCE = "Linkages: ITU WSIS–SDG Matrix, as transcribed in uwidcit/WSIS-SDG-Matrix"


def linkage_style(frame: pd.DataFrame) -> pd.Series:
    """Each cell's outline: solid for an official linkage, dotted for a less certain one."""
    certain = frame["in_both_source_files"].fillna(False).astype(bool)
    official = frame["official"].astype(bool)
    return pd.Series(
        ["" if not o else "solid" if c else "dotted" for o, c in zip(official, certain, strict=True)],
        index=frame.index,
    )


def _matrix(frame: pd.DataFrame, text: ChartText) -> go.Figure:
    frame = frame.assign(
        line=_line_label(frame), goal="SDG " + frame["sdg"].astype(str), linkage=linkage_style(frame)
    )
    return charts.heatmap(
        frame,
        "goal",
        "line",
        "cases",
        text,
        x_title="SDG",
        y_title="Action Line",
        marks=charts.CellMarks("linkage", LINKAGE_LEGEND),
        custom=("sdg", "action_line"),
    )


def _regions(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["kind"] == "region"].reset_index(drop=True)


def _replication_map(frame: pd.DataFrame, text: ChartText) -> go.Figure:
    return charts.heatmap(
        frame,
        "region",
        "label",
        "cases",
        text,
        x_title="Region",
        y_title="Topic",
        marks=charts.CellMarks("gap", replication.GAP_LEGEND),
        custom=("region", "topic"),
    )


def _topics_by_quarter(frame: pd.DataFrame, text: ChartText) -> go.Figure:
    totals = frame.groupby("label", sort=False)["cases"].sum().sort_values(ascending=False, kind="stable")
    top = [t for t in totals.index[:6] if totals[t] > 0]
    wide = (
        frame.pivot_table(index="quarter", columns="label", values="cases", aggfunc="sum")
        .fillna(0)
        .reset_index()
    )
    return charts.timeline(wide, "quarter", {t: t for t in top}, text, kind="line", x_title="Quarter")


def _sessions_per_week(frame: pd.DataFrame, text: ChartText) -> go.Figure:
    start, end = tx.FORUM_2021_FINAL_WEEK
    return charts.weekly_share(
        frame.assign(week=pd.to_datetime(frame["week"])),
        text,
        "week",
        "sessions",
        "covid_related",
        "covid_share",
        ("All sessions", "COVID-related"),
        # The shade covers the whole Monday-to-Sunday bar of that week.
        marked=(
            pd.Timestamp(start),
            pd.Timestamp(start) + pd.Timedelta(days=7),
            f"Forum final week, {tx.forum_week_words()}",
        ),
    )


SESSIONS_NOTE = (
    "Sessions: WSIS Forum 2021 sessions matching the action line, SDG, topic, date and text filters."
)

CATALOG: dict[str, ChartSpec] = {
    spec.name: spec
    for spec in (
        ChartSpec(
            "top-action-lines",
            "Top action lines by number of cases",
            "cases_by_action_line",
            _short_action_line_bar,
            prepare=_top(8),
            params={"rollup": False},
            note=charts.MULTI_NOTE,
            click_filter=("action_line",),
            description=f"The eight {tx.CATEGORY_WORDS} with the most cases.",
        ),
        ChartSpec(
            "top-sdgs",
            "Top SDGs by number of cases",
            "cases_by_sdg",
            _sdg_bar("cases", "Cases"),
            prepare=_top(8),
            note=charts.MULTI_NOTE,
            click_filter=("sdg",),
            description="The eight SDGs with the most cases.",
        ),
        ChartSpec(
            "cases-by-country-map",
            "Cases by country",
            "cases_by_country",
            lambda f, t: charts.world_map(f, t),
            click_filter=("country",),
            note="A multi-country case counts in each of its countries.",
            description="World map of cases per country.",
        ),
        ChartSpec(
            "cases-by-month",
            "Cases by month they started",
            "cases_over_time",
            lambda f, t: charts.timeline(f, "month", {"cases": "Cases"}, t, x_title="Month"),
            description="Cases per month of their start (or submission) date.",
        ),
        ChartSpec(
            "itu-initiatives-timeline",
            "ITU's own COVID-19 initiatives",
            "itu_initiatives",
            lambda f, t: charts.dated_timeline(f, t),
            what="initiatives",
            count=len,
            source=f"Source: {initiatives.SOURCE}",
            note="A bar spans the month where the source gives no day.",
            description="ITU's COVID-19 initiatives on a timeline, each with its link.",
        ),
        ChartSpec(
            "cases-by-action-line",
            "Cases by WSIS Action Line",
            "cases_by_action_line",
            _action_line_bar,
            params={"rollup": False},
            note=charts.MULTI_NOTE,
            click_filter=("action_line",),
            description=f"Cases by the {tx.category_count()} {tx.CATEGORY_WORDS}, and cases "
            f"{tx.C7_ONLY_WORDS} (rollup=True: 11 lines).",
        ),
        ChartSpec(
            "cases-vs-sessions-by-action-line",
            "Share of cases and of WSIS Forum 2021 sessions by Action Line",
            "coverage_cases_vs_sessions",
            _coverage,
            note=SESSIONS_NOTE,
            click_filter=("action_line",),
            description="Each action line's share of cases beside its share of Forum sessions.",
        ),
        ChartSpec(
            "cases-by-sdg",
            "Cases by SDG",
            "cases_by_sdg",
            _sdg_bar("cases", "Cases"),
            note=charts.MULTI_NOTE,
            click_filter=("sdg",),
            description="Cases by the 17 SDGs, in the official SDG colours.",
        ),
        ChartSpec(
            "action-line-sdg-matrix",
            "Cases by Action Line and SDG",
            "action_line_sdg_matrix",
            _matrix,
            params={"rollup": False},
            click_filter=("sdg", "action_line"),
            note=f"Each cell counts cases tagged with both. {LINKAGE_SOURCE}.",
            legend=". ".join(LINKAGE_LEGEND.values()) + ".",
            description="Heatmap of cases per action line and SDG, official WSIS–SDG linkages "
            "outlined (rollup=True: 11 lines).",
        ),
        ChartSpec(
            "cases-by-region",
            "Cases by {scheme} region",
            "cases_by_region",
            lambda f, t: charts.horizontal_bar(f, "region", "cases", t, custom="region"),
            prepare=_regions,
            click_filter=("region",),
            note="A multi-country case counts in each of its regions. Global, regional and "
            "unlocated cases are counted apart.",
            description="Cases by ITU (or UN M49) region.",
        ),
        ChartSpec(
            "cases-by-topic",
            "Cases by topic",
            "cases_by_topic",
            lambda f, t: charts.horizontal_bar(f, "label", "cases", t, custom="topic"),
            note=charts.MULTI_NOTE,
            click_filter=("topic",),
            description="Cases by topic, tagged by the rules in data/reference/topic_rules.csv.",
        ),
        ChartSpec(
            "topics-by-quarter",
            "Cases by quarter they started, for the six largest topics",
            "topics_over_time",
            _topics_by_quarter,
            description="The six largest topics, cases per quarter.",
        ),
        ChartSpec(
            "topic-by-region-matrix",
            "Cases by topic and region: where good practice exists, and where not yet",
            "topic_by_region",
            lambda f, t: charts.heatmap(
                f,
                "region",
                "label",
                "cases",
                t,
                x_title="Region",
                y_title="Topic",
                custom=("region", "topic"),
            ),
            click_filter=("region", "topic"),
            note="Grey (0): no case of that topic there yet.",
            description="Heatmap of cases per topic and region.",
        ),
        ChartSpec(
            "replication-map",
            "Where a topic common in one region is missing in another",
            "topic_by_region",
            _replication_map,
            prepare=replication.mark_gaps,
            note="Grey (0): no case of that topic there yet. Shares are of each region's cases.",
            legend="; ".join(replication.GAP_LEGEND.values()) + ".",
            description="The topic by region matrix with its gaps outlined: cells where a topic "
            "common in another region has no case, or a third as many as that region's share would give.",
        ),
        ChartSpec(
            "sessions-per-week",
            "WSIS Forum 2021 sessions per week",
            "sessions_by_week",
            _sessions_per_week,
            what="sessions",
            source=SESSIONS_SOURCE,
            note="Shaded: the Forum's final week, 17-21 May 2021.",
            description="Forum sessions per week, all and COVID-related, and the COVID-related share.",
        ),
        ChartSpec(
            "sessions-by-type",
            "Sessions by type",
            "sessions_by_type",
            lambda f, t: charts.grouped_bar(
                f,
                "session_type",
                {"sessions": "All sessions", "covid_related": "COVID-related"},
                t,
                value_title="Sessions",
            ),
            what="sessions",
            source=SESSIONS_SOURCE,
            description="Forum sessions by session type, all and COVID-related.",
        ),
        ChartSpec(
            "sessions-by-sdg",
            "Sessions by SDG",
            "sessions_by_sdg",
            _sdg_bar("sessions", "Sessions"),
            what="sessions",
            source=SESSIONS_SOURCE,
            note="A session can be tagged with several SDGs.",
            click_filter=("sdg",),
            description="Forum sessions by SDG, in the official SDG colours.",
        ),
    )
}


def names() -> list[str]:
    return list(CATALOG)


def get(name: str) -> ChartSpec:
    from .errors import UserError

    if name not in CATALOG:
        raise UserError(
            f"No chart named {name!r}. `ict-response export-chart --list` names "
            f"every chart: {', '.join(CATALOG)}."
        )
    return CATALOG[name]
