"""Every view setting a reader can change is in the URL and read back from it (one AppTest
per setting), a value not understood falls back to the default with a sidebar note, the
filters never read these keys, and the Cases page opens a case in words."""

from __future__ import annotations

import html

import pytest
from streamlit.testing.v1 import AppTest

from ict_response import view
from ict_response.filters import Filters
from ict_response.paths import ROOT
from ict_response.queries import run_path


@pytest.fixture
def app(sample_db, monkeypatch):
    monkeypatch.setenv("ICT_RESPONSE_DB", str(sample_db))
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)


def _open(app: AppTest, page: str, **params: str) -> AppTest:
    app.run()
    for k, v in params.items():
        app.query_params[k] = v
    app.switch_page(f"app_pages/{page}.py").run()
    assert not app.exception, app.exception
    return app


def _notes(app: AppTest) -> str:
    return html.unescape(" ".join(w.value for w in app.sidebar.warning))


def test_filters_do_not_read_view_keys():
    parsed = Filters.parse({"rollup": "1", "case": "C19-1", "sections": "gaps", "sdg": "3"})
    assert parsed == Filters(sdg=(3,)) and not parsed.notes
    # The CLI's --filter has no view settings: there they are unknown filters.
    assert any("rollup" in n for n in Filters.from_pairs(["rollup=1"]).notes)


def test_every_setting_reads_and_writes_its_url_value():
    for s in view.SETTINGS:
        assert s.parse([]) == (s.default, None)
        assert s.to_param(s.default) is None, s.key
    rollup, case, sections = (view.setting(k) for k in ("rollup", "case", "sections"))
    assert rollup.parse(["1"]) == (True, None) and rollup.to_param(True) == "1"
    assert case.parse(["C19-000047"]) == ("C19-000047", None)
    assert sections.parse(["gaps,topics"]) == (("gaps", "topics"), None)
    for s, bad in ((rollup, "maybe"), (sections, "nonsense"), (case, "x" * 500)):
        value, note = s.parse([bad])
        assert value == s.default and note and s.key in note


@pytest.mark.parametrize(("page", "toggle_label"), [("action_lines", "Roll C7"), ("sdgs", "Roll C7")])
def test_rollup_from_the_url_rolls_the_chart_up(app, page, toggle_label):
    _open(app, page, rollup="1")
    assert app.toggle(key="view_rollup").value is True
    specs = [c.proto.spec for c in app.get("plotly_chart")]
    # The chart shows 11 lines (C7 sub-lines rolled up): no C7-EHEALTH anywhere in its spec.
    assert specs and "C7-EHEALTH" not in specs[0 if page == "action_lines" else 1]
    assert app.query_params["rollup"] in ("1", ["1"])


def test_rollup_off_by_default_and_bad_value_noted(app):
    _open(app, "action_lines", rollup="maybe")
    assert app.toggle(key="view_rollup").value is False
    assert "rollup" in _notes(app)
    assert "C7-EHEALTH" in app.get("plotly_chart")[0].proto.spec


def test_toggling_rollup_writes_the_url(app):
    _open(app, "action_lines")
    app.toggle(key="view_rollup").set_value(True).run()
    assert app.query_params["rollup"] in ("1", ["1"])
    assert "C7-EHEALTH" not in app.get("plotly_chart")[0].proto.spec


def test_briefing_sections_from_the_url(app):
    _open(app, "briefing", sections="gaps,topics")
    assert app.multiselect(key="brief_sections").value == ["gaps", "topics"]


def test_a_case_from_the_url_opens_in_words(app, sample_db):
    first = run_path(sample_db, "case_list", Filters(), {"limit": 1, "offset": 0}).iloc[0]
    _open(app, "cases", case=str(first["case_id"]))
    text = html.unescape(" ".join(m.value for m in app.markdown))
    assert html.unescape(app.subheader[0].value) == first["title"]
    # Labelled fields in words, never column names.
    assert "**ID:**" in text and "**Kind of organisation:**" in text
    assert "entity_type" not in text and "case_id" not in text
    detail = run_path(sample_db, "case_detail", Filters(), {"case_id": first["case_id"]}).iloc[0]
    # The whole description, not cut.
    words = detail["description"].split()
    assert words[0] in text and words[-1].rstrip(".") in text
    # Why each topic was tagged: the topic's name and the matched words, no rule id.
    evidence = run_path(sample_db, "topic_evidence", Filters(), {"case_id": first["case_id"]})
    for row in evidence.itertuples():
        assert row.label in text and row.rule not in text
    assert app.query_params["case"] in (first["case_id"], [first["case_id"]])


def test_an_unknown_case_is_noted_and_nothing_opens(app):
    _open(app, "cases", case="NO-SUCH-CASE")
    assert "NO-SUCH-CASE" in _notes(app)
    assert not app.subheader
