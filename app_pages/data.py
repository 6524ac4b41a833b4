"""Data: where the data comes from: each import, rejected rows and warnings, browsable and
downloadable, the sample-data notice, and (when enabled) the data steward's section to load
or withdraw exports."""

import datetime as dt

import duckdb
import pandas as pd
import streamlit as st

from ict_response import provenance
from ict_response.export import csv_safe_frame
from ict_response.ui import data, layout, steward
from ict_response.ui.markdown import literal

DETAIL_ROWS = 20  # warnings written out per import; the table below has them all

layout.page_header(
    "Where the data comes from", "Every import the database was built from, and what could not be understood."
)
meta = data.meta()
st.markdown(
    f"**Source:** {meta.get('source', '')}  \n**Built:** {meta.get('built_at', '')} · "
    f"**Data as of:** {meta.get('data_date', '')}"
)

history = data.query("import_history")
try:
    pairs = data.query("supersessions")
except duckdb.CatalogException:  # a database built before supersessions were kept: counts only
    pairs = pd.DataFrame(columns=["import_id", "by_import_id", "records"])
imports_shown = provenance.import_table(history, pairs)
st.subheader("Imports")
label = provenance.IMPORT_COLUMNS
st.dataframe(
    imports_shown,
    hide_index=True,
    width="stretch",
    column_config={
        "number": st.column_config.NumberColumn(label["number"], width=40, help="Import order"),
        "file_name": st.column_config.TextColumn(label["file_name"], width="medium"),
        "holds": label["holds"],
        "rows_read": st.column_config.NumberColumn(label["rows_read"], format="localized"),
        "rows_loaded": st.column_config.NumberColumn(label["rows_loaded"], format="localized"),
        "rows_rejected": st.column_config.NumberColumn(label["rows_rejected"], format="localized"),
        "warnings": st.column_config.NumberColumn(label["warnings"], format="localized"),
        "superseded": st.column_config.TextColumn(
            label["superseded"],
            width="large",
            help="Records this import loaded that a later version of the same record replaced",
        ),
        "added_at": label["added_at"],
        "added_by": label["added_by"],
        "is_sample": st.column_config.CheckboxColumn(label["is_sample"], help="The shipped synthetic sample"),
        "shipped": st.column_config.CheckboxColumn(
            label["shipped"],
            help="ITU's COVID-19 initiatives: real data shipped with the dashboard, in every build",
        ),
        "format": label["format"],
        "encoding": label["encoding"],
        "import_id": label["import_id"],
    },
)
st.caption(
    "Rows read = loaded + rejected. Superseded records were loaded, then replaced by a later "
    "version of the same record (a later export, or a later row of the same file)."
)
# Each import in words, wrapped to the page's width: what the table's narrow cells cut off.
for row in imports_shown.itertuples():
    if not (row.rows_rejected or row.warnings or row.superseded):
        continue
    with st.expander(f"Import {row.number}: {literal(row.file_name)}, {literal(row.holds).lower()}"):
        st.markdown(
            f"{row.rows_read:,} rows read: {row.rows_loaded:,} loaded, {row.rows_rejected:,} rejected, "
            f"{row.warnings:,} with values not understood."
            + (f"  \n{literal(row.superseded)}." if row.superseded else "")
        )
        notes = data.query("import_warnings_of", import_id=row.import_id, limit=DETAIL_ROWS, max_chars=300)
        if not notes.empty:
            st.markdown(
                "\n".join(
                    f"- Row {r.source_row}, {literal(r.field)}: “{literal(r.value)}”: {literal(r.message)}"
                    for r in notes.itertuples()
                )
            )
            if row.warnings > len(notes):
                st.caption(f"The first {len(notes)} of {row.warnings:,}; all are listed below.")

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
