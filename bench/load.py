"""Many readers at once: N real sessions of the served app, each speaking Streamlit's own
websocket protocol (the BackMsg and ForwardMsg messages a browser sends and receives), through
a reader's typical path, at several levels of concurrency; then a publish under load.

    python bench/load.py [--sessions 10,25,50,100] [--replicas N] [--cases N] [--think SECONDS]
                         [--publish-sessions 25] [--preview-rows 200000] [--preview-sessions 25]
                         [--settle SECONDS] [--out bench/load.json] [--workdir DIR]

The path of one reader: open the Overview; filter by an ITU region, then add a topic; open
Action Lines, Regions and Cases; download the Cases page's CSV. Each reader picks its region
and topic from a seeded random draw (so the result cache is not hot for everyone), starts within
the first two seconds and waits a random think time (default 2.5-7.5 s) between clicks. An
interaction is timed from the message leaving the client to the server's "script finished"
(for the download: the HTTP GET of the file). An error is a run that does not finish
successfully, an exception drawn on the page, a refused file or a broken connection.

With --replicas N the app runs as N replicas behind HAProxy (ict_response/replicas.py) and
the figures are those of every replica and the proxy together.

Memory is the server's resident set (/proc) before each level, with every reader of the level
connected and idle after its path, and after the last level once the readers have closed and
the server has dropped their sessions (the server is started with a disconnected-session TTL
of 10 s instead of 120 s so that this happens within the run). CPU is the server's CPU time
over the level's wall time, in cores.

The publish check: `--publish-sessions` readers loop over the path while a build swaps a new
database (more cases) in under them. Every Overview run must show one database: the "Cases"
figure and the n of every chart of cases equal, and equal to the old or the new total.

The preview check: `--preview-sessions` readers through the path twice, alone and while the
Data page's worker previews a `--preview-rows` export again and again; the ratio of the two
p95s is how much a steward's upload slows everyone else.

Benchmarks are not tests: the exit status is 0 whatever the figures; 1 only when the load test
itself could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "tests"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from served_app import free_port, serve_process  # noqa: E402
from streamlit_client import Run, Session  # noqa: E402

from ict_response import imports  # noqa: E402
from ict_response.db import connect_readonly  # noqa: E402
from ict_response.errors import UserError  # noqa: E402
from ict_response.replicas import running as replicas_running  # noqa: E402

TARGET_P95_S = 1.5
TARGET_SESSIONS = 50
TARGET_IDLE_MB = 30.0
SESSION_TTL_S = 10
REGIONS = ["Africa", "Americas", "Arab States", "Asia-Pacific", "CIS", "Europe"]
TOPICS = ["health", "learning", "work", "connectivity", "digital_government", "ecommerce", "data_ai"]


@dataclass
class Reader:
    """One session: its interactions' times and errors, and the Overview runs it saw."""

    times: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    overviews: list[Run] = field(default_factory=list)

    def record(self, label: str, seconds: float, error: str = "") -> None:
        self.times.setdefault(label, []).append(seconds)
        if error:
            self.errors.append(f"{label}: {error}")


def mixed(run: Run) -> str:
    """'' when every figure of cases on an Overview run comes from one database."""
    shown = run.metrics.get("Cases", "")
    total = int(shown.replace(",", "")) if shown.replace(",", "").isdigit() else None
    if total is None:
        return "no Cases figure"
    others = sorted({n for n in run.chart_ns if n != total})
    return f"Cases {total:,} but charts say n = {others}" if others else ""


