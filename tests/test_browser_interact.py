"""Clicks and permalinks in a real browser (the served app, Debian's Chromium): a click on a
country, bar or heatmap cell filters, and does so again after the filter was cleared; a
permalink with view settings (C7 rolled up, a case opened) shows that view."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from ict_response.paths import ROOT

SHOTS = ROOT / "test-output" / "screenshots"
READY = ".js-plotly-plot .main-svg"

pytestmark = pytest.mark.browser


def _open(browser, url: str, ready: str = READY):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.goto(url)
    page.wait_for_selector(ready, timeout=60_000)
    page.wait_for_timeout(1500)
    return page, problems


def _params(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def _wait_for_params(page, want: dict[str, str] | None, timeout: float = 30_000) -> None:
    """Until the URL's query says `want` (None: no query at all)."""
    step = 250
    for _ in range(int(timeout / step)):
        got = {k: ",".join(v) for k, v in _params(page).items()}
        if (want is None and not got) or (want is not None and all(got.get(k) == v for k, v in want.items())):
            return
        page.wait_for_timeout(step)
    raise AssertionError(f"URL {page.url!r} never had {want}")


def _plot(page, title: str):
    """The plotly chart whose title contains `title`, scrolled into view."""
    chart = page.locator(".js-plotly-plot", has_text=title).first
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    return chart


def _click_category(page, title: str, x: object, y: object, geo: str | None = None) -> None:
    """Click the mark at data (x, y) of a chart (category axes), or a country of a map."""
    chart = _plot(page, title)
    handle = chart.element_handle()
    if geo:
        point = page.evaluate(
            """([gd, iso]) => {
                const path = [...gd.querySelectorAll('.choroplethlocation')]
                    .find(p => p.__data__ && p.__data__.loc === iso);
                const r = path.getBoundingClientRect();
                return [r.left + r.width / 2, r.top + r.height / 2];
            }""",
            [handle, geo],
        )
    else:
        point = page.evaluate(
            """([gd, x, y]) => {
                const l = gd._fullLayout, xa = l.xaxis, ya = l.yaxis;
                const r = gd.getBoundingClientRect();
                const px = xa.l2p(typeof x === 'number' ? x : xa.d2l(x)) + xa._offset;
                const py = ya.l2p(ya.d2l(y)) + ya._offset;
                return [r.left + px, r.top + py];
            }""",
            [handle, x, y],
        )
    page.mouse.click(point[0], point[1])


def _clear_all(page) -> None:
    page.get_by_role("button", name="Clear all filters").click()
    _wait_for_params(page, None)
    page.wait_for_timeout(1500)


def test_a_country_click_applies_again_after_clearing(sample_server, browser):
    url, _ = sample_server
    page, problems = _open(browser, url + "/", ".choroplethlayer path")
    try:
        for attempt in range(3):
            _click_category(page, "Cases by country", None, None, geo="BRA")
            _wait_for_params(page, {"country": "BRA"})
            page.wait_for_timeout(1500)
            assert "Brazil" in page.locator("[data-testid='stSidebar']").inner_text(), attempt
            _clear_all(page)
        # Removing the country with the sidebar's own clear button, then clicking again.
        _click_category(page, "Cases by country", None, None, geo="BRA")
        _wait_for_params(page, {"country": "BRA"})
        page.wait_for_timeout(1500)
        page.locator(
            "[data-testid='stSidebar'] [data-testid='stMultiSelect']", has_text="Brazil"
        ).get_by_role("button", name="Clear all").click()
        _wait_for_params(page, None)
        page.wait_for_timeout(1500)
        _click_category(page, "Cases by country", None, None, geo="BRA")
        _wait_for_params(page, {"country": "BRA"})
        assert not problems, problems
    finally:
        page.close()


def test_a_heatmap_cell_click_applies_both_categories(sample_server, browser):
    url, _ = sample_server
    page, problems = _open(browser, url + "/sdgs")
    try:
        assert "Click a bar, cell or country" in page.locator("[data-testid='stSidebar']").inner_text()
        _click_category(page, "Cases by Action Line and SDG", "SDG 3", "C7-EHEALTH E-health")
        _wait_for_params(page, {"sdg": "3", "action_line": "C7-EHEALTH"})
        _clear_all(page)
        _click_category(page, "Cases by Action Line and SDG", "SDG 3", "C7-EHEALTH E-health")
        _wait_for_params(page, {"sdg": "3", "action_line": "C7-EHEALTH"})
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "heatmap-click.png"))
        assert not problems, problems
    finally:
        page.close()


