"""A deployment moves a country to another ITU region through a small CSV, without editing
code: data/reference/region_overrides.csv, or the file named by
$ICT_RESPONSE_REGION_OVERRIDES. The next build counts the country in its new region."""

from __future__ import annotations

import pytest
from builders import write_csv

from ict_response import taxonomy as tx
from ict_response.cli import main as cli
from ict_response.errors import UserError
from ict_response.filters import Filters
from ict_response.queries import run_path


@pytest.fixture
def overrides(monkeypatch, tmp_path):
    """Point the variable at a file of the test's rows; the caches are cleared around it."""

    def use(rows: list[list[str]]):
        path = write_csv(tmp_path / "overrides.csv", rows)
        monkeypatch.setenv(tx.REGION_OVERRIDES_ENV, str(path))
        tx.region_overrides.cache_clear()
        tx.countries.cache_clear()
        return path

    yield use
    monkeypatch.delenv(tx.REGION_OVERRIDES_ENV, raising=False)
    tx.region_overrides.cache_clear()
    tx.countries.cache_clear()


def test_the_shipped_override_file_moves_nothing():
    assert tx.region_overrides() == {}
    assert tx.countries()["UKR"].itu_region == "Europe"


def test_an_override_moves_a_country_in_the_next_build(overrides, tmp_path):
    export = write_csv(
        tmp_path / "cases.csv",
        [["ID", "Project Title", "Country"], ["1", "Telecentres", "Ukraine"], ["2", "Hotline", "Moldova"]],
    )
    before = tmp_path / "before.duckdb"
    assert cli(["build", "--db", str(before), "--cases", str(export)]) == 0
    assert _cis(before) == 0

    overrides([["iso3", "itu_region", "note"], ["UKR", "CIS", "the 12-country grouping of 2009"]])
    assert tx.countries()["UKR"].itu_region == "CIS"
    assert tx.countries()["MDA"].itu_region == "Europe"  # only the rows given move
    after = tmp_path / "after" / "after.duckdb"
    assert cli(["build", "--db", str(after), "--cases", str(export)]) == 0
    assert _cis(after) == 1
    frame = run_path(after, "cases_by_country", Filters(region=("CIS",)))
    assert list(frame.loc[frame["cases"] > 0, "country"]) == ["UKR"]


def _cis(db) -> int:
    frame = run_path(db, "cases_by_region")
    return int(frame.loc[frame["region"] == "CIS", "cases"].sum())


@pytest.mark.parametrize(
    "rows, message",
    [
        ([["iso3", "itu_region"], ["ATL", "CIS"]], "line 2: 'ATL' is not an ISO 3166 alpha-3 code"),
        ([["iso3", "itu_region"], ["UKR", "Eurasia"]], "line 2: 'Eurasia' is not an ITU region; use one of"),
        ([["country", "region"], ["UKR", "CIS"]], "has the columns iso3,itu_region,note"),
    ],
)
def test_a_bad_override_is_one_sentence_naming_the_file_and_line(overrides, rows, message):
    path = overrides(rows)
    with pytest.raises(UserError, match=message) as raised:
        tx.countries()
    assert str(path) in str(raised.value) and "\n" not in str(raised.value)


def test_a_missing_override_file_is_refused_by_the_build(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv(tx.REGION_OVERRIDES_ENV, str(tmp_path / "nowhere.csv"))
    tx.region_overrides.cache_clear()
    tx.countries.cache_clear()
    try:
        assert cli(["build", "--db", str(tmp_path / "t.duckdb")]) == 2
        assert "nowhere.csv: no such region override file" in capsys.readouterr().err
    finally:
        monkeypatch.delenv(tx.REGION_OVERRIDES_ENV)
        tx.region_overrides.cache_clear()
        tx.countries.cache_clear()