async def reader_path(
    base_url: str, rng: random.Random, think: tuple[float, float], reader: Reader, start_within: float = 0.0
) -> None:
    """One reader's typical path; stays connected (idle) until cancelled by the caller."""
    region, topic = rng.choice(REGIONS), rng.choice(TOPICS)
    one = f"region={region.replace(' ', '+')}"
    two = f"{one}&topic={topic}"
    steps = [
        ("open Overview", "", ""),
        ("filter by region", "", one),
        ("add a topic", "", two),
        ("open Action Lines", "action-lines", two),
        ("open Regions", "regions", two),
        ("open Cases", "cases", two),
    ]
    await asyncio.sleep(rng.uniform(0.0, start_within))
    try:
        async with Session(base_url) as session:
            download_url = ""
            for label, page, query in steps:
                await asyncio.sleep(rng.uniform(*think))
                run = await session.open(page, query)
                reader.record(label, run.seconds, run.error)
                if page == "":
                    reader.overviews.append(run)
                download_url = run.download_url or download_url
            await asyncio.sleep(rng.uniform(*think))
            if download_url:
                seconds, error = await session.download(download_url)
                reader.record("download CSV", seconds, error)
            else:
                reader.record("download CSV", 0.0, "no CSV download on the Cases page")
            await asyncio.Event().wait()  # idle, connected, until the level ends
    except asyncio.CancelledError:
        raise
    except Exception as e:  # a broken connection is an error of this reader, not of the run
        reader.errors.append(f"connection: {type(e).__name__}: {e}")


# ----------------------------------------------------------------------------- server


def rss_mb(pids: list[int]) -> float:
    """The servers' resident memory together (one, or every replica and the proxy)."""
    total = 0.0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
    return total


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def level(base_url: str, pids: list[int], n: int, seed: int, think: tuple[float, float]) -> dict:
    """N readers through the path at once; figures for the table."""
    rss_before = rss_mb(pids)
    cpu_before, wall_before = cpu_seconds(pids), time.perf_counter()
    readers = [Reader() for _ in range(n)]
    rngs = [random.Random(f"{seed}-{n}-{i}") for i in range(n)]
    tasks = []
    for reader, rng in zip(readers, rngs, strict=True):
        tasks.append(asyncio.create_task(reader_path(base_url, rng, think, reader, start_within=2.0)))
    steps = 7
    deadline = time.perf_counter() + 600
    while time.perf_counter() < deadline:
        done = sum(sum(len(v) for v in r.times.values()) >= steps or bool(r.errors) for r in readers)
        if done == n:
            break
        await asyncio.sleep(0.2)
    wall = time.perf_counter() - wall_before
    cpu = cpu_seconds(pids) - cpu_before
    await asyncio.sleep(1.0)  # idle, connected
    rss_idle = rss_mb(pids)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    times = [t for r in readers for v in r.times.values() for t in v]
    by_step: dict[str, list[float]] = {}
    for r in readers:
        for label, values in r.times.items():
            by_step.setdefault(label, []).extend(values)
    errors = [e for r in readers for e in r.errors]
    mixes = [m for r in readers for run in r.overviews if (m := mixed(run))]
    return {
        "sessions": n,
        "interactions": len(times),
        "p50_s": statistics.median(times) if times else float("nan"),
        "p95_s": percentile(times, 0.95),
        "max_s": max(times) if times else float("nan"),
        "p95_by_step_s": {k: percentile(v, 0.95) for k, v in by_step.items()},
        "errors": len(errors),
        "error_examples": errors[:5],
        "mixed_runs": len(mixes),
        "mixed_examples": mixes[:3],
        "server_cpu_cores": cpu / wall if wall else float("nan"),
        "wall_s": wall,
        "rss_before_mb": rss_before,
        "rss_idle_mb": rss_idle,
        "mb_per_idle_session": (rss_idle - rss_before) / n,
    }


