"""The served app with several browser sessions at once, and the router on a fresh server.

- Three browser contexts (separate sessions, separate cookies) open the Overview with
  different filters in the URL and reload in turn, interleaved: each always shows the
  headline figures of its own filters (as `run_path` computes them), never another's.
- A server that no one has visited yet, asked straight for `/data`, runs the router: the
  filter sidebar and the app's own page list, not an automatic list of a pages folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from served_app import CHROMIUM, serve

from ict_response.cli import main as cli
from ict_response.filters import Filters
from ict_response.pages import PAGES
from ict_response.queries import run_path

pytestmark = pytest.mark.browser

# The app's own navigation, in order (ict_response.pages).
NAV_TITLES = [page.title for page in PAGES]
SESSIONS = {
    "region=Africa": Filters(region=("Africa",)),
    "action_line=C4": Filters(action_line=("C4",)),
    "": Filters(),
}
ROUNDS = 1


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make test` installs it."
    path = tmp_path_factory.mktemp("browser_sessions") / "sample.duckdb"
    assert cli(["build", "--sample", "--db", str(path)]) == 0
    return path


def _headline(page) -> tuple[str, str]:
    """(cases, countries) as the Overview's metrics show them, once drawn."""
    page.wait_for_selector("[data-testid='stMetricValue']", timeout=60_000)
    metrics = page.locator("[data-testid='stMetric']")
    metrics.nth(4).wait_for(timeout=60_000)
    shown = {}
    for i in range(metrics.count()):
        label = metrics.nth(i).locator("[data-testid='stMetricLabel']").inner_text().strip()
        shown[label] = metrics.nth(i).locator("[data-testid='stMetricValue']").inner_text().strip()
    return shown["Cases"], shown["Countries"]


def test_fresh_server_opened_at_a_page_url_runs_the_router(db, browser):
    with serve(db) as url:  # a server of its own: no session has run the router yet
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(f"{url}/data")
            page.wait_for_selector("[data-testid='stDataFrame'], [data-testid='stException']", timeout=60_000)
            sidebar = page.locator("[data-testid='stSidebar']")
            sidebar.get_by_text("Clear all filters").wait_for(timeout=30_000)
            assert "Filters" in sidebar.inner_text()
            assert sidebar.get_by_text("WSIS Action Line").count() == 1
            nav = page.locator("[data-testid='stSidebarNav'] a")
            nav.first.wait_for(timeout=30_000)
            # Each link: the icon's ligature name, then the title, on its own line.
            titles = [t.strip().splitlines()[-1].strip() for t in nav.all_inner_texts()]
            assert titles == NAV_TITLES, titles
            assert page.locator("[data-testid='stException']").count() == 0
        finally:
            page.close()


def test_concurrent_sessions_each_see_their_own_filters(db, browser):
    expected = {}
    for query, filters in SESSIONS.items():
        head = run_path(db, "headline_figures", filters).iloc[0]
        expected[query] = (f"{int(head['cases']):,}", f"{int(head['countries']):,}")
    assert len(set(expected.values())) == len(SESSIONS), "the filter sets must differ"

    with serve(db) as url:
        contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in SESSIONS]
        try:
            pages = {}
            for context, query in zip(contexts, SESSIONS, strict=True):
                pages[query] = context.new_page()
                pages[query].goto(f"{url}/?{query}" if query else f"{url}/", wait_until="commit")
            seen = []
            for _ in range(ROUNDS):
                for query, page in pages.items():
                    assert _headline(page) == expected[query], (query, seen)
                    seen.append(query)
                # Reload every session at once, then read them in another order.
                for page in pages.values():
                    page.reload(wait_until="commit")
                pages = dict(reversed(list(pages.items())))
            for query, page in pages.items():
                assert _headline(page) == expected[query], query
                assert (query.split("=")[-1] in page.url) if query else "?" not in page.url
            assert len(seen) == ROUNDS * len(SESSIONS)
        finally:
            for context in contexts:
                context.close()
