"""Readers while builds swap in new files: 8 threads run the dashboard's queries in a loop
through the app's own read path (ict_response.ui.data: the Reader and the cached `query`)
while a rebuild alternates two different exports 20 times, first in this process, then from
a separate process running the CLI. No reader errors; every result is exactly the old or the
new data; the two queries of one Reader call come from one file, never a mix."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from builders import CASES_SMALL, SESSIONS_SMALL, build, write_csv

from ict_response import queries
from ict_response.filters import Filters
from ict_response.paths import ROOT
from ict_response.queries import run_path
from ict_response.ui import data

THREADS = 8
SWAPS = 20
FILTER_SETS = [Filters(), Filters(region=("Africa",)), Filters(action_line=("C7",)), Filters(sdg=(3,))]
PAIR = ("headline_figures", "cases_by_action_line")
SINGLE = ("cases_by_sdg", "cases_by_country")
# Between two reads of one thread: 8 threads looping without a pause on a 2-core machine
# starve the build (CPU and the GIL) instead of testing it.
PAUSE = 0.05


def _fingerprint(frame) -> str:
    return frame.to_csv(index=False)


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """Two exports that give different answers: the small fixture, and it plus 40 cases."""
    folder = tmp_path_factory.mktemp("concurrency")
    rows = [line.split(",") for line in CASES_SMALL.read_text(encoding="utf-8").splitlines()[:1]]
    places = [
        ("Nigeria", "C4", "4"),
        ("India", "C7 E-health", "3"),
        ("Brazil", "C2", "9"),
        ("Egypt", "C7 E-learning", "4"),
    ]
    for i in range(40):
        country, line, sdg = places[i % len(places)]
        rows.append(
            [
                f"X-{i}",
                f"Extra case {i}",
                f"Org {i % 7}",
                "NGO",
                country,
                line,
                sdg,
                "More rows",
                "2021-02-01",
                "Ongoing",
                "",
                "",
            ]
        )
    extra = write_csv(folder / "extra.csv", rows)
    exports = {"old": [CASES_SMALL], "new": [CASES_SMALL, extra]}
    answers = {}
    for name, cases in exports.items():
        db = folder / f"{name}.duckdb"
        build(db, cases=cases, sessions=[SESSIONS_SMALL], shipped=True)
        answers[name] = {
            (q, i): _fingerprint(run_path(db, q, f)) for i, f in enumerate(FILTER_SETS) for q in PAIR + SINGLE
        }
    for key in answers["old"]:
        if key[1] == 0:
            assert answers["old"][key] != answers["new"][key], f"{key} must differ between versions"
    return exports, answers


class Readers:
    """THREADS threads reading until stopped: even reads through one Reader call (both
    queries of PAIR on one connection), odd reads through the cached `data.query` the pages
    use. Counts reads, which version each saw, and every error."""

    def __init__(self, answers: dict) -> None:
        self.answers = answers
        # The app's one Reader (its connection is the only one to the file in the process:
        # DuckDB hands a new connection the instance still open on the old file otherwise).
        self.reader = data.reader()
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.reads = 0
        self.seen = {"old": 0, "new": 0}
        self.errors: list[str] = []
        self.threads = [threading.Thread(target=self._loop, args=(i,)) for i in range(THREADS)]

    def _version_of(self, results: dict) -> str | None:
        for name in ("old", "new"):
            if all(self.answers[name][key] == value for key, value in results.items()):
                return name
        return None

    def _loop(self, seed: int) -> None:
        rng = random.Random(seed)
        n = 0
        while not self.stop.is_set():
            i = rng.randrange(len(FILTER_SETS))
            filters = FILTER_SETS[i]
            try:
                if n % 2 == 0:
                    results = self.reader.call(
                        lambda con, f=filters, i=i: {
                            (q, i): _fingerprint(queries.run(con, q, f)) for q in PAIR
                        }
                    )
                else:
                    q = rng.choice(PAIR + SINGLE)
                    results = {(q, i): _fingerprint(data.query(q, filters))}
                version = self._version_of(results)
                with self.lock:
                    self.reads += len(results)
                    if version is None:
                        self.errors.append(f"neither old nor new (a mix?): {sorted(results)}")
                    else:
                        self.seen[version] += 1
            except Exception as e:  # noqa: BLE001 - every reader error is what the test counts
                with self.lock:
                    self.errors.append(f"{type(e).__name__}: {e}")
            n += 1
            time.sleep(PAUSE)

    def __enter__(self) -> Readers:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=60)


def _live_db(tmp_path: Path, monkeypatch, exports: dict) -> Path:
    db = tmp_path / "live" / "t.duckdb"
    build(db, cases=exports["old"], sessions=[SESSIONS_SMALL], shipped=True)
    monkeypatch.setenv("ICT_RESPONSE_DB", str(db))
    data._query.clear()
    return db


def _report(label: str, readers: Readers, swaps: int, seconds: float) -> None:
    print(
        f"\n{label}: {swaps} swaps in {seconds:.1f} s; {readers.reads:,} reads "
        f"({readers.seen['old']:,} calls saw the old data, {readers.seen['new']:,} the new); "
        f"{len(readers.errors)} errors"
    )
    assert readers.errors == [], readers.errors[:5]
    assert readers.seen["old"] > 0 and readers.seen["new"] > 0, readers.seen
    assert readers.reads >= THREADS * swaps


def test_readers_while_this_process_rebuilds(tmp_path, monkeypatch, versions):
    exports, answers = versions
    db = _live_db(tmp_path, monkeypatch, exports)
    started = time.monotonic()
    with Readers(answers) as readers:
        time.sleep(0.3)
        for swap in range(SWAPS):
            build(
                db, cases=exports["new" if swap % 2 == 0 else "old"], sessions=[SESSIONS_SMALL], shipped=True
            )
            time.sleep(0.05)
    _report("in-process rebuilds", readers, SWAPS, time.monotonic() - started)


def test_readers_while_another_process_rebuilds(tmp_path, monkeypatch, versions):
    exports, answers = versions
    db = _live_db(tmp_path, monkeypatch, exports)
    # One process running the CLI's build SWAPS times (the same code as `python -m
    # ict_response build`, without paying the interpreter start-up 20 times).
    builds = [
        [
            "build",
            "--db",
            str(db),
            "--sessions",
            str(SESSIONS_SMALL),
            "--cases",
            *map(str, exports["new" if swap % 2 == 0 else "old"]),
        ]
        for swap in range(SWAPS)
    ]
    script = (
        "import sys, json, time\n"
        "from ict_response.cli import main\n"
        "for argv in json.loads(sys.argv[1]):\n"
        "    assert main(argv) == 0, argv\n"
        "    time.sleep(0.05)\n"
    )
    started = time.monotonic()
    with Readers(answers) as readers:
        done = subprocess.run(
            [sys.executable, "-c", script, json.dumps(builds)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.count("Built ") == SWAPS
    _report("rebuilds by another process", readers, SWAPS, time.monotonic() - started)
