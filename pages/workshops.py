"""Workshops: WSIS Forum 2021 sessions by week and type, COVID-related share, their action
lines and SDGs, and cases vs sessions per action line."""

import streamlit as st

from ict_response import charts
from ict_response.ui import data, layout, state

filters = state.current_filters()
layout.page_header("WSIS Forum 2021 sessions",
                   "Thematic and country workshops, WSIS TalkX, high-level policy sessions and "
                   "more. Region, country, entity type and collection filters do not apply to "
                   "sessions.")
source = "Source: WSIS Forum 2021 programme (ITU)"
head = data.query("headline_figures", filters).iloc[0]
sessions, covid = int(head["workshops"]), int(head["covid_workshops"])
cols = st.columns(3)
cols[0].metric("Sessions", f"{sessions:,}")
cols[1].metric("COVID-related", f"{covid:,}")
cols[2].metric("COVID-related share", f"{covid / sessions:.0%}" if sessions else "–")

by_week = data.query("workshops_by_week", filters)
title = "WSIS Forum 2021 sessions per week"
text = layout.chart_text(title, filters, sessions, what="sessions", source=source)
layout.chart_block(charts.timeline(by_week, "week", {"sessions": "All sessions",
                                                     "covid_related": "COVID-related"},
                                   text, x_title="Week starting"),
                   by_week, "ws_week", title)

by_type = data.query("workshops_by_session_type", filters)
title = "Sessions by type"
text = layout.chart_text(title, filters, sessions, what="sessions", source=source)
layout.chart_block(charts.grouped_bar(by_type, "session_type",
                                      {"sessions": "All sessions", "covid_related": "COVID-related"},
                                      text), by_type, "ws_type", title)

by_sdg = data.query("workshops_by_sdg", filters)
labelled = by_sdg.assign(label="SDG " + by_sdg["sdg"].astype(str) + " " + by_sdg["name"])
title = "Sessions by SDG"
text = layout.chart_text(title, filters, sessions, what="sessions", source=source,
                         note="A session can be tagged with several SDGs.")
layout.chart_block(charts.horizontal_bar(labelled, "label", "sessions", text,
                                         colours=list(by_sdg["colour"]), custom="sdg",
                                         value_title="Sessions"),
                   by_sdg, "ws_sdg", title, click_filter="sdg")

coverage = data.query("coverage_cases_vs_workshops", filters)
coverage = coverage.assign(label=coverage["action_line"] + " " + coverage["short_name"])
title = "Cases in the field and sessions at the Forum, by Action Line"
text = layout.chart_text(title, filters, sessions, what="sessions",
                         note="Where the bars differ, the Forum's attention differs from activity "
                         "in the field.")
layout.chart_block(charts.grouped_bar(coverage, "label", {"cases": "Cases",
                                                          "workshops": "Sessions"},
                                      text, custom="action_line"),
                   coverage, "ws_cov", title, click_filter="action_line")

st.subheader("Sessions")
st.dataframe(data.query("workshop_list", filters, limit=300, offset=0), hide_index=True,
             width="stretch",
             column_config={"url": st.column_config.LinkColumn("Link", validate=r"^https?://")})
