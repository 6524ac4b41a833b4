"""Cases: the filtered cases as a searchable, sortable table; a detail view with every field,
its link, the SDGs its Action Lines imply (apart) and why each topic was tagged; download of
the rows shown."""

import datetime as dt

import streamlit as st

from ict_response.export import csv_safe_frame
from ict_response.ui import layout, state

filters = state.current_filters()
layout.page_header("Cases", "Search with the sidebar; click a row to see the whole case.")

selection, rows = layout.case_table(filters, limit=500, key="case_table")
if not rows.empty:
    st.download_button(
        "Download these rows (CSV)",
        csv_safe_frame(rows).to_csv(index=False).encode("utf-8"),
        file_name=f"ict-response_cases_{dt.date.today().isoformat()}.csv",
        mime="text/csv",
        on_click="ignore",
    )

picked = selection.selection.rows if selection is not None else []
if picked:
    case_id = rows.iloc[picked[0]]["case_id"]
    layout.case_detail(case_id)
