"""Writers one at a time, nothing half-written: every build, ingest and withdraw holds the
one writers' lock of a database folder (imports/.lock, naming its holder); a second writer
waits a bounded time or refuses in one line naming the holder; the kept copies, the
manifest and the database agree afterwards; an unusable database path is refused in one
line before any work."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from builders import CASES_SMALL, SESSIONS_SMALL

from ict_response import db as database
from ict_response import imports, store
from ict_response.cli import main as cli
from ict_response.db import connect_readonly
from ict_response.errors import UserError
from ict_response.paths import ROOT
from ict_response.store import ImportStore, WriterBusyError, writing


def run(capsys, *argv):
    code = cli([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _cli_process(*argv, wait: bool = True, **kwargs):
    cmd = [sys.executable, "-m", "ict_response", *map(str, argv)]
    if wait:
        return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, **kwargs)
    return subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs
    )


def _consistent(db: Path) -> list[str]:
    """The kept copies are exactly those the manifest names, and the database holds exactly
    the manifest's imports, in order, after the shipped initiatives (never in the manifest).
    Returns the manifest's file names."""
    kept = ImportStore(db)
    entries = kept.entries()
    copies = sorted(
        p.name
        for p in kept.dir.iterdir()
        if p.name not in (store.MANIFEST, store.LOCK) and not p.name.startswith(imports.MAPPINGS)
    )
    assert copies == sorted({e.stored_name for e in entries}), "kept copies = manifest"
    con = connect_readonly(db)
    try:
        in_db = con.execute("SELECT import_id, sha256 FROM imports ORDER BY seq").fetchall()
    finally:
        con.close()
    shipped = [(e.import_id, e.sha256) for e, _ in store.shipped_imports()]
    assert in_db == shipped + [(e.import_id, e.sha256) for e in entries], "database = shipped + manifest"
    assert not list(db.parent.glob("*.building*")) and not list(kept.dir.glob("*.partial"))
    return [e.file_name for e in entries]


# --------------------------------------------------------------------------- one writer at a time


@pytest.fixture
def held(tmp_path):
    """A database whose writers' lock is held by this process (a thread) until released."""
    db = tmp_path / "data" / "t.duckdb"
    assert cli(["build", "--db", str(db), "--cases", str(CASES_SMALL)]) == 0
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        with writing(db, "ict-response build --db elsewhere (a test)"):
            taken.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(10)
    yield db, release
    release.set()
    thread.join()


@pytest.mark.parametrize("command", ["build", "ingest", "withdraw"])
def test_a_writer_that_may_not_wait_names_the_holder_in_one_line(held, capsys, command):
    db, _ = held
    before, manifest = db.read_bytes(), ImportStore(db).manifest_path.read_bytes()
    argv = {
        "build": ["build", "--cases", SESSIONS_SMALL],
        "ingest": ["ingest", "sessions", SESSIONS_SMALL],
        "withdraw": ["withdraw", ImportStore(db).entries()[0].import_id],
    }[command]
    started = time.monotonic()
    code, out, err = run(capsys, *argv, "--db", db, "--wait", "0")
    assert code == 2 and out == ""
    assert time.monotonic() - started < 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"pid {os.getpid()} (ict-response build --db elsewhere (a test)), since 20" in err
    assert "nothing was changed" in err
    assert db.read_bytes() == before and ImportStore(db).manifest_path.read_bytes() == manifest


def test_a_writer_waits_a_bounded_time_saying_so(held, capsys):
    db, _ = held
    started = time.monotonic()
    code, _, err = run(capsys, "build", "--db", db, "--cases", SESSIONS_SMALL, "--wait", "1")
    assert code == 2 and 1 <= time.monotonic() - started < 5
    waiting, error = err.strip().splitlines()
    assert waiting.startswith(f"Waiting for pid {os.getpid()} (ict-response build --db elsewhere")
    assert error.startswith("error: ") and "after waiting 1 s" in error


def test_a_writer_waits_for_the_holder_then_writes(held, capsys):
    db, release = held
    threading.Timer(1.0, release.set).start()
    code, out, err = run(capsys, "ingest", "sessions", SESSIONS_SMALL, "--db", db, "--json")
    assert code == 0, err
    assert err.startswith(f"Waiting for pid {os.getpid()}")
    assert json.loads(out)["sessions"]["records"] == 3
    assert _consistent(db) == ["cases_small.csv", "sessions_small.csv"]


