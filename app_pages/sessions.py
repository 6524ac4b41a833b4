"""Sessions: WSIS Forum 2021 sessions by week and type, COVID-related share, their action
lines and SDGs, and cases vs sessions per action line."""

import streamlit as st

from ict_response import i18n
from ict_response.filters import filters_not_applying
from ict_response.i18n import _
from ict_response.ui import data, layout, state

filters = state.current_filters()
layout.page_header(
    _("WSIS Forum 2021 sessions"),
    _("Thematic and country workshops, WSIS TalkX, high-level policy sessions and more.")
    + " "
    + filters_not_applying("sessions"),
)
head = data.query("headline_figures", filters).iloc[0]
sessions, covid = int(head["sessions"]), int(head["covid_sessions"])
cols = st.columns(3)
cols[0].metric(_("Sessions"), i18n.number(sessions))
cols[1].metric(_("COVID-related"), i18n.number(covid))
cols[2].metric(_("COVID-related share"), i18n.percent(covid / sessions) if sessions else "–")

layout.chart("sessions-per-week", filters, "ws_week")
layout.chart("sessions-by-type", filters, "ws_type")
layout.chart("sessions-by-sdg", filters, "ws_sdg")
layout.chart("cases-vs-sessions-by-action-line", filters, "ws_cov")

st.subheader(_("Sessions"))
rows = data.query("session_list", filters, limit=300, offset=0)
st.dataframe(rows, hide_index=True, width="stretch", column_config=layout.session_columns())
