"""Fixtures shared by test files, and the Hypothesis profiles of the property tests."""

from __future__ import annotations

import os
import shutil

import pytest
from builders import CASES_SMALL, SESSIONS_SMALL, build
from hostile_data import write_export
from hypothesis import HealthCheck, settings
from served_app import CHROMIUM, chromium_browser, serve

from ict_response.cli import main as cli

# Property tests run under one of two profiles, chosen by $HYPOTHESIS_PROFILE or pytest's
# --hypothesis-profile. Tests set only what a profile must not decide for them (health
# checks for their fixtures), so both fields below reach every @given test.
#   ci (the default, `make test`): the same examples on every run (derandomize; no example
#     database, which derandomize implies), so a run fails only when the code changed. A
#     failure prints a blob that replays it (@reproduce_failure).
#   fuzz (`make fuzz EXAMPLES=N`): fresh random examples, N per test
#     ($ICT_RESPONSE_FUZZ_EXAMPLES), failures kept in .hypothesis/ and replayed first next
#     time. What it finds becomes a fixed @example(...) on the test, so `make test` checks it.
settings.register_profile(
    "ci",
    max_examples=200,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
_fuzz_examples = os.environ.get("ICT_RESPONSE_FUZZ_EXAMPLES", "1000")
if not _fuzz_examples.isdigit() or int(_fuzz_examples) < 1:
    raise pytest.UsageError(
        f"ICT_RESPONSE_FUZZ_EXAMPLES={_fuzz_examples!r}: give a number of examples per test, e.g. 5000."
    )
settings.register_profile(
    "fuzz",
    max_examples=int(_fuzz_examples),
    derandomize=False,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


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
    assert (
        cli(["build", "--db", str(db), "--cases", str(CASES_SMALL), "--sessions", str(SESSIONS_SMALL)]) == 0
    )
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
    # Built from that export alone (not with the CLI, whose builds add ITU's initiatives), so
    # that every case in it is one of the hostile rows.
    build(path, cases=[write_export(folder / "h.csv")])
    return path


@pytest.fixture(scope="session")
def browser():
    """One Debian Chromium for every browser test (each test opens its own pages)."""
    with chromium_browser() as b:
        yield b


@pytest.fixture(scope="session")
def sample_server(tmp_path_factory):
    """The shipped sample served once, for the browser tests that only read it:
    (base URL, database path)."""
    assert os.path.exists(CHROMIUM), "Debian's chromium is missing: `make test` installs it."
    db = tmp_path_factory.mktemp("sample-served") / "sample.duckdb"
    assert cli(["build", "--sample", "--db", str(db)]) == 0
    with serve(db) as url:
        yield url, db
