"""Overview: headline figures, what stands out, top action lines and SDGs, map, timeline."""

import streamlit as st

from ict_response import charts, findings
from ict_response.ui import data, layout, state

filters = state.current_filters()
layout.page_header("How ICTs were used in the COVID-19 response",
                   "Cases from the WSIS Stocktaking COVID-19 ICT Case Repository and sessions "
                   "of the WSIS Forum 2021.")

head = data.query("headline_figures", filters).iloc[0]
cols = st.columns(5)
cols[0].metric("Cases", f"{int(head['cases']):,}")
cols[1].metric("WSIS Forum sessions", f"{int(head['workshops']):,}",
               help="Sessions of the WSIS Forum 2021 matching the filters that apply to them.")
cols[2].metric("COVID-related sessions", f"{int(head['covid_workshops']):,}")
cols[3].metric("Countries", f"{int(head['countries']):,}")
cols[4].metric("Action lines covered", f"{int(head['action_lines_covered'])} of 19")

by_al = data.query("cases_by_action_line", filters, rollup=False)
by_sdg = data.query("cases_by_sdg", filters)
by_region = data.query("cases_by_region", filters)
st.markdown("\n".join(f"- {s}" for s in findings.overview(head, by_al, by_sdg, by_region)))

n = int(head["cases"])
left, right = st.columns(2)
with left:
    top = by_al.sort_values("cases", ascending=False, kind="stable").head(8)
    title = "Top action lines by number of cases"
    text = layout.chart_text(title, filters, n, note=charts.MULTI_NOTE)
    layout.chart_block(charts.horizontal_bar(top, "short_name", "cases", text, custom="action_line"),
                       top, "ov_al", title, click_filter="action_line")
with right:
    top = by_sdg.sort_values("cases", ascending=False, kind="stable").head(8)
    title = "Top SDGs by number of cases"
    text = layout.chart_text(title, filters, n, note=charts.MULTI_NOTE)
    labels = top.assign(label=top["sdg"].astype(str) + " " + top["name"])
    layout.chart_block(charts.horizontal_bar(labels, "label", "cases", text,
                                             colours=list(top["colour"]), custom="sdg"),
                       top, "ov_sdg", title, click_filter="sdg")

by_country = data.query("cases_by_country", filters)
title = "Cases by country"
layout.chart_block(charts.world_map(by_country, layout.chart_text(title, filters, n)),
                   by_country, "ov_map", title, click_filter="country")

over_time = data.query("cases_over_time", filters)
title = "Cases by month they started"
layout.chart_block(charts.timeline(over_time, "month", {"cases": "Cases"},
                                   layout.chart_text(title, filters, n), x_title="Month"),
                   over_time, "ov_time", title)
