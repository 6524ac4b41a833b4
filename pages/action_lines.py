"""Action Lines: cases by the 18 categories (or C7 rolled up), with the Forum's sessions
beside them; click a bar to filter to it and see its cases."""

import streamlit as st

from ict_response import charts
from ict_response.ui import data, layout, state

filters = state.current_filters()
layout.page_header("WSIS Action Lines",
                   "Which of the WSIS Action Lines the COVID-19 response cases work on.")

rollup = st.toggle("Roll C7 sub-lines up into C7 ICT applications (11 lines)", key="al_rollup")
by_al = data.query("cases_by_action_line", filters, rollup=rollup)
n = int(data.query("headline_figures", filters).iloc[0]["cases"])
label = by_al.assign(label=by_al["action_line"] + " " + by_al["short_name"])

title = "Cases by WSIS Action Line"
text = layout.chart_text(title, filters, n, note=charts.MULTI_NOTE)
layout.chart_block(charts.horizontal_bar(label, "label", "cases", text, custom="action_line"),
                   by_al, "al_bar", title, click_filter="action_line")

coverage = data.query("coverage_cases_vs_workshops", filters)
coverage = coverage.assign(label=coverage["action_line"] + " " + coverage["short_name"])
title = "Cases and WSIS Forum 2021 sessions by Action Line"
text = layout.chart_text(title, filters, n, note="Sessions: all WSIS Forum 2021 sessions "
                         "matching the action line, SDG, topic, date and text filters.")
layout.chart_block(charts.grouped_bar(coverage, "label", {"cases": "Cases", "workshops": "Sessions"},
                                      text, custom="action_line"),
                   coverage, "al_cov", title, click_filter="action_line")

if filters.action_line:
    st.subheader("Cases in the selected action lines")
    layout.case_table(filters)
