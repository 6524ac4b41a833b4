"""Data: where the data comes from: each import, rejected rows and warnings, browsable and
downloadable, the sample-data notice, and (when enabled) the data steward's section to load
or withdraw exports."""

import datetime as dt

import streamlit as st

from ict_response.export import csv_safe_frame
from ict_response.ui import data, layout, steward

layout.page_header(
    "Where the data comes from", "Every import the database was built from, and what could not be understood."
)
meta = data.meta()
st.markdown(
    f"**Source:** {meta.get('source', '')}  \n**Built:** {meta.get('built_at', '')} · "
    f"**Data as of:** {meta.get('data_date', '')}"
)

history = data.query("import_history")
st.subheader("Imports")
st.dataframe(
    history.drop(columns=["columns"]),
    hide_index=True,
    width="stretch",
    column_config={
        "import_id": "Import",
        "file_name": "File",
        "added_at": "Added (UTC)",
        "added_by": "Added by",
        "is_sample": st.column_config.CheckboxColumn("Sample data", help="The shipped synthetic sample"),
        "shipped": st.column_config.CheckboxColumn(
            "Shipped", help="ITU's COVID-19 initiatives: real data shipped with the dashboard, in every build"
        ),
    },
)
st.caption(
    "Rows read = rows loaded + rows rejected. Superseded rows were loaded, then replaced "
    "by a later export of the same record."
)

steward.section()

LIMIT = 1000
for name, title, empty in (
    ("rejected_rows", "Rejected rows", "No row was rejected."),
    ("import_warnings", "Warnings: values that were not understood", "Every value was understood."),
):
    st.subheader(title)
    frame = data.query(name, limit=LIMIT, offset=0)
    if frame.empty:
        st.success(empty)
        continue
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button(
        f"Download {title.split(':')[0].lower()} (CSV)",
        csv_safe_frame(frame).to_csv(index=False).encode("utf-8"),
        file_name=f"ict-response_{name.replace('_', '-')}_{dt.date.today()}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"dl_{name}",
    )
    if len(frame) == LIMIT:
        st.caption(f"The first {LIMIT:,} are shown; `ict-response rejected` lists them all.")
