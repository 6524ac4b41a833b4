"""Sign-in as a person meets it, in Chromium against the served app and a real OpenID Connect
provider (tests/oidc/provider.mjs: the certified `oidc-provider` package under Node, on
localhost, with a steward and a viewer account and its own login form).

- Public mode: anonymous readers see the pages and no steward section; the steward signs in
  through the provider's form, the Data page shows the verified name and e-mail, a Publish is
  recorded under that identity; sign-out is explicit and a reload stays signed out; a viewer
  signs in and sees no steward section.
- Members mode: anonymous visitors get the sign-in page on /, a deep link to a case and
  /data, with no data and no downloads; after sign-in the pages work; a tampered and an
  expired Streamlit identity cookie are refused.
- The steward password's server-wide throttle: fresh browser contexts (separate sessions and
  cookies, as separate people or tabs) each fail once; the next sees the sentence and waits,
  even with the right password, which works once the wait is over."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from served_app import CHROMIUM, free_port, serve

from ict_response.cli import main as cli
from ict_response.db import connect_readonly
from ict_response.password import hash_password
from ict_response.paths import ROOT

pytestmark = pytest.mark.browser

STEWARD_PASSWORD = "browser-test steward"
THROTTLE_SECONDS = 10  # the first wait: longer than a page load, short enough for a quick test
NAME_FIELD = "Your name (recorded with every import you publish)"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROVIDER_DIR = ROOT / "tests" / "oidc"
CLIENT_ID = "ict-response-dashboard"  # as tests/oidc/provider.mjs registers it
CLIENT_SECRET = "test-client-secret-not-for-production"
COOKIE_SECRET = "a-cookie-secret-for-the-sign-in-browser-tests"
USER_COOKIE = "_streamlit_user"
STEWARD = "Amina Diallo <Amina.Diallo@example.org>"  # the provider's steward account, as recorded
# As the page shows it: an invisible word joiner before "@" keeps the address from becoming a link.
STEWARD_SHOWN = re.compile(r"Signed in as Amina Diallo <Amina\.Diallo\u2060?@example\.org>")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make test` installs it."
    path = tmp_path_factory.mktemp("browser_signin") / "sample.duckdb"
    assert cli(["build", "--sample", "--db", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def provider():
    """The provider's base URL and the two app ports it accepts redirects to (public, members)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("The sign-in browser tests need Node.js (Debian: apt-get install nodejs npm).")
    assert (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir(), (
        "oidc-provider is not installed: run `npm ci --prefix tests/oidc` (make test does)."
    )
    port, apps = free_port(), (free_port(), free_port())
    log = tempfile.TemporaryFile("w+")  # its output, kept off a pipe nobody drains
    proc = subprocess.Popen(
        [node, str(PROVIDER_DIR / "provider.mjs"), str(port)]
        + [f"http://127.0.0.1:{p}/oauth2callback" for p in apps],
        cwd=PROVIDER_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # Ready once it answers discovery; at most 30 s (a provider that hangs must not hang the suite).
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/.well-known/openid-configuration", timeout=2)
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    proc.kill()
                    log.seek(0)
                    raise RuntimeError(
                        "the OpenID Connect provider did not start: " + log.read()[-2000:]
                    ) from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", apps
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def _secrets(path: Path, provider_url: str, app_port: int, mode: str) -> Path:
    path.write_text(
        f'''[access]
mode = "{mode}"

[roles]
stewards = ["amina.diallo@EXAMPLE.org"]

[auth]
redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"
cookie_secret = "{COOKIE_SECRET}"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "{provider_url}/.well-known/openid-configuration"
# The test provider knows the standard prompts (login, consent), not Streamlit's default
# select_account.
client_kwargs = {{ prompt = "login" }}
'''
    )
    return path


@pytest.fixture(scope="module")
def public_app(db, provider, tmp_path_factory):
    provider_url, (port, _) = provider
    secrets = _secrets(tmp_path_factory.mktemp("public") / "secrets.toml", provider_url, port, "public")
    with serve(db, "--secrets.files", str(secrets), port=port) as url:
        yield url


@pytest.fixture(scope="module")
def members_app(db, provider, tmp_path_factory):
    provider_url, (_, port) = provider
    secrets = _secrets(tmp_path_factory.mktemp("members") / "secrets.toml", provider_url, port, "members")
    with serve(db, "--secrets.files", str(secrets), port=port) as url:
        yield url


def _page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    return context, page, problems


def _sidebar(page):
    return page.locator("[data-testid='stSidebar']")


def _sign_in(page, account: str) -> None:
    """Through the provider's own login form, from a page showing a Sign in button."""
    page.get_by_role("button", name="Sign in").first.click()
    page.locator("input[name='login']").fill(account)
    page.locator("input[name='password']").fill("any password")
    page.get_by_role("button", name="Sign-in").click()
    page.wait_for_url(re.compile(r"http://127\.0\.0\.1:\d+/(\?.*)?$"), timeout=30_000)


def _signed_in_sidebar(page, who: str) -> None:
    _sidebar(page).get_by_text(f"Signed in as {who}").wait_for(timeout=60_000)


def _no_exception(page, problems) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    assert not problems, problems


def test_public_steward_signs_in_publishes_and_signs_out(public_app, browser, db):
    url = public_app
    context, page, problems = _page(browser)
    try:
        # Anonymous: the pages are there, the steward section is not.
        page.goto(f"{url}/data")
        page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
        _sidebar(page).get_by_role("button", name="Sign in").wait_for(timeout=30_000)
        assert page.get_by_text("Load a new export").count() == 0
        assert page.get_by_label("Steward password").count() == 0

        _sign_in(page, "steward")
        _signed_in_sidebar(page, "Amina Diallo")
        page.goto(f"{url}/data")
        page.get_by_text(STEWARD_SHOWN).wait_for(timeout=60_000)
        assert page.get_by_text("Load a new export").count() == 1

        # Publish: the history records the provider's identity.
        page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(
            str(FIXTURES / "sessions_small.csv")
        )
        page.wait_for_selector("text=First rows as they will be stored", timeout=60_000)
        page.get_by_role("button", name="Publish 1 file").click()
        page.wait_for_selector("text=Published.", timeout=60_000)
        con = connect_readonly(db)
        try:
            recorded = con.execute(
                "SELECT added_by FROM imports WHERE file_name = $name", {"name": "sessions_small.csv"}
            ).fetchall()
        finally:
            con.close()
        assert recorded == [(STEWARD,)]
        page.locator("[data-testid='stSelectbox']").filter(has_text="Import to withdraw").locator(
            "input"
        ).click()
        page.get_by_role(
            "option", name=re.compile(r"sessions_small\.csv.*by " + re.escape(STEWARD))
        ).wait_for(timeout=30_000)
        page.keyboard.press("Escape")

        # A reload keeps the sign-in (Streamlit's signed cookie).
        page.reload()
        page.get_by_text(STEWARD_SHOWN).wait_for(timeout=60_000)

        # Sign out is explicit: the provider asks, then the app is back, signed out, and stays so.
        _sidebar(page).get_by_role("button", name="Sign out").click()
        page.get_by_role("button", name="Yes, sign me out").click()
        _sidebar(page).get_by_role("button", name="Sign in").wait_for(timeout=60_000)
        assert USER_COOKIE not in {c["name"] for c in context.cookies()}
        page.goto(f"{url}/data")
        page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
        _sidebar(page).get_by_role("button", name="Sign in").wait_for(timeout=30_000)
        assert page.get_by_text("Load a new export").count() == 0
        _no_exception(page, problems)
    finally:
        context.close()


def test_public_viewer_signs_in_and_sees_no_steward_section(public_app, browser):
    context, page, problems = _page(browser)
    try:
        page.goto(public_app)
        _sign_in(page, "viewer")
        _signed_in_sidebar(page, "Bo Viewer")
        page.goto(f"{public_app}/data")
        page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
        _signed_in_sidebar(page, "Bo Viewer")
        assert page.get_by_text("Load a new export").count() == 0
        assert page.get_by_label("Steward password").count() == 0
        _no_exception(page, problems)
    finally:
        context.close()


GATED = ["", "/cases?case=C19-000001", "/data", "/regions?region=Africa"]


def _refused(page, url: str) -> None:
    """The members' sign-in page, and nothing of the data: no figures, tables, charts or downloads."""
    page.goto(url)
    page.get_by_text("This dashboard is for members").wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    for data in ("stMetric", "stDataFrame", "stDownloadButton", "stPlotlyChart", "stSidebarNav"):
        assert page.locator(f"[data-testid='{data}']").count() == 0, (url, data)


def _forged(payload: dict, age_seconds: int = 0) -> str:
    """A `_streamlit_user` cookie signed as Streamlit signs it, dated `age_seconds` ago."""

    class Dated(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - age_seconds

    serializer = URLSafeTimedSerializer(COOKIE_SECRET, salt=USER_COOKIE, signer=Dated)
    return serializer.dumps(json.dumps(payload))


def _tampered(value: str) -> str:
    """The cookie with one byte changed: its signature no longer holds."""
    i = len(value) // 2
    return value[:i] + ("A" if value[i] != "A" else "B") + value[i + 1 :]


def _claims(value: str) -> dict:
    return json.loads(URLSafeTimedSerializer(COOKIE_SECRET, salt=USER_COOKIE).loads(value))


def _too_old(value: str) -> str:
    """The same identity, validly signed, with a sign-in 13 hours ago ([access] allows 12)."""
    then = int(time.time()) - 13 * 3600
    return _forged(dict(_claims(value), iat=then, auth_time=then))


def _downloads_only_for_members(browser, context, page, genuine: dict) -> None:
    """The member's CSV download works for them; its address is refused (403, one sentence)
    without their sign-in: a fresh browser, a tampered cookie, a sign-in past its hours."""
    with page.expect_download() as download:
        page.get_by_role("button", name="Download these rows (CSV)").click()
    link = download.value.url
    assert "/media/" in link, link
    mine = context.request.get(link)
    assert mine.status == 200 and mine.text().startswith("case_id,"), (mine.status, mine.text()[:200])

    value = genuine["value"]
    for who, cookie in [
        ("anonymous", None),
        ("tampered", _tampered(value)),
        ("13 hours old", _too_old(value)),
    ]:
        other = browser.new_context()
        try:
            if cookie is not None:
                other.add_cookies([{**genuine, "value": cookie}])
            answer = other.request.get(link)
            assert answer.status == 403, (who, answer.status)
            assert (
                answer.text()
                == "Downloads are for signed-in members: sign in to the dashboard, then download again."
            )
        finally:
            other.close()
    assert context.request.get(link).status == 200  # the member's own link still works


def test_members_only_refuses_anonymous_then_admits_a_member(members_app, browser):
    context, page, problems = _page(browser)
    try:
        for path in GATED:
            _refused(page, members_app + path)
        _sign_in(page, "viewer")
        # Back where the reader was going (the last link opened), not the root.
        page.wait_for_url(re.compile(r"/regions\?region=Africa$"), timeout=30_000)
        page.locator("[data-testid='stPlotlyChart']").first.wait_for(timeout=60_000)
        _signed_in_sidebar(page, "Bo Viewer")
        page.goto(f"{members_app}/data")
        page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
        page.goto(f"{members_app}/cases?case=C19-000001")
        page.locator("[data-testid='stDataFrame'], [data-testid='stMetric']").first.wait_for(timeout=60_000)

        genuine = next(c for c in context.cookies() if c["name"] == USER_COOKIE)
        value = genuine["value"]
        _downloads_only_for_members(browser, context, page, genuine)
        context.add_cookies([{**genuine, "value": _tampered(value)}])
        _refused(page, f"{members_app}/data")

        # Signed with the right secret but the sign-in is too old: refused by the app
        # ([access] session_hours) and, past Streamlit's cookie age, by Streamlit.
        context.add_cookies([{**genuine, "value": _too_old(value)}])
        _refused(page, f"{members_app}/data")
        page.get_by_text("Your sign-in ended after 12 hours").wait_for(timeout=30_000)
        context.add_cookies([{**genuine, "value": _forged(_claims(value), age_seconds=40 * 86400)}])
        _refused(page, f"{members_app}/")

        context.add_cookies([genuine])  # the genuine one still works
        page.goto(f"{members_app}/data")
        page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
        _no_exception(page, problems)
    finally:
        context.close()


def _try_password(browser, url: str, name: str, password: str):
    """A fresh context (no cookies, a new session) that submits the steward form once."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{url}/data")
    page.get_by_label(NAME_FIELD).fill(name)
    page.get_by_label("Steward password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    return context, page


def test_wrong_passwords_from_fresh_browsers_count_together(db, browser, monkeypatch, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[steward]\npassword_hash = "{hash_password(STEWARD_PASSWORD)}"\n')
    monkeypatch.setenv("ICT_RESPONSE_THROTTLE_SECONDS", str(THROTTLE_SECONDS))
    with serve(db, "--secrets.files", str(secrets)) as url:
        for i in range(5):
            context, page = _try_password(browser, url, f"Guesser {i}", f"guess {i}")
            try:
                page.get_by_text("Wrong password").wait_for(timeout=30_000)
            finally:
                context.close()
        # The fifth wrong one set the first wait: a new browser with the right password waits too.
        context, page = _try_password(browser, url, "Amina Diallo", STEWARD_PASSWORD)
        try:
            sentence = page.get_by_text("Too many wrong passwords on this server")
            sentence.wait_for(timeout=30_000)
            wait = int(re.search(r"possible in (\d+) s", sentence.inner_text()).group(1))
            assert 1 <= wait <= THROTTLE_SECONDS
            assert page.get_by_text("Signed in as").count() == 0
            time.sleep(wait)
            page.get_by_role("button", name="Sign in").click()
            page.get_by_text("Signed in as Amina Diallo").wait_for(timeout=30_000)
            assert page.locator("[data-testid='stException']").count() == 0
        finally:
            context.close()
