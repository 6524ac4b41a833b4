"""Regions: ITU (or UN M49) regions, a world map served by the app itself, a country table;
Global and Regional scope cases shown apart."""

import streamlit as st

from ict_response import charts
from ict_response.ui import data, layout, state

filters = state.current_filters()
scheme = "UN M49" if filters.region_scheme == "m49" else "ITU"
layout.page_header("Regions", f"Where the cases work, by {scheme} region (switch the scheme "
                   "in the sidebar) and country.")
n = int(data.query("headline_figures", filters).iloc[0]["cases"])

by_region = data.query("cases_by_region", filters)
regions = by_region[by_region["kind"] == "region"]
scoped = by_region[by_region["kind"] == "scope"]
title = f"Cases by {scheme} region"
text = layout.chart_text(title, filters, n, note="A multi-country case counts in each of its "
                         "regions. Global, regional and unlocated cases are counted apart.")
layout.chart_block(charts.horizontal_bar(regions, "region", "cases", text, custom="region"),
                   regions, "rg_bar", title, click_filter="region")

if not scoped.empty:
    cols = st.columns(len(scoped))
    for col, row in zip(cols, scoped.itertuples(), strict=True):
        label = {"Global": "Global scope", "Regional": "Regional scope",
                 "Unspecified": "No location given"}[row.region]
        col.metric(label, f"{row.cases:,}", help="Cases that name no single country.")

by_country = data.query("cases_by_country", filters)
title = "Cases by country"
layout.chart_block(charts.world_map(by_country, layout.chart_text(title, filters, n)),
                   by_country, "rg_map", title, click_filter="country")
st.subheader("Countries")
st.dataframe(by_country, hide_index=True, width="stretch",
             column_config={"country": "ISO code", "name": "Country", "region": f"{scheme} region",
                            "cases": st.column_config.NumberColumn("Cases", format="%d")})
