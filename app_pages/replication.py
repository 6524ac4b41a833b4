"""Replication: find practice for a need. A delegate types a need in plain words and gets
the cases within the sidebar's filters that meet it, best first, each with why and a link
to the case (where its own likes are listed). The need is kept in the URL (`?need=`)."""

import streamlit as st

from ict_response import replication
from ict_response.errors import UserError
from ict_response.ui import data, layout, state, view
from ict_response.ui.markdown import literal

filters = state.current_filters()
layout.page_header(
    "Replication",
    "Who else has done this? Type a need in plain words to find the cases that meet it; "
    "open any case to see the cases most like it.",
)

key = view.widget_key("need")
st.session_state[key] = view.get("need")
need = st.text_input(
    "A need, in plain words",
    key=key,
    max_chars=replication.MAX_NEED_CHARS,
    placeholder="text message reminders for vaccine appointments",
    on_change=lambda: view.put("need", st.session_state[key]),
)
st.caption(
    "Cases are ranked by the practices and the rare words they share with the need: “SMS”, "
    "“text message” and “USSD” all name text messages. Within the sidebar's filters."
)
if need.strip():
    cleaned, note = replication.clean_need(need)
    if note:
        st.caption(literal(note))
    try:
        found = data.find(cleaned, filters)
    except UserError as e:
        st.warning(literal(str(e)))
    else:
        layout.matches(found, replication.nothing_found(cleaned, filters))
