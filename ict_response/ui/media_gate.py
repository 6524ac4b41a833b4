"""Members-only downloads. Streamlit serves every file a page offers (CSV, XLSX, chart images,
briefing packs) at `/media/<id>` to whoever holds the address, signed in or not: a link copied
by a member would work for anyone while the file lives. In a members-only deployment this ASGI
middleware (installed by serve.py) answers such a request only when it carries a valid
sign-in: Streamlit's `_streamlit_user` cookie, signed with the `[auth]` cookie secret, for this
deployment's origin, and no older than `[access] session_hours` (the rule the pages apply).
Anything else gets 403 and one sentence in the reader's language (from Accept-Language).

It reads the cookie as Streamlit's own server does (`auth_util.get_cookie_with_chunks`,
`starlette_app_utils.decode_signed_value`, pinned by `streamlit==` in pyproject.toml);
tests/test_media_gate.py and tests/test_browser_signin.py hold it to that."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

from babel import Locale, UnknownLocaleError
from starlette.requests import HTTPConnection
from starlette.responses import PlainTextResponse
from streamlit import config as st_config
from streamlit.auth_util import get_cookie_with_chunks, get_origin_from_redirect_uri
from streamlit.web.server.server_util import get_cookie_secret
from streamlit.web.server.starlette.starlette_app_utils import decode_signed_value

from .. import access, i18n
from ..i18n import _
from . import access as ui_access

USER_COOKIE = "_streamlit_user"  # Streamlit's signed sign-in cookie (starlette_server_config)

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def media_prefix() -> str:
    """Where Streamlit serves downloads: `/media/`, under `server.baseUrlPath` if one is set."""
    base = str(st_config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/media/" if base else "/media/"


def signed_in(cookies: Mapping[str, str], cfg: access.Config, now: float) -> bool:
    """Do these request cookies hold a valid, unexpired sign-in to this deployment?"""
    secret = get_cookie_secret()

    def one(name: str) -> bytes | None:
        value = cookies.get(name)
        return None if value is None else decode_signed_value(secret, name, value.encode("latin-1"))

    decoded = get_cookie_with_chunks(one, USER_COOKIE)
    if not decoded:
        return False
    try:
        claims = json.loads(decoded.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    if not isinstance(claims, dict) or claims.get("origin") != get_origin_from_redirect_uri():
        return False
    person = access.identity(claims)
    return person is not None and not access.expired(person, cfg, now)


def refusal(cookies: Mapping[str, str], cfg: access.Config, now: float) -> str | None:
    """Why this download request is refused, in one sentence; None when it may be served."""
    if not cfg.members_only:
        return None
    if cfg.problem:  # fail closed, as the pages do
        return cfg.problem
    if cfg.auth and signed_in(cookies, cfg, now):
        return None
    return _("Downloads are for signed-in members: sign in to the dashboard, then download again.")


def reader_language(accept_language: str) -> str:
    """The first of the reader's languages (Accept-Language, in the order sent) that the
    dashboard speaks; English otherwise. Quality weights are rare enough here to ignore."""
    for item in accept_language.split(","):
        tag = item.split(";")[0].strip().replace("-", "_")
        if not tag or tag == "*":
            continue
        try:
            lang = Locale.parse(tag).language
        except (ValueError, UnknownLocaleError):
            continue
        if lang in i18n.LANGUAGES:
            return lang
    return i18n.SOURCE


class MembersOnlyDownloads:
    """ASGI middleware: refuse `/media/…` to anyone not signed in, in members-only mode."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and str(scope.get("path", "")).startswith(media_prefix()):
            request = HTTPConnection(scope)
            with i18n.using(reader_language(request.headers.get("accept-language", ""))):
                reason = refusal(request.cookies, ui_access.config(), time.time())
            if reason is not None:
                refused = PlainTextResponse(reason, status_code=403, headers={"Cache-Control": "no-store"})
                await refused(scope, receive, send)
                return
        await self.app(scope, receive, send)
