"""Fixtures shared by test files."""

from __future__ import annotations

import pytest

from ict_response.cli import main as cli


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    """The database built from the shipped sample, for tests that only read it (a test that
    publishes or withdraws imports builds its own)."""
    db = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    assert cli(["build", "--sample", "--db", str(db)]) == 0
    return db
