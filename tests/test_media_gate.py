"""Members-only downloads (ict_response/ui/media_gate.py): which requests for `/media/…` are
served, judged on cookies signed exactly as Streamlit signs its sign-in cookie; and the ASGI
middleware itself, driven with a request as uvicorn hands it over. The browser test
(tests/test_browser_signin.py) checks the same against the served app and a real provider."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from ict_response import access
from ict_response.ui import media_gate

SECRET = "a-cookie-secret-for-the-gate-tests"
ORIGIN = "https://dashboard.example.org"
MEMBERS = access.Config(mode="members", auth=True, session_hours=12)
PUBLIC = access.Config(mode="public", auth=True)
REFUSED = "Downloads are for signed-in members: sign in to the dashboard, then download again."


@pytest.fixture(autouse=True)
def deployment(monkeypatch):
    """The deployment's [auth] cookie secret and redirect_uri origin, as secrets.toml gives them."""
    monkeypatch.setattr(media_gate, "get_cookie_secret", lambda: SECRET)
    monkeypatch.setattr(media_gate, "get_origin_from_redirect_uri", lambda: ORIGIN)


def claims(**changes) -> dict:
    now = int(time.time())
    base = {
        "origin": ORIGIN,
        "is_logged_in": True,
        "provider": "default",
        "email": "bo.viewer@example.org",
        "name": "Bo Viewer",
        "iat": now - 60,
        "auth_time": now - 60,
    }
    return {**base, **changes}


def cookie(payload: dict, secret: str = SECRET, age_seconds: int = 0) -> str:
    """A `_streamlit_user` cookie as Streamlit signs it (itsdangerous, the cookie name as salt)."""

    class Dated(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - age_seconds

    serializer = URLSafeTimedSerializer(secret, salt=media_gate.USER_COOKIE, signer=Dated)
    return serializer.dumps(json.dumps(payload))


def refusal(cookies: dict[str, str], cfg: access.Config = MEMBERS) -> str | None:
    return media_gate.refusal(cookies, cfg, time.time())


def test_public_deployments_serve_downloads_to_anyone():
    assert refusal({}, PUBLIC) is None
    assert refusal({"_streamlit_user": "junk"}, PUBLIC) is None


def test_a_signed_in_member_gets_the_download():
    assert refusal({"_streamlit_user": cookie(claims())}) is None


@pytest.mark.parametrize(
    "cookies",
    [
        pytest.param({}, id="no cookie"),
        pytest.param({"_streamlit_user": ""}, id="empty cookie"),
        pytest.param({"_streamlit_user": "not a signed value"}, id="garbage"),
        pytest.param({"_streamlit_user": cookie(claims(), secret="another secret")}, id="other secret"),
        pytest.param({"_streamlit_user": cookie(claims(is_logged_in=False))}, id="signed out"),
        pytest.param(
            {"_streamlit_user": cookie(claims(origin="https://elsewhere.example"))}, id="other origin"
        ),
        pytest.param({"_streamlit_user": cookie(claims(iat=None, auth_time=None))}, id="no sign-in time"),
        pytest.param(
            {"_streamlit_user": cookie(claims(auth_time=int(time.time()) - 13 * 3600))}, id="13 h old"
        ),
        pytest.param({"_streamlit_user": cookie(claims(), age_seconds=40 * 86400)}, id="cookie past its age"),
        pytest.param({"_streamlit_user_tokens": cookie(claims())}, id="only the tokens cookie"),
    ],
)
def test_anything_but_a_valid_sign_in_is_refused(cookies):
    assert refusal(cookies) == REFUSED


def test_a_tampered_cookie_is_refused():
    value = cookie(claims())
    i = len(value) // 3
    tampered = value[:i] + ("A" if value[i] != "A" else "B") + value[i + 1 :]
    assert refusal({"_streamlit_user": tampered}) == REFUSED


def test_a_large_identity_split_over_chunk_cookies_is_read_whole():
    # Streamlit splits a sign-in cookie too large for a browser into several cookies, each
    # signed on its own; the gate reassembles them as Streamlit's server does.
    from streamlit.auth_util import set_cookie_with_chunks

    def signed(name: str, value: str) -> str:
        return URLSafeTimedSerializer(SECRET, salt=name).dumps(value)

    jar: dict[str, str] = {}
    set_cookie_with_chunks(
        lambda name, value: jar.__setitem__(name, signed(name, value)),
        lambda name, value: signed(name, value).encode(),
        media_gate.USER_COOKIE,
        claims(name="".join(chr(0x4E00 + i * 7919 % 20000) for i in range(2000))),  # hardly compressible
        cookie_attr_size=60,
    )
    assert len(jar) > 1, "the identity should be large enough to be split"
    assert refusal(jar) is None
    del jar[max(jar)]  # one part lost: no identity
    assert refusal(jar) == REFUSED


def test_a_misconfigured_members_deployment_refuses_every_download():
    broken = access.Config(mode="members", problem="Sign-in is misconfigured: [auth] lacks client_id.")
    assert refusal({"_streamlit_user": cookie(claims())}, broken) == broken.problem


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("fr-CH, fr;q=0.9, en;q=0.8", "fr"),
        ("de-DE,ar;q=0.8", "ar"),
        ("zh-Hans-CN", "zh"),
        ("", "en"),
        ("*", "en"),
        ("x-klingon, !!, ru", "ru"),
    ],
)
def test_the_refusal_speaks_the_first_language_the_reader_asks_for_that_we_have(header, lang):
    assert media_gate.reader_language(header) == lang


def _request(path: str, headers: dict[str, str]) -> tuple[int, bytes, bool]:
    """Drive the middleware with one HTTP request; (status, body, reached the app)."""
    reached: list[bool] = []

    async def app(scope, receive, send):
        reached.append(True)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"file"})

    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }
    # In a thread of its own: a browser test on the same worker may have left an event loop
    # running in this one (Playwright's sync API).
    worker = threading.Thread(
        target=asyncio.run, args=(media_gate.MembersOnlyDownloads(app)(scope, receive, send),)
    )
    worker.start()
    worker.join(timeout=30)
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body, bool(reached)


def test_the_middleware_refuses_media_and_passes_everything_else(monkeypatch):
    monkeypatch.setattr(media_gate.ui_access, "config", lambda: MEMBERS)
    status, body, reached = _request("/media/3f2a.csv", {"accept-language": "fr-FR"})
    assert (status, reached) == (403, False)
    assert body.decode().startswith("Les téléchargements sont réservés aux membres connectés")
    status, _, reached = _request("/media/3f2a.csv", {"cookie": f"_streamlit_user={cookie(claims())}"})
    assert (status, reached) == (200, True)
    for path in ("/", "/cases", "/_stcore/health", "/app/static/world.json"):
        status, _, reached = _request(path, {})
        assert (status, reached) == (200, True), path
