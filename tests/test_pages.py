"""One AppTest run per page, starting from dashboard.py and switching page, on the sample
database; and filters driven through the URL and the sidebar change the figures shown."""

from __future__ import annotations

import html

import pytest
from streamlit.testing.v1 import AppTest

from ict_response.filters import Filters
from ict_response.pages import PAGES
from ict_response.paths import ROOT
from ict_response.queries import run_path


@pytest.fixture
def app(sample_db, monkeypatch):
    monkeypatch.setenv("ICT_RESPONSE_DB", str(sample_db))
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("page", [p.file for p in PAGES])
def test_every_page_runs_without_exception(app, page):
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert app.title, "each page has a title"
    # Sample data is always announced.
    assert any("Sample data" in i.value for i in app.info)


def test_overview_figures_follow_filters_from_the_url(app, sample_db):
    app.run()
    total = run_path(sample_db, "headline_figures").iloc[0]
    assert metric(app, "Cases") == f"{int(total['cases']):,}"

    app.query_params["action_line"] = "C7-EHEALTH"
    app.query_params["region"] = "Africa"
    app.run()
    expected = run_path(
        sample_db, "headline_figures", Filters(action_line=("C7-EHEALTH",), region=("Africa",))
    ).iloc[0]
    assert 0 < int(expected["cases"]) < int(total["cases"])
    assert metric(app, "Cases") == f"{int(expected['cases']):,}"


# AppTest stops re-running the entry script once a run has rewritten the URL (the real
# server does not), so each test below makes one sidebar change on a fresh app.


def test_sidebar_filter_changes_the_figures_and_the_url(app, sample_db):
    app.run()
    app.multiselect(key="filter_sdg").set_value([3]).run()
    expected = run_path(sample_db, "headline_figures", Filters(sdg=(3,))).iloc[0]
    assert metric(app, "Cases") == f"{int(expected['cases']):,}"
    assert app.query_params["sdg"] in ("3", ["3"])


def test_search_box_narrows_the_cases(app, sample_db):
    app.query_params["sdg"] = "3"
    app.run()
    app.text_input(key="filter_q").set_value("telemedicine").run()
    expected = run_path(sample_db, "headline_figures", Filters(sdg=(3,), q="telemedicine")).iloc[0]
    assert 0 < int(expected["cases"])
    assert metric(app, "Cases") == f"{int(expected['cases']):,}"


def test_filters_survive_a_page_switch(app, sample_db):
    app.query_params["country"] = "KEN"
    app.run()
    # The server drops query parameters on a page switch; the session keeps the filters.
    app.query_params.clear()
    app.switch_page("app_pages/sessions.py").run()
    app.switch_page("app_pages/overview.py").run()
    expected = run_path(sample_db, "headline_figures", Filters(country=("KEN",))).iloc[0]
    assert metric(app, "Cases") == f"{int(expected['cases']):,}"


def test_bad_url_parameters_are_ignored_with_a_note(app, sample_db):
    app.query_params["sdg"] = "99"
    app.query_params["colour"] = "red"
    app.query_params["q"] = "'; DROP TABLE cases; --"
    app.run()
    assert not app.exception
    notes = " ".join(w.value for w in app.sidebar.warning)
    assert "sdg" in notes and "colour" in notes
    assert metric(app, "Cases") == "0"  # no title contains that text


def test_clear_puts_everything_back(app, sample_db):
    app.query_params["action_line"] = "C2"
    app.run()
    app.sidebar.button[0].click().run()
    total = run_path(sample_db, "headline_figures").iloc[0]
    assert metric(app, "Cases") == f"{int(total['cases']):,}"


def test_every_column_of_the_case_table_has_a_label(sample_db):
    from ict_response.ui.layout import CASE_COLUMNS

    columns = list(run_path(sample_db, "case_list", Filters(), {"limit": 1}).columns)
    assert set(CASE_COLUMNS) == set(columns)


def test_every_column_of_the_session_and_import_tables_has_a_label(sample_db):
    """Headers in words ("Held on", "Row as read"), not the queries' names ("held_on", "raw")."""
    from ict_response.provenance import ISSUE_COLUMNS
    from ict_response.ui.layout import SESSION_COLUMNS

    assert set(SESSION_COLUMNS) == set(run_path(sample_db, "session_list", Filters(), {"limit": 1}).columns)
    issues = {"limit": 1, "offset": 0, "max_chars": 10}
    for name in ("rejected_rows", "import_warnings"):
        assert set(run_path(sample_db, name, params=issues).columns) <= set(ISSUE_COLUMNS), name


def test_the_case_table_and_detail_speak_the_readers_language(app, sample_db):
    """Topics as the reader calls them ("Télémédecine"), never as their keys ("telemedicine"),
    and a case's status and dates in the page's language, in the table and in the case's detail."""
    from ict_response import i18n, topics

    listed = run_path(sample_db, "case_list", Filters(), {"limit": 1}).iloc[0]
    keys, status = listed["topics"].split("; "), listed["status"]
    labels = topics.topic_labels()
    french = i18n.translations("fr").gettext
    named = "; ".join(french(labels[k]) for k in keys)
    assert named != listed["topics"] and french(status) != status
    app.query_params["lang"] = "fr"
    app.query_params["case"] = listed["case_id"]
    app.run()
    app.switch_page("app_pages/cases.py").run()
    assert not app.exception, app.exception
    table = app.dataframe[0].value
    row = table[table["case_id"] == listed["case_id"]].iloc[0]
    assert (row["topics"], row["status"]) == (named, french(status))
    detail = html.unescape(" ".join(m.value for m in app.markdown))
    field = french("**{field}:** {value}")
    # The detail separates them as French separates items ("Télétravail ; Travail et emploi").
    with i18n.using("fr"):
        listed_in_french = i18n.items(french(labels[k]) for k in keys)
    assert "\u00a0; " in listed_in_french
    assert field.format(field=french("Topics"), value=listed_in_french) in detail
    assert field.format(field=french("Status"), value=french(status)) in detail
    # Why each topic was tagged, punctuated as French punctuates ("**Télétravail** : …").
    first = french(labels[keys[0]])
    assert f"- **{first}**\u00a0: " in detail
    # Its dates as French writes them ("27 avril 2022").
    started = run_path(sample_db, "case_detail", params={"case_id": listed["case_id"]}).iloc[0]["start_date"]
    with i18n.using("fr"):
        assert field.format(field=french("Started"), value=i18n.date(started.date(), "long")) in detail
