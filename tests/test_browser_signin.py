"""Sign-in as a person meets it, in Chromium against the served app.

- The steward password's server-wide throttle: fresh browser contexts (separate sessions and
  cookies, as separate people or tabs) each fail once; the next sees the sentence and waits,
  even with the right password, which works once the wait is over."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from served_app import CHROMIUM, chromium_browser, serve

from ict_response.cli import main as cli
from ict_response.password import hash_password

pytestmark = pytest.mark.browser

STEWARD_PASSWORD = "browser-test steward"
THROTTLE_SECONDS = 10  # the first wait: longer than a page load, short enough for a quick test
NAME_FIELD = "Your name (recorded with every import you publish)"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make test` installs it."
    path = tmp_path_factory.mktemp("browser_signin") / "sample.duckdb"
    assert cli(["build", "--sample", "--db", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as b:
        yield b


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
