"""The replication finder in the app: the Replication page's need box, and "Cases like this
one" on a case's detail (AppTest, on the sample database)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ict_response import db, replication
from ict_response.filters import Filters
from ict_response.paths import ROOT


@pytest.fixture
def app(sample_db, monkeypatch):
    monkeypatch.setenv("ICT_RESPONSE_DB", str(sample_db))
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)


def links(at: AppTest) -> list[tuple[str, str]]:
    """(label, case id) of each link to a case on the page."""
    return [(e.proto.label, e.proto.query_string) for e in at.get("page_link")]


def expected(sample_db, call):
    con = db.connect_readonly(sample_db)
    try:
        return call(con)
    finally:
        con.close()


def test_a_need_lists_the_cases_that_meet_it_within_the_filters(app, sample_db):
    need = "text message reminders for vaccine appointments"
    app.query_params["need"] = need
    app.query_params["region"] = "Africa"
    app.switch_page("app_pages/replication.py").run()
    assert not app.exception, app.exception
    found = expected(sample_db, lambda con: replication.find(con, need, Filters.parse({"region": "Africa"})))
    assert found, "the sample holds cases that meet this need"
    assert [q for _, q in links(app)] == [f"case={m.case_id}" for m in found]
    assert any(c.value.startswith("Why: both name") for c in app.caption)


def test_no_need_no_list_and_a_long_one_is_refused_in_a_sentence(app):
    app.switch_page("app_pages/replication.py").run()
    assert not app.exception and links(app) == []
    app.query_params["need"] = "x" * 600
    app.switch_page("app_pages/replication.py").run()
    assert not app.exception and links(app) == []
    assert any("at most 500 characters" in w.value for w in app.sidebar.warning)


def test_a_need_nobody_met_says_so(app):
    app.query_params["need"] = "zorbified quuxes"
    app.switch_page("app_pages/replication.py").run()
    assert not app.exception
    assert any(c.value.startswith("No case names any practice or word of") for c in app.caption)


@pytest.mark.parametrize("scope", ["anywhere", "other_countries", "other_regions"])
def test_an_opened_case_lists_the_cases_like_it(app, sample_db, scope):
    case_id = expected(
        sample_db, lambda con: con.execute("SELECT case_id FROM cases ORDER BY case_no LIMIT 1").fetchone()[0]
    )
    app.query_params["case"] = case_id
    app.query_params["elsewhere"] = scope
    app.switch_page("app_pages/cases.py").run()
    assert not app.exception, app.exception
    assert any(m.value == "**Cases like this one**" for m in app.markdown)
    found = expected(sample_db, lambda con: replication.similar(con, case_id, scope=scope))
    assert [q for _, q in links(app)] == [f"case={m.case_id}" for m in found]
    assert app.radio(key="view_elsewhere").value == scope
