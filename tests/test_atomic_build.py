"""A build writes a new file and swaps it in: a failure leaves the old database
byte-identical with no leftovers; readers of the old file keep reading it."""

import os

import duckdb
import pytest
from builders import CASES_SMALL, SESSIONS_SMALL, build

from ict_response import db
from ict_response.errors import UnusableFileError


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if ".building" in p.name or p.suffix == ".wal")


@pytest.mark.parametrize("step", ["_load_reference", "_arrow_batch"])
def test_failure_midway_leaves_the_old_database(tmp_path, monkeypatch, step):
    path = tmp_path / "t.duckdb"
    build(path, cases=[CASES_SMALL])
    before, inode = path.read_bytes(), path.stat().st_ino
    seen_temp = []

    def boom(*args, **kwargs):
        # The temporary database exists by now, beside the real one.
        seen_temp.extend(p.name for p in tmp_path.glob(".t.duckdb.*.building"))
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(db, step, boom)
    with pytest.raises(RuntimeError, match="disk on fire"):
        build(path, cases=[CASES_SMALL], sessions=[SESSIONS_SMALL])
    assert len(seen_temp) == 1
    assert path.read_bytes() == before
    assert path.stat().st_ino == inode
    assert _leftovers(tmp_path) == []
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
    finally:
        con.close()


def test_failure_at_the_last_step_before_the_swap(tmp_path, monkeypatch):
    """Even when the new file is complete, a failure before os.replace changes nothing."""
    path = tmp_path / "t.duckdb"
    build(path, cases=[CASES_SMALL])
    before = path.read_bytes()
    real_fsync = os.fsync

    def fail_fsync(fd):
        real_fsync(fd)
        raise OSError("fsync failed")

    monkeypatch.setattr(db.os, "fsync", fail_fsync)
    with pytest.raises(OSError, match="fsync failed"):
        build(path, cases=[CASES_SMALL], sessions=[SESSIONS_SMALL])
    assert path.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_unusable_input_fails_before_anything_is_written(tmp_path):
    path = tmp_path / "t.duckdb"
    build(path, cases=[CASES_SMALL])
    before = path.read_bytes()
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(UnusableFileError):
        build(path, cases=[CASES_SMALL], sessions=[empty])
    assert path.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_rebuild_swaps_in_a_new_file_while_an_old_reader_keeps_reading(tmp_path):
    path = tmp_path / "t.duckdb"
    build(path, cases=[CASES_SMALL])
    old_inode = path.stat().st_ino
    reader = db.connect_readonly(path)
    try:
        assert reader.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
        report = build(path, cases=[CASES_SMALL], sessions=[SESSIONS_SMALL])
        assert report.sessions.records == 3
        assert path.stat().st_ino != old_inode
        # The reader opened before the swap still sees the old, complete database.
        assert reader.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
        assert reader.execute("SELECT count(*) FROM cases").fetchone() == (5,)
    finally:
        reader.close()
    assert _leftovers(tmp_path) == []
    fresh = db.connect_readonly(path)
    try:
        assert fresh.execute("SELECT count(*) FROM sessions").fetchone() == (3,)
    finally:
        fresh.close()


def test_the_dashboard_reader_sees_each_new_build(tmp_path, monkeypatch):
    """DuckDB keeps one instance per file path, so a plain new connection would still see
    the old file while an old one is open: the app's Reader closes the old connection
    (after queries in flight) when a build swaps in a new file."""
    from ict_response.filters import Filters
    from ict_response.ui.data import Reader

    path = tmp_path / "t.duckdb"
    monkeypatch.setenv("ICT_RESPONSE_DB", str(path))
    build(path, cases=[CASES_SMALL])
    reader = Reader()
    first = reader.run("headline_figures", Filters(), {}).iloc[0]
    assert int(first["sessions"]) == 0
    build(path, cases=[CASES_SMALL], sessions=[SESSIONS_SMALL])
    second = reader.run("headline_figures", Filters(), {}).iloc[0]
    assert int(second["sessions"]) == 3
    assert int(second["cases"]) == int(first["cases"]) == 5


def test_a_page_run_reads_one_database_while_a_build_swaps_in_another(tmp_path, monkeypatch):
    """A run holds its database (`Reader.pinned`): figures drawn after a publish are still
    the old build's, and the next run, which waits for it, reads the new one."""
    import threading

    from ict_response.filters import Filters
    from ict_response.ui.data import Reader, db_version

    path = tmp_path / "t.duckdb"
    monkeypatch.setenv("ICT_RESPONSE_DB", str(path))
    build(path, cases=[CASES_SMALL])
    reader = Reader()

    def sessions() -> int:
        return int(reader.run("headline_figures", Filters(), {}).iloc[0]["sessions"])

    seen: dict[str, int] = {}

    def next_run() -> None:
        with reader.pinned():
            seen["next run"] = sessions()

    with reader.pinned():
        assert sessions() == 0
        build(path, cases=[CASES_SMALL], sessions=[SESSIONS_SMALL])
        assert sessions() == 0, "the run in progress keeps reading the build it started with"
        assert reader.version() != db_version()
        other = threading.Thread(target=next_run)
        other.start()
        other.join(0.5)
        assert other.is_alive() and not seen, "the next run waits for this one to finish"
    other.join(10)
    assert seen == {"next run": 3}


def test_a_run_that_never_ends_holds_the_old_database_for_a_bounded_time(tmp_path, monkeypatch):
    import threading

    from ict_response.filters import Filters
    from ict_response.ui.data import Reader

    path = tmp_path / "t.duckdb"
    monkeypatch.setenv("ICT_RESPONSE_DB", str(path))
    build(path, cases=[CASES_SMALL])
    reader = Reader()
    reader.DRAIN_SECONDS = 0.5
    stuck, release = threading.Event(), threading.Event()

    def stuck_run() -> None:
        with reader.pinned():
            stuck.set()
            release.wait(30)

    thread = threading.Thread(target=stuck_run)
    thread.start()
    stuck.wait(10)
    build(path, cases=[CASES_SMALL], sessions=[SESSIONS_SMALL])
    with reader.pinned():
        assert int(reader.run("headline_figures", Filters(), {}).iloc[0]["sessions"]) == 3
    release.set()
    thread.join(10)


def test_first_build_creates_the_folder(tmp_path):
    path = tmp_path / "new" / "folder" / "t.duckdb"
    build(path, cases=[CASES_SMALL])
    assert path.is_file()
    assert _leftovers(path.parent) == []


def test_readonly_connection_cannot_write(tmp_path):
    path = tmp_path / "t.duckdb"
    build(path, cases=[CASES_SMALL])
    con = db.connect_readonly(path)
    try:
        with pytest.raises(duckdb.Error):
            con.execute("DELETE FROM cases")
    finally:
        con.close()


def test_connect_readonly_without_a_database(tmp_path):
    from ict_response.errors import DatabaseMissingError

    with pytest.raises(DatabaseMissingError, match="no database here yet"):
        db.connect_readonly(tmp_path / "none.duckdb")
    assert not (tmp_path / "none.duckdb").exists()
