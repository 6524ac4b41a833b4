"""ICT Response Dashboard: the router. Page config, the shared filter sidebar and the page
list; everything else lives in app_pages/ and the ict_response package.

The pages folder is deliberately not called `pages/`: Streamlit treats a `pages/` folder
beside the entrypoint as automatic (legacy) multipage pages until some session has run
st.navigation, so on a fresh server a first visit straight to /data would get that page
without this router (no filter sidebar, an automatic page list)."""

import streamlit as st

from ict_response.ui import data, state

st.set_page_config(page_title="ICT Response Dashboard", page_icon=":material/public:",
                   layout="wide")

# (file, title, url path, icon): stable url paths make permalinks.
PAGES = [
    ("app_pages/overview.py", "Overview", "overview", ":material/dashboard:"),
    ("app_pages/action_lines.py", "Action Lines", "action-lines", ":material/view_list:"),
    ("app_pages/sdgs.py", "SDGs", "sdgs", ":material/target:"),
    ("app_pages/regions.py", "Regions", "regions", ":material/public:"),
    ("app_pages/topics.py", "Topics", "topics", ":material/label:"),
    ("app_pages/sessions.py", "Sessions", "sessions", ":material/groups:"),
    ("app_pages/briefing.py", "Briefing", "briefing", ":material/slideshow:"),
    ("app_pages/cases.py", "Cases", "cases", ":material/table_rows:"),
    ("app_pages/data.py", "Data", "data", ":material/database:"),
]

navigation = st.navigation([
    st.Page(path, title=title, url_path=url, icon=icon, default=(i == 0))
    for i, (path, title, url, icon) in enumerate(PAGES)
])

problem = data.available()
if problem:
    st.error(problem)
    st.stop()

state.sidebar(state.current_filters())
navigation.run()
