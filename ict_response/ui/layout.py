"""Blocks every page is built from: the page header (with the sample-data notice), chart
blocks (chart, data table, downloads, click-to-filter) and the words around charts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.typing import DataframeState, PlotlyState

from .. import catalog, export
from ..charts import PLOTLY_CONFIG, ChartText
from ..filters import Filters
from . import data, state
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


def chart(name: str, filters: Filters, key: str, **params: object) -> catalog.Chart:
    """A catalogue chart with its data table and its downloads (PNG, SVG, PDF, CSV, XLSX);
    clicking a bar, cell or country adds it to the filters when the chart says which."""
    shown = catalog.render(name, context(filters), **params)
    event = st.plotly_chart(
        shown.figure,
        width="stretch",
        config=_config(name),
        key=key,
        on_select="rerun" if shown.spec.click_filter else "ignore",
        selection_mode="points",
    )
    if shown.spec.click_filter:
        # With on_select="rerun", plotly_chart returns the selection state.
        _apply_click(cast(PlotlyState, event), key, shown.spec.click_filter)
    with st.expander("Data behind this chart"):
        st.dataframe(shown.frame, hide_index=True, width="stretch", column_config=date_columns(shown.frame))
    downloads(shown, key)
    return shown


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
    return lambda: export.image_bytes(shown.figure, fmt, scale=scale)


def _apply_click(event: Mapping[str, Any], key: str, filter_key: str) -> None:
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    if not points:
        return
    value = points[0].get("customdata")
    if isinstance(value, list):
        value = value[0] if value else None
    signature = f"{key}:{value}"
    # A selection stays in the chart's state across reruns: act on each click once.
    if value is None or st.session_state.get(f"{key}_done") == signature:
        return
    st.session_state[f"{key}_done"] = signature
    state.add_filter(filter_key, value)
    st.rerun()


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


def case_table(
    filters: Filters, limit: int = 200, key: str | None = None
) -> tuple[DataframeState | DeltaGenerator | None, pd.DataFrame]:
    """The first `limit` filtered cases (never more goes to the browser).
    Returns (the table's selection event or None, the rows shown)."""
    total = int(data.query("headline_figures", filters).iloc[0]["cases"])
    rows = data.query("case_list", filters, limit=limit, offset=0)
    if rows.empty:
        st.info("No case matches the current filters.")
        return None, rows
    st.caption(
        f"Showing {len(rows):,} of {total:,} cases, newest first."
        + (" Narrow the filters or use the search to see the others." if total > limit else "")
    )
    event = st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config=CASE_COLUMNS,
        key=key,
        on_select="rerun" if key else "ignore",
        selection_mode="single-row",
    )
    return event, rows


IMPLIED_SDGS_NOTE = (
    "Not declared by the case, and never counted as declared: the SDGs that ITU's WSIS–SDG "
    "Matrix links to the case's Action Lines, beyond those it declares. A plain C7 with no "
    "sub-line implies none."
)


def case_detail(case_id: str) -> None:
    """Every field of one case, its link, the SDGs its Action Lines imply (apart from the
    declared ones) and why each topic was tagged."""
    detail = data.query("case_detail", case_id=case_id)
    if detail.empty:
        return
    case = detail.iloc[0]
    st.subheader(literal(case["title"]))  # data: shown as text, never as Markdown
    if case["url"]:
        st.link_button("Open the case's website", case["url"])
    fields = detail.drop(columns=["title", "url", "sdgs_implied"]).T.reset_index()
    fields.columns = ["Field", "Value"]
    st.dataframe(fields.astype({"Value": str}), hide_index=True, width="stretch")
    st.markdown("**SDGs implied by its Action Lines**")
    st.caption(IMPLIED_SDGS_NOTE)
    declared = case["sdgs"] or "none"
    implied = case["sdgs_implied"] or "none beyond the declared ones"
    st.text(f"Declared: {declared}\nImplied by its Action Lines: {implied}")
    st.markdown("**Why each topic was tagged**")
    evidence = data.query("topic_evidence", case_id=case_id)
    if evidence.empty:
        st.caption("No topic rule matched this case's texts, Action Lines or SDGs.")
    else:
        st.dataframe(
            evidence,
            hide_index=True,
            width="stretch",
            column_config={"topic": None, "label": "Topic", "why": "Why", "rule": "Rule"},
        )


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
