"""SDGs: cases by goal in the official SDG colours, and the Action Line x SDG matrix with
the official linkages of ITU's WSIS-SDG Matrix outlined."""

from ict_response.i18n import _
from ict_response.ui import layout, state, view

filters = state.current_filters()
layout.page_header(
    _("Sustainable Development Goals"), _("Which SDGs the COVID-19 response cases contribute to.")
)
layout.chart("cases-by-sdg", filters, "sdg_bar")
rollup = view.toggle("rollup")
layout.chart("action-line-sdg-matrix", filters, "sdg_matrix", rollup=rollup)
