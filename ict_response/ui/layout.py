"""Blocks every page is built from: the page header (with the sample-data notice), chart
blocks (chart, data table, downloads, click-to-filter) and the words around charts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal, cast

import pandas as pd
import streamlit as st
from streamlit.typing import PlotlyState

from .. import catalog, chart_data, export, i18n, ingest, names, replication, topics
from ..charts import PLOTLY_CONFIG, ChartText
from ..filters import Filters
from ..i18n import N_, _, ngettext, pgettext
from ..topic_evidence import why_tagged
from . import data, state
from . import view as view_ui
from .markdown import literal

# After the sentence naming the sample collections (provenance.sample_notice).
SAMPLE_ADVICE = N_(
    "Publish real exports on the Data page (data stewards) or with `ict-response ingest`: "
    "the first real export of a kind replaces the sample of that kind."
)


def page_header(title: str, intro: str = "") -> None:
    """The page's title and intro, already translated by the page, and the sample notice."""
    st.title(title)
    if intro:
        st.caption(intro)
    notice = data.sample_notice()
    if notice:
        st.info(f"{literal(notice)} {_(SAMPLE_ADVICE)}", icon=":material/science:")


def chart_text(
    title: str,
    filters: Filters,
    n: int | None = None,
    what: str = "cases",
    note: str = "",
    source: str | None = None,
) -> ChartText:
    """Title, subtitle (filters in words and n), source, data date, licence and notes."""
    return catalog.chart_text(title, filters, data.meta(), n, what, note, source)


def context(filters: Filters) -> catalog.Context:
    """Catalogue charts read through the app's cached queries."""
    return catalog.Context(lambda name, f, params: data.query(name, f, **params), filters)


def chart(
    name: str,
    filters: Filters,
    key: str,
    pick: Callable[[list[object]], None] | None = None,
    **params: object,
) -> catalog.Chart:
    """A catalogue chart with its data table and its downloads (PNG, SVG, PDF, CSV, XLSX);
    clicking a bar, cell or country adds it to the filters when the chart says which, or
    hands the clicked mark's values to `pick`."""
    shown = data.chart(name, filters, **params)
    on_select: Callable[[], None] | Literal["ignore"] = "ignore"
    if pick is not None:
        on_select = _on_pick(key, pick)
    elif shown.spec.click_filter:
        on_select = _on_click(key, shown.spec.click_filter)
    st.plotly_chart(
        shown.figure,
        width="stretch",
        config=_config(name),
        key=_chart_key(key),
        on_select=on_select,
        selection_mode="points",
    )
    with st.expander(_("Data behind this chart")):
        table = chart_data.readable(shown.frame)
        st.dataframe(table, hide_index=True, width="stretch", column_config=_labelled(table))
    downloads(shown, key)
    return shown


def _chart_key(key: str) -> str:
    """The chart widget's key, renewed after each applied click: a new widget starts with no
    selection, so a click on the same point later (after its filter was cleared) is a new
    selection rather than the old one, which the browser would not even send again."""
    return f"{key}_{st.session_state.get(f'{key}_clicks', 0)}"


def _on_click(key: str, filter_keys: tuple[str, ...]) -> Callable[[], None]:
    def apply() -> None:
        event = st.session_state.get(_chart_key(key))
        pairs = click_values(cast(PlotlyState | None, event), filter_keys)
        if pairs:
            st.session_state[f"{key}_clicks"] = st.session_state.get(f"{key}_clicks", 0) + 1
            state.add_filters(pairs)

    return apply


def _on_pick(key: str, pick: Callable[[list[object]], None]) -> Callable[[], None]:
    def apply() -> None:
        points = (st.session_state.get(_chart_key(key)) or {}).get("selection", {}).get("points", [])
        value = points[0].get("customdata") if points else None
        if value:
            st.session_state[f"{key}_clicks"] = st.session_state.get(f"{key}_clicks", 0) + 1
            pick(value if isinstance(value, list) else [value])

    return apply


