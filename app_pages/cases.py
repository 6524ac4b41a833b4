"""Cases: the filtered cases as a searchable, sortable table; a click on any row opens the
case (its id goes into the URL, `?case=ID`): every field in words, the whole description,
its link, the SDGs its Action Lines imply (apart) and why each topic was tagged; download
of the rows shown."""

import datetime as dt

import streamlit as st

from ict_response.export import csv_safe_frame
from ict_response.i18n import _
from ict_response.ui import data, layout, state, view
from ict_response.ui.markdown import literal

filters = state.current_filters()
layout.page_header(_("Cases"), _("Search with the sidebar; click a row to see the whole case."))

case_id = view.get("case")
if case_id and data.query("case_detail", case_id=case_id).empty:
    # Translators: {key}={value} is the part of the link not understood, e.g. case='C19-9'.
    note = _("Ignored {key}={value}: no case has that id.").format(key="case", value=repr(case_id))
    st.sidebar.warning(literal(note))
    view.put("case", "")
    case_id = ""

rows = layout.case_table(filters, limit=500, key="case_table", opened=case_id)
if not rows.empty:
    st.download_button(
        _("Download these rows (CSV)"),
        csv_safe_frame(rows).to_csv(index=False).encode("utf-8"),
        file_name=f"ict-response_cases_{dt.date.today().isoformat()}.csv",
        mime="text/csv",
        on_click="ignore",
    )

if case_id:
    if rows.empty or case_id not in set(rows["case_id"]):
        st.caption(_("This case is not among the rows the filters give."))
    layout.case_detail(case_id)
