"""Blocks every page is built from: the page header (with the sample-data notice), chart
blocks (chart, data table, downloads, click-to-filter) and the words around charts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal, cast

import pandas as pd
import streamlit as st
from streamlit.typing import PlotlyState

from .. import catalog, export, replication, topics
from ..charts import PLOTLY_CONFIG, ChartText
from ..filters import Filters
from . import data, state
from . import view as view_ui
from .markdown import literal

# After the sentence naming the sample collections (provenance.sample_notice).
SAMPLE_ADVICE = (
    "Publish real exports on the Data page (data stewards) or with `ict-response ingest`: "
    "the first real export of a kind replaces the sample of that kind."
)


def page_header(title: str, intro: str = "") -> None:
    st.title(title)
    if intro:
        st.caption(intro)
    notice = data.sample_notice()
    if notice:
        st.info(f"{literal(notice)} {SAMPLE_ADVICE}", icon=":material/science:")


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
    with st.expander("Data behind this chart"):
        st.dataframe(shown.frame, hide_index=True, width="stretch", column_config=date_columns(shown.frame))
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
    "png": "PNG image (high resolution)",
    "svg": "SVG image (vector)",
    "pdf": "PDF document (vector)",
    "csv": "CSV data",
    "xlsx": "Excel workbook (data and About sheet)",
}
DOWNLOAD_HELP = {
    "png": "High-resolution image (3x)",
    "svg": "Vector image",
    "pdf": "Vector PDF",
    "csv": "The data behind this chart",
    "xlsx": "The data, with an About sheet: filters, query, date, source",
}


def downloads(shown: catalog.Chart, key: str) -> None:
    """One "Download" menu per chart listing the formats. Every file is made only when its
    button is clicked (a callable `data`), and `on_click="ignore"` keeps the page from
    re-running."""
    images = export.images_available()
    formats = (export.IMAGE_FORMATS if images else ()) + ("csv", "xlsx")
    with st.popover("Download", icon=":material/download:", key=f"{key}_downloads"):
        for fmt in formats:
            st.download_button(
                DOWNLOAD_LABELS[fmt],
                _maker(shown, fmt),
                file_name=export.file_name(shown.name, fmt),
                mime=export.MIME[fmt],
                key=f"{key}_{fmt}",
                on_click="ignore",
                icon=":material/download:",
                width="stretch",
                help=DOWNLOAD_HELP[fmt],
            )
        if not images:
            st.caption(export.NO_CHROMIUM)


def _maker(shown: catalog.Chart, fmt: str) -> Callable[[], bytes]:
    if fmt == "csv":
        return lambda: export.csv_bytes(shown.frame)
    if fmt == "xlsx":
        return lambda: export.xlsx_bytes(shown.frame, shown.about())
    scale = 3 if fmt == "png" else 1
    info = export.DocumentInfo.of_chart(shown.about())
    return lambda: export.image_bytes(shown.figure, fmt, scale=scale, info=info)


def date_columns(frame: pd.DataFrame) -> dict[str, Any]:
    """Day-only date columns shown as dates: DuckDB's DATE arrives as a timestamp, which a
    table shows as "2021-01-25 00:00:00"."""
    out: dict[str, Any] = {}
    for column in frame.columns:
        values = frame[column]
        if (
            pd.api.types.is_datetime64_any_dtype(values)
            and (values.dropna().dt.normalize() == values.dropna()).all()
        ):
            out[str(column)] = st.column_config.DateColumn(format="YYYY-MM-DD")
    return out


# Every column of queries/case_list.sql, labelled in words.
CASE_COLUMNS = {
    "case_id": st.column_config.TextColumn("ID"),
    "title": st.column_config.TextColumn("Title", width="large"),
    "organisation": st.column_config.TextColumn("Organisation"),
    "entity_type": st.column_config.TextColumn("Entity type"),
    "countries": st.column_config.TextColumn("Countries"),
    "scope": st.column_config.TextColumn("Scope"),
    "action_lines": st.column_config.TextColumn("Action Lines"),
    "sdgs": st.column_config.TextColumn("SDGs"),
    "topics": st.column_config.TextColumn("Topics"),
    "start_date": st.column_config.DateColumn("Start"),
    "status": st.column_config.TextColumn("Status"),
    "url": st.column_config.LinkColumn("Link", validate=r"^https?://"),
}


def case_table(filters: Filters, limit: int = 200, key: str | None = None, opened: str = "") -> pd.DataFrame:
    """The first `limit` filtered cases (never more goes to the browser), and the rows shown.
    With a key, a click on any cell of a row (or its checkbox) opens that case: its id
    becomes the `case` view setting (in the URL); `opened` is the case open now."""
    total = int(data.query("headline_figures", filters).iloc[0]["cases"])
    rows = data.query("case_list", filters, limit=limit, offset=0)
    if rows.empty:
        st.info("No case matches the current filters.")
        return rows
    st.caption(
        f"Showing {len(rows):,} of {total:,} cases, newest first."
        + (" Narrow the filters or use the search to see the others." if total > limit else "")
    )
    if key is None:
        st.dataframe(rows, hide_index=True, width="stretch", column_config=CASE_COLUMNS)
        return rows
    ids = list(rows["case_id"])
    at = ids.index(opened) if opened in ids else None
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config=CASE_COLUMNS,
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


IMPLIED_SDGS_NOTE = (
    "Not declared by the case, and never counted as declared: the SDGs that ITU's WSIS–SDG "
    "Matrix links to the case's Action Lines, beyond those it declares. A plain C7 with no "
    "sub-line implies none."
)

# The fields of queries/case_detail.sql a reader is shown, labelled in words, in this order.
CASE_FIELDS = {
    "case_id": "ID",
    "collection": "Collection",
    "organisation": "Organisation",
    "entity_type": "Kind of organisation",
    "countries": "Countries",
    "scope": "Scope",
    "action_lines": "WSIS Action Lines",
    "sdgs": "SDGs",
    "topics": "Topics",
    "keywords": "Keywords",
    "status": "Status",
    "start_date": "Started",
    "end_date": "Ended",
    "submitted_on": "Submitted",
    "extra": "Other fields of the export",
    "file_name": "Imported from",
    "source_row": "Row in that file",
}


def case_detail(case_id: str) -> None:
    """Every field of one case in words, the whole description, its link, the SDGs its
    Action Lines imply (apart from the declared ones) and why each topic was tagged."""
    detail = data.query("case_detail", case_id=case_id)
    if detail.empty:
        return
    case = detail.iloc[0]
    st.subheader(literal(case["title"]))  # data: shown as text, never as Markdown
    if case["url"]:
        st.link_button("Open the case's website", case["url"])
        st.caption(literal(case["url"]))
    labels = topics.topic_labels()
    lines = []
    for column, label in CASE_FIELDS.items():
        value = case[column]
        if isinstance(value, pd.Timestamp):
            value = value.date().isoformat()  # a day, not a midnight
        if column == "topics" and value:
            value = "; ".join(labels.get(t, t) for t in str(value).split("; "))
        if value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == "":
            continue
        lines.append(f"**{label}:** {literal(value)}")
    st.markdown("  \n".join(lines))
    st.markdown("**Description**")
    description = str(case["description"] or "").strip()
    # Paragraph by paragraph, wrapped to the page: never cut like a table cell.
    st.markdown("\n\n".join(literal(p) for p in description.split("\n") if p.strip()) or "None given.")
    st.markdown("**SDGs implied by its Action Lines**")
    st.caption(IMPLIED_SDGS_NOTE)
    declared = case["sdgs"] or "none"
    implied = case["sdgs_implied"] or "none beyond the declared ones"
    st.markdown(f"Declared: {literal(declared)}  \nImplied by its Action Lines: {literal(implied)}")
    st.markdown("**Why each topic was tagged**")
    evidence = data.query("topic_evidence", case_id=case_id)
    if evidence.empty:
        st.caption("No topic rule matched this case's texts, Action Lines or SDGs.")
    else:
        st.markdown(
            "\n".join(f"- **{literal(row.label)}**: {literal(row.why)}" for row in evidence.itertuples())
        )
    cases_like(case_id)


def cases_like(case_id: str) -> None:
    """The cases most like one case, anywhere or elsewhere (the `elsewhere` view setting),
    each with why and a link that opens it."""
    st.markdown("**Cases like this one**")
    key = view_ui.widget_key("elsewhere")
    st.session_state[key] = view_ui.get("elsewhere")
    scope = st.radio(
        "Where",
        list(replication.SCOPES),
        format_func=lambda scope: replication.SCOPES[scope].capitalize(),
        horizontal=True,
        key=key,
        label_visibility="collapsed",
        on_change=lambda: view_ui.put("elsewhere", st.session_state[key]),
    )
    matches(data.similar(case_id, scope), replication.nothing_like(scope))


def matches(found: list[replication.Match], none: str, scored: bool = True) -> None:
    """Found cases, best first: each a link that opens it on the Cases page, where it is, and
    why (and its similarity score when `scored`)."""
    if not found:
        st.caption(none)
        return
    for m in found:
        where = f" ({literal(m.country)})" if m.country else ""
        st.page_link(
            "app_pages/cases.py",
            label=f"{literal(m.title or m.case_id)}{where}",
            query_params={"case": m.case_id},
        )
        score = f" Score {m.score:.2f}." if scored else ""
        st.caption(f"Why: {literal(m.why)}{score}")


def initiative_table(rows: pd.DataFrame) -> None:
    """ITU's initiatives with their links, the undated ones named (a timeline cannot place them)."""
    if rows.empty:
        return
    undated = rows[rows["precision"] == "none"]
    if not undated.empty:
        names = "; ".join(literal(t) for t in undated["title"])
        st.caption(f"Without a published date ({len(undated)}), so not on the timeline: {names}.")
    st.dataframe(
        rows[["title", "date_as_published", "category", "action_lines", "sdgs", "tags_inferred", "url"]],
        hide_index=True,
        width="stretch",
        column_config={
            "title": st.column_config.TextColumn("Initiative", width="large"),
            "date_as_published": st.column_config.TextColumn("Date (as published)"),
            "category": st.column_config.TextColumn("Kind"),
            "action_lines": st.column_config.TextColumn("Action Lines"),
            "sdgs": st.column_config.TextColumn("SDGs"),
            "tags_inferred": st.column_config.TextColumn("Tags inferred", width="medium"),
            "url": st.column_config.LinkColumn("Source page", validate=r"^https?://"),
        },
    )