def click_values(event: Mapping[str, Any] | None, filter_keys: tuple[str, ...]) -> list[tuple[str, object]]:
    """(filter, value) pairs of a chart click: the first clicked mark's customdata, one value
    per filter (a bar: its category; a heatmap cell: its column and its row)."""
    points = (event or {}).get("selection", {}).get("points", [])
    if not points:
        return []
    value = points[0].get("customdata")
    values = value if isinstance(value, list) else [value]
    return [(k, v) for k, v in zip(filter_keys, values, strict=False) if v is not None and v != ""]


def _config(name: str) -> dict[str, Any]:
    """The mode bar's own PNG download (scale 3) is named like the server-side files."""
    options = {
        **PLOTLY_CONFIG["toImageButtonOptions"],
        "filename": export.file_name(name, "png").removesuffix(".png"),
    }
    return {**PLOTLY_CONFIG, "toImageButtonOptions": options}


# Full labels in one menu per chart: side by side in a half-width column, five short
# buttons were cut to "P.." and "S.." at laptop width and stacked five deep on a phone.
DOWNLOAD_LABELS = {
    "png": N_("PNG image (high resolution)"),
    "svg": N_("SVG image (vector)"),
    "pdf": N_("PDF document (vector)"),
    "csv": N_("CSV data"),
    "xlsx": N_("Excel workbook (data and About sheet)"),
}
DOWNLOAD_HELP = {
    "png": N_("High-resolution image (3x)"),
    "svg": N_("Vector image"),
    "pdf": N_("Vector PDF"),
    "csv": N_("The data behind this chart"),
    "xlsx": N_("The data, with an About sheet: filters, query, date, source"),
}


def downloads(shown: catalog.Chart, key: str) -> None:
    """One "Download" menu per chart listing the formats. Every file is made only when its
    button is clicked (a callable `data`), and `on_click="ignore"` keeps the page from
    re-running."""
    images = export.images_available()
    formats = (export.IMAGE_FORMATS if images else ()) + ("csv", "xlsx")
    with st.popover(_("Download"), icon=":material/download:", key=f"{key}_downloads"):
        for fmt in formats:
            st.download_button(
                _(DOWNLOAD_LABELS[fmt]),
                _maker(shown, fmt),
                file_name=export.file_name(shown.name, fmt),
                mime=export.MIME[fmt],
                key=f"{key}_{fmt}",
                on_click="ignore",
                icon=":material/download:",
                width="stretch",
                help=_(DOWNLOAD_HELP[fmt]),
            )
        if not images:
            st.caption(_(export.NO_CHROMIUM))


def _maker(shown: catalog.Chart, fmt: str) -> Callable[[], bytes]:
    if fmt == "csv":
        return lambda: export.csv_bytes(shown.frame)
    if fmt == "xlsx":
        return lambda: export.xlsx_bytes(shown.frame, shown.about())
    scale = 3 if fmt == "png" else 1
    info = export.DocumentInfo.of_chart(shown.about())
    return lambda: export.image_bytes(shown.figure, fmt, scale=scale, info=info)


def _labelled(frame: pd.DataFrame) -> dict[str, Any]:
    """A chart's rows' columns labelled in this run's language, shares as percentages,
    day-only dates as dates."""
    labels = chart_data.labels(frame)
    config = {
        column: st.column_config.NumberColumn(label, format=chart_data.number_format(column))
        if chart_data.number_format(column)
        else st.column_config.Column(label)
        for column, label in labels.items()
    }
    return config | _date_columns(frame, labels)


def _date_columns(frame: pd.DataFrame, labels: Mapping[str, str]) -> dict[str, Any]:
    """Day-only date columns shown as dates, under their `labels`: DuckDB's DATE
    arrives as a timestamp, which a table shows as "2021-01-25 00:00:00"."""
    out: dict[str, Any] = {}
    for column in frame.columns:
        values = frame[column]
        if (
            pd.api.types.is_datetime64_any_dtype(values)
            and (values.dropna().dt.normalize() == values.dropna()).all()
        ):
            form = chart_data.DATE_FORMATS.get(str(column), chart_data.DAY_FORMAT)
            out[str(column)] = st.column_config.DateColumn(labels.get(str(column)), format=form)
    return out


