"""Blocks every page is built from: the page header (with the sample-data notice), chart
blocks (chart, data table, downloads, click-to-filter) and the words around charts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ..charts import PLOTLY_CONFIG, ChartText
from ..export import csv_safe_frame
from ..filters import Filters
from . import data, state

SAMPLE_NOTICE = (
    "**Sample data.** The dashboard is showing the synthetic demonstration exports shipped "
    "with it: organisations and figures are invented. Load real exports with "
    "`ict-response ingest` to analyse the repository."
)


def page_header(title: str, intro: str = "") -> None:
    st.title(title)
    if intro:
        st.caption(intro)
    if data.is_sample():
        st.info(SAMPLE_NOTICE, icon=":material/science:")


def chart_text(title: str, filters: Filters, n: int | None = None, what: str = "cases",
               note: str = "", source: str | None = None) -> ChartText:
    """Title, subtitle (filters in words and n), source and notes for one chart."""
    subtitle = f"All {what}" if filters.is_empty() else filters.describe()
    if n is not None:
        subtitle += f" · n = {n:,} {what}"
    source = source or ChartText.source
    date = data.meta().get("data_date")
    if date:
        source += f" · data as of {date}"
    return ChartText(title=title, subtitle=subtitle, source=source, note=note,
                     sample=data.is_sample())


def slug(title: str) -> str:
    keep = "".join(ch.lower() if ch.isalnum() else "-" for ch in title)
    return "-".join(part for part in keep.split("-") if part)[:60]


def chart_block(
    fig: go.Figure,
    frame: pd.DataFrame,
    key: str,
    title: str,
    click_filter: str | None = None,
) -> None:
    """Show a chart with its data table and CSV download; clicking a bar (or cell, or
    country) adds its value to the `click_filter` filter."""
    event = st.plotly_chart(
        fig, width="stretch", config=PLOTLY_CONFIG, key=key,
        on_select="rerun" if click_filter else "ignore",
        selection_mode="points",
    )
    if click_filter:
        _apply_click(event, key, click_filter)
    with st.expander("Data behind this chart"):
        st.dataframe(frame, hide_index=True, width="stretch")
        st.download_button(
            "Download CSV", csv_safe_frame(frame).to_csv(index=False).encode("utf-8"),
            file_name=f"ict-response_{slug(title)}_{dt.date.today().isoformat()}.csv",
            mime="text/csv", key=f"{key}_csv", on_click="ignore",
        )


def _apply_click(event, key: str, filter_key: str) -> None:
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


CASE_COLUMNS = {
    "case_id": st.column_config.TextColumn("ID"),
    "title": st.column_config.TextColumn("Title", width="large"),
    "url": st.column_config.LinkColumn("Link", validate=r"^https?://"),
    "start_date": st.column_config.DateColumn("Start"),
}


def case_table(filters: Filters, limit: int = 200, key: str | None = None):
    """The first `limit` filtered cases (never more goes to the browser).
    Returns (the table's selection event or None, the rows shown)."""
    total = int(data.query("headline_figures", filters).iloc[0]["cases"])
    rows = data.query("case_list", filters, limit=limit, offset=0)
    if rows.empty:
        st.info("No case matches the current filters.")
        return None, rows
    st.caption(f"Showing {len(rows):,} of {total:,} cases, newest first."
               + (" Narrow the filters or use the search to see the others." if total > limit
                  else ""))
    event = st.dataframe(rows, hide_index=True, width="stretch", column_config=CASE_COLUMNS,
                         key=key, on_select="rerun" if key else "ignore",
                         selection_mode="single-row")
    return event, rows
