"""The reader's language: chosen in the sidebar or by `?lang=`, kept in the URL (a shared link
opens in the same language) and in the session, like every view setting. Arabic turns the
page right-to-left."""

from __future__ import annotations

import streamlit as st

from .. import i18n
from ..i18n import _
from . import view as view_ui

KEY = "lang"

# Text and widgets read right-to-left; a chart's own drawing keeps plotly's left-to-right
# internals (its axes and legends are mirrored by the chart builders instead). The sidebar
# moves to the right only on wide screens: on a phone it slides in over the page from the
# left, and a right-to-left container would leave it half on screen.
RTL_CSS = """<style>
[data-testid="stMain"], [data-testid="stSidebarContent"], [data-testid="stHeader"] { direction: rtl; }
@media (min-width: 768px) { [data-testid="stAppViewContainer"] { direction: rtl; } }
[data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"], h1, h2, h3,
[data-testid="stMarkdownContainer"] :is(p, ul, ol, li) { text-align: right; }
.stPlotlyChart, .js-plotly-plot { direction: ltr; }
</style>"""


def choose() -> str:
    """Speak the reader's language for the rest of this run; return its code."""
    lang = str(view_ui.get(KEY))
    i18n.set_language(lang)
    return lang


def layout() -> None:
    """Mirror the page for a right-to-left language."""
    if i18n.is_rtl():
        st.html(RTL_CSS)


def picker() -> None:
    """The language menu at the top of the sidebar, each language named in itself."""
    widget = view_ui.widget_key(KEY)
    st.session_state[widget] = i18n.current()
    st.sidebar.selectbox(
        ":material/translate: " + _("Language"),  # the icon finds it in a script one cannot read
        options=list(i18n.LANGUAGES),
        format_func=i18n.LANGUAGES.__getitem__,
        key=widget,
        on_change=lambda: view_ui.put(KEY, st.session_state[widget]),
    )
