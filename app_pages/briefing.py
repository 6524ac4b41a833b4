"""Briefing: a PowerPoint deck and a Word document for a council meeting, for the filters in
force: headline figures, the chosen sections (chart and findings), methods and sources."""

import streamlit as st

from ict_response import briefing, export, findings, i18n
from ict_response.i18n import N_, _
from ict_response.ui import layout, runs, state, view
from ict_response.ui.markdown import literal

DOWNLOAD_LABELS = {"pptx": N_("Download PowerPoint (.pptx)"), "docx": N_("Download Word (.docx)")}

filters = state.current_filters()
layout.page_header(
    _("Briefing pack"),
    _(
        "Key figures, charts and findings written from the data for "
        "the filters in the sidebar; every number names the query it comes from."
    ),
)
in_force = literal(filters.describe()) if not filters.is_empty() else _("none (all records)")
# Translators: {filters} is the filters in force in words, or "none (all records)".
st.markdown(_("**Filters:** {filters}").format(filters=in_force))

# The sections and file type are view settings: in the URL, so a shared link builds the same pack.
st.session_state["brief_sections"] = list(view.get("sections"))
sections = st.multiselect(
    _("Sections"),
    list(briefing.SECTION_IDS),
    format_func=findings.section_title,
    key="brief_sections",
    on_change=lambda: view.put("sections", tuple(st.session_state["brief_sections"])),
)
if not export.images_available():
    st.caption(_(export.NO_CHROMIUM) + " " + _("The pack is built without chart images."))

# A pack is written in one language: another filter set, section list or language needs a new one.
signature = (tuple(sorted(filters.to_query_params().items())), tuple(sections), i18n.current())
if st.button(_("Build the briefing pack"), type="primary", disabled=not sections, key="brief_build"):
    with st.status(_("Building the briefing pack…"), expanded=True) as status:
        bar = st.progress(0.0, text=_("Starting"))
        # Both files from one computation: a reader wanting the other format gets it at once.
        with runs.waiting():  # seconds of work: other readers' runs go on meanwhile
            pack, files = briefing.build_all(
                layout.context(filters),
                sections,
                progress=lambda what, f: bar.progress(min(f, 1.0), text=what),
            )
        status.update(label=_("Briefing pack ready"), state="complete", expanded=False)
    st.session_state["briefing"] = {"signature": signature, "files": files, "pack": pack}

built = st.session_state.get("briefing")
if built and built["signature"] == signature:
    for column, fmt in zip(st.columns(len(briefing.FORMATS)), briefing.FORMATS, strict=True):
        column.download_button(
            _(DOWNLOAD_LABELS[fmt]),
            built["files"][fmt],
            file_name=briefing.file_name(fmt),
            mime=export.MIME.get(fmt, fmt),
            on_click="ignore",
            type="primary" if fmt == "pptx" else "secondary",
            icon=":material/download:",
            key=f"brief_download_{fmt}",
            width="stretch",
        )
    pack = built["pack"]
    st.subheader(_("What the pack says"))
    st.markdown("\n".join(f"- {literal(f.text)}" for f in pack.headline))
    for section in pack.sections:
        st.markdown(f"**{literal(section.heading)}**")
        st.markdown("\n".join(f"- {literal(f.text)} *({f.query})*" for f in section.findings))
elif built:
    st.caption(_("The filters, sections or language changed: build the pack again."))
