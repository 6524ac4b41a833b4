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

from . import charts, i18n, initiatives, provenance, replication
from . import names as localised
from . import taxonomy as tx
from .charts import ChartText
from .filters import Filters, ignored_by, scheme_name
from .i18n import N_, _, ngettext, pgettext

# A chart's words are kept in English here (marked for the catalog) and said in the run's
# language when it is drawn (`render`).
CASES_SOURCE = ChartText.source
SESSIONS_SOURCE_NAME = N_("WSIS Forum 2021 programme (ITU)")
SESSIONS_SOURCE = f"Source: {SESSIONS_SOURCE_NAME}"

Runner = Callable[[str, Filters, dict[str, object]], pd.DataFrame]


@dataclass(frozen=True)
class ChartSpec:
    """A catalogue chart. Its words (title, note, legend) are English messages, marked with
    N_(): `title_for`, `render` and `Chart` say them in the run's language."""

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
        """The chart's title in the run's language, for the region scheme in force."""
        return _(self.title).replace("{scheme}", scheme_name(filters.region_scheme))


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


def sample_kinds(what: str) -> tuple[str, ...]:
    """The kinds of records whose sample-ness a chart of `what` states."""
    return SAMPLE_KINDS.get(what, ("cases", "sessions"))


# What a chart counts, all of it (the subtitle with no filter in force).
ALL_OF = {"cases": N_("All cases"), "sessions": N_("All sessions"), "initiatives": N_("All initiatives")}


def _count_words(n: int, what: str) -> str:
    """n and what it counts, in words: "1,234 cases"."""
    # English says "cases" for one too (the count's words as they have always been).
    if what == "sessions":
        # Translators: n and what a chart counts ("n = 1,234 sessions"). English keeps its
        # words for one as well: write each plural form of your language.
        return ngettext("{n} sessions", "{n} sessions", n).format(n=i18n.number(n))
    if what == "initiatives":
        # Translators: n and what a chart counts ("n = 16 initiatives"). English keeps its
        # words for one as well: write each plural form of your language.
        return ngettext("{n} initiatives", "{n} initiatives", n).format(n=i18n.number(n))
    if what == "cases":
        # Translators: n and what a chart counts ("n = 1,234 cases"). English keeps its
        # words for one as well: write each plural form of your language.
        return ngettext("{n} cases", "{n} cases", n).format(n=i18n.number(n))
    return f"{i18n.number(n)} {what}"


def chart_text(
    title: str,
    filters: Filters,
    meta: dict[str, str],
    n: int | None = None,
    what: str = "cases",
    note: str = "",
    source: str | None = None,
) -> ChartText:
    """Title, subtitle (filters in words and n), source, data date, licence and notes, in
    the run's language. `title` is said as given; `note` and `source` may be the catalogue's
    English messages (they are translated here)."""
    if filters.is_empty():
        subtitle = _(ALL_OF[what]) if what in ALL_OF else f"All {what}"
    else:
        subtitle = filters.describe()
    n_words = ""
    if n is not None:
        n_words = _count_words(n, what)
        # Translators: in a chart's subtitle, how many records it counts: "n = 1,234 cases".
        subtitle += " · " + _("n = {count}").format(count=n_words)
    if what == "sessions" or "sessions" in note.lower():
        # Sessions have no region, country...: say so where a filter cannot reach them.
        not_followed = _not_followed(filters)
        if not_followed:
            subtitle += " · " + not_followed
            n_words += f" · {not_followed}" if n_words else ""
    return ChartText(
        title=title,
        subtitle=subtitle,
        source=_with_initiatives(source or CASES_SOURCE, meta),
        note=_(note) if note else "",
        # ITU's initiatives are real whatever else is sample; sessions say only their own.
        sample=provenance.sample_footer(meta, sample_kinds(what)),
        data_date=meta.get("data_date", ""),
        licence=charts.licence(),
        n_words=n_words,
    )


