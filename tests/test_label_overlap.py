"""Issue 17: no text of an exported chart runs into another ("sanitation" over "SDG 7 ..."),
at the default export size nor at a briefing pack's image size. Each catalogue chart is
rendered to SVG by Kaleido and opened in Chromium, which measures every text's box."""

from __future__ import annotations

from pathlib import Path

import pytest
from served_app import CHROMIUM
from text_boxes import overlaps, text_boxes

from ict_response import briefing, catalog, export

pytestmark = pytest.mark.skipif(
    not (export.images_available() and Path(CHROMIUM).exists()), reason="needs Chromium for Kaleido"
)


@pytest.fixture(scope="module")
def page(browser):
    page = browser.new_page()
    yield page
    page.close()


@pytest.fixture(scope="module")
def shown(sample_db):
    with catalog.open_db(sample_db) as ctx:
        return {name: catalog.render(name, ctx) for name in catalog.names()}


@pytest.mark.parametrize("size", ["default", "briefing"])
@pytest.mark.parametrize("name", catalog.names())
def test_no_label_overlaps_another(shown, page, name, size):
    figure = shown[name].figure
    opts = {} if size == "default" else briefing.deck_image_size(figure)
    opts.pop("scale", None)
    boxes = text_boxes(page, export.image_bytes(figure, "svg", **opts))
    assert len(boxes) > 5, "the chart's texts were found"
    assert not overlaps(boxes), overlaps(boxes)


def test_the_detector_sees_an_overlap(shown, page):
    """Squeezed to 700 px as packs once were, the 17 SDG names run into each other."""
    boxes = text_boxes(page, export.image_bytes(shown["cases-by-sdg"].figure, "svg", width=1000, height=400))
    assert any("SDG" in a and "SDG" in b for a, b in overlaps(boxes))
