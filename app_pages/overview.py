"""Overview: headline figures, what stands out, top action lines and SDGs, map, timeline."""

import streamlit as st

from ict_response import findings, i18n
from ict_response import taxonomy as tx
from ict_response.i18n import _, ngettext, pgettext
from ict_response.ui import data, layout, state

filters = state.current_filters()
layout.page_header(
    _("How ICTs were used in the COVID-19 response"),
    _("Cases from the WSIS Stocktaking COVID-19 ICT Case Repository and sessions of the WSIS Forum 2021."),
)

head = data.query("headline_figures", filters).iloc[0]
cols = st.columns(5)
cols[0].metric(_("Cases"), i18n.number(int(head["cases"])))
cols[1].metric(
    _("WSIS Forum sessions"),
    i18n.number(int(head["sessions"])),
    help=_("Sessions of the WSIS Forum 2021 matching the filters that apply to them."),
)
cols[2].metric(_("COVID-related sessions"), i18n.number(int(head["covid_sessions"])))
cols[3].metric(_("Countries"), i18n.number(int(head["countries"])))
covered, c7_only = int(head["action_lines_covered"]), int(head["cases_c7_only"])
cols[4].metric(
    _("Action Lines covered"),
    # Translators: the Action Lines and sub-lines with a case, of all of them: "12 of 18".
    pgettext("action lines covered", "{covered} of {total}").format(
        covered=i18n.number(covered), total=i18n.number(tx.category_count())
    ),
    # The words of tx.CATEGORY_WORDS, written out in the sentence so it translates whole.
    help=_(
        "Of the {total} Action Lines and sub-lines (C1–C6, C7's eight sub-lines, C8–C11), "
        "those with at least one case in the selection."
    ).format(total=i18n.number(tx.category_count())),
)
if c7_only:
    # The words of tx.C7_ONLY_WORDS, written out in the sentence so it translates whole.
    cols[4].caption(
        ngettext(
            "plus {count} case ticking only C7 (no sub-line)",
            "plus {count} cases ticking only C7 (no sub-line)",
            c7_only,
        ).format(count=i18n.number(c7_only))
    )

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

st.subheader(_("ITU's own COVID-19 initiatives"))
st.caption(
    _(
        "Real data shipped with the dashboard: ITU's initiatives, activities and publications of "
        "the pandemic, each read from the public page linked with it. Action Lines and SDGs are "
        "tagged only by the rules in data/reference/initiative_tag_rules.csv (see 'Tags inferred')."
    )
)
timeline = layout.chart("itu-initiatives-timeline", filters, "ov_itu")
layout.initiative_table(timeline.frame)