async def publish_under_load(
    base_url: str, n: int, seed: int, think: tuple[float, float], db: Path, new_exports: list[Path]
) -> dict:
    """N readers loop over the Overview while a build swaps a new database in."""
    readers = [Reader() for _ in range(n)]
    stop = asyncio.Event()

    async def loop(reader: Reader, rng: random.Random) -> None:
        try:
            async with Session(base_url) as session:
                while not stop.is_set():
                    await asyncio.sleep(rng.uniform(*think))
                    run = await session.open("", "")
                    reader.record("open Overview", run.seconds, run.error)
                    reader.overviews.append(run)
        except Exception as e:
            reader.errors.append(f"connection: {type(e).__name__}: {e}")

    tasks = [
        asyncio.create_task(loop(r, random.Random(f"{seed}-publish-{i}"))) for i, r in enumerate(readers)
    ]
    await asyncio.sleep(5)
    started = time.perf_counter()
    build = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "ict_response", "build", "--db", str(db), "--cases", str(new_exports[0])]
        + ["--sessions", str(new_exports[1]), "--wait", "120"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    build_s = time.perf_counter() - started
    await asyncio.sleep(8)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    totals = [r.metrics.get("Cases", "") for reader in readers for r in reader.overviews]
    mixes = [m for reader in readers for run in reader.overviews if (m := mixed(run))]
    times = [t for r in readers for v in r.times.values() for t in v]
    return {
        "sessions": n,
        "build_ok": build.returncode == 0,
        "build_error": build.stderr[-500:] if build.returncode else "",
        "build_s": build_s,
        "overview_runs": len(totals),
        "totals_seen": {t: totals.count(t) for t in sorted(set(totals))},
        "mixed_runs": len(mixes),
        "mixed_examples": mixes[:3],
        "errors": sum(len(r.errors) for r in readers),
        "error_examples": [e for r in readers for e in r.errors][:5],
        "p95_s": percentile(times, 0.95),
    }


async def readers_during_previews(
    base_url: str, pids: list[int], n: int, seed: int, think: tuple[float, float], db: Path, export: Path
) -> dict:
    """N readers through the path twice, the same readers both times: alone, then while a
    steward's previews of a large export run one after another in the worker process the
    Data page uses (ict_response/isolated.py). The factor is how much slower the readers are."""
    alone = await level(base_url, pids, n, seed, think)
    stop, previews, failures = asyncio.Event(), [], []

    def preview_once() -> None:
        started = time.perf_counter()
        try:
            imports.preview_isolated(db, "cases", export, file_name=export.name)
            previews.append(time.perf_counter() - started)
        except UserError as e:
            failures.append(str(e))

    async def keep_previewing() -> None:
        while not stop.is_set():
            await asyncio.to_thread(preview_once)

    worker = asyncio.create_task(keep_previewing())
    await asyncio.sleep(2.0)  # the first preview is under way
    during = await level(base_url, pids, n, seed, think)
    stop.set()
    await worker
    return {
        "sessions": n,
        "export_rows": sum(1 for _ in csv.reader(export.open(encoding="utf-8", newline=""))) - 1,
        "previews_done": len(previews),
        "preview_s": statistics.median(previews) if previews else float("nan"),
        "preview_failures": failures[:3],
        "p95_alone_s": alone["p95_s"],
        "p95_during_s": during["p95_s"],
        "factor": during["p95_s"] / alone["p95_s"] if alone["p95_s"] else float("nan"),
        "errors": alone["errors"] + during["errors"],
    }


# ----------------------------------------------------------------------------- main


def cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "ict_response", *args], cwd=ROOT, check=True, capture_output=True)


