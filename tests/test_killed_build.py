"""A build killed at random points (SIGKILL, SIGTERM and Ctrl-C's SIGINT, while reading or while writing the
new file) leaves the old database byte-identical and usable; a rerun completes and removes
what the killed builds left behind. Stale temporary files are only those of dead processes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from builders import CASES_SMALL, build

from ict_response import staleness
from ict_response.cli import main as cli
from ict_response.db import connect_readonly
from ict_response.paths import ROOT

CASES = 25_000  # large enough that a build is killed midway, small enough to run nine times
SEED = int(os.environ.get("KILL_TEST_SEED", "20260"))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".building", ".building.wal")))


def _headline(db: Path) -> tuple:
    con = connect_readonly(db)
    try:
        return con.execute("SELECT count(*), count(DISTINCT organisation) FROM cases").fetchone()
    finally:
        con.close()


@pytest.fixture(scope="module")
def big_export(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("big_export")
    assert cli(["sample", "--out", str(folder), "--cases", str(CASES), "--sessions", "10"]) == 0
    return folder / "cases.csv"


def _start_build(db: Path, cases: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "ict_response", "build", "--db", str(db), "--cases", str(cases)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _writing(proc: subprocess.Popen, db: Path) -> bool:
    """Whether this build's own temporary file exists (killed builds leave theirs too)."""
    return any(db.parent.glob(f".{db.name}.{proc.pid}.*.building"))


def _kill_when(proc: subprocess.Popen, db: Path, sig: int, when: str, rng: random.Random, full: float) -> str:
    """Send `sig` early (starting up, reading the export) or once the new file is being
    written; returns where the build was when the signal went. Delays are
    fractions of `full`, the time a whole build takes on this machine, so a faster machine
    (or faster code) still kills builds midway."""
    if when == "writing":
        deadline = time.monotonic() + 60
        while not _writing(proc, db) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.08) * full)
    else:
        time.sleep(rng.uniform(0.1, 0.35) * full)
    stage = "writing" if _writing(proc, db) else "starting or reading"
    if proc.poll() is None:
        proc.send_signal(sig)
    else:
        stage = "already done"
    proc.wait(timeout=60)
    return stage


def test_killed_builds_leave_the_old_database_and_a_rerun_completes(tmp_path, big_export):
    db = tmp_path / "data" / "t.duckdb"
    build(db, cases=[CASES_SMALL])
    old_bytes, old_headline = db.read_bytes(), _headline(db)
    started = time.monotonic()  # how long a whole build of the big export takes here
    timing = _start_build(tmp_path / "timing" / "t.duckdb", big_export)
    assert timing.wait(timeout=300) == 0, timing.stderr.read().decode()
    timing.stderr.close()
    full = time.monotonic() - started
    rng = random.Random(SEED)
    outcomes = []
    # Each build first removes what dead builds left, so the last kill is the one whose
    # temporary file the rerun below must clean up.
    # Each signal while the new file is written, and the two that can be handled or not
    # before it is (SIGINT takes SIGTERM's path).
    for sig, when in [
        (signal.SIGKILL, "early"),
        (signal.SIGTERM, "early"),
        (signal.SIGTERM, "writing"),
        (signal.SIGINT, "writing"),
        (signal.SIGKILL, "writing"),
    ]:
        proc = _start_build(db, big_export)
        stage = _kill_when(proc, db, sig, when, rng, full)
        stderr = proc.stderr.read().decode()
        proc.stderr.close()
        outcomes.append((sig.name, stage, proc.returncode))
        if stage == "already done":  # the build beat the clock: nothing to check here
            assert proc.returncode == 0, stderr
            pytest.fail(f"a build finished before its kill (seed {SEED}): lower the delays")
        assert db.read_bytes() == old_bytes, (sig.name, stage)
        assert _headline(db) == old_headline
        if sig in (signal.SIGTERM, signal.SIGINT):
            # Handled: the build unwinds, removes its temporary file and says so in one line
            # (a signal before the CLI has started ends the process before any build).
            assert proc.returncode in (128 + sig, -sig), stderr
            if proc.returncode == 128 + sig:
                assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1, stderr
            assert not _writing(proc, db), (stage, _leftovers(db.parent))
        else:
            assert proc.returncode == -signal.SIGKILL
    print("killed builds (signal, stage, exit code):", outcomes)
    assert any(stage == "writing" for _, stage, _ in outcomes), outcomes
    assert any(rc == 128 + signal.SIGTERM for _, _, rc in outcomes), "a SIGTERM was handled"

    # The rerun completes, swaps in the new data and removes the killed builds' files.
    left = _leftovers(db.parent)
    print("left by the killed builds:", left)
    assert left, "a build killed while writing leaves its temporary file"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ict_response",
            "build",
            "--db",
            str(db),
            "--cases",
            str(big_export),
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert _leftovers(db.parent) == []
    cases, _ = _headline(db)
    assert cases > old_headline[0] and cases <= CASES


def test_only_files_of_dead_processes_are_stale(tmp_path):
    db = tmp_path / "t.duckdb"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        names = {
            "dead": f".t.duckdb.{dead.pid}.0123abcd.building",
            "dead_wal": f".t.duckdb.{dead.pid}.0123abcd.building.wal",
            "live": f".t.duckdb.{live.pid}.89abcdef.building",
            "mine": f".t.duckdb.{os.getpid()}.00000000.building",
            "old_unowned": ".t.duckdb.fedcba98.building",
            "new_unowned": ".t.duckdb.76543210.building",
            "other_db": f".u.duckdb.{dead.pid}.0123abcd.building",
            "not_ours": "t.duckdb.notes",
        }
        for name in names.values():
            (tmp_path / name).write_bytes(b"x")
        hour_ago = time.time() - staleness.UNOWNED_AFTER_SECONDS - 60
        os.utime(tmp_path / names["old_unowned"], (hour_ago, hour_ago))
        removed = staleness.remove_stale(db)
        assert sorted(p.name for p in removed) == sorted(
            [names["dead"], names["dead_wal"], names["old_unowned"]]
        )
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            names[k] for k in ("live", "mine", "new_unowned", "other_db", "not_ours")
        )
        # A build removes them too, and names its own file with its process id.
        (tmp_path / names["dead"]).write_bytes(b"x")
        build(db, cases=[CASES_SMALL])
        assert not (tmp_path / names["dead"]).exists() and (tmp_path / names["live"]).exists()
        assert staleness.temp_path(db).name.startswith(f".t.duckdb.{os.getpid()}.")
    finally:
        live.kill()
        live.wait()
