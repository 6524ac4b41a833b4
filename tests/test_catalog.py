"""The chart catalogue: every chart builds on the sample (and on an empty selection) in the
house template, every chart a page shows comes from the catalogue, and each page chart
offers its five downloads without rendering any file up front."""

from __future__ import annotations

import ast
import time

import plotly.io as pio
import pytest
from streamlit.testing.v1 import AppTest

from ict_response import catalog, charts, export
from ict_response.filters import Filters
from ict_response.paths import ROOT
from ict_response.ui import layout

PAGES = sorted((ROOT / "app_pages").glob("*.py"))
# Sections a page draws from a module of its own (the Replication page's).
PAGE_SECTIONS = [ROOT / "ict_response" / "ui" / "replication.py"]


@pytest.mark.parametrize(
    "filters", [Filters(), Filters(q="no case says zqxj")], ids=["all", "nothing-matches"]
)
def test_every_catalogue_chart_builds_on_the_sample(sample_db, filters):
    with catalog.open_db(sample_db, filters) as ctx:
        for name in catalog.names():
            chart = catalog.render(name, ctx)
            title = chart.figure.layout.title.text
            assert chart.spec.title_for(filters) in title.replace("<br>", " "), name
            assert chart.figure.layout.template.layout.font.family == charts.FONT, name
            footer = " ".join(a.text for a in chart.figure.layout.annotations)
            assert "Source:" in footer and charts.licence() in footer
            # Every chart of the sample says so; ITU's real initiatives do not.
            real_only = catalog.SAMPLE_KINDS.get(chart.spec.what) == ()
            assert ("SAMPLE DATA" in footer) != real_only, name
            if filters.is_empty():
                assert len(chart.frame) > 0 and chart.text.subtitle.startswith("All ")


def test_house_template_is_registered():
    template = pio.templates[charts.TEMPLATE]
    assert list(template.layout.colorway) == list(charts.PALETTE)


def test_region_chart_title_follows_the_scheme(sample_db):
    with catalog.open_db(sample_db, Filters(region_scheme="m49")) as ctx:
        chart = catalog.render("cases-by-region", ctx)
    assert chart.text.title == "Cases by UN M49 region"
    assert "Europe" in set(chart.frame["region"])


def test_region_charts_data_names_each_region_beside_its_key(sample_db):
    """The data behind a chart by region (its table on the page, its CSV) names regions in the
    reader's language beside the key a click filters by."""
    from ict_response import i18n, names

    for name in ("cases-by-region", "topic-by-region-matrix", "replication-map"):
        with i18n.using("fr"), catalog.open_db(sample_db, Filters()) as ctx:
            frame = catalog.render(name, ctx).frame
            named = [names.region(r) for r in frame["region"]]
        assert list(frame["region_name"]) == named, name
        assert "Afrique" in named and "Africa" in set(frame["region"]), name


def _page_charts(path) -> tuple[list[str], list[str]]:
    """Catalogue names passed to layout.chart(...), and any other chart-making call."""
    names, other = [], []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value.id if isinstance(node.func.value, ast.Name) else ""
            if owner == "layout" and node.func.attr == "chart":
                assert isinstance(node.args[0], ast.Constant), f"{path.name}: chart name literal"
                names.append(node.args[0].value)
            elif (
                node.func.attr
                in ("plotly_chart", "pyplot", "altair_chart", "bar_chart", "line_chart", "vega_lite_chart")
                or owner == "charts"
            ):
                other.append(f"{path.name}: {owner}.{node.func.attr}")
    return names, other


def test_every_page_chart_comes_from_the_catalogue():
    used = []
    for path in [*PAGES, *PAGE_SECTIONS]:
        names, other = _page_charts(path)
        assert not other, f"charts drawn outside the catalogue: {other}"
        assert set(names) <= set(catalog.names()), path.name
        used += names
    # and every catalogue chart is on some page
    assert set(used) == set(catalog.names())


def test_a_page_offers_five_downloads_per_chart_without_making_files(sample_db, monkeypatch):
    monkeypatch.setenv("ICT_RESPONSE_DB", str(sample_db))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.run()
    started = time.perf_counter()
    app.switch_page("app_pages/sdgs.py").run()
    elapsed = time.perf_counter() - started
    assert not app.exception
    formats = ["png", "svg", "pdf"] if export.images_available() else []
    full = [layout.DOWNLOAD_LABELS[f] for f in formats + ["csv", "xlsx"]]
    # One "Download" menu per chart (two charts), each listing every format by its full name.
    menus = app.get("popover")
    assert [m.proto.popover.label for m in menus] == ["Download", "Download"]
    for menu in menus:
        inside = [b.proto.label for b in menu.get("download_button")]
        assert inside == full
    assert len(app.get("download_button")) == 2 * len(full)
    # Files are made on click (deferred), so the page stays fast.
    assert elapsed < 3.0, f"SDGs page took {elapsed:.2f} s"