def _not_followed(filters: Filters) -> str:
    ignored = [_(s.label).lower() for s in ignored_by("sessions") if getattr(filters, s.name) != s.default]
    if not ignored:
        return ""
    # Translators: in a chart's subtitle: {filters} lists filters (e.g. "region and country")
    # that sessions have no field for, so the sessions chart does not follow them. English
    # says "it" for several too: write each plural form of your language.
    return ngettext(
        "sessions have no {filters}: not filtered by it",
        "sessions have no {filters}: not filtered by it",
        len(ignored),
    ).format(filters=provenance.and_list(ignored))


def _with_initiatives(source: str, meta: dict[str, str]) -> str:
    """A chart's source line in the run's language; a cases chart's names ITU's initiatives
    too when the database has them."""
    if source != CASES_SOURCE or meta.get("initiatives", "0") in ("", "0"):
        return charts.source_line(source)
    # Translators: a chart's source line naming two sources.
    return _("Source: {source}; {other_source}").format(
        source=_(charts.CASES_SOURCE_NAME), other_source=_(initiatives.SOURCE)
    )


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

    @property
    def legend(self) -> str:
        """What the chart's marks mean, in words, in the run's language ('' for none)."""
        return _(self.spec.legend) if self.spec.legend else ""

    def about(self) -> dict[str, object]:
        """What the XLSX "About" sheet and a briefing's methods page say about this chart.
        Its keys are English (marked for the catalog: the sheet says them in the run's
        language), its values in the run's language."""
        # Translators: in the About sheet, where a chart has no such parameters.
        none = pgettext("about sheet", "none")
        params = ", ".join(f"{k} = {v}" for k, v in self.params.items()) or none
        sample = provenance.sample_sentence(self.meta, sample_kinds(self.spec.what))
        if sample:
            # Translators: the About sheet's answer to "Sample data" when the chart's data
            # is sample data; {sentence} says which ("the ... cases are synthetic, ...").
            sample_answer = _("Yes: {sentence}").format(sentence=sample)
        else:
            # Translators: the About sheet's answer to "Sample data" for real data.
            sample_answer = pgettext("sample data", "No")
        return {
            N_("Chart"): self.text.title,
            N_("Chart name"): self.spec.name,
            N_("Filters"): self.filters.describe()
            if not self.filters.is_empty()
            else _("None (all records)"),
            N_("Filter parameters"): "; ".join(f"{k}={v}" for k, v in self.filters.to_query_params().items())
            or none,
            # Translators: the About sheet's label for the SQL query a chart runs.
            N_("Query"): f"queries/{self.spec.query}.sql",
            N_("Query parameters"): params,
            # Translators: the About sheet's label for how many rows of data a chart shows.
            N_("Rows"): len(self.frame),
            # Translators: the About sheet's label for what the chart counts ("1,234 cases"),
            # as a chart's subtitle says "n = 1,234 cases"; usually kept as "n".
            N_("n"): self.text.n_words,
            N_("Data date"): self.meta.get("data_date", ""),
            N_("Source"): _(self.spec.source.removeprefix("Source: ")),
            N_("Licence"): charts.licence(),
            # Translators: the About sheet's label: whether the chart's data is sample data.
            N_("Sample data"): sample_answer,
            N_("Note"): _(self.spec.note) if self.spec.note else "",
            **({N_("Legend"): self.legend} if self.spec.legend else {}),
            # Translators: the About sheet's label for when the file was made.
            N_("Exported"): dt.datetime.now().astimezone().isoformat(timespec="seconds"),
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
    return pd.Series(
        [localised.sdg_label(n, name) for n, name in zip(frame["sdg"], frame["name"], strict=True)],
        index=frame.index,
        dtype=object,
    )


def _sdg_goal(frame: pd.DataFrame) -> pd.Series:
    # Translators: an SDG's short label on a chart: {number} is its number ("SDG 3").
    label = _("SDG {number}")
    return pd.Series([label.format(number=n) for n in frame["sdg"]], index=frame.index, dtype=object)


def _line_label(frame: pd.DataFrame) -> pd.Series:
    return frame["action_line"] + " " + frame["short_name"]


def _action_line_bar(frame: pd.DataFrame, text: ChartText) -> go.Figure:
    return charts.horizontal_bar(
        frame.assign(label=_line_label(frame)), "label", "cases", text, custom="action_line"
    )


def _short_action_line_bar(frame: pd.DataFrame, text: ChartText) -> go.Figure:
    return charts.horizontal_bar(frame, "short_name", "cases", text, custom="action_line")


def _sdg_bar(value: str) -> Callable[[pd.DataFrame, ChartText], go.Figure]:
    def draw(frame: pd.DataFrame, text: ChartText) -> go.Figure:
        return charts.horizontal_bar(
            frame.assign(label=_sdg_label(frame)),
            "label",
            value,
            text,
            colours=list(frame["colour"]),
            custom="sdg",
            value_title=_axis_title(value),
        )

    return draw


def _axis_title(what: str) -> str:
    """The axis title of counts of `what` (cases, sessions) in the run's language."""
    if what == "sessions":
        return pgettext("axis title", "Sessions")
    return pgettext("axis title", "Cases")


def _coverage(frame: pd.DataFrame, text: ChartText) -> go.Figure:
    # Shares of each kind's own total: the selection's cases and the Forum's sessions differ
    # in number (and sessions cannot follow every filter), so counts side by side mislead.
    shares = {"cases_share": _("Share of cases"), "sessions_share": _("Share of sessions")}
    return charts.grouped_bar(
        frame.assign(label=_line_label(frame)),
        "label",
        shares,
        text,
        custom="action_line",
        percent=True,
        value_title=_("Share of total"),
    )


# The legend lines of the official linkages on the Action Line x SDG heatmap, by outline.
LINKAGE_LEGEND = {
    "solid": N_(
        "Outlined: an official linkage of ITU's WSIS–SDG Matrix (C7, plain or rolled up: "
        "where any C7 sub-line's is)"
    ),
    "dotted": N_("Dotted: listed in only one of the matrix's two source files (less certain)"),
}
LINKAGE_SOURCE = N_("Linkages: ITU WSIS–SDG Matrix, as transcribed in uwidcit/WSIS-SDG-Matrix")


def _said(legend: dict[str, str]) -> dict[str, str]:
    """A heatmap's legend of marks in the run's language."""
    return {style: _(line) for style, line in legend.items()}


def linkage_style(frame: pd.DataFrame) -> pd.Series:
    """Each cell's outline: solid for an official linkage, dotted for a less certain one."""
    certain = frame["in_both_source_files"].fillna(False).astype(bool)
    official = frame["official"].astype(bool)
    return pd.Series(
        ["" if not o else "solid" if c else "dotted" for o, c in zip(official, certain, strict=True)],
        index=frame.index,
    )


def _matrix(frame: pd.DataFrame, text: ChartText) -> go.Figure:
    frame = frame.assign(line=_line_label(frame), goal=_sdg_goal(frame), linkage=linkage_style(frame))
    return charts.heatmap(
        frame,
        "goal",
        "line",
        "cases",
        text,
        x_title=pgettext("axis title", "SDG"),
        y_title=pgettext("axis title", "Action Line"),
        marks=charts.CellMarks("linkage", _said(LINKAGE_LEGEND)),
        custom=("sdg", "action_line"),
    )


def _regions(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["kind"] == "region"].reset_index(drop=True)


def _replication_map(frame: pd.DataFrame, text: ChartText) -> go.Figure:
    """Topics by region with the gaps outlined."""
    return _topic_by_region(frame, text, charts.CellMarks("gap", _said(replication.GAP_LEGEND)))


def _topics_by_quarter(frame: pd.DataFrame, text: ChartText) -> go.Figure:
    totals = frame.groupby("label", sort=False)["cases"].sum().sort_values(ascending=False, kind="stable")
    top = [t for t in totals.index[:6] if totals[t] > 0]
    wide = (
        frame.pivot_table(index="quarter", columns="label", values="cases", aggfunc="sum")
        .fillna(0)
        .reset_index()
    )
    return charts.timeline(
        wide,
        "quarter",
        {t: t for t in top},
        text,
        kind="line",
        x_title=pgettext("axis title", "Quarter"),
        per="quarter",
    )


def _cases_by_month(frame: pd.DataFrame, text: ChartText) -> go.Figure:
    return charts.timeline(
        frame, "month", {"cases": _axis_title("cases")}, text, x_title=pgettext("axis title", "Month")
    )


def _topic_by_region(
    frame: pd.DataFrame, text: ChartText, marks: charts.CellMarks | None = None
) -> go.Figure:
    """Cases of each topic in each region, regions named in the run's language (`region_name`,
    which the spec's prepare adds: its data table shows it too); a cell click filters by the
    region's key and the topic's."""
    return charts.heatmap(
        frame,
        "region_name",
        "label",
        "cases",
        text,
        x_title=pgettext("axis title", "Region"),
        y_title=pgettext("axis title", "Topic"),
        marks=marks,
        custom=("region", "topic"),
    )


def _sessions_by_type(frame: pd.DataFrame, text: ChartText) -> go.Figure:
    return charts.grouped_bar(
        frame,
        "session_type",
        {"sessions": _("All sessions"), "covid_related": _("COVID-related")},
        text,
        value_title=_axis_title("sessions"),
    )


def _sessions_per_week(frame: pd.DataFrame, text: ChartText) -> go.Figure:
    start, end = tx.FORUM_2021_FINAL_WEEK
    return charts.weekly_share(
        frame.assign(week=pd.to_datetime(frame["week"])),
        text,
        "week",
        "sessions",
        "covid_related",
        "covid_share",
        (_("All sessions"), _("COVID-related"), _("COVID-related share")),
        # The shade covers the whole Monday-to-Sunday bar of that week.
        marked=(
            pd.Timestamp(start),
            pd.Timestamp(start) + pd.Timedelta(days=7),
            # Translators: the label of the shaded week; {dates} are its days ("17-21 May 2021").
            _("Forum final week, {dates}").format(dates=tx.forum_week_words()),
        ),
    )


SESSIONS_NOTE = N_(
    "Sessions: WSIS Forum 2021 sessions matching the action line, SDG, topic, date and text filters."
)

CATALOG: dict[str, ChartSpec] = {
    spec.name: spec
    for spec in (
        ChartSpec(
            "top-action-lines",
            N_("Top action lines by number of cases"),
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
            N_("Top SDGs by number of cases"),
            "cases_by_sdg",
            _sdg_bar("cases"),
            prepare=_top(8),
            note=charts.MULTI_NOTE,
            click_filter=("sdg",),
            description="The eight SDGs with the most cases.",
        ),
        ChartSpec(
            "cases-by-country-map",
            N_("Cases by country"),
            "cases_by_country",
            lambda f, t: charts.world_map(f, t),
            click_filter=("country",),
            note=N_("A multi-country case counts in each of its countries."),
            description="World map of cases per country.",
        ),
        ChartSpec(
            "cases-by-month",
            N_("Cases by month they started"),
            "cases_over_time",
            _cases_by_month,
            description="Cases per month of their start (or submission) date.",
        ),
        ChartSpec(
            "itu-initiatives-timeline",
            N_("ITU's own COVID-19 initiatives"),
            "itu_initiatives",
            lambda f, t: charts.dated_timeline(f, t),
            what="initiatives",
            count=len,
            source=f"Source: {initiatives.SOURCE}",
            note=N_("A bar spans the month where the source gives no day."),
            description="ITU's COVID-19 initiatives on a timeline, each with its link.",
        ),
        ChartSpec(
            "cases-by-action-line",
            N_("Cases by WSIS Action Line"),
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
            N_("Share of cases and of WSIS Forum 2021 sessions by Action Line"),
            "coverage_cases_vs_sessions",
            _coverage,
            note=SESSIONS_NOTE,
            click_filter=("action_line",),
            description="Each action line's share of cases beside its share of Forum sessions.",
        ),
        ChartSpec(
            "cases-by-sdg",
            N_("Cases by SDG"),
            "cases_by_sdg",
            _sdg_bar("cases"),
            note=charts.MULTI_NOTE,
            click_filter=("sdg",),
            description="Cases by the 17 SDGs, in the official SDG colours.",
        ),
        ChartSpec(
            "action-line-sdg-matrix",
            N_("Cases by Action Line and SDG"),
            "action_line_sdg_matrix",
            _matrix,
            params={"rollup": False},
            click_filter=("sdg", "action_line"),
            # LINKAGE_SOURCE at its end.
            note=N_(
                "Each cell counts cases tagged with both. "
                "Linkages: ITU WSIS–SDG Matrix, as transcribed in uwidcit/WSIS-SDG-Matrix."
            ),
            # LINKAGE_LEGEND's lines.
            legend=N_(
                "Outlined: an official linkage of ITU's WSIS–SDG Matrix (C7, plain or rolled up: "
                "where any C7 sub-line's is). Dotted: listed in only one of the matrix's two source "
                "files (less certain)."
            ),
            description="Heatmap of cases per action line and SDG, official WSIS–SDG linkages "
            "outlined (rollup=True: 11 lines).",
        ),
        ChartSpec(
            "cases-by-region",
            # Translators: {scheme} is the name of a scheme of regions: "ITU" or "UN M49".
            N_("Cases by {scheme} region"),
            "cases_by_region",
            lambda f, t: charts.horizontal_bar(f, "region_name", "cases", t, custom="region"),
            prepare=lambda f: localised.with_region_names(_regions(f)),
            click_filter=("region",),
            note=N_(
                "A multi-country case counts in each of its regions. Global, regional and "
                "unlocated cases are counted apart."
            ),
            description="Cases by ITU (or UN M49) region.",
        ),
        ChartSpec(
            "cases-by-topic",
            N_("Cases by topic"),
            "cases_by_topic",
            lambda f, t: charts.horizontal_bar(f, "label", "cases", t, custom="topic"),
            note=charts.MULTI_NOTE,
            click_filter=("topic",),
            description="Cases by topic, tagged by the rules in data/reference/topic_rules.csv.",
        ),
        ChartSpec(
            "topics-by-quarter",
            N_("Cases by quarter they started, for the six largest topics"),
            "topics_over_time",
            _topics_by_quarter,
            description="The six largest topics, cases per quarter.",
        ),
        ChartSpec(
            "topic-by-region-matrix",
            N_("Cases by topic and region: where good practice exists, and where not yet"),
            "topic_by_region",
            _topic_by_region,
            prepare=localised.with_region_names,
            click_filter=("region", "topic"),
            note=N_("Grey (0): no case of that topic there yet."),
            description="Heatmap of cases per topic and region.",
        ),
        ChartSpec(
            "replication-map",
            N_("Where a topic common in one region is missing in another"),
            "topic_by_region",
            _replication_map,
            prepare=lambda f: localised.with_region_names(replication.mark_gaps(f)),
            note=N_("Grey (0): no case of that topic there yet. Shares are of each region's cases."),
            # replication.GAP_LEGEND's lines.
            legend=N_(
                "Outlined: common in another region, no case here yet; "
                "Dotted: common in another region, a third as many cases here or fewer."
            ),
            description="The topic by region matrix with its gaps outlined: cells where a topic "
            "common in another region has no case, or a third as many as that region's share would give.",
        ),
        ChartSpec(
            "sessions-per-week",
            N_("WSIS Forum 2021 sessions per week"),
            "sessions_by_week",
            _sessions_per_week,
            what="sessions",
            source=SESSIONS_SOURCE,
            # Translators: a note under the sessions chart: the shaded week on it.
            note=N_("Shaded: the Forum's final week, 17-21 May 2021."),
            description="Forum sessions per week, all and COVID-related, and the COVID-related share.",
        ),
        ChartSpec(
            "sessions-by-type",
            N_("Sessions by type"),
            "sessions_by_type",
            _sessions_by_type,
            what="sessions",
            source=SESSIONS_SOURCE,
            description="Forum sessions by session type, all and COVID-related.",
        ),
        ChartSpec(
            "sessions-by-sdg",
            N_("Sessions by SDG"),
            "sessions_by_sdg",
            _sdg_bar("sessions"),
            what="sessions",
            source=SESSIONS_SOURCE,
            note=N_("A session can be tagged with several SDGs."),
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
