"""Action Lines: cases by the 18 categories (or C7 rolled up), with the Forum's sessions
beside them; click a bar to filter to it and see its cases."""

import streamlit as st

from ict_response.i18n import _
from ict_response.ui import layout, state, view

filters = state.current_filters()
layout.page_header(
    _("WSIS Action Lines"), _("Which of the WSIS Action Lines the COVID-19 response cases work on.")
)

rollup = view.toggle("rollup")
layout.chart("cases-by-action-line", filters, "al_bar", rollup=rollup)
layout.chart("cases-vs-sessions-by-action-line", filters, "al_cov")

if filters.action_line:
    st.subheader(_("Cases in the selected action lines"))
    layout.case_table(filters)
