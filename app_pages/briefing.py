"""Briefing: a PowerPoint deck and a Word document for a council meeting, for the filters in
force: headline figures, the chosen sections (chart and findings), methods and sources."""

import streamlit as st

from ict_response import briefing, export, findings
from ict_response.ui import layout, state, view
from ict_response.ui.markdown import literal

filters = state.current_filters()
layout.page_header(
    "Briefing pack",
    "Key figures, charts and findings written from the data for "
    "the filters in the sidebar; every number names the query it comes from.",
)
st.markdown(f"**Filters:** {literal(filters.describe()) if not filters.is_empty() else 'none (all records)'}")

# The sections and file type are view settings: in the URL, so a shared link builds the same pack.
st.session_state["brief_sections"] = list(view.get("sections"))
sections = st.multiselect(
    "Sections",
    list(briefing.SECTION_IDS),
    format_func=lambda key: findings.SECTIONS[key][0],
    key="brief_sections",
    on_change=lambda: view.put("sections", tuple(st.session_state["brief_sections"])),
)
if not export.images_available():
    st.caption(export.NO_CHROMIUM + " The pack is built without chart images.")

signature = (tuple(sorted(filters.to_query_params().items())), tuple(sections))
if st.button("Build the briefing pack", type="primary", disabled=not sections, key="brief_build"):
    with st.status("Building the briefing pack…", expanded=True) as status:
        bar = st.progress(0.0, text="Starting")
        # Both files from one computation: a reader wanting the other format gets it at once.
        pack, files = briefing.build_all(
            layout.context(filters),
            sections,
            progress=lambda what, f: bar.progress(min(f, 1.0), text=what),
        )
        status.update(label="Briefing pack ready", state="complete", expanded=False)
    st.session_state["briefing"] = {"signature": signature, "files": files, "pack": pack}

built = st.session_state.get("briefing")
if built and built["signature"] == signature:
    labels = {"pptx": "PowerPoint (.pptx)", "docx": "Word (.docx)"}
    for column, fmt in zip(st.columns(len(briefing.FORMATS)), briefing.FORMATS, strict=True):
        column.download_button(
            f"Download {labels[fmt]}",
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
    st.subheader("What the pack says")
    st.markdown("\n".join(f"- {literal(f.text)}" for f in pack.headline))
    for section in pack.sections:
        st.markdown(f"**{literal(section.heading)}**")
        st.markdown("\n".join(f"- {literal(f.text)} *({f.query})*" for f in section.findings))
elif built:
    st.caption("The filters or sections changed: build the pack again.")