def test_the_library_refuses_too(held):
    """The steward's Publish and Withdraw run the same ingest and withdraw."""
    db, _ = held
    with pytest.raises(WriterBusyError, match=f"pid {os.getpid()}"):
        imports.ingest(db, [imports.NewFile("sessions", SESSIONS_SMALL)], wait=0)
    with pytest.raises(WriterBusyError):
        imports.withdraw(db, ImportStore(db).entries()[0].import_id, wait=0.2)


def test_a_killed_holder_leaves_no_lock_behind(tmp_path, capsys):
    db = tmp_path / "t.duckdb"
    script = (
        "import sys, time\n"
        "from ict_response.store import writing\n"
        "with writing(sys.argv[1], 'a writer about to be killed'):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(60)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(db)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "held"
    code, _, err = run(capsys, "build", "--db", db, "--cases", CASES_SMALL, "--wait", "0")
    assert code == 2 and f"pid {proc.pid} (a writer about to be killed)" in err
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    proc.stdout.close()
    code, _, err = run(capsys, "build", "--db", db, "--cases", CASES_SMALL, "--wait", "0")
    assert code == 0, err
    _consistent(db)


@pytest.fixture(scope="module")
def big_cases(tmp_path_factory) -> Path:
    """An export whose build takes a few seconds: long enough for a second build to start
    while the first holds the lock."""
    folder = tmp_path_factory.mktemp("big")
    assert cli(["sample", "--out", str(folder), "--cases", "30000", "--sessions", "5"]) == 0
    return folder / "cases.csv"


def _start_while_held(db: Path, first: list, second: list) -> tuple:
    """Start build `first`, then `second` once the first holds the lock; both results."""
    a = _cli_process("build", "--db", db, *first, wait=False)
    lock = ImportStore(db).dir / store.LOCK
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and a.poll() is None:
        try:
            if f'"pid": {a.pid}' in lock.read_text(encoding="utf-8"):
                break
        except FileNotFoundError:
            pass
        time.sleep(0.01)
    b = _cli_process("build", "--db", db, *second, wait=False)
    return a, a.communicate(timeout=300), b, b.communicate(timeout=300)


def test_two_builds_at_once_the_second_waits_then_builds(tmp_path, big_cases):
    db = tmp_path / "data" / "t.duckdb"
    a, (_, a_err), b, (_, b_err) = _start_while_held(
        db, ["--cases", big_cases], ["--cases", CASES_SMALL, "--sessions", SESSIONS_SMALL]
    )
    assert a.returncode == 0, a_err
    assert b.returncode == 0, b_err
    assert f"Waiting for pid {a.pid} (ict-response build --db {db} --cases {big_cases}" in b_err
    # The second build ran after the first: its imports alone, and nothing of the first left.
    assert _consistent(db) == ["cases_small.csv", "sessions_small.csv"]
    assert sorted(p.name for p in ImportStore(db).dir.iterdir()) == sorted(
        [store.LOCK, store.MANIFEST] + [e.stored_name for e in ImportStore(db).entries()]
    )


def test_two_builds_at_once_the_second_refuses_naming_the_first(tmp_path, big_cases):
    db = tmp_path / "data" / "t.duckdb"
    a, (_, a_err), b, (b_out, b_err) = _start_while_held(
        db, ["--cases", big_cases], ["--cases", CASES_SMALL, "--wait", "0"]
    )
    assert a.returncode == 0, a_err
    assert b.returncode == 2 and b_out == ""
    assert len(b_err.strip().splitlines()) == 1, b_err
    assert f"pid {a.pid} (ict-response build --db {db} --cases {big_cases}), since " in b_err
    assert _consistent(db) == ["cases.csv"]


def test_kept_copies_follow_the_manifest_across_builds(tmp_path, capsys):
    """A build replaces every import: the copies of the imports it replaced go."""
    db = tmp_path / "t.duckdb"
    assert run(capsys, "build", "--db", db, "--cases", CASES_SMALL)[0] == 0
    assert run(capsys, "build", "--db", db, "--sessions", SESSIONS_SMALL)[0] == 0
    assert _consistent(db) == ["sessions_small.csv"]
    # A build that fails keeps nothing new either.
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert run(capsys, "build", "--db", db, "--cases", CASES_SMALL, empty)[0] == 2
    assert _consistent(db) == ["sessions_small.csv"]


# --------------------------------------------------------------------------- unusable database paths


def _no_work(monkeypatch) -> list[str]:
    """Fail loudly if any input is read, hashed or parsed."""
    touched: list[str] = []

    def refuse(name):
        def inner(*args, **kwargs):
            touched.append(name)
            raise AssertionError(f"{name} called before the database path was checked")

        return inner

    monkeypatch.setattr(database, "parse_file", refuse("parse_file"))
    monkeypatch.setattr(imports, "read_table", refuse("read_table"))
    monkeypatch.setattr(store, "sha256_of", refuse("sha256_of"))
    return touched


def _unusable(tmp_path: Path, monkeypatch, which: str) -> tuple[Path, str]:
    if which == "a folder":
        folder = tmp_path / "a folder.duckdb"
        folder.mkdir()
        (folder / "inside.txt").write_text("x")
        return folder, "is a folder, not a database file"
    if which == "under a file":
        regular = tmp_path / "notes.txt"
        regular.write_text("x")
        return regular / "sub" / "t.duckdb", f"{regular} is a file, not a folder"
    if which == "no write access":
        folder = tmp_path / "locked"
        folder.mkdir()
        real = os.access
        monkeypatch.setattr(
            store.os, "access", lambda p, mode, **kw: False if Path(p) == folder else real(p, mode, **kw)
        )
        return folder / "t.duckdb", f"cannot write in {folder}"
    assert which == "/proc"  # root may write anywhere but here
    return Path("/proc/ict_response_test.duckdb"), "cannot write there"


PATHS = ["a folder", "under a file", "no write access", "/proc"]


@pytest.mark.parametrize("which", PATHS)
@pytest.mark.parametrize("command", ["build", "ingest", "withdraw"])
def test_an_unusable_database_path_is_refused_before_any_work(tmp_path, capsys, monkeypatch, command, which):
    if which == "/proc" and not Path("/proc/self").exists():
        pytest.skip("no /proc here")
    db, problem = _unusable(tmp_path, monkeypatch, which)
    touched = _no_work(monkeypatch)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    argv = {
        "build": ["build", "--cases", CASES_SMALL, "--sessions", SESSIONS_SMALL],
        "ingest": ["ingest", "cases", CASES_SMALL, "--map", "Partner=organisation"],
        "withdraw": ["withdraw", "c-000000000000"],
    }[command]
    started = time.monotonic()
    code, out, err = run(capsys, *argv, "--db", db)
    assert time.monotonic() - started < 1
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(f"error: {db}: ") and problem in err, err
    assert "Traceback" not in err and touched == []
    if which != "/proc":
        assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("which", PATHS)
def test_the_library_refuses_an_unusable_database_path(tmp_path, monkeypatch, which):
    if which == "/proc" and not Path("/proc/self").exists():
        pytest.skip("no /proc here")
    db, problem = _unusable(tmp_path, monkeypatch, which)
    with pytest.raises(UserError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        imports.ingest(db, [imports.NewFile("cases", CASES_SMALL)])
    if which != "/proc":  # a build (without the lock) checks the path as well, first
        entry = ImportStore(tmp_path / "x.duckdb").new_entry(CASES_SMALL, "cases")
        touched = _no_work(monkeypatch)
        with pytest.raises(UserError) as raised:
            database.build(db, [(entry, CASES_SMALL)])
        assert problem in str(raised.value) and touched == []


def test_reading_commands_refuse_a_folder_in_one_line(tmp_path, capsys):
    folder = tmp_path / "db.duckdb"
    folder.mkdir()
    for argv in (["report"], ["query", "cases_by_sdg"], ["rejected"]):
        code, out, err = run(capsys, *argv, "--db", folder)
        assert (code, out) == (2, "") and err.count("\n") == 1 and "is a folder" in err
