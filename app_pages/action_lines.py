"""Action Lines: cases by the 18 categories (or C7 rolled up), with the Forum's sessions
beside them; click a bar to filter to it and see its cases."""

import streamlit as st

from ict_response.ui import layout, state

filters = state.current_filters()
layout.page_header("WSIS Action Lines", "Which of the WSIS Action Lines the COVID-19 response cases work on.")

rollup = st.toggle("Roll C7 sub-lines up into C7 ICT applications (11 lines)", key="al_rollup")
layout.chart("cases-by-action-line", filters, "al_bar", rollup=rollup)
layout.chart("cases-vs-sessions-by-action-line", filters, "al_cov")

if filters.action_line:
    st.subheader("Cases in the selected action lines")
    layout.case_table(filters)