def prepare(workdir: Path, cases: int | None) -> tuple[Path, list[Path]]:
    """The served database (the shipped sample, or `cases` synthetic cases) and the exports of
    the larger one published under load."""
    db = workdir / "load.duckdb"
    if cases:
        cli("sample", "--out", str(workdir / "old"), "--cases", str(cases), "--sessions", str(cases // 10))
        old = workdir / "old"
        cli(
            "build",
            "--db",
            str(db),
            "--cases",
            str(old / "cases.csv"),
            "--sessions",
            str(old / "sessions.csv"),
        )
    else:
        cli("build", "--sample", "--db", str(db))
    connection = connect_readonly(db)
    try:
        bigger = connection.execute("SELECT count(*) FROM cases").fetchone()[0] + 1000  # type: ignore[index]
    finally:
        connection.close()
    new = workdir / "new"
    cli("sample", "--out", str(new), "--cases", str(bigger), "--sessions", str(bigger // 10), "--seed", "7")
    return db, [new / "cases.csv", new / "sessions.csv"]


def preview_export(workdir: Path, rows: int) -> Path:
    """A large cases export for the steward's previews."""
    out = workdir / "preview"
    if not (out / "cases.csv").exists():
        cli("sample", "--out", str(out), "--cases", str(rows), "--sessions", "10", "--seed", "11")
    return out / "cases.csv"


def table(levels: list[dict]) -> str:
    lines = [
        "| Sessions | Interactions | p50 s | p95 s | max s | Errors | Mixed | Server CPU (cores) "
        "| RSS idle MB | MB per idle session |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in levels:
        lines.append(
            f"| {r['sessions']} | {r['interactions']} | {r['p50_s']:.2f} | {r['p95_s']:.2f} "
            f"| {r['max_s']:.2f} "
            f"| {r['errors']} | {r['mixed_runs']} | {r['server_cpu_cores']:.2f} | {r['rss_idle_mb']:.0f} "
            f"| {r['mb_per_idle_session']:.1f} |"
        )
    return "\n".join(lines)


@contextmanager
def served(replicas: int, db: Path) -> Iterator[tuple[str, list[int], list[str]]]:
    """The app's URL, the processes serving it and the URLs to warm up: one server, or N
    replicas behind HAProxy (ict_response/replicas.py), the URL then being the proxy's."""
    ttl = ("--server.disconnectedSessionTTL", str(SESSION_TTL_S))
    if replicas <= 1:
        with serve_process(db, *ttl) as (url, pid):
            yield url, [pid], [url]
        return
    with replicas_running(replicas, free_port(), db, extra_args=ttl) as running:
        yield running.url, [p.pid for p in running.processes], running.replica_urls


async def main_async(args: argparse.Namespace, workdir: Path) -> dict:
    db, new_exports = prepare(workdir, args.cases)
    think = (args.think * 0.5, args.think * 1.5)
    with served(args.replicas, db) as (base_url, pids, warm_urls):
        # Warm up each server as its first visitor would: imports, map shapes, first queries.
        for url in warm_urls:
            warm = Reader()
            warm_task = asyncio.create_task(reader_path(url, random.Random(0), (0.0, 0.0), warm))
            while sum(len(v) for v in warm.times.values()) < 7 and not warm.errors:
                await asyncio.sleep(0.2)
            warm_task.cancel()
            await asyncio.gather(warm_task, return_exceptions=True)
        rss_start = rss_mb(pids)
        levels = []
        for n in args.sessions:
            print(f"{n} sessions…", file=sys.stderr, flush=True)
            levels.append(await level(base_url, pids, n, args.seed, think))
        await asyncio.sleep(args.settle)  # the server drops the closed sessions
        rss_after = rss_mb(pids)
        publish = None
        if args.publish_sessions:
            print(f"publish under {args.publish_sessions} sessions…", file=sys.stderr, flush=True)
            publish = await publish_under_load(
                base_url, args.publish_sessions, args.seed, think, db, new_exports
            )
        previews = None
        if args.preview_rows:
            print(f"{args.preview_sessions} sessions during previews…", file=sys.stderr, flush=True)
            export = preview_export(workdir, args.preview_rows)
            previews = await readers_during_previews(
                base_url, pids, args.preview_sessions, args.seed, think, db, export
            )
    return {
        "levels": levels,
        "rss_start_mb": rss_start,
        "rss_after_close_mb": rss_after,
        "publish": publish,
        "previews": previews,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default="10,25,50,100", help="concurrency levels, comma-separated")
    parser.add_argument(
        "--cases", type=int, default=None, help="synthetic cases (default: the shipped sample)"
    )
    parser.add_argument(
        "--think", type=float, default=5.0, help="mean think time between clicks, seconds (half to 1.5x)"
    )
    parser.add_argument(
        "--publish-sessions", type=int, default=25, help="readers during the publish (0: skip)"
    )
    parser.add_argument(
        "--preview-rows",
        type=int,
        default=200_000,
        help="rows of the export previewed while readers click (0: skip)",
    )
    parser.add_argument("--preview-sessions", type=int, default=25, help="readers during the previews")
    parser.add_argument(
        "--replicas", type=int, default=1, help="serve with N replicas behind HAProxy (make serve-replicas)"
    )
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument(
        "--settle",
        type=float,
        default=SESSION_TTL_S + 20,
        help="seconds between the last reader closing and the memory reading after close",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "load.json")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    args.sessions = [int(s) for s in args.sessions.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="ict-load-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        try:
            results = asyncio.run(main_async(args, workdir))
        except (RuntimeError, subprocess.CalledProcessError, OSError) as e:
            print(f"The load test could not run: {e}", file=sys.stderr)
            return 1
    results.update(
        {
            "cores": os.cpu_count(),
            "load_before": os.getloadavg(),
            "think_s": args.think,
            "data": f"{args.cases:,} synthetic cases" if args.cases else "the shipped sample",
            "replicas": args.replicas,
        }
    )
    levels = results["levels"]
    servers = f"{args.replicas} replicas behind HAProxy" if args.replicas > 1 else "one server"
    print(
        f"Load test: {results['data']}, {servers}, think time {args.think:g} s on average, "
        f"{os.cpu_count()} cores"
    )
    print(table(levels))
    print(
        f"Server RSS: {results['rss_start_mb']:.0f} MB after warm-up, "
        f"{results['rss_after_close_mb']:.0f} MB after every reader closed"
    )
    good = [r["sessions"] for r in levels if r["p95_s"] <= TARGET_P95_S and r["errors"] == 0]
    largest = max(good) if good else 0
    print(f"Largest N with p95 <= {TARGET_P95_S} s and no errors: {largest or 'none of the levels run'}")
    publish = results["publish"]
    if publish:
        print(
            f"Publish under {publish['sessions']} readers: build {'ok' if publish['build_ok'] else 'FAILED'} "
            f"in {publish['build_s']:.1f} s; {publish['overview_runs']} Overview runs saw totals "
            f"{publish['totals_seen']}; {publish['mixed_runs']} showed a mix of two databases; "
            f"{publish['errors']} errors; p95 {publish['p95_s']:.2f} s"
        )
    previews = results["previews"]
    if previews:
        print(
            f"Readers during previews: {previews['sessions']} readers, p95 "
            f"{previews['p95_alone_s']:.2f} s alone, {previews['p95_during_s']:.2f} s while the "
            f"worker previewed a {previews['export_rows']:,}-row export {previews['previews_done']} "
            f"times ({previews['preview_s']:.1f} s each): {previews['factor']:.2f}x; "
            f"{previews['errors']} errors"
            + (f"; refused: {previews['preview_failures'][0]}" if previews["preview_failures"] else "")
        )
    at_target = next((r for r in levels if r["sessions"] == TARGET_SESSIONS), None)
    if at_target:
        holds = at_target["p95_s"] <= TARGET_P95_S and at_target["errors"] == 0
        print(
            f"Target: {TARGET_SESSIONS} sessions at p95 <= {TARGET_P95_S} s with no errors: "
            f"{'holds' if holds else 'MISSED'} (p95 {at_target['p95_s']:.2f} s, {at_target['errors']} errors)"
        )
        idle_ok = at_target["mb_per_idle_session"] <= TARGET_IDLE_MB
        print(
            f"Target: memory per idle session <= {TARGET_IDLE_MB:g} MB: {'holds' if idle_ok else 'MISSED'} "
            f"({at_target['mb_per_idle_session']:.1f} MB)"
        )
    args.out.write_text(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
