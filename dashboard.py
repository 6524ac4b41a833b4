"""ICT Response Dashboard: the router. Page config, the shared filter sidebar and the page
list; everything else lives in pages/ and the ict_response package."""

import streamlit as st

from ict_response.ui import data, state

st.set_page_config(page_title="ICT Response Dashboard", page_icon=":material/public:",
                   layout="wide")

# (file, title, url path, icon): stable url paths make permalinks.
PAGES = [
    ("pages/overview.py", "Overview", "overview", ":material/dashboard:"),
    ("pages/action_lines.py", "Action Lines", "action-lines", ":material/view_list:"),
    ("pages/sdgs.py", "SDGs", "sdgs", ":material/target:"),
    ("pages/regions.py", "Regions", "regions", ":material/public:"),
    ("pages/topics.py", "Topics", "topics", ":material/label:"),
    ("pages/workshops.py", "Workshops", "workshops", ":material/groups:"),
    ("pages/briefing.py", "Briefing", "briefing", ":material/slideshow:"),
    ("pages/cases.py", "Cases", "cases", ":material/table_rows:"),
    ("pages/data.py", "Data", "data", ":material/database:"),
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
