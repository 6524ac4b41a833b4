"""Clicking a chart filters by what was clicked: every category chart says which filters a
click sets, a heatmap cell carries both of its categories, and a click's selection becomes
(filter, value) pairs."""

from __future__ import annotations

import pandas as pd

from ict_response import catalog, charts
from ict_response.filters import SPECS, Filters
from ict_response.ui.layout import click_values


def test_a_heatmap_cell_carries_its_column_and_row_values():
    frame = pd.DataFrame(
        {
            "goal": ["SDG 3", "SDG 4", "SDG 3", "SDG 4"],
            "sdg": [3, 4, 3, 4],
            "line": ["C2 Infrastructure", "C2 Infrastructure", "C4 Capacity", "C4 Capacity"],
            "action_line": ["C2", "C2", "C4", "C4"],
            "cases": [5, 0, 1, 2],
        }
    )
    fig = charts.heatmap(frame, "goal", "line", "cases", charts.ChartText("t"), custom=("sdg", "action_line"))
    heat, zeros, targets = fig.data
    # The counts and the grey zero cells are drawn as two heatmaps; the targets carry the hover.
    assert heat.type == zeros.type == "heatmap" and heat.hoverinfo == zeros.hoverinfo == "skip"
    # One invisible point per cell, at the cell's own column and row, with both values.
    cells = list(zip(targets.x, targets.y, map(tuple, targets.customdata), targets.text, strict=True))
    assert cells == [
        ("SDG 3", "C2 Infrastructure", (3, "C2"), "5"),
        ("SDG 4", "C2 Infrastructure", (4, "C2"), "0"),
        ("SDG 3", "C4 Capacity", (3, "C4"), "1"),
        ("SDG 4", "C4 Capacity", (4, "C4"), "2"),
    ]
    assert targets.marker.opacity == 0 and targets.showlegend is False
    assert fig.layout.hoverdistance == -1  # a click anywhere in a cell finds its point
    # Without `custom` the heatmap is its two heatmaps alone, no click targets.
    plain = charts.heatmap(frame, "goal", "line", "cases", charts.ChartText("t")).data
    assert [t.type for t in plain] == ["heatmap", "heatmap"]


def test_every_category_chart_filters_on_click(sample_db):
    keys = {s.key for s in SPECS}
    clickable = {name: spec.click_filter for name, spec in catalog.CATALOG.items() if spec.click_filter}
    assert clickable["action-line-sdg-matrix"] == ("sdg", "action_line")
    assert clickable["topic-by-region-matrix"] == ("region", "topic")
    assert {"cases-by-country-map", "top-action-lines", "cases-by-topic"} <= set(clickable)
    with catalog.open_db(sample_db, Filters()) as ctx:
        for name, filter_keys in clickable.items():
            assert set(filter_keys) <= keys, name
            shown = catalog.render(name, ctx)
            trace = shown.figure.data[-1] if len(filter_keys) == 2 else shown.figure.data[0]
            first = trace.customdata[0]
            values = list(first) if len(filter_keys) == 2 else [first]
            # A click's values are values the filters understand.
            parsed = Filters.parse({k: str(v) for k, v in zip(filter_keys, values, strict=True)})
            assert not parsed.notes, (name, values, parsed.notes)


def test_a_click_selection_becomes_filter_pairs():
    cell = {"selection": {"points": [{"customdata": [3, "C7-EHEALTH"], "x": "SDG 3"}]}}
    assert click_values(cell, ("sdg", "action_line")) == [("sdg", 3), ("action_line", "C7-EHEALTH")]
    bar = {"selection": {"points": [{"customdata": "KEN"}]}}
    assert click_values(bar, ("country",)) == [("country", "KEN")]
    assert click_values({"selection": {"points": []}}, ("country",)) == []
    assert click_values(None, ("country",)) == []
