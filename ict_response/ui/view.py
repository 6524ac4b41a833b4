"""View settings in the app: each kept in the URL (so a copied URL reopens the same view) and
in the session (so it survives a page switch, which clears the URL), like the filters."""

from __future__ import annotations

from typing import Any

import streamlit as st

from .. import view
from ..i18n import N_, _
from .markdown import literal

MEMORY = "view_settings"


def widget_key(key: str) -> str:
    return f"view_{key}"


def get(key: str) -> Any:
    """The setting from the URL; when the URL has none (after a page switch), from the session.
    A value not understood falls back to the default, with a note in the sidebar."""
    s = view.setting(key)
    memory: dict[str, object] = st.session_state.setdefault(MEMORY, {})
    if key in st.query_params:
        value, note = s.parse(st.query_params.get_all(key))
        if note:
            st.sidebar.warning(literal(note))
    else:
        value = memory.get(key, s.default)
    put(key, value)
    return value


def put(key: str, value: object) -> None:
    """Remember the setting and write it into the URL (left out when it is the default)."""
    s = view.setting(key)
    st.session_state.setdefault(MEMORY, {})[key] = value
    param = s.to_param(value)
    if param is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != param:
        st.query_params[key] = param


def params() -> dict[str, str]:
    """The view settings now in the URL: kept when the filters rewrite it."""
    return {k: st.query_params[k] for k in st.query_params.keys() if k in view.KEYS}


def toggle(key: str) -> bool:
    """A toggle bound to a yes/no setting."""
    s = view.setting(key)
    st.session_state[widget_key(key)] = bool(get(key))
    return st.toggle(
        _(LABELS.get(key, s.label)),
        key=widget_key(key),
        on_change=lambda: put(key, bool(st.session_state[widget_key(key)])),
    )


LABELS = {"rollup": N_("Roll C7 sub-lines up into C7 ICT applications (11 lines)")}
