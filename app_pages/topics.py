"""Topics: what cases are about, over time, and where (topic x region)."""

from ict_response.i18n import _
from ict_response.ui import layout, state

filters = state.current_filters()
layout.page_header(
    _("Topics"),
    _(
        "What the cases are about, tagged from their words (English, French, Spanish), Action "
        "Lines and SDGs by the editable rules in data/reference/topic_rules.csv, weighed by a "
        "model learned from cases readers labelled. A broad topic "
        "(Health) counts every case of its narrower ones (Telemedicine, Contact tracing); the "
        "Cases page shows why each tag was given."
    ),
)
layout.chart("cases-by-topic", filters, "tp_bar")
layout.chart("topics-by-quarter", filters, "tp_time")
layout.chart("topic-by-region-matrix", filters, "tp_matrix")