def test_a_click_on_the_replication_map_lists_the_cases_to_copy_there(sample_server, browser):
    url, _ = sample_server
    page, problems = _open(browser, url + "/replication")
    try:
        _click_category(page, "Where a topic common in one region", "Africa", "Health")
        _wait_for_params(page, {"gap": "health@Africa"})
        page.get_by_text("Cases to replicate in Africa").wait_for(timeout=30_000)
        gap = page.get_by_test_id("stSelectbox").filter(has_text="Gaps")
        assert gap.locator("input").input_value() == "Health in Africa"
        # The cases listed are links that open them, each with why.
        assert page.locator("[data-testid='stPageLink']").count() > 0
        assert page.get_by_text("Why: its practice").count() > 0
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "replication-map-click.png"), full_page=True)
        assert not problems, problems
    finally:
        page.close()


def test_a_country_link_opens_its_profile(sample_server, browser):
    url, _ = sample_server
    page, problems = _open(browser, url + "/replication?country=KEN", "[data-testid='stDataFrame']")
    try:
        main = page.get_by_test_id("stMain")
        assert "A country's profile" in main.inner_text()
        assert "Kenya" in main.get_by_test_id("stMarkdown").filter(has_text="its peers").first.inner_text()
        expanders = main.get_by_test_id("stExpander")
        assert expanders.count() > 0  # the topics its peers have that Kenya has not
        expanders.first.click()
        page.get_by_text("To replicate").or_(page.get_by_text("Why: ")).first.wait_for(timeout=30_000)
        page.screenshot(path=str(SHOTS / "replication-country.png"), full_page=True)
        assert not problems, problems
    finally:
        page.close()


def test_a_bar_click_filters_and_applies_again(sample_server, browser):
    url, _ = sample_server
    page, problems = _open(browser, url + "/topics")
    try:
        chart = _plot(page, "Cases by topic")
        labels = page.evaluate("gd => gd.data[0].y", chart.element_handle())
        topics = page.evaluate("gd => gd.data[0].customdata", chart.element_handle())
        for _ in range(2):
            _click_category(page, "Cases by topic", 1, labels[0])
            _wait_for_params(page, {"topic": topics[0]})
            _clear_all(page)
        assert not problems, problems
    finally:
        page.close()


def test_a_permalink_with_view_settings_shows_that_view(sample_server, browser):
    url, _ = sample_server
    page, problems = _open(browser, url + "/action-lines?rollup=1&sdg=3")
    try:
        chart = _plot(page, "Cases by WSIS Action Line")
        labels = " ".join(page.evaluate("gd => gd.data[0].customdata", chart.element_handle()))
        assert "C7" in labels and "C7-EHEALTH" not in labels  # 11 lines: C7 rolled up
        assert page.get_by_role("switch").first.is_checked()
        assert _params(page) == {"rollup": ["1"], "sdg": ["3"]}
        assert not problems, problems
    finally:
        page.close()


def test_a_click_on_a_row_opens_the_case_and_its_link(sample_server, browser):
    url, db = sample_server
    from ict_response.filters import Filters
    from ict_response.queries import run_path

    first = run_path(db, "case_list", Filters(), {"limit": 1, "offset": 0}).iloc[0]
    page, problems = _open(browser, url + "/cases", "[data-testid='stDataFrame']")
    try:
        grid = page.locator("[data-testid='stDataFrame']").first
        box = grid.bounding_box()
        # The first row's title cell: below the header row, right of the selection column.
        page.mouse.click(box["x"] + 200, box["y"] + 35 + 17)
        _wait_for_params(page, {"case": str(first["case_id"])})
        page.get_by_text("Kind of organisation:").wait_for(timeout=30_000)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.evaluate("document.querySelector('[data-testid=stMain]').scrollBy(0, 900)")
        page.wait_for_timeout(800)
        page.screenshot(path=str(SHOTS / "case-detail.png"))
        # The link reopens the same case for a colleague.
        other, _ = _open(browser, page.url, "text=Kind of organisation:")
        assert first["title"][:30] in other.locator("h3").first.inner_text()
        other.close()
        assert not problems, problems
    finally:
        page.close()
