"""Regions: ITU (or UN M49) regions, a world map served by the app itself, a country table;
Global and Regional scope cases shown apart."""

import streamlit as st

from ict_response.ui import data, layout, state

filters = state.current_filters()
scheme = "UN M49" if filters.region_scheme == "m49" else "ITU"
layout.page_header(
    "Regions", f"Where the cases work, by {scheme} region (switch the scheme in the sidebar) and country."
)

layout.chart("cases-by-region", filters, "rg_bar")
by_region = data.query("cases_by_region", filters)
scoped = by_region[by_region["kind"] == "scope"]
if not scoped.empty:
    cols = st.columns(len(scoped))
    for col, row in zip(cols, scoped.itertuples(), strict=True):
        label = {"Global": "Global scope", "Regional": "Regional scope", "Unspecified": "No location given"}[
            row.region
        ]
        col.metric(label, f"{row.cases:,}", help="Cases that name no single country.")

by_country = layout.chart("cases-by-country-map", filters, "rg_map").frame
st.subheader("Countries")
st.dataframe(
    by_country,
    hide_index=True,
    width="stretch",
    column_config={
        "country": "ISO code",
        "name": "Country",
        "region": f"{scheme} region",
        "cases": st.column_config.NumberColumn("Cases", format="%d"),
    },
)
