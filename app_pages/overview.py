"""Overview: headline figures, what stands out, top action lines and SDGs, map, timeline."""

import streamlit as st

from ict_response import findings
from ict_response import taxonomy as tx
from ict_response.ui import data, layout, state

filters = state.current_filters()
layout.page_header(
    "How ICTs were used in the COVID-19 response",
    "Cases from the WSIS Stocktaking COVID-19 ICT Case Repository and sessions of the WSIS Forum 2021.",
)

head = data.query("headline_figures", filters).iloc[0]
cols = st.columns(5)
cols[0].metric("Cases", f"{int(head['cases']):,}")
cols[1].metric(
    "WSIS Forum sessions",
    f"{int(head['sessions']):,}",
    help="Sessions of the WSIS Forum 2021 matching the filters that apply to them.",
)
cols[2].metric("COVID-related sessions", f"{int(head['covid_sessions']):,}")
cols[3].metric("Countries", f"{int(head['countries']):,}")
covered, c7_only = int(head["action_lines_covered"]), int(head["cases_c7_only"])
cols[4].metric(
    "Action Lines covered",
    f"{covered} of {tx.category_count()}",
    help=f"Of the {tx.category_count()} {tx.CATEGORY_WORDS} (C1–C6, C7's eight sub-lines, C8–C11), "
    "those with at least one case in the selection.",
)
if c7_only:
    cols[4].caption(f"plus {c7_only:,} {'case' if c7_only == 1 else 'cases'} {tx.C7_ONLY_WORDS}")

by_al = data.query("cases_by_action_line", filters, rollup=False)
by_sdg = data.query("cases_by_sdg", filters)
by_region = data.query("cases_by_region", filters)
st.markdown("\n".join(f"- {s}" for s in findings.overview(head, by_al, by_sdg, by_region, filters)))

left, right = st.columns(2)
with left:
    layout.chart("top-action-lines", filters, "ov_al")
with right:
    layout.chart("top-sdgs", filters, "ov_sdg")
layout.chart("cases-by-country-map", filters, "ov_map")
layout.chart("cases-by-month", filters, "ov_time")

st.subheader("ITU's own COVID-19 initiatives")
st.caption(
    "Real data shipped with the dashboard: ITU's initiatives, activities and publications of "
    "the pandemic, each read from the public page linked with it. Action Lines and SDGs are "
    "tagged only by the rules in data/reference/initiative_tag_rules.csv (see 'Tags inferred')."
)
timeline = layout.chart("itu-initiatives-timeline", filters, "ov_itu")
layout.initiative_table(timeline.frame)
