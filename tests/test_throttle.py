"""The server-wide brake on guessing the steward password (ict_response.throttle), with an
injected clock: five wrong passwords in five minutes are free, then each try waits 2, 4, 8 ...
seconds (capped) after the last wrong one; the count is shared by every user of the same
database folder (threads of one server, and other processes through the file beside it)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest

from ict_response import throttle


class Clock:
    def __init__(self, now: float = 1_900_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["file", "memory"])
def guard(request, tmp_path, clock) -> throttle.Throttle:
    path = tmp_path / throttle.FILE_NAME if request.param == "file" else None
    return throttle.Throttle(path, clock=clock, first=2.0)


def test_five_failures_are_free_then_the_delay_doubles_up_to_the_cap(guard, clock):
    for _ in range(4):
        assert guard.failed() == 0 and guard.wait_seconds() == 0
        clock.now += 1
    assert guard.failed() == 2.0  # the fifth
    assert guard.wait_seconds() == 2.0
    clock.now += 1.5
    assert guard.wait_seconds() == 0.5
    clock.now += 0.5
    assert guard.wait_seconds() == 0  # the right password works from here
    assert [guard.failed() for _ in range(3)] == [4.0, 8.0, 16.0]
    assert guard.wait_seconds() == 16.0
    for _ in range(10):
        guard.failed()
    assert guard.wait_seconds() == throttle.MAX_DELAY


def test_failures_older_than_five_minutes_no_longer_count(guard, clock):
    for _ in range(4):
        guard.failed()
    clock.now += throttle.WINDOW_SECONDS  # those four age out
    assert guard.failed() == 0
    assert guard.wait_seconds() == 0


def test_waiting_out_the_delay_lets_the_next_try_through(guard, clock):
    for _ in range(6):
        guard.failed()
    assert guard.wait_seconds() == 4.0
    clock.now += 4.0
    assert guard.wait_seconds() == 0


def test_threads_of_one_server_share_the_count(tmp_path, clock):
    """Every session of a server gets the same throttle for a database folder, and failures
    from many threads at once are all counted."""
    db = tmp_path / "data" / "x.duckdb"
    db.parent.mkdir()
    first = throttle.for_database(db)
    assert throttle.for_database(tmp_path / "data" / "other.duckdb") is first
    guard = throttle.Throttle(db.parent / throttle.FILE_NAME, clock=clock, first=2.0)
    threads = [threading.Thread(target=guard.failed) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stored = json.loads((db.parent / throttle.FILE_NAME).read_text())
    assert len(stored["failures"]) == 12
    assert guard.wait_seconds() == min(throttle.MAX_DELAY, 2.0 * 2 ** (12 - 5)) == 120.0


def test_another_process_on_the_same_folder_shares_the_count(tmp_path, clock):
    """A replica of the app (another process) beside the same database adds to one count."""
    path = tmp_path / throttle.FILE_NAME
    code = (
        "import sys; from pathlib import Path; from ict_response import throttle; "
        "throttle.Throttle(Path(sys.argv[1]), clock=lambda: float(sys.argv[2]), first=2.0).failed()"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path), str(clock.now)]) for _ in range(5)]
    assert [p.wait(timeout=60) for p in procs] == [0] * 5
    here = throttle.Throttle(path, clock=clock, first=2.0)
    assert len(json.loads(path.read_text())["failures"]) == 5
    assert here.wait_seconds() == 2.0  # the fifth, from any of them, set the first wait
    assert here.failed() == 4.0  # and the sixth, from this process, doubles it


def test_a_damaged_file_counts_as_no_failures(tmp_path, clock):
    path = tmp_path / throttle.FILE_NAME
    path.write_text("{not json")
    guard = throttle.Throttle(path, clock=clock, first=2.0)
    assert guard.wait_seconds() == 0
    assert guard.failed() == 0
    assert json.loads(path.read_text())["failures"] == [clock.now]


def test_without_a_writable_folder_the_count_is_kept_in_memory(tmp_path, clock):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    guard = throttle.Throttle(not_a_folder / throttle.FILE_NAME, clock=clock, first=2.0)
    for _ in range(5):
        guard.failed()
    assert guard.wait_seconds() == 2.0


def test_the_first_delay_can_be_set_in_the_environment(monkeypatch):
    monkeypatch.setenv(throttle.DELAY_ENV_VAR, "0.5")
    assert throttle.first_delay() == 0.5
    for bad in ("", "soon", "-1", "0", str(throttle.MAX_DELAY + 1)):
        monkeypatch.setenv(throttle.DELAY_ENV_VAR, bad)
        assert throttle.first_delay() == throttle.FIRST_DELAY


def test_the_sentence_says_how_long_in_whole_seconds():
    assert throttle.sentence(1.2).startswith(
        "Too many wrong passwords on this server: the next try is possible in 2 s."
    )
    assert "in 1 s." in throttle.sentence(0.01)
