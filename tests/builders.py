"""Shared helpers for the foundation tests: the fixture exports and a one-call build into a
temporary folder. Every database lives under the test's tmp_path, never in data/."""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterator
from pathlib import Path

import duckdb

from ict_response import db
from ict_response.store import ImportStore, shipped_imports

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CASES_SMALL = FIXTURES / "cases_small.csv"
# Every CLI build, ingest and withdraw adds ITU's COVID-19 initiatives shipped with the
# dashboard: the sixteen rows of data/reference/itu_covid_initiatives.csv, one import.
N_INITIATIVES = 16
SESSIONS_SMALL = FIXTURES / "sessions_small.csv"


def build(
    db_path: Path, cases: list[Path] = (), sessions: list[Path] = (), shipped: bool = False
) -> db.BuildReport:
    """Build `db_path` from the given exports, in order (cases first), as the CLI does; with
    `shipped`, after ITU's initiatives as the CLI's builds do (without, the fixture's
    hand-computed answers hold)."""
    store = ImportStore(db_path)
    files = [("cases", Path(p)) for p in cases] + [("sessions", Path(p)) for p in sessions]
    first = shipped_imports() if shipped else []
    return db.build(db_path, first + [(store.new_entry(p, kind), p) for kind, p in files])


@contextlib.contextmanager
def opened(db_path: Path, cases: list[Path]) -> Iterator[duckdb.DuckDBPyConnection]:
    """`db_path` built from these cases exports, open read-only as the app opens it."""
    build(db_path, cases)
    connection = db.connect_readonly(db_path)
    try:
        yield connection
    finally:
        connection.close()


def build_fixture(db_path: Path) -> db.BuildReport:
    return build(db_path, [CASES_SMALL], [SESSIONS_SMALL])


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_rules_only_model(path: Path) -> Path:
    """A topic model that keeps exactly what the rules find (each topic: its `rule:` feature
    weighs 1, its bias -0.5), for tests of the rules themselves."""
    from ict_response.topics import topics

    with open(path, "w", encoding="utf-8") as f:
        f.write("topic,feature,weight\n")
        for t in topics():
            f.write(f"{t.topic},(bias),-0.5\n{t.topic},rule:{t.topic},1\n")
    return path


def build_tagged(folder: Path, cases: list[list[str]], model: Path) -> Path:
    """A CLI build of `cases` (id, title, description, organisation, Action Lines, SDGs; all
    in Kenya) tagged with the topic model of `model`; the database's path."""
    import pytest

    import ict_response.topics as topic_module
    from ict_response.cli import main as cli

    header = ["Case ID", "Title", "Description", "Organization", "Action Lines", "SDGs", "Country"]
    export = write_csv(folder / "cases.csv", [header, *([*row, "Kenya"] for row in cases)])
    path = folder / "tagged.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(topic_module, "MODEL_FILE", model)
        assert cli(["build", "--cases", str(export), "--db", str(path)]) == 0
    return path
