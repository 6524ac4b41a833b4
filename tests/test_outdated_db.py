"""A database built by another version of the dashboard: refused in one sentence that names
the command that rebuilds it, and `ict-response rebuild` (which `make run` runs with
--if-outdated) brings it up to date from its kept imports, leaving a current file alone."""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from ict_response import db
from ict_response.cli import main as cli
from ict_response.errors import OutdatedDatabaseError
from ict_response.paths import ROOT


@pytest.fixture
def built(tmp_path):
    path = tmp_path / "sample.duckdb"
    assert cli(["build", "--sample", "--db", str(path)]) == 0
    return path


def age(path, version: str | None) -> None:
    """Make `path` look built by another version: its schema version changed, or gone."""
    con = duckdb.connect(str(path))
    try:
        if version is None:
            con.execute("DELETE FROM meta WHERE key = 'schema_version'")
        else:
            con.execute("UPDATE meta SET value = $v WHERE key = 'schema_version'", {"v": version})
    finally:
        con.close()


def test_a_current_database_opens(built):
    con = db.connect_readonly(built)
    try:
        assert db.schema_version(con) == db.SCHEMA_VERSION
    finally:
        con.close()


@pytest.mark.parametrize("version", ["1", None])
def test_an_older_database_is_refused_in_one_sentence(built, version, capsys):
    age(built, version)
    with pytest.raises(OutdatedDatabaseError, match="ict-response rebuild") as caught:
        db.connect_readonly(built)
    assert str(caught.value).count(". ") <= 2 and "\n" not in str(caught.value)
    assert cli(["query", "meta", "--db", str(built)]) == 2
    assert "ict-response rebuild" in capsys.readouterr().err


def test_rebuild_if_outdated_brings_it_up_to_date_and_leaves_a_current_one_alone(built, capsys):
    con = db.connect_readonly(built)
    cases = con.execute("SELECT count(*) FROM cases").fetchone()[0]
    con.close()
    before = built.stat().st_mtime_ns
    assert cli(["rebuild", "--if-outdated", "--db", str(built), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"db": str(built), "rebuilt": False}
    assert built.stat().st_mtime_ns == before

    age(built, "1")
    assert cli(["rebuild", "--if-outdated", "--db", str(built), "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["rebuilt"] is True
    con = db.connect_readonly(built)
    try:
        assert con.execute("SELECT count(*) FROM cases").fetchone()[0] == cases
    finally:
        con.close()


def test_rebuild_needs_kept_imports(tmp_path, capsys):
    path = tmp_path / "bare.duckdb"
    duckdb.connect(str(path)).close()  # a DuckDB file, nothing kept beside it
    assert cli(["rebuild", "--db", str(path)]) == 2
    assert "no kept imports to rebuild from" in capsys.readouterr().err


def test_the_app_says_so_instead_of_failing(built, monkeypatch):
    age(built, "1")
    monkeypatch.setenv("ICT_RESPONSE_DB", str(built))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not app.exception
    assert any("ict-response rebuild" in e.value for e in app.error)


def test_the_app_opens_the_file_again_once_it_is_current(built, tmp_path, monkeypatch):
    """After a file it could not open (of another version), the app's reader tries again on
    the next query, even when what comes back looks like the file it had open before."""
    from ict_response.ui import data

    old = tmp_path / "old.duckdb"
    shutil.copyfile(built, old)
    age(old, "1")
    now = {"path": built, "version": "current"}
    monkeypatch.setattr(data, "db_path", lambda: now["path"])
    monkeypatch.setattr(data, "db_version", lambda: now["version"])
    reader = data.Reader()
    reader.check()
    now.update(path=old, version="older")
    with pytest.raises(OutdatedDatabaseError):
        reader.check()
    now.update(path=built, version="current")
    assert reader.call(lambda con: con.execute("SELECT count(*) FROM cases").fetchone()[0]) > 0
