"""Issue 17, counts in colour: the map and every count heatmap tick whole numbers, and none
(0) is drawn apart from one case (grey, outside a scale that starts at a visible blue)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ict_response import catalog, charts
from ict_response.filters import Filters


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _apart(a: str, b: str) -> float:
    return math.dist(_rgb(a), _rgb(b))


def _starts_at_one_apart_from_none(trace, none: str) -> None:
    assert trace.zmin == 1
    first = trace.colorscale[0][1]
    assert _apart(first, none) > 60, (first, none)  # one case is clearly not "none"
    assert _apart(first, "#ffffff") > 60, first  # nor white


def test_map_ticks_whole_cases_and_one_case_is_not_the_colour_of_none():
    frame = pd.DataFrame({"country": ["KEN", "FRA"], "cases": [1, 3], "name": ["Kenya", "France"]})
    fig = charts.world_map(frame, charts.ChartText("t"))
    trace = fig.data[0]
    _starts_at_one_apart_from_none(trace, fig.layout.geo.landcolor)
    bar = trace.colorbar
    assert bar.tickformat == ",d" and bar.dtick == 1 and bar.tick0 == 1
    # Many cases: plotly's own ticks, still whole numbers.
    big = charts.world_map(frame.assign(cases=[1, 250]), charts.ChartText("t")).data[0]
    assert big.colorbar.tickformat == ",d" and big.colorbar.dtick is None and big.zmax == 250


@pytest.mark.parametrize("name", ["topic-by-region-matrix", "action-line-sdg-matrix"])
def test_count_heatmaps_draw_zero_apart_from_one(sample_db, name):
    with catalog.open_db(sample_db, Filters()) as ctx:
        fig = catalog.render(name, ctx).figure
    counts, zeros = fig.data[0], fig.data[1]
    _starts_at_one_apart_from_none(counts, zeros.colorscale[0][1])
    assert counts.colorbar.tickformat == ",d"
    z, grey = pd.DataFrame(counts.z), pd.DataFrame(zeros.z)
    # Every cell is in exactly one of the two: a count of 1 or more, or a grey 0.
    assert ((z >= 1) ^ (grey == 0)).all().all()
    assert (grey == 0).any().any() and (z >= 1).any().any()
    assert zeros.showscale is False and zeros.colorscale[0][1] == zeros.colorscale[-1][1]
    assert "grey: 0" in counts.colorbar.title.text


def test_small_heatmap_ticks_each_whole_number():
    frame = pd.DataFrame({"x": ["a", "b", "a", "b"], "y": ["r", "r", "s", "s"], "n": [0, 1, 2, 3]})
    fig = charts.heatmap(frame, "x", "y", "n", charts.ChartText("t"))
    bar = fig.data[0].colorbar
    assert (bar.tick0, bar.dtick, bar.tickformat, fig.data[0].zmax) == (1, 1, ",d", 3)
    assert fig.data[1].z[0][0] == 0 and math.isnan(fig.data[0].z[0][0])