# Every column of queries/case_list.sql, labelled in words (shown as _(label)).
CASE_COLUMNS = {
    "case_id": N_("ID"),
    "title": N_("Title"),
    "organisation": N_("Organisation"),
    "entity_type": N_("Entity type"),
    "countries": N_("Countries"),
    "scope": N_("Scope"),
    "action_lines": N_("Action Lines"),
    "sdgs": N_("SDGs"),
    "topics": N_("Topics"),
    # Translators: a column: the day a case started.
    "start_date": N_("Start"),
    "status": N_("Status"),
    "url": N_("Link"),
}


# Every column of queries/session_list.sql, labelled in words (shown as _(label)).
SESSION_COLUMNS = {
    "session_id": N_("ID"),
    # Translators: a column: the day a WSIS Forum session was held.
    "held_on": N_("Held on"),
    # Translators: a column: the kind of a WSIS Forum session (Thematic Workshop, WSIS TalkX...).
    "session_type": N_("Kind of session"),
    "title": N_("Title"),
    "organisers": N_("Organisers"),
    "covid_related": N_("COVID-related"),
    "action_lines": N_("Action Lines"),
    "sdgs": N_("SDGs"),
    "url": N_("Link"),
}


def _record_columns(columns: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """A table of records' columns labelled in this run's language, each as text but its title
    (wide) and its link; and the labels, for the columns a table shows otherwise."""
    label = {column: _(text) for column, text in columns.items()}
    shown: dict[str, Any] = {column: st.column_config.TextColumn(text) for column, text in label.items()}
    shown["title"] = st.column_config.TextColumn(label["title"], width="large")
    shown["url"] = st.column_config.LinkColumn(label["url"], validate=r"^https?://")
    return shown, label


def session_columns() -> dict[str, Any]:
    """The session table's columns as the table shows them, labelled in this run's language."""
    shown, label = _record_columns(SESSION_COLUMNS)
    shown["held_on"] = st.column_config.DateColumn(label["held_on"], format="YYYY-MM-DD")
    shown["covid_related"] = st.column_config.CheckboxColumn(label["covid_related"])
    return shown


def topic_names(keys: str, labels: dict[str, str]) -> str:
    """A case's topics as the queries give them ("remote_work; work") named in the run's
    language ("Remote work; Work and jobs")."""
    return "; ".join(names.word(labels.get(t, t)) for t in keys.split("; ")) if keys else keys


def case_columns() -> dict[str, Any]:
    """The case table's columns as the table shows them, labelled in this run's language."""
    shown, label = _record_columns(CASE_COLUMNS)
    shown["start_date"] = st.column_config.DateColumn(label["start_date"])
    return shown


def case_table(filters: Filters, limit: int = 200, key: str | None = None, opened: str = "") -> pd.DataFrame:
    """The first `limit` filtered cases (never more goes to the browser), and the rows shown.
    With a key, a click on any cell of a row (or its checkbox) opens that case: its id
    becomes the `case` view setting (in the URL); `opened` is the case open now."""
    total = int(data.query("headline_figures", filters).iloc[0]["cases"])
    rows = data.query("case_list", filters, limit=limit, offset=0)
    if rows.empty:
        st.info(_("No case matches the current filters."))
        return rows
    if total > limit:
        showing = ngettext(
            "Showing {shown} of {total} case, newest first. "
            "Narrow the filters or use the search to see the others.",
            "Showing {shown} of {total} cases, newest first. "
            "Narrow the filters or use the search to see the others.",
            total,
        )
    else:
        showing = ngettext(
            "Showing {shown} of {total} case, newest first.",
            "Showing {shown} of {total} cases, newest first.",
            total,
        )
    st.caption(showing.format(shown=i18n.number(len(rows)), total=i18n.number(total)))
    labels = topics.topic_labels()
    rows = rows.assign(
        topics=rows["topics"].map(lambda keys: topic_names(keys, labels) if isinstance(keys, str) else keys)
    )
    columns = case_columns()
    if key is None:
        st.dataframe(rows, hide_index=True, width="stretch", column_config=columns)
        return rows
    ids = list(rows["case_id"])
    at = ids.index(opened) if opened in ids else None
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config=columns,
        # Widget key per table content: a selection belongs to the rows it was made on.
        key=f"{key}_{hash(tuple(ids))}",
        on_select=lambda: _open_case(f"{key}_{hash(tuple(ids))}", ids),
        # A cell click selects the cell: any click on a row opens the case, not only the checkbox.
        selection_mode=["single-row", "single-cell"],
        selection_default={"selection": {"rows": [at]}} if at is not None else None,
    )
    return rows


