"""Data never becomes code, in a real browser: a database whose titles, organisations,
descriptions, collections, session types and links carry HTML and script payloads is served
and every page visited in Debian's Chromium. Any dialog (alert) or page error fails; payloads
show as text; every link on the page goes to http(s) only."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hostile_data import ANCHOR, IMG, MARKDOWN, SCRIPT, write_export
from served_app import CHROMIUM, serve

from ict_response.cli import main as cli

pytestmark = pytest.mark.browser
PAGES = ["", "action-lines", "sdgs", "regions", "topics", "sessions", "cases", "data"]


def _sessions(path: Path) -> Path:
    buffer = io.StringIO()
    w = csv.writer(buffer, delimiter=";", lineterminator="\n")
    w.writerow(
        [
            "Session ID",
            "Session title",
            "Organisers",
            "Date",
            "Session type",
            "COVID related",
            "WSIS Action Lines",
            "SDGs",
            "Description",
            "Link",
        ]
    )
    w.writerow(
        ["W1", IMG, IMG, "2021-03-15", ANCHOR, "Yes", "C7 E-health", "3", SCRIPT, "javascript:alert(1)"]
    )
    w.writerow(["W2", ANCHOR, SCRIPT, "2021-03-16", IMG, "Yes", "C2", "9", IMG, "https://example.org/w2"])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make test` installs it."
    folder = tmp_path_factory.mktemp("browser_hostile")
    db = folder / "hostile.duckdb"
    assert (
        cli(
            [
                "build",
                "--db",
                str(db),
                "--cases",
                str(write_export(folder / "cases.csv")),
                "--sessions",
                str(_sessions(folder / "sessions.csv")),
            ]
        )
        == 0
    )
    with serve(db) as url:
        yield url


class Watched:
    """A page with every dialog, page error and console error recorded."""

    def __init__(self, browser) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.problems: list[str] = []
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on(
            "console", lambda m: m.type == "error" and self.problems.append(f"console error: {m.text}")
        )

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_selector(
            "[data-testid='stMetric'], .js-plotly-plot, [data-testid='stDataFrame'], "
            "[data-testid='stException']",
            timeout=60_000,
        )
        self.page.wait_for_timeout(1500)  # the remaining charts draw; any payload would run

    def check(self) -> None:
        page = self.page
        assert page.locator("[data-testid='stException']").count() == 0
        # No element was made from data: no <img src=x>, no <script> holding the payload.
        assert page.locator("img[src='x']").count() == 0
        assert (
            page.evaluate("""() => [...document.scripts].filter(
            s => s.textContent.includes('alert(1)')).length""")
            == 0
        )
        for frame in page.frames:
            hrefs = frame.evaluate("""() => [...document.querySelectorAll('a, [href], [src]')]
                .map(e => e.getAttribute('href') || e.getAttribute('xlink:href')
                          || e.getAttribute('src') || '')""")
            bad = [
                h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:text", "vbscript:"))
            ]
            assert not bad, bad
            links = frame.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
            assert all(h.startswith(("http://", "https://")) for h in links), links
        real = [p for p in self.problems if not _benign(p)]
        assert not real, real

    def close(self) -> None:
        self.page.close()


def _benign(problem: str) -> bool:
    """Console noise that is not a script run: resources the browser asks for on its own."""
    return problem.startswith("console error: Failed to load resource")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_shows_payloads_without_running_them(app, browser, path):
    watched = Watched(browser)
    try:
        watched.open(f"{app}/{path}")
        watched.check()
    finally:
        watched.close()


def _select_first_row(page) -> None:
    grid = page.locator("[data-testid='stDataFrame']").first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)  # the row-select cell of row 1
    page.wait_for_selector("text=Why each topic was tagged", timeout=30_000)
    page.wait_for_timeout(1000)


def test_case_detail_shows_payloads_as_text(app, browser):
    watched = Watched(browser)
    page = watched.page
    try:
        # Each search finds the one case whose title is the payload; select its row.
        for search, title in (("onerror", IMG), ("click me", MARKDOWN)):
            watched.open(f"{app}/cases?q={search}")
            _select_first_row(page)
            heading = page.locator("[data-testid='stHeadingWithActionElements'] h3").last
            assert heading.inner_text().strip() == title
            assert heading.locator("strong, em, code, .katex, img").count() == 0
            # Streamlit's own heading anchor ("#...") is the only link in the heading.
            links = heading.locator("a").evaluate_all("l => l.map(a => a.getAttribute('href'))")
            assert all(h.startswith("#") for h in links), links
            link = page.get_by_role("link", name="Open the case's website")
            assert link.get_attribute("href") == "https://example.org/ok"
            watched.check()
    finally:
        watched.close()


def test_hostile_url_filters_are_shown_as_text(app, browser):
    watched = Watched(browser)
    page = watched.page
    phish = "[Sign in again](https://evil.example/login)"
    try:
        watched.open(f"{app}/?action_line={IMG}&country={phish}")
        sidebar = page.locator("[data-testid='stSidebar']")
        text = sidebar.inner_text().replace("\u2060", "")  # invisible joiners that stop autolinks
        # The notes quote the values (cut to 40 characters) as text.
        assert f"Ignored action_line='{IMG}'" in text
        assert "Ignored country='[Sign in again](https://evil.example/lo" in text
        hrefs = sidebar.locator("a").evaluate_all("l => l.map(a => a.href)")
        assert not [h for h in hrefs if "evil.example" in h], hrefs
        watched.check()
    finally:
        watched.close()


def test_a_link_streamlit_will_not_read_says_so_from_the_first_visit(tmp_path, browser):
    """More than 1,000 URL parameters: Streamlit reads none of them. The sidebar says the
    filters were ignored, on a fresh server's very first page run too (it reloads once)."""
    db = tmp_path / "hostile.duckdb"
    assert cli(["build", "--db", str(db), "--cases", str(write_export(tmp_path / "cases.csv"))]) == 0
    link = "&".join(f"junk{i}=1" for i in range(1001)) + "&region=Africa"
    with serve(db) as url:
        for visit in ("first", "second"):
            watched = Watched(browser)
            try:
                watched.open(f"{url}/?{link}")
                sidebar = watched.page.locator("[data-testid='stSidebar']")
                sidebar.get_by_text("no filter is applied").wait_for(timeout=30_000)
                assert "1,002 parameters" in sidebar.inner_text(), visit
                assert "junk" not in watched.page.url, visit
                watched.check()
            finally:
                watched.close()
