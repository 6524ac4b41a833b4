"""Cases: the filtered cases as a searchable, sortable table; a detail view with every field,
its link and why each topic was tagged; download of the rows shown."""

import datetime as dt

import streamlit as st

from ict_response.export import csv_safe_frame
from ict_response.ui import data, layout, state
from ict_response.ui.markdown import literal

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
    detail = data.query("case_detail", case_id=case_id)
    if not detail.empty:
        case = detail.iloc[0]
        st.subheader(literal(case["title"]))  # data: shown as text, never as Markdown
        if case["url"]:
            st.link_button("Open the case's website", case["url"])
        fields = detail.drop(columns=["title", "url"]).T.reset_index()
        fields.columns = ["Field", "Value"]
        st.dataframe(fields.astype({"Value": str}), hide_index=True, width="stretch")
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
