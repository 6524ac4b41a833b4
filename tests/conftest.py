"""Fixtures shared by test files."""

from __future__ import annotations

import shutil

import pytest
from builders import CASES_SMALL, SESSIONS_SMALL
from hostile_data import write_export

from ict_response.cli import main as cli


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    """The database built from the shipped sample, for tests that only read it (a test that
    publishes or withdraws imports builds its own)."""
    db = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    assert cli(["build", "--sample", "--db", str(db)]) == 0
    return db


@pytest.fixture(scope="session")
def fixtures_db_once(tmp_path_factory):
    """A database built from the two small fixture exports via the CLI, with its kept imports."""
    db = tmp_path_factory.mktemp("fixtures_db") / "data" / "t.duckdb"
    assert cli(["build", "--db", str(db), "--cases", str(CASES_SMALL),
                "--sessions", str(SESSIONS_SMALL)]) == 0
    return db


@pytest.fixture
def fixtures_db(fixtures_db_once, tmp_path, capsys):
    """A private copy of that database folder (imports included) for one test to change."""
    capsys.readouterr()
    shutil.copytree(fixtures_db_once.parent, tmp_path / "data")
    return tmp_path / "data" / fixtures_db_once.name


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory):
    """A database built from the export of hostile values (tests/hostile_data.py), read only."""
    folder = tmp_path_factory.mktemp("hostile_db")
    path = folder / "hostile.duckdb"
    assert cli(["build", "--db", str(path), "--cases", str(write_export(folder / "h.csv"))]) == 0
    return path
