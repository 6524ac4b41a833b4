"""Sign-in with the organisation's identity provider (Streamlit's `st.login` / `st.user`,
OpenID Connect through Authlib): the members-only gate the router runs before any page, and
the sidebar's Sign in / Sign out. The rules live in ict_response.access; this module draws."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

import streamlit as st

from .. import access, i18n
from ..i18n import _, ngettext
from .markdown import literal

log = logging.getLogger(__name__)

EXPIRED = "access_sign_in_expired"  # session state: this browser's sign-in ran its time
RETURNED = "access_returned"  # session state: the link asked for before sign-in was reopened

# The provider sends a reader back to the app's root after sign-in: the link they opened (a
# page, a case, filters) is kept in the tab's sessionStorage meanwhile, and reopened once when
# the tab lands on the root (a link the reader opens later themselves is left alone).
RETURN_KEY = "ict_response_return"
REMEMBER_LINK = f"""<script>
sessionStorage.setItem("{RETURN_KEY}", location.pathname + location.search);
</script>"""
REOPEN_LINK = f"""<script>
const link = sessionStorage.getItem("{RETURN_KEY}");
sessionStorage.removeItem("{RETURN_KEY}");
const atRoot = location.pathname.endsWith("/") && !location.search;
if (link && atRoot && link !== location.pathname) location.replace(link);
</script>"""


def config() -> access.Config:
    """The access settings of `.streamlit/secrets.toml` (read each run: an edit applies on
    the next click)."""
    try:
        secrets: Mapping[str, Any] = st.secrets.to_dict()
    except FileNotFoundError:  # no secrets file at all: the public default
        secrets = {}
    except Exception as e:  # unreadable TOML: say so, fail closed
        # Translators: {file} is the settings file, {error} the kind of error (e.g. TOMLDecodeError).
        problem = _("{file} cannot be read ({error}): fix its syntax.")
        return access.Config(
            mode="members", problem=problem.format(file=access.SECRETS, error=type(e).__name__)
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


def _sign_in_button(where: Any, key: str = "access_sign_in") -> None:
    if where.button(_("Sign in"), key=key, type="primary", icon=":material/login:"):
        st.login()


def _expired_note(cfg: access.Config, where: Any) -> None:
    if st.session_state.pop(EXPIRED, False):
        hours, count = _hours(cfg.session_hours)
        # Translators: {hours} is a number of hours, possibly with decimals (12, 0.5).
        ended = ngettext(
            "Your sign-in ended after {hours} hour: sign in again.",
            "Your sign-in ended after {hours} hours: sign in again.",
            count,
        )
        where.info(ended.format(hours=hours), icon=":material/schedule:")


def _hours(value: float) -> tuple[str, int]:
    """A number of hours as this language writes it (12, 0.5, as few decimals as it has), and
    the whole number that chooses the plural form (2 for a fraction: a plural in English)."""
    text = f"{value:g}"
    if "e" in text:  # too small or too large for decimals: as it is
        return text, 2
    decimals = len(text.partition(".")[2])
    return i18n.number(float(text), digits=decimals), int(text) if not decimals else 2


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
        if not st.session_state.get(RETURNED):  # the first run after sign-in
            st.session_state[RETURNED] = True
            st.html(REOPEN_LINK, unsafe_allow_javascript=True)
        return
    st.html(REMEMBER_LINK, unsafe_allow_javascript=True)
    st.title(_("ICT Response Dashboard"))
    _expired_note(cfg, st)
    st.markdown(
        _(
            "This dashboard is for members. Sign in with your organisation's account to see the "
            "cases, sessions and downloads."
        )
    )
    _sign_in_button(st, key="access_gate_sign_in")
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
    name = literal(person.name or person.email)
    if person.email and person.email != person.name:
        # Translators: a person's name and, in brackets, their e-mail address.
        signed_in = _("Signed in as **{name}** ({email})").format(name=name, email=literal(person.email))
    else:
        signed_in = _("Signed in as **{name}**").format(name=name)
    sb.markdown(signed_in)
    if sb.button(_("Sign out"), key="access_sign_out", icon=":material/logout:"):
        st.logout()
