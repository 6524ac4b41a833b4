"""The rows behind a chart as the table under it shows them (chart_data): every column of
every catalogue chart named in words, in the reader's language; codes in words; columns
only the drawing needs left out."""

from __future__ import annotations

import pandas as pd
import pytest

from ict_response import catalog, chart_data, i18n, names, replication
from ict_response.filters import Filters


@pytest.mark.parametrize("scheme", ["itu", "m49"])
def test_every_column_a_chart_table_shows_has_a_label(sample_db, scheme):
    with catalog.open_db(sample_db, Filters(region_scheme=scheme)) as ctx:
        for name in catalog.names():
            shown = chart_data.readable(catalog.render(name, ctx).frame)
            unlabelled = set(shown.columns) - set(chart_data.labels(shown))
            assert not unlabelled, f"{name}: {sorted(unlabelled)}"


def test_labels_are_in_the_readers_language(sample_db):
    with catalog.open_db(sample_db, Filters()) as ctx, i18n.using("fr"):
        frame = catalog.render("cases-by-topic", ctx).frame
        labels = chart_data.labels(chart_data.readable(frame))
    assert labels == {"label": "Thème", "cases": "Cas"}


def test_the_map_table_says_its_gaps_and_regions_in_words():
    frame = pd.DataFrame(
        {
            "topic": ["health", "health", "health"],
            "label": ["Health", "Health", "Health"],
            "region": ["Africa", "Europe", "Americas"],
            "cases": [0, 1, 30],
            "region_cases": [100, 100, 100],
            "share": [0.0, 0.01, 0.3],
            "common_in": ["Americas", "Americas", "Americas"],
            "common_share": [0.3, 0.3, 0.3],
            "expected": [30.0, 30.0, 30.0],
            "gap": ["solid", "dotted", ""],
            "region_name": ["Africa", "Europe", "Americas"],
        }
    )
    with i18n.using("es"):
        shown = chart_data.readable(frame)
        americas = names.region("Americas")
        words = [i18n._(chart_data.VALUES["gap"][style]) for style in ("solid", "dotted")]
    # The keys a named column says in words give it their place; the gap and the region in words.
    assert list(shown.columns[:4]) == ["label", "region_name", "cases", "region_cases"]
    assert list(shown["gap"]) == [*words, ""]
    assert set(shown["common_in"]) == {americas} and americas != "Americas"
    assert list(frame["gap"]) == ["solid", "dotted", ""]  # the chart's own rows are untouched


def test_every_gap_style_the_map_marks_has_words():
    assert set(chart_data.VALUES["gap"]) == set(replication.GAP_LEGEND)


def test_what_says_nothing_under_a_chart_is_left_out(sample_db):
    with catalog.open_db(sample_db, Filters()) as ctx:
        sdgs = catalog.render("cases-by-sdg", ctx).frame
        regions = catalog.render("cases-by-region", ctx).frame
    assert "colour" in sdgs.columns and "colour" not in chart_data.readable(sdgs).columns
    # The chart by region shows regions only: which rows are regions goes without saying.
    assert set(regions["kind"]) == {"region"} and "kind" not in chart_data.readable(regions).columns


def test_a_quarter_shows_as_a_quarter_and_every_column_under_its_label(sample_db, monkeypatch):
    """On the Topics page, as the browser gets it: a quarter is no day (its first day would read
    "2020-04-01"), and each column is headed by its label."""
    import json

    from streamlit.testing.v1 import AppTest

    from ict_response.paths import ROOT

    monkeypatch.setenv("ICT_RESPONSE_DB", str(sample_db))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.run()
    app.switch_page("app_pages/topics.py").run()
    assert not app.exception, app.exception
    by_quarter = next(t for t in app.dataframe if "quarter" in t.value.columns)
    config = json.loads(by_quarter.proto.columns)
    assert config["quarter"]["type_config"]["format"] == chart_data.DATE_FORMATS["quarter"]
    assert {c: config[c]["label"] for c in by_quarter.value.columns} == {
        "quarter": "Quarter",
        "label": "Topic",
        "cases": "Cases",
    }


def test_shares_show_as_whole_percentages_in_the_languages_pattern():
    frame = pd.DataFrame(
        {"topic": ["t"], "label": ["T"], "share": [0.3137], "expected": [12.34], "cases": [3]}
    )
    assert chart_data.readable(frame)["share"].tolist() == [pytest.approx(31.37)]
    assert chart_data.number_format("share") % 31.37 == "31%"
    with i18n.using("fr"):
        assert chart_data.number_format("share") % 31.37 == "31\u00a0%"  # as French writes it
    assert chart_data.number_format("expected") == "%.1f" and chart_data.number_format("cases") is None
