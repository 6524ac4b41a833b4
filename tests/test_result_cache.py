"""The app's cache of query results (ui/data.py) hands every caller the one cached frame
through a shallow copy: no pickling on each hit (which under many readers cost more than the
queries), and a caller that changes its frame changes nothing another caller sees."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import CASES_SMALL, build

from ict_response.filters import Filters
from ict_response.ui import data


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    path = tmp_path / "cache.duckdb"
    build(path, cases=[CASES_SMALL])
    monkeypatch.setenv("ICT_RESPONSE_DB", str(path))
    data._query.clear()
    yield path
    data._query.clear()


def test_a_cached_result_is_read_once_and_shared(app_db, monkeypatch):
    runs: list[str] = []
    real = data.Reader.run

    def counted(self, name, filters, params):
        runs.append(name)
        return real(self, name, filters, params)

    monkeypatch.setattr(data.Reader, "run", counted)
    first = data.query("cases_by_sdg", Filters())
    second = data.query("cases_by_sdg", Filters())
    assert runs == ["cases_by_sdg"]
    assert first is not second
    pd.testing.assert_frame_equal(first, second)


def test_changing_a_result_changes_nothing_another_caller_sees(app_db):
    before = data.query("cases_by_sdg", Filters()).copy(deep=True)
    mine = data.query("cases_by_sdg", Filters())
    mine.loc[0, "cases"] = -1  # in place
    mine["cases"] = mine["cases"] * 100  # a column replaced
    mine["extra"] = "x"  # a column added
    del mine["name"]  # a column removed
    pd.testing.assert_frame_equal(data.query("cases_by_sdg", Filters()), before)


def test_a_parameter_the_query_does_not_take_does_not_split_the_cache(app_db, monkeypatch):
    """The sidebar's counts pass all_places to every counting query; cases_by_sdg does not
    take it, so the Overview's SDG chart and the SDG counts share one result."""
    runs: list[str] = []
    real = data.Reader.run
    monkeypatch.setattr(
        data.Reader, "run", lambda self, name, f, p: runs.append(name) or real(self, name, f, p)
    )
    data.query("cases_by_sdg", Filters())
    data.query("cases_by_sdg", Filters(), all_places=True)
    data.query("cases_by_region", Filters(), all_places=False)
    data.query("cases_by_region", Filters(), all_places=True)  # a parameter it takes
    assert runs == ["cases_by_sdg", "cases_by_region", "cases_by_region"]
