"""A filter declared once in filters.SPECS reaches the URL, the words, the CLI, the SQL and
the sidebar: this test declares a new filter (the case's status, as the README's "Adding a
filter" shows it) and nothing else, builds a database, and finds it everywhere a reader or a
script can use a filter."""

from __future__ import annotations

import csv
import io

import pytest
from streamlit.testing.v1 import AppTest

from ict_response import filters, queries
from ict_response import normalise as nz
from ict_response.cli import main as cli
from ict_response.filters import Filters, FilterSpec
from ict_response.paths import ROOT


def _readme_example() -> FilterSpec:
    """The README's "Adding a filter" example, run as written: the docs cannot drift."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Adding a filter") :]
    block = section[section.index("```python") + len("```python") : section.index("```\n", 10)]
    namespace = {"FilterSpec": FilterSpec, "nz": nz}
    exec(block, namespace)
    return namespace["STATUS"]


STATUS = _readme_example()


@pytest.fixture(scope="module")
def declared():
    """The one change: the declaration. Taken back after the module's tests."""
    filters.SPECS.append(STATUS)
    queries._sql_and_params.cache_clear()  # query files expand $filters from the declarations
    yield STATUS
    filters.SPECS.remove(STATUS)
    queries._sql_and_params.cache_clear()


@pytest.fixture(scope="module")
def status_db(declared, tmp_path_factory):
    db = tmp_path_factory.mktemp("declared") / "d.duckdb"
    assert cli(["build", "--sample", "--db", str(db)]) == 0
    return db


def completed_cases(db) -> int:
    from ict_response.db import connect_readonly

    con = connect_readonly(db)
    try:
        return con.execute("SELECT count(*) FROM cases WHERE status = 'Completed'").fetchone()[0]
    finally:
        con.close()


def test_url_and_words(declared):
    f = Filters.parse({"status": "completed,ONGOING", "sdg": "3"})
    assert f.status == ("Completed", "Ongoing")
    assert f.to_query_params() == {"sdg": "3", "status": "Completed,Ongoing"}
    assert Filters.parse(f.to_query_params()) == f
    assert f.describe() == "SDG 3; status Completed, Ongoing"
    assert Filters.parse({"status": "someday"}).notes == ("Ignored status='someday': not a known status.",)
    assert STATUS in filters.ignored_by("sessions")  # declared for cases only


def test_sql_takes_it(status_db):
    expected = completed_cases(status_db)
    assert 0 < expected < int(queries.run_path(status_db, "headline_figures").iloc[0]["cases"])
    frame = queries.run_path(status_db, "headline_figures", Filters.parse({"status": "Completed"}))
    assert int(frame.iloc[0]["cases"]) == expected
    # Sessions have no status: their figures ignore the filter.
    everything = queries.run_path(status_db, "headline_figures").iloc[0]
    assert int(frame.iloc[0]["sessions"]) == int(everything["sessions"])


def test_cli_takes_it(status_db, capsys):
    capsys.readouterr()
    assert cli(["query", "cases_by_collection", "--db", str(status_db), "--filter", "status=Completed"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert sum(int(r["cases"]) for r in rows) == completed_cases(status_db)


def test_sidebar_offers_it_and_writes_it_to_the_url(status_db, monkeypatch):
    monkeypatch.setenv("ICT_RESPONSE_DB", str(status_db))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.run()
    widget = app.multiselect(key="filter_status")
    assert widget.label == "Status"
    assert widget.options == ["Ongoing", "Completed", "Planned"]
    widget.set_value(["Completed"]).run()
    assert not app.exception
    assert app.query_params["status"] == "Completed"
    cases = next(m.value for m in app.metric if m.label == "Cases")
    assert cases == f"{completed_cases(status_db):,}"
