"""Data: where the data comes from: each import, rejected rows and warnings, browsable and
downloadable, the sample-data notice, and (when enabled) the data steward's section to load
or withdraw exports."""

import datetime as dt

import duckdb
import pandas as pd
import streamlit as st

from ict_response import i18n, names, provenance
from ict_response.export import csv_safe_frame
from ict_response.i18n import N_, _, ngettext
from ict_response.ui import data, layout, steward
from ict_response.ui.markdown import literal

DETAIL_ROWS = 20  # warnings written out per import; the table below has them all

layout.page_header(
    _("Where the data comes from"),
    _("Every import the database was built from, and what could not be understood."),
)
meta = data.meta()
st.markdown(
    _("**Source:** {source}").format(source=names.sources(meta.get("source", "")))
    + "  \n"
    + _("**Built:** {built_at}").format(built_at=meta.get("built_at", ""))
    + " · "
    + _("**Data as of:** {data_date}").format(data_date=meta.get("data_date", ""))
)

history = data.query("import_history")
try:
    pairs = data.query("supersessions")
except duckdb.CatalogException:  # a database built before supersessions were kept: counts only
    pairs = pd.DataFrame(columns=["import_id", "by_import_id", "records"])
imports_shown = provenance.import_table(history, pairs)
st.subheader(_("Imports"))
# The column labels are marked for the catalog where they are defined; shown translated here.
label = {key: _(text) for key, text in provenance.IMPORT_COLUMNS.items()}
st.dataframe(
    imports_shown,
    hide_index=True,
    width="stretch",
    column_config={
        "number": st.column_config.NumberColumn(label["number"], width=40, help=_("Import order")),
        "file_name": st.column_config.TextColumn(label["file_name"], width="medium"),
        "holds": label["holds"],
        "rows_read": st.column_config.NumberColumn(label["rows_read"], format="localized"),
        "rows_loaded": st.column_config.NumberColumn(label["rows_loaded"], format="localized"),
        "rows_rejected": st.column_config.NumberColumn(label["rows_rejected"], format="localized"),
        "warnings": st.column_config.NumberColumn(label["warnings"], format="localized"),
        "superseded": st.column_config.TextColumn(
            label["superseded"],
            width="large",
            help=_("Records this import loaded that a later version of the same record replaced"),
        ),
        "added_at": label["added_at"],
        "added_by": label["added_by"],
        "is_sample": st.column_config.CheckboxColumn(
            label["is_sample"], help=_("The shipped synthetic sample")
        ),
        "shipped": st.column_config.CheckboxColumn(
            label["shipped"],
            help=_("ITU's COVID-19 initiatives: real data shipped with the dashboard, in every build"),
        ),
        "format": label["format"],
        "encoding": label["encoding"],
        "import_id": label["import_id"],
    },
)
st.caption(
    _(
        "Rows read = loaded + rejected. Superseded records were loaded, then replaced by a later "
        "version of the same record (a later export, or a later row of the same file)."
    )
)
# Each import in words, wrapped to the page's width: what the table's narrow cells cut off.
for row in imports_shown.itertuples():
    if not (row.rows_rejected or row.warnings or row.superseded):
        continue
    # Translators: {number} is the import's order, {file} a file name, {holds} what it holds
    # ("cases" or "sessions").
    heading = _("Import {number}: {file}, {holds}").format(
        number=row.number, file=literal(row.file_name), holds=literal(row.holds).lower()
    )
    with st.expander(heading):
        st.markdown(
            ngettext(
                "{read} row read: {loaded} loaded, {rejected} rejected, {warned} with values not understood.",
                "{read} rows read: {loaded} loaded, {rejected} rejected, "
                "{warned} with values not understood.",
                int(row.rows_read),
            ).format(
                read=i18n.number(row.rows_read),
                loaded=i18n.number(row.rows_loaded),
                rejected=i18n.number(row.rows_rejected),
                warned=i18n.number(row.warnings),
            )
            + (f"  \n{literal(i18n.sentence([row.superseded]))}" if row.superseded else "")
        )
        notes = data.query("import_warnings_of", import_id=row.import_id, limit=DETAIL_ROWS, max_chars=300)
        if not notes.empty:
            st.markdown(
                "\n".join(
                    "- "
                    # Translators: a value of an imported file not understood; {field} is a column
                    # name, {value} the value as written, {message} what was not understood.
                    + _("Row {row}, {field}: “{value}”: {message}").format(
                        row=r.source_row,
                        field=literal(r.field),
                        value=literal(r.value),
                        message=literal(r.message),
                    )
                    for r in provenance.issues_said(notes).itertuples()
                )
            )
            if row.warnings > len(notes):
                st.caption(
                    ngettext(
                        "The first {shown} of {total}; all are listed below.",
                        "The first {shown} of {total}; all are listed below.",
                        int(row.warnings),
                    ).format(shown=i18n.number(len(notes)), total=i18n.number(row.warnings))
                )

steward.section()

LIMIT = 1000
for name, title, empty, download in (
    (
        "rejected_rows",
        N_("Rejected rows"),
        N_("No row was rejected."),
        N_("Download rejected rows (CSV)"),
    ),
    (
        "import_warnings",
        N_("Warnings: values that were not understood"),
        N_("Every value was understood."),
        N_("Download warnings (CSV)"),
    ),
):
    st.subheader(_(title))
    frame = data.query(name, limit=LIMIT, offset=0)
    if frame.empty:
        st.success(_(empty))
        continue
    labels = provenance.issue_column_labels()
    st.dataframe(
        provenance.issues_said(frame),
        hide_index=True,
        width="stretch",
        column_config={column: labels[column] for column in frame.columns if column in labels},
    )
    st.download_button(
        _(download),
        csv_safe_frame(frame).to_csv(index=False).encode("utf-8"),
        file_name=f"ict-response_{name.replace('_', '-')}_{dt.date.today()}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"dl_{name}",
    )
    if len(frame) == LIMIT:
        st.caption(
            ngettext(
                "The first {count} is shown; `ict-response rejected` lists them all.",
                "The first {count} are shown; `ict-response rejected` lists them all.",
                LIMIT,
            ).format(count=i18n.number(LIMIT))
        )
