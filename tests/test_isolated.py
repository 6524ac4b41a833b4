"""Work on uploads in a worker process (ict_response/isolated.py): results and errors come
back, progress arrives as it happens, and the memory and time limits stop the worker with a
sentence naming the limit. The Data page's preview made there is the in-process one's."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ict_response import imports, isolated
from ict_response.errors import UnusableFileError, UserError

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def steps(n: int, progress) -> int:
    for i in range(n):
        progress(f"step {i + 1}", (i + 1) / n)
    return n


def hold_memory(megabytes: int, seconds: float) -> int:
    block = bytearray(megabytes * 2**20)
    for i in range(0, len(block), 4096):  # touch every page: resident, not just reserved
        block[i] = 1
    time.sleep(seconds)
    return len(block)


def refuse(path: str) -> None:
    raise UnusableFileError(path, "is not a table")


def test_a_result_and_its_progress_come_back():
    seen = []
    assert isolated.run(steps, 3, what="Counting", progress=lambda s, f: seen.append((s, f))) == 3
    assert seen == [("step 1", 1 / 3), ("step 2", 2 / 3), ("step 3", 1.0)]


def test_an_error_in_the_worker_is_raised_here_whole():
    with pytest.raises(UnusableFileError) as caught:
        isolated.run(refuse, "upload.csv", what="Reading upload.csv")
    assert caught.value.path == "upload.csv" and caught.value.problem == "is not a table"


def test_past_the_time_limit_the_worker_is_stopped():
    started = time.monotonic()
    with pytest.raises(UserError, match=r"Reading big\.xlsx took longer than 1 s, the limit for one file"):
        isolated.run(time.sleep, 30, what="Reading big.xlsx", seconds=1)
    assert time.monotonic() - started < 10


def test_past_the_memory_limit_the_worker_is_stopped():
    with pytest.raises(UserError, match=r"needed more than 300 MB of memory, the limit for one file"):
        isolated.run(hold_memory, 1200, 30, what="Reading big.xlsx", memory_mb=300, seconds=60)
    # Under the limit the same work finishes.
    assert isolated.run(hold_memory, 50, 0, what="Reading small.csv", memory_mb=1000) == 50 * 2**20


def test_the_page_preview_made_in_the_worker_is_the_in_process_one(tmp_path):
    db = tmp_path / "none.duckdb"
    path = FIXTURES / "cases_small.csv"
    here = imports.preview(db, "cases", path, file_name="cases_small.csv").report()
    there = imports.preview_isolated(db, "cases", path, file_name="cases_small.csv")
    assert there.counts == here.counts and there.headers == here.headers
    assert there.first_rows().equals(here.first_rows()) and there.columns().equals(here.columns())
    assert there.rejected().equals(here.rejected()) and there.warnings().equals(here.warnings())
