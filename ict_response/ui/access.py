"""Sign-in with the organisation's identity provider (Streamlit's `st.login` / `st.user`,
OpenID Connect through Authlib): the members-only gate the router runs before any page, and
the sidebar's Sign in / Sign out. The rules live in ict_response.access; this module draws."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

import streamlit as st

from .. import access
from .markdown import literal

log = logging.getLogger(__name__)

EXPIRED = "access_sign_in_expired"  # session state: this browser's sign-in ran its time


def config() -> access.Config:
    """The access settings of `.streamlit/secrets.toml` (read each run: an edit applies on
    the next click)."""
    try:
        secrets: Mapping[str, Any] = st.secrets.to_dict()
    except FileNotFoundError:  # no secrets file at all: the public default
        secrets = {}
    except Exception as e:  # unreadable TOML: say so, fail closed
        return access.Config(
            mode="members", problem=f"{access.SECRETS} cannot be read ({type(e).__name__}): fix its syntax."
        )
    return access.read_config(secrets)


def current_identity(cfg: access.Config) -> access.Identity | None:
    """The signed-in person, or None: nobody signed in, sign-in not configured, or a sign-in
    older than [access] session_hours (refused, and remembered to say so)."""
    if not cfg.auth:
        return None
    try:
        user = dict(st.user.to_dict())
    except Exception:  # no browser session behind this run
        return None
    person = access.identity(user)
    if person is not None and access.expired(person, cfg, time.time()):
        st.session_state[EXPIRED] = True
        return None
    return person


def _sign_in_button(where: Any, label: str = "Sign in", key: str = "access_sign_in") -> None:
    if where.button(label, key=key, type="primary", icon=":material/login:"):
        st.login()


def _expired_note(cfg: access.Config, where: Any) -> None:
    if st.session_state.pop(EXPIRED, False):
        hours = f"{cfg.session_hours:g}"
        where.info(f"Your sign-in ended after {hours} hours: sign in again.", icon=":material/schedule:")


def admitted(cfg: access.Config) -> bool:
    """May this run show the dashboard (public, or a member signed in)?"""
    return not cfg.members_only or (not cfg.problem and current_identity(cfg) is not None)


def gate(cfg: access.Config) -> None:
    """Members-only deployments: unless someone is signed in, show the sign-in page and stop
    the run before any page (deep links included) reads data. A misconfigured members-only
    deployment admits nobody and says why."""
    if not cfg.members_only:
        return
    if cfg.problem:
        st.error(cfg.problem, icon=":material/error:")
        st.stop()
    if current_identity(cfg) is not None:
        return
    st.title("ICT Response Dashboard")
    _expired_note(cfg, st)
    st.markdown(
        "This dashboard is for members. Sign in with your organisation's account to see the "
        "cases, sessions and downloads."
    )
    _sign_in_button(st, "Sign in", key="access_gate_sign_in")
    st.stop()


def account_box(cfg: access.Config) -> None:
    """The sidebar's sign-in state: who is signed in and Sign out, or Sign in."""
    sb = st.sidebar
    if cfg.problem:
        sb.warning(cfg.problem, icon=":material/warning:")
        return
    if not cfg.auth:
        return
    person = current_identity(cfg)
    if person is None:
        _expired_note(cfg, sb)
        _sign_in_button(sb)
        return
    email = f" ({literal(person.email)})" if person.email and person.email != person.name else ""
    sb.markdown(f"Signed in as **{literal(person.name or person.email)}**{email}")
    if sb.button("Sign out", key="access_sign_out", icon=":material/logout:"):
        st.logout()
