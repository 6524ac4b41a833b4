"""Issue 17: every page at a desktop (1400x1000), a laptop (1280x720) and a phone (390x844)
in one served app and one browser. Nothing is cut off or runs into another text: no chart
title, legend, axis label or footer leaves its chart, no two texts of a chart cross, no
button label is truncated, and the page never scrolls sideways. A screenshot of each whole
page at each width goes to .screens/ (git-ignored) for a person to look at."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from text_boxes import Box, overlaps

from ict_response.pages import PAGES
from ict_response.paths import ROOT
from ict_response.queries import run_path
from ict_response.ui.layout import DOWNLOAD_LABELS

pytestmark = pytest.mark.browser

SHOTS = ROOT / ".screens"
WIDTHS = {"desktop": (1400, 1000), "laptop": (1280, 720), "phone": (390, 844)}
PATHS = ["" if page is PAGES[0] else page.url_path for page in PAGES]
READY = "[data-testid='stMetric'], .js-plotly-plot, [data-testid='stDataFrame'], [data-testid='stButton']"

# What a person reads in a chart: titles, footers, legends, axis and colour-bar labels.
CHART_TEXTS = (
    ".gtitle, .annotation-text, .legendtext, .xtick text, .ytick text, .g-xtitle text, "
    ".g-ytitle text, .cbtitle text, .cbaxis text"
)
CHECK_JS = """
(selector) => {
  const problems = [], charts = [];
  const root = document.documentElement, main = document.querySelector('[data-testid=stMain]');
  for (const el of [root, main]) {
    if (el && el.scrollWidth > el.clientWidth + 1)
      problems.push(`scrolls sideways: ${el.scrollWidth} > ${el.clientWidth}`);
  }
  for (const plot of main.querySelectorAll('.js-plotly-plot')) {
    const svg = plot.querySelector('.main-svg');
    if (!svg) continue;
    const edge = svg.getBoundingClientRect(), texts = [];
    for (const t of plot.querySelectorAll(selector)) {
      const words = t.textContent.trim(), r = t.getBoundingClientRect();
      if (!words || r.width === 0) continue;
      if (r.left < edge.left - 1 || r.right > edge.right + 1)
        problems.push(`cut off: "${words.slice(0, 70)}" spans ${Math.round(r.left)}-${Math.round(r.right)}, `
                      + `the chart ${Math.round(edge.left)}-${Math.round(edge.right)}`);
      texts.push([words, r.left, r.top, r.right, r.bottom]);
    }
    charts.push(texts);
  }
  for (const b of main.querySelectorAll('button')) {
    if (!b.offsetParent) continue;
    for (const el of b.querySelectorAll('p')) {
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`button text cut: "${b.innerText}"`);
    }
  }
  return [problems, charts];
}
"""


def _settle(page) -> None:
    """Wait until the charts are drawn and their number stops changing."""
    page.wait_for_selector(READY, timeout=60_000)
    seen = -1
    for _ in range(20):
        page.wait_for_timeout(700)
        now = page.locator(".js-plotly-plot .main-svg").count()
        if now == seen and page.locator("[data-testid='stSkeleton']").count() == 0:
            return
        seen = now


def _downloads_and_dates(page, name: str, width: str, last_year: int) -> list[str]:
    """The Overview's first chart: its one Download menu lists every format by its full
    name; the From picker opens on the data's months, not today's."""
    found = []
    page.set_viewport_size({"width": WIDTHS[width][0], "height": WIDTHS[width][1]})
    page.get_by_role("button", name="Download", exact=True).first.click()
    page.get_by_role("button", name=DOWNLOAD_LABELS["png"]).first.wait_for(timeout=10_000)
    for label in DOWNLOAD_LABELS.values():
        button = page.get_by_role("button", name=label).first
        if not button.is_visible():
            found.append(f"{name} at {width}: no visible {label!r} in the Download menu")
        elif button.evaluate(
            "b => [...b.querySelectorAll('p')].some(p => p.scrollWidth > p.clientWidth + 1)"
        ):
            found.append(f"{name} at {width}: {label!r} is cut in the Download menu")
    page.keyboard.press("Escape")
    page.locator("[data-testid='stDateInputCalendarButton']").first.click()
    calendar = page.locator("[role='application']").first
    calendar.wait_for(timeout=10_000)
    shown = re.search(r"Choose date, (\w+) (\d{4})", calendar.inner_text())
    if not shown or int(shown.group(2)) > last_year:
        found.append(
            f"{name} at {width}: the date picker opens on {shown and shown.group(0)}, after the data"
        )
    page.keyboard.press("Escape")
    return found


@pytest.mark.parametrize("width", list(WIDTHS))
def test_nothing_is_cut_off_or_overlapping(sample_server, browser, width):
    url, db = sample_server
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h})
    page = context.new_page()
    found: list[str] = []
    SHOTS.mkdir(exist_ok=True)
    try:
        for path in PATHS:
            page.set_viewport_size({"width": w, "height": h})
            page.goto(f"{url}/{path}")
            _settle(page)
            name = path or "overview"
            if page.locator("[data-testid='stException']").count():
                found.append(f"{name} at {width}: an exception is shown")
            problems, charts = page.evaluate(CHECK_JS, CHART_TEXTS)
            found += [f"{name} at {width}: {p}" for p in problems]
            for texts in charts:
                for a, b in overlaps([Box(*t) for t in texts]):
                    found.append(f"{name} at {width}: overlap {a!r} / {b!r}")
            # The whole page in one picture: the window as tall as the page's content.
            tall = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
            page.set_viewport_size({"width": w, "height": min(int(tall), 16_000)})
            page.wait_for_timeout(800)
            page.screenshot(path=str(SHOTS / f"{width}-{name}.png"))
            if path == "" and width == "laptop":
                last = run_path(db, "date_range").iloc[0]["last_date"]
                found += _downloads_and_dates(page, name, width, pd.Timestamp(last).year)
    finally:
        context.close()
    assert not found, "\n".join(found)