def _open_case(key: str, ids: list[str]) -> None:
    """on_select of the case table: the clicked row's case is opened (none when unselected)."""
    event = st.session_state.get(key)
    selection = event.selection if event is not None else None
    picked = list(selection.rows) + [cell[0] for cell in selection.cells] if selection else []
    view_ui.put("case", ids[picked[0]] if picked and picked[0] < len(ids) else "")


IMPLIED_SDGS_NOTE = N_(
    "Not declared by the case, and never counted as declared: the SDGs that ITU's WSIS–SDG "
    "Matrix links to the case's Action Lines, beyond those it declares. A plain C7 with no "
    "sub-line implies none."
)

# The fields of queries/case_detail.sql a reader is shown, labelled as names.FIELDS labels a
# case's fields: an export's fields in their order (ingest.CASE_FIELDS) but those the detail
# shows otherwise (its heading, its description, its link), its topics after its SDGs, and
# where the case came from.
_SHOWN_OTHERWISE = ("title", "description", "url")
_DETAIL_ONLY = {
    "topics": N_("Topics"),
    "extra": N_("Other fields of the export"),
    "file_name": N_("Imported from"),
    "source_row": N_("Row in that file"),
}
_EXPORTED = [f for f in ingest.CASE_FIELDS if f not in _SHOWN_OTHERWISE]
_DETAIL_ORDER = (
    *_EXPORTED[: _EXPORTED.index("sdgs") + 1],
    "topics",
    *_EXPORTED[_EXPORTED.index("sdgs") + 1 :],
    "extra",
    "file_name",
    "source_row",
)
CASE_FIELDS = {key: {**names.FIELDS, **_DETAIL_ONLY}[key] for key in _DETAIL_ORDER}


# The fields of a case that list several names ("Kenya; Uganda"), as the queries join them.
LISTED_FIELDS = ("countries", "action_lines", "sdgs", "topics")


def _items(joined: str) -> str:
    """Names a query joined with "; " separated as the reader's language separates them
    (Chinese "；", Arabic "؛"): names of SDGs and Action Lines hold commas of their own."""
    return i18n.items(joined.split("; "))


def case_detail(case_id: str) -> None:
    """Every field of one case in words, the whole description, its link, the SDGs its
    Action Lines imply (apart from the declared ones) and why each topic was tagged."""
    detail = data.query("case_detail", case_id=case_id)
    if detail.empty:
        return
    case = detail.iloc[0]
    st.subheader(literal(case["title"]))  # data: shown as text, never as Markdown
    if case["url"]:
        st.link_button(_("Open the case's website"), case["url"])
        st.caption(literal(case["url"]))
    labels = topics.topic_labels()
    lines = []
    for column, label in CASE_FIELDS.items():
        value = case[column]
        if isinstance(value, pd.Timestamp):
            # A day (not a midnight), as the reader's language writes it: an ISO date in an
            # Arabic line reads backwards ("27-04-2022"), its numbers ordered right to left.
            value = i18n.date(value.date(), "long")
        if column == "topics" and value:
            value = topic_names(str(value), labels)
        if value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == "":
            continue
        if column in LISTED_FIELDS:
            value = _items(str(value))
        # Translators: one field of a case, e.g. "**Countries:** Kenya; Uganda"; keep the ** marks.
        lines.append(_("**{field}:** {value}").format(field=_(label), value=literal(value)))
    st.markdown("  \n".join(lines))
    st.markdown(_("**Description**"))
    description = str(case["description"] or "").strip()
    # Paragraph by paragraph, wrapped to the page: never cut like a table cell.
    st.markdown("\n\n".join(literal(p) for p in description.split("\n") if p.strip()) or _("None given."))
    st.markdown(_("**SDGs implied by its Action Lines**"))
    st.caption(_(IMPLIED_SDGS_NOTE))
    # Translators: no SDG declared, as in "Declared: none".
    declared = literal(_items(case["sdgs"])) if case["sdgs"] else pgettext("SDGs", "none")
    implied = (
        literal(_items(case["sdgs_implied"])) if case["sdgs_implied"] else _("none beyond the declared ones")
    )
    st.markdown(
        # Translators: {sdgs} is a list of SDGs, e.g. "3 Good health and well-being; 9 Industry...".
        _("Declared: {sdgs}").format(sdgs=declared)
        + "  \n"
        + _("Implied by its Action Lines: {sdgs}").format(sdgs=implied)
    )
    st.markdown(_("**Why each topic was tagged**"))
    evidence = data.query("topic_evidence", case_id=case_id)
    if evidence.empty:
        st.caption(_("No topic rule matched this case's texts, Action Lines or SDGs."))
    else:
        # Translators: a topic of a case, then why it was tagged, e.g.
        # "**Telemedicine**: the title says “teleconsultation”"; keep the ** marks.
        tagged = _("**{topic}**: {why}")
        st.markdown(
            "\n".join(
                "- " + tagged.format(topic=literal(row["label"]), why=literal(why_tagged(row)))
                for row in evidence.to_dict("records")
            )
        )
    cases_like(case_id)


