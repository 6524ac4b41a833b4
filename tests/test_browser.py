"""The served app in a real browser: `streamlit run` on a free port, Playwright driving
Debian's Chromium. Every page renders a chart and no error; a permalink reopens its filters;
a screenshot of each page is saved under test-output/screenshots/."""

from __future__ import annotations

import base64
import time
from pathlib import Path

import pytest
from served_app import CHROMIUM, serve

from ict_response.cli import main as cli
from ict_response.db import connect_readonly
from ict_response.filters import Filters
from ict_response.pages import PAGES
from ict_response.password import hash_password
from ict_response.paths import ROOT
from ict_response.queries import run_path

SHOTS = ROOT / "test-output" / "screenshots"
# Every page by its URL path, the first at the root.
PATHS = ["" if page is PAGES[0] else page.url_path for page in PAGES]

STEWARD_PASSWORD = "browser-test steward"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make test` installs it."
    db = tmp_path_factory.mktemp("browser") / "sample.duckdb"
    assert cli(["build", "--sample", "--db", str(db)]) == 0
    # The steward section is on: a password hash in a secrets file of the test's own.
    secrets = db.parent / "secrets.toml"
    secrets.write_text(f'[steward]\npassword_hash = "{hash_password(STEWARD_PASSWORD)}"\n')
    with serve(db, "--secrets.files", str(secrets)) as url:
        yield url, db


READY = "[data-testid='stMetric'], .js-plotly-plot, [data-testid='stDataFrame'], [data-testid='stException']"


def _open(browser, url: str, ready: str = READY):
    """Open `url` and wait until the page shows `ready` (figures, a chart, a table, an error)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.goto(url)
    page.wait_for_selector(ready, timeout=60_000)
    page.wait_for_timeout(1500)  # let the remaining charts draw
    return page, problems


@pytest.mark.parametrize("path", PATHS)
def test_every_page_renders_a_chart_and_no_error(server, browser, path):
    url, _ = server
    # The Briefing page shows a form that builds the pack: no figures until it is used. The
    # Replication page lists cases for a need (in the URL, as a shared link carries it).
    ready = {
        "briefing": "[data-testid='stButton'], [data-testid='stException']",
        "replication": "[data-testid='stPageLink'], [data-testid='stException']",
    }.get(path, READY)
    query = "?need=text+message+reminders+for+vaccine+appointments" if path == "replication" else ""
    page, problems = _open(browser, f"{url}/{path}{query}", ready)
    try:
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.locator("[data-testid='stAlertContentError']").count() == 0
        if path in ("cases", "data"):
            assert page.locator("[data-testid='stDataFrame']").count() > 0, "a table is shown"
        elif path == "briefing":  # a form that builds the pack
            page.get_by_role("button", name="Build the briefing pack").wait_for(timeout=60_000)
        elif path == "replication":  # cases that meet the need (and to copy in a gap), with why
            assert page.locator("[data-testid='stPageLink']").count() >= 10
            assert page.get_by_text("Why: both name").count() > 0
        else:
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)  # a chart is drawn
        assert "Sample data" in page.content()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{path or 'overview'}.png"), full_page=True)
        assert not problems, problems
    finally:
        page.close()


def test_map_shapes_and_everything_else_come_from_the_app_itself(server, browser):
    url, _ = server
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{url}/regions")
    page.wait_for_selector(".js-plotly-plot .choroplethlayer path", timeout=60_000)
    page.wait_for_timeout(1000)
    page.close()
    shapes = [u for u in requested if "world_110m" in u]
    assert shapes and all(u.startswith(url) for u in shapes), shapes
    # Nothing from elsewhere: no map tiles, fonts or icons (the page icon is a file of its own).
    outside = [u for u in requested if not u.startswith((url, "data:", "blob:"))]
    assert not outside, outside


def test_permalink_reopens_its_filters(server, browser):
    url, db = server
    page, problems = _open(browser, f"{url}/?action_line=C7-EHEALTH&region=Africa")
    try:
        expected = run_path(
            db, "headline_figures", Filters(action_line=("C7-EHEALTH",), region=("Africa",))
        ).iloc[0]
        cases = page.locator("[data-testid='stMetric']").first.inner_text()
        assert f"{int(expected['cases']):,}" in cases
        sidebar = page.locator("[data-testid='stSidebar']").inner_text()
        assert "E-health" in sidebar and "Africa" in sidebar
        assert "action_line=C7-EHEALTH" in page.url
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "permalink.png"), full_page=True)
        assert not problems, problems
    finally:
        page.close()


def _signed_in_as(page, name: str) -> None:
    page.wait_for_selector(f"text=Signed in as {name}", timeout=30_000)


def _sign_in_form(page) -> None:
    page.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
    assert page.get_by_text("Signed in as").count() == 0


def test_steward_sign_in_survives_a_reload_until_sign_out(server, browser):
    """Signed in, a reload (a new session) keeps the steward signed in, by the signed cookie;
    a tampered cookie signs nobody in; Sign out clears the cookie, so a reload stays out."""
    url, _ = server
    page, problems = _open(browser, f"{url}/data")
    try:
        page.get_by_label("Your name (recorded with every import you publish)").fill("Cookie Steward")
        page.get_by_label("Steward password").fill(STEWARD_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        _signed_in_as(page, "Cookie Steward")
        page.wait_for_function("document.cookie.includes('ict_response_steward=')", timeout=30_000)
        cookie = next(c for c in page.context.cookies() if c["name"] == "ict_response_steward")
        assert cookie["sameSite"] == "Strict" and cookie["path"] == "/" and not cookie["secure"]
        hours = (cookie["expires"] - time.time()) / 3600
        assert 7.9 < hours <= 8.0

        page.reload()
        _signed_in_as(page, "Cookie Steward")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "data-steward-after-reload.png"))

        # Another name under the same signature: refused, and cleared.
        payload, signature = cookie["value"].split(".")
        forged = base64.urlsafe_b64encode(b'{"name": "Mallory", "exp": 4102444800}').decode().rstrip("=")
        page.context.add_cookies([{**cookie, "value": f"{forged}.{signature}"}])
        page.reload()
        _sign_in_form(page)
        page.wait_for_function("!document.cookie.includes('ict_response_steward=')", timeout=30_000)
        assert page.get_by_text("Mallory").count() == 0

        page.context.add_cookies([cookie])  # the genuine one again
        page.reload()
        _signed_in_as(page, "Cookie Steward")
        page.get_by_role("button", name="Sign out").click()
        _sign_in_form(page)
        page.wait_for_function("!document.cookie.includes('ict_response_steward=')", timeout=30_000)
        page.reload()
        _sign_in_form(page)
        assert page.locator("[data-testid='stException']").count() == 0
        assert not problems, problems
    finally:
        page.close()


def test_steward_signs_in_uploads_and_publishes(server, browser):
    """Last: it adds an import to the served database."""
    url, db = server
    page, problems = _open(browser, f"{url}/data")
    try:
        page.get_by_label("Your name (recorded with every import you publish)").fill("Browser Steward")
        page.get_by_label("Steward password").fill(STEWARD_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_selector("text=Signed in as", timeout=30_000)
        page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(
            str(FIXTURES / "sessions_small.csv")
        )
        page.wait_for_selector("text=First rows as they will be stored", timeout=60_000)
        # Say what the file holds (its name already suggests sessions).
        kind = page.get_by_role("radio", name="Sessions (WSIS Forum workshops, TalkX and more)")
        kind.wait_for(state="attached", timeout=30_000)
        assert kind.is_checked()
        page.get_by_text("Sessions (WSIS Forum workshops, TalkX and more)").click()
        page.wait_for_timeout(1000)
        page.get_by_role("button", name="Publish 1 file").click()
        page.wait_for_selector("text=Published.", timeout=60_000)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "data-published.png"), full_page=True)
        con = connect_readonly(db)
        try:
            titles = {
                r[0]
                for r in con.execute(
                    "SELECT title FROM sessions WHERE import_id IN"
                    " (SELECT import_id FROM imports WHERE added_by = $who)",
                    {"who": "Browser Steward"},
                ).fetchall()
            }
        finally:
            con.close()
        assert titles == {"Telehealth after the pandemic", "TalkX: connectivity", "Skills for recovery"}
        assert page.locator("[data-testid='stException']").count() == 0
        assert not problems, problems
    finally:
        page.close()
