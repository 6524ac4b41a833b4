"""The served dashboard. `streamlit run serve.py` (make run, the replicas, the browser and load
tests) serves dashboard.py as Streamlit's ASGI app, with the members-only gate for downloads
in front (ict_response/ui/media_gate.py). AppTest and `streamlit run dashboard.py` run the same
pages without that gate."""

import streamlit as st
from starlette.middleware import Middleware

from ict_response.ui.media_gate import MembersOnlyDownloads

app = st.App("dashboard.py", middleware=[Middleware(MembersOnlyDownloads)])