def cases_like(case_id: str) -> None:
    """The cases most like one case, anywhere or elsewhere (the `elsewhere` view setting),
    each with why and a link that opens it."""
    st.markdown(_("**Cases like this one**"))
    key = view_ui.widget_key("elsewhere")
    st.session_state[key] = view_ui.get("elsewhere")
    named = {scope: _(name) for scope, name in replication.SCOPES.items()}  # in this run's language
    scope = st.radio(
        _("Where"),
        list(replication.SCOPES),
        format_func=named.__getitem__,
        horizontal=True,
        key=key,
        label_visibility="collapsed",
        on_change=lambda: view_ui.put("elsewhere", st.session_state[key]),
    )
    matches(data.similar(case_id, scope), replication.nothing_like(scope))


def matches(found: list[replication.Match], none: str) -> None:
    """Found cases, best first: each a link that opens it on the Cases page, where it is, and
    why (and how alike it is, where it was found for being alike)."""
    if not found:
        st.caption(none)
        return
    for m in found:
        title = literal(m.title or m.case_id)
        # Its countries listed as the reader's language lists them ("喀麦隆、英国").
        countries = literal(i18n.listed(m.country.split("; ")))
        st.page_link(
            "app_pages/cases.py",
            # Translators: a case's title, then the countries where it took place, set apart
            # by a dash rather than brackets: many titles end with a country in brackets.
            label=_("{title} — {countries}").format(title=title, countries=countries) if m.country else title,
            query_params={"case": m.case_id},
        )
        if m.match is not None:
            # Translators: {why} says what the found case shares; {match} how alike it is, as a
            # percentage of the best score possible (100%: as alike as can be).
            why = _("Why: {why} Match: {match}.").format(why=literal(m.why), match=i18n.percent(m.match))
        else:
            why = _("Why: {why}").format(why=literal(m.why))
        st.caption(why)


def initiative_table(rows: pd.DataFrame) -> None:
    """ITU's initiatives with their links, the undated ones named (a timeline cannot place them)."""
    if rows.empty:
        return
    undated = rows[rows["precision"] == "none"]
    if not undated.empty:
        names = "; ".join(literal(t) for t in undated["title"])
        st.caption(
            ngettext(
                "Without a published date ({count}), so not on the timeline: {titles}.",
                "Without a published date ({count}), so not on the timeline: {titles}.",
                len(undated),
            ).format(count=i18n.number(len(undated)), titles=names)
        )
    st.dataframe(
        rows[["title", "date_as_published", "category", "action_lines", "sdgs", "tags_inferred", "url"]],
        hide_index=True,
        width="stretch",
        column_config={
            "title": st.column_config.TextColumn(_("Initiative"), width="large"),
            "date_as_published": st.column_config.TextColumn(_("Date (as published)")),
            "category": st.column_config.TextColumn(pgettext("kind of initiative", "Kind")),
            "action_lines": st.column_config.TextColumn(_("Action Lines")),
            "sdgs": st.column_config.TextColumn(_("SDGs")),
            "tags_inferred": st.column_config.TextColumn(_("Tags inferred"), width="medium"),
            "url": st.column_config.LinkColumn(_("Source page"), validate=r"^https?://"),
        },
    )
