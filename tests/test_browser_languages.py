"""Languages in the real browser: `?lang=ar` reads right-to-left, `?lang=zh` shows Chinese
navigation, and the language picker switches the page and the URL (a copied link keeps it)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ict_response import i18n
from ict_response.pages import PAGES

pytestmark = pytest.mark.browser

READY = "[data-testid='stMetric'], .js-plotly-plot, [data-testid='stException']"


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector(READY, timeout=60_000)
    return page, errors


def _direction(page, testid: str) -> str:
    return page.eval_on_selector(f"[data-testid='{testid}']", "e => getComputedStyle(e).direction")


def _direction_after(page, testid: str, expected: str) -> str:
    """The element's direction once it is `expected`, or as it is after 15 s. The style that
    mirrors the page is an element of the script's run like the figures `_open` waits for,
    and under load (a full suite on two workers) a figure has been drawn before it applied."""
    try:
        page.wait_for_function(
            "([sel, want]) => { const e = document.querySelector(sel);"
            " return e && getComputedStyle(e).direction === want; }",
            arg=[f"[data-testid='{testid}']", expected],
            timeout=15_000,
        )
    except PlaywrightTimeout:
        pass
    return _direction(page, testid)


def test_arabic_reads_right_to_left(sample_server, browser):
    url, _db = sample_server
    page, errors = _open(browser, f"{url}/?lang=ar")
    try:
        assert page.locator("[data-testid='stException']").count() == 0
        assert _direction_after(page, "stAppViewContainer", "rtl") == "rtl"
        assert _direction_after(page, "stSidebar", "rtl") == "rtl"
        assert re.search("[\u0600-\u06ff]", page.locator("h1").first.inner_text()), "an Arabic title"
        assert not errors, errors
    finally:
        page.close()


def test_chinese_navigation_and_back_to_english_by_the_picker(sample_server, browser):
    url, _db = sample_server
    page, errors = _open(browser, f"{url}/?lang=zh")
    try:
        nav = page.locator("[data-testid='stSidebarNav']").inner_text()
        with i18n.using("zh"):
            titles = [i18n._(p.title) for p in PAGES]
        assert all(t in nav for t in titles), nav
        assert re.search("[\u4e00-\u9fff]", nav)
        assert _direction(page, "stAppViewContainer") == "ltr"

        # The picker, named in every language by its icon and its own word.
        page.get_by_test_id("stSidebar").get_by_role("combobox").first.click()
        page.get_by_role("option", name="Français").click()
        page.wait_for_url(re.compile(r"lang=fr"), timeout=30_000)
        page.wait_for_selector(READY, timeout=60_000)
        # The page from before the switch is still drawn until the new run replaces it: wait
        # for the French navigation rather than reading the first one seen.
        with i18n.using("fr"):
            nav_fr = page.locator("[data-testid='stSidebarNav']").get_by_text(
                i18n._(PAGES[0].title), exact=True
            )
            nav_fr.wait_for(timeout=30_000)
        # A page switch keeps the language.
        with i18n.using("fr"):
            page.get_by_role("link", name=i18n._(PAGES[1].title)).click()
        page.wait_for_url(re.compile(r"action-lines.*lang=fr|lang=fr.*action-lines"), timeout=30_000)
        assert not errors, errors
    finally:
        page.close()


def test_arabic_on_a_phone_keeps_the_sidebar_off_the_page(sample_server, browser):
    """On a phone the sidebar waits off screen until opened; a right-to-left page must not
    leave it half over the content, nor make the page scroll sideways."""
    url, _db = sample_server
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(f"{url}/sdgs?lang=ar")
        page.wait_for_selector(".js-plotly-plot", timeout=60_000)
        page.wait_for_timeout(1000)
        left, right = page.eval_on_selector(
            "[data-testid='stSidebar']",
            "e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; }",
        )
        assert right <= 1 or left >= 389, (left, right)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert _direction_after(page, "stMain", "rtl") == "rtl"
    finally:
        page.close()
