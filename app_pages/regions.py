"""Regions: ITU (or UN M49) regions, a world map served by the app itself, a country table;
Global and Regional scope cases shown apart."""

import streamlit as st

from ict_response import i18n
from ict_response.filters import scheme_name
from ict_response.i18n import N_, _
from ict_response.ui import data, layout, state

# The scope columns of the regions query (no single country), named on screen.
SCOPE_LABELS = {
    "Global": N_("Global scope"),
    "Regional": N_("Regional scope"),
    "Unspecified": N_("No location given"),
}

filters = state.current_filters()
scheme = scheme_name(filters.region_scheme)
layout.page_header(
    _("Regions"),
    # Translators: {scheme} is the name of a scheme of regions, "ITU" or "UN M49".
    _("Where the cases work, by {scheme} region (switch the scheme in the sidebar) and country.").format(
        scheme=scheme
    ),
)

layout.chart("cases-by-region", filters, "rg_bar")
by_region = data.query("cases_by_region", filters)
scoped = by_region[by_region["kind"] == "scope"]
if not scoped.empty:
    cols = st.columns(len(scoped))
    for col, row in zip(cols, scoped.itertuples(), strict=True):
        col.metric(
            _(SCOPE_LABELS[row.region]),
            i18n.number(row.cases),
            help=_("Cases that name no single country."),
        )

by_country = layout.chart("cases-by-country-map", filters, "rg_map").frame
st.subheader(_("Countries"))
st.dataframe(
    by_country,
    hide_index=True,
    width="stretch",
    column_config={
        "country": _("ISO code"),
        "name": _("Country"),
        # Translators: a column of region names; {scheme} is "ITU" or "UN M49".
        "region": _("{scheme} region").format(scheme=scheme),
        "cases": st.column_config.NumberColumn(_("Cases"), format="%d"),
    },
)
