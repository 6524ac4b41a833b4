"""Issue 17, words and units: axes name what they count, dates read as dates, the date
picker opens on the data, and Action Line coverage is said one way everywhere (the 18 Action
Lines and sub-lines, plus the cases ticking only C7)."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ict_response import catalog, charts
from ict_response import taxonomy as tx
from ict_response.cli import main as cli
from ict_response.paths import ROOT
from ict_response.queries import run_path


def _axis_titles(fig) -> tuple[str, str]:
    return (fig.layout.xaxis.title.text or "", fig.layout.yaxis.title.text or "")


@pytest.mark.parametrize("name", catalog.names())
def test_no_chart_says_count_and_every_bar_chart_names_its_axis(sample_db, name):
    with catalog.open_db(sample_db) as ctx:
        shown = catalog.render(name, ctx)
    x, y = _axis_titles(shown.figure)
    assert "Count" not in (x, y), name
    kinds = {trace.type for trace in shown.figure.data}
    if "bar" in kinds and shown.figure.data[0].orientation == "h":
        assert x, f"{name}: the axis along the bars has no title"


def test_counts_are_named_and_whole(sample_db):
    with catalog.open_db(sample_db) as ctx:
        month = catalog.render("cases-by-month", ctx).figure
        types = catalog.render("sessions-by-type", ctx).figure
        shares = catalog.render("cases-vs-sessions-by-action-line", ctx).figure
    assert month.layout.yaxis.title.text == "Cases"
    assert types.layout.xaxis.title.text == "Sessions"
    assert shares.layout.xaxis.title.text == "Share of total"
    for axis in (month.layout.yaxis, types.layout.xaxis):
        assert axis.tickformat == ",d"
    # Small counts tick at every whole number, never at 0.5.
    small = charts.timeline(
        pd.DataFrame({"m": ["2020-01", "2020-02"], "cases": [1, 2]}),
        "m",
        {"cases": "Cases"},
        charts.ChartText("t"),
    )
    assert small.layout.yaxis.dtick == 1


def test_action_line_words_are_the_same_everywhere(sample_db, capsys, monkeypatch):
    assert tx.category_count() == 18
    assert cli(["export-chart", "--list"]) == 0
    listed = capsys.readouterr().out
    assert "18 Action Lines and sub-lines" in listed
    assert "categories" not in listed

    head = run_path(sample_db, "headline_figures").iloc[0]
    covered, c7_only = int(head["action_lines_covered"]), int(head["cases_c7_only"])
    assert covered <= 18
    by_line = run_path(sample_db, "cases_by_action_line", params={"rollup": False})
    assert covered == int((by_line.loc[by_line["action_line"] != "C7", "cases"] > 0).sum())
    plain = by_line.set_index("action_line").loc["C7"]
    assert plain["short_name"] == "ICT applications, no sub-line"
    assert tx.coverage_words(12, 3) == (
        "12 of 18 Action Lines and sub-lines covered (plus 3 cases ticking only C7 (no sub-line))"
    )

    monkeypatch.setenv("ICT_RESPONSE_DB", str(sample_db))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.run()
    assert not app.exception
    metric = next(m for m in app.metric if m.label == "Action Lines covered")
    assert metric.value == f"{covered} of 18"
    captions = [c.value for c in app.caption]
    if c7_only:
        assert f"plus {c7_only:,} cases ticking only C7 (no sub-line)" in captions or (
            c7_only == 1 and "plus 1 case ticking only C7 (no sub-line)" in captions
        )


def test_dates_show_as_dates_and_the_picker_opens_on_the_data(sample_db, monkeypatch):
    monkeypatch.setenv("ICT_RESPONSE_DB", str(sample_db))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.run()
    app.switch_page("app_pages/sessions.py").run()
    assert not app.exception
    table = app.dataframe[-1]
    held_on = json.loads(table.proto.columns)["held_on"]
    assert held_on["type_config"]["type"] == "date" and held_on["label"] == "Held on"
    # The From and To pickers are bounded by the data's first and last dates.
    span = run_path(sample_db, "date_range").iloc[0]
    first, last = (pd.Timestamp(span[c]).date() for c in ("first_date", "last_date"))
    pickers = {d.label: d for d in app.date_input}
    for label in ("From", "To"):
        assert pickers[label].proto.min == first.isoformat()
        assert pickers[label].proto.max == last.isoformat()
    assert last < dt.date.today()
