"""ICT Response Dashboard: the router. Page config, the shared filter sidebar and the page
list; everything else lives in app_pages/ and the ict_response package.

The pages folder is deliberately not called `pages/`: Streamlit treats a `pages/` folder
beside the entrypoint as automatic (legacy) multipage pages until some session has run
st.navigation, so on a fresh server a first visit straight to /data would get that page
without this router (no filter sidebar, an automatic page list)."""

import streamlit as st

from ict_response.i18n import _
from ict_response.pages import PAGES
from ict_response.paths import ROOT
from ict_response.ui import access, data, language, runs, state

FAVICON = ROOT / "static" / "favicon.png"

# The reader's language first: everything after it, page titles included, speaks it.
language.choose()
# The icon is a file of the app's own: a Material icon here would be fetched from Google's servers.
st.set_page_config(page_title=_("ICT Response Dashboard"), page_icon=str(FAVICON), layout="wide")
language.layout()

# Who may look ([access] in .streamlit/secrets.toml): read first, so that a members-only
# deployment shows nothing, not even the page list, before sign-in.
settings = access.config()
admitted = access.admitted(settings)

# Stable url paths make permalinks; the list lives in ict_response/pages.py.
navigation = st.navigation(
    [
        st.Page(page.file, title=_(page.title), url_path=page.url_path, icon=page.icon, default=(i == 0))
        for i, page in enumerate(PAGES)
    ],
    position="sidebar" if admitted else "hidden",
)
# Members only: the sign-in page, and the run stops before any page (deep links included).
access.gate(settings)

# A bounded number of runs at once (ui/runs.py: Python runs one thread at a time), then one
# database per run: a build published meanwhile shows on the next click, never half-way.
with runs.page_run(), data.one_database():
    problem = data.available()
    if problem:
        st.error(problem)
        st.stop()

    language.picker()
    access.account_box(settings)
    state.sidebar(state.current_filters())
    navigation.run()
