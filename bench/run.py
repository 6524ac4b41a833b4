"""Benchmark of issue 5, in one run: build, named queries, pages and memory, side by side.

    python bench/run.py --sizes 10000,100000,1000000 [--reps N] [--out bench/results.json]
                        [--workdir DIR] [--keep] [--pages all|overview,sdgs] [--queries all|a,b]
                        [--targets]

Per size: synthetic exports by `ict-response sample` (sessions at a tenth of the cases), a
timed `ict-response build` subprocess (wall time, rows/s, peak RSS of that one child via
wait4) beside DuckDB's bare `read_csv` of the same cases file (the floor); every named query
with no filter and with the typical filter set, through the project runner, through raw
DuckDB on the same SQL and parameters, and (for some questions) through an independent pandas
implementation, the answers compared; every page through AppTest (cold and warm); the result
cache across 100 filter changes. The shipped sample database is built too, for the
sample-size page target. And the replication finder's recall@5 on each labelled set
(bench/replication_eval.py), against its target of 0.85 (`--no-recall` leaves it out,
`--recall-sets dev` measures one set).

Benchmarks are not tests: a missed target never changes the exit status. The exit status is
1 only when two implementations of the same question disagree (a wrong answer, not a slow
one). Figures go to the printed table and to --out (JSON).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402

from ict_response import queries  # noqa: E402
from ict_response.db import connect_readonly  # noqa: E402
from ict_response.filters import Filters  # noqa: E402
from ict_response.pages import PAGES  # noqa: E402
from ict_response.replication import mark_gaps  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import replication_eval  # noqa: E402

# The typical filter set of the issue: two action lines, one region, a text search.
TYPICAL = ["action_line=C7-EHEALTH,C4", "region=Africa", "q=health"]
# The replication finder's: a need as a delegate types it; cases like a case, anywhere.
NEED = "text message reminders for vaccine appointments"
# Queries with targets of their own (the replication finder's), not the every-query one.
OWN_TARGETS = {"practice_find": 300.0, "similar_cases": 150.0, "replication_candidates": 200.0}
# What each is, in the target's words. The cases to copy into a gap are what a click on the
# replication map lists, so they are held to the map's 200 ms.
OWN_TARGET_NAMES = {
    "practice_find": "find a need",
    "similar_cases": "cases like this one",
    "replication_candidates": "cases to copy into a gap of the map",
}
MAP_TARGET_MS = 200.0  # the replication map, unfiltered: its query, then its gaps marked
# The sidebar's search of several words: the typical filters with these words for q, timed on
# the queries a page shows first (the headline figures, a chart, the case list).
WORDS = "contact tracing app"
WORDS_QUERIES = ("headline_figures", "cases_by_region", "case_list")
WORDS_TARGET_MS = 150.0
INDEX_STEP = "indexing practices for the replication finder"  # its progress message in db.build
# The step after it: writing every table to disk, the index's among them (shown beside it).
SAVE_STEP = "saving the database"


PAGE_FILES = {page.name: page.file for page in PAGES}
MEMORY_CHANGES = 100
# Timed runs per query stop early once a query has used its time budget (at least MIN_REPS).
MIN_REPS = 10
# Flat = the cache holds no more than its bound and RSS grows by at most this much over the
# second half of the filter changes (the cache is full by then; any steady growth is a leak).
MEMORY_FLAT_MB = 32.0

TARGETS = {
    "query_p95_ms": 150.0,
    "overhead": 1.25,
    "speedup": 10.0,
    "build_s": 60.0,
    "build_ratio": 15.0,
    "build_peak_mb": 4096.0,
    "page_s_1m": 2.0,
    "page_s_sample": 0.7,
}
RECALL_TARGET = 0.85  # the replication finder's, on each labelled set (issue: replication finder)


# ---------------------------------------------------------------------------- helpers


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of a non-empty list."""
    xs = sorted(values)
    if len(xs) == 1:
        return xs[0]
    k = (len(xs) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def summary_ms(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(samples, 50) * 1000, 3),
        "p95_ms": round(percentile(samples, 95) * 1000, 3),
        "n": len(samples),
    }


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "ict_response", *args]


def run_child(cmd: list[str], out_file: Path) -> dict:
    """Run one subprocess; wall time and peak RSS of exactly that child (os.wait4)."""
    with open(out_file, "wb") as out, open(out_file.with_suffix(".err"), "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(
            f"{' '.join(cmd)} exited {proc.returncode}: {out_file.with_suffix('.err').read_text()[-2000:]}"
        )
    return {
        "wall_s": wall,
        "peak_rss_mb": usage.ru_maxrss / 1024,  # ru_maxrss is KiB on Linux
        "user_s": usage.ru_utime,
        "sys_s": usage.ru_stime,
    }


def frames_equal(a: pd.DataFrame, b: pd.DataFrame) -> str | None:
    """None when equal, else the first difference in words."""
    try:
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    except AssertionError as e:
        return str(e).splitlines()[0][:300] + " | " + " ".join(str(e).split())[:300]
    return None


# ---------------------------------------------------------------------------- build


def prepare_exports(workdir: Path, size: int, seed: int, keep: bool) -> dict:
    folder = workdir / f"exports-{size}"
    cases, sessions = folder / "cases.csv", folder / "sessions.csv"
    if keep and cases.is_file() and sessions.is_file():
        return {"dir": str(folder), "generated_s": None, "reused": True}
    folder.mkdir(parents=True, exist_ok=True)
    wall, _ = timed(
        lambda: subprocess.run(
            cli(
                "sample",
                "--out",
                str(folder),
                "--cases",
                str(size),
                "--sessions",
                str(max(1, size // 10)),
                "--seed",
                str(seed),
            ),
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
    )
    return {"dir": str(folder), "generated_s": round(wall, 2), "reused": False}


def bench_build(workdir: Path, size: int, db: Path) -> dict:
    folder = workdir / f"exports-{size}"
    cases, sessions = folder / "cases.csv", folder / "sessions.csv"
    db.unlink(missing_ok=True)
    child = run_child(
        cli("build", "--cases", str(cases), "--sessions", str(sessions), "--db", str(db), "--json"),
        workdir / f"build-{size}.json",
    )
    report = json.loads((workdir / f"build-{size}.json").read_text())
    rows = int(report["cases"]["rows_read"]) + int(report["sessions"]["rows_read"])

    # The floor: DuckDB's bare read of the same cases file into a table of a database file.
    floor_db = workdir / f"floor-{size}.duckdb"
    floor_db.unlink(missing_ok=True)
    con = duckdb.connect(str(floor_db))
    try:
        floor_s, _ = timed(
            lambda: con.execute(
                "CREATE TABLE t AS SELECT * FROM read_csv($path, all_varchar = true)", {"path": str(cases)}
            )
        )
        floor_rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
    finally:
        con.close()
        floor_db.unlink(missing_ok=True)
        floor_db.with_suffix(".duckdb.wal").unlink(missing_ok=True)
    return {
        "wall_s": round(child["wall_s"], 3),
        "reported_s": report.get("seconds"),
        "peak_rss_mb": round(child["peak_rss_mb"], 1),
        "cpu_s": round(child["user_s"] + child["sys_s"], 2),
        "cases_rows_read": int(report["cases"]["rows_read"]),
        "cases_records": int(report["cases"]["records"]),
        "sessions_rows_read": int(report["sessions"]["rows_read"]),
        "rows_per_s": round(rows / child["wall_s"]),
        "cases_file_mb": round(cases.stat().st_size / 2**20, 1),
        "read_csv_s": round(floor_s, 3),
        "read_csv_rows": int(floor_rows),
        "ratio": round(child["wall_s"] / floor_s, 2),
        "steps": report.get("steps", {}),
    }


# ---------------------------------------------------------------------------- pandas


class Tables:
    """DataFrames loaded once from the built database: what an analyst starts from."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        def load(table: str) -> pd.DataFrame:
            return con.execute(f"SELECT * FROM {table}").df()  # fixed table names only

        self.cases = load("cases")
        self.sessions = load("sessions")
        self.action_lines = load("action_lines")
        self.sdgs = load("sdgs")
        self.countries = load("countries")


def _has_any(column: pd.Series, values) -> pd.Series:
    """Rows whose list shares a value with `values` (explode, isin, back to rows)."""
    exploded = column.explode()
    return exploded.isin(list(values)).groupby(level=0).any().reindex(column.index, fill_value=False)


def _contains(column: pd.Series, needle: str) -> pd.Series:
    return column.fillna("").str.lower().str.contains(needle.lower(), regex=False)


def _keep(frame: pd.DataFrame, f: Filters, date_column: str, texts) -> pd.Series:
    """The filters cases and sessions share: action lines, SDGs, topics, dates, and the search
    in the columns `texts()` returns (made only when there is a search)."""
    keep = pd.Series(True, index=frame.index)
    if f.action_line:
        keep &= _has_any(frame["action_line_match"], f.action_line)
    if f.sdg:
        keep &= _has_any(frame["sdgs"], f.sdg)
    if f.topic:
        keep &= _has_any(frame["topics"], f.topic)
    if f.date_from:
        keep &= frame[date_column] >= pd.Timestamp(f.date_from)
    if f.date_to:
        keep &= frame[date_column] <= pd.Timestamp(f.date_to)
    if f.q:  # every word of the search (a phrase in double quotes: as written), anywhere
        q = f.q
        terms = [q[1:-1]] if len(q) >= 2 and q[0] == q[-1] == '"' else [w for w in q.split(" ") if w]
        columns = texts()
        for term in terms:
            found = pd.Series(False, index=frame.index)
            for text in columns:
                found |= _contains(text, term)
            keep &= found
    return keep


def pd_filter_cases(t: Tables, f: Filters) -> pd.DataFrame:
    c = t.cases
    keep = _keep(c, f, "reference_date", lambda: [c["title"], c["organisation"], c["description"]])
    if f.region:
        col = "itu_regions" if f.region_scheme != "m49" else None
        by_list = (
            _has_any(c[col], f.region)
            if col
            else _has_any(c["m49_regions"], f.region) | _has_any(c["m49_subregions"], f.region)
        )
        keep &= c["scope"].isin(f.region) | by_list
    if f.country:
        keep &= _has_any(c["countries"], f.country)
    if f.entity_type:
        keep &= c["entity_type"].isin(f.entity_type)
    if f.collection:
        keep &= c["collection"].isin(f.collection)
    return c[keep]


def pd_filter_sessions(t: Tables, f: Filters) -> pd.DataFrame:
    w = t.sessions

    def texts():
        organisers = w["organisers"].map(lambda xs: " ".join(xs) if xs is not None else "")
        return [w["title"], organisers, w["description"]]

    return w[_keep(w, f, "held_on", texts)]


def _pairs(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Distinct (case_id, value) pairs of one list column."""
    return frame[["case_id", column]].explode(column).dropna().drop_duplicates()


def pd_cases_by_action_line(t: Tables, f: Filters) -> pd.DataFrame:
    counts = _pairs(pd_filter_cases(t, f), "action_lines")["action_lines"].value_counts()
    codes = t.action_lines["code"]
    return pd.DataFrame({"key": codes.to_numpy(), "cases": counts.reindex(codes, fill_value=0).to_numpy()})


def pd_cases_by_sdg(t: Tables, f: Filters) -> pd.DataFrame:
    pairs = _pairs(pd_filter_cases(t, f), "sdgs")
    counts = pairs["sdgs"].astype(int).value_counts()
    goals = t.sdgs["sdg"]
    return pd.DataFrame({"key": goals.to_numpy(), "cases": counts.reindex(goals, fill_value=0).to_numpy()})


def pd_action_line_sdg_matrix(t: Tables, f: Filters) -> pd.DataFrame:
    cases = pd_filter_cases(t, f)[["case_id", "action_lines", "sdgs"]]
    pairs = cases.explode("action_lines").explode("sdgs").dropna().drop_duplicates()
    pairs["sdgs"] = pairs["sdgs"].astype(int)
    counts = pairs.groupby(["action_lines", "sdgs"]).size()
    grid = pd.MultiIndex.from_product([t.action_lines["code"], t.sdgs["sdg"]])
    counts = counts.reindex(grid, fill_value=0)
    return pd.DataFrame({"key": [f"{a}|{s}" for a, s in counts.index], "cases": counts.to_numpy()})


def pd_places(t: Tables, f: Filters) -> pd.DataFrame:
    """The countries inside the chosen places (iso3, region), as selected_places gives them."""
    k = t.countries
    ref = "m49_region" if f.region_scheme == "m49" else "itu_region"
    keep = pd.Series(True, index=k.index)
    chosen = [r for r in f.region if r not in ("Global", "Regional")]
    if chosen:
        keep &= k[ref].isin(chosen) | ((f.region_scheme == "m49") & k["m49_subregion"].isin(chosen))
    if f.country:
        keep &= k["iso3"].isin(f.country)
    return k.loc[keep, ["iso3", ref]].rename(columns={ref: "region"})


def _named(cases: pd.DataFrame) -> pd.DataFrame:
    """(case_id, iso3) for every country a case names."""
    return cases[["case_id", "countries"]].explode("countries").dropna().rename(columns={"countries": "iso3"})


def pd_cases_by_region(t: Tables, f: Filters) -> pd.DataFrame:
    cases = pd_filter_cases(t, f)
    places = pd_places(t, f)
    located = _named(cases).merge(places, on="iso3")[["case_id", "region"]].drop_duplicates()
    counts = located["region"].value_counts()
    regions = places["region"].dropna().unique()
    by_region = counts.reindex(regions, fill_value=0)
    scopes = cases.loc[cases["scope"].isin(["Global", "Regional", "Unspecified"]), "scope"].value_counts()
    keys = [f"region|{r}" for r in by_region.index] + [f"scope|{s}" for s in scopes.index]
    return pd.DataFrame({"key": keys, "cases": list(by_region.to_numpy()) + list(scopes.to_numpy())})


def pd_headline_figures(t: Tables, f: Filters) -> pd.DataFrame:
    cases = pd_filter_cases(t, f)
    sessions = pd_filter_sessions(t, f)
    named = _named(cases)
    inside = named["iso3"].isin(pd_places(t, f)["iso3"])
    lines = cases["action_lines"].explode().dropna()
    figures = {
        "cases": len(cases),
        "countries": named.loc[inside, "iso3"].nunique(),
        "organisations": cases["organisation"].dropna().str.lower().nunique(),
        "action_lines_covered": lines[lines != "C7"].nunique(),
        "cases_c7_only": int(
            cases["action_lines"].map(lambda a: "C7" in a and not any(x.startswith("C7-") for x in a)).sum()
        ),
        "sessions": len(sessions),
        "covid_sessions": int(sessions["covid_related"].fillna(False).astype(bool).sum()),
        "cases_also_elsewhere": named.loc[~inside, "case_id"].nunique(),
    }
    return pd.DataFrame({"key": list(figures), "cases": list(figures.values())})


# How each query's frame reads as (key, count) rows, to compare with the pandas answer.
def _q_action_line(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"key": df["action_line"], "cases": df["cases"]})


def _q_sdg(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"key": df["sdg"], "cases": df["cases"]})


def _q_matrix(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"key": df["action_line"] + "|" + df["sdg"].astype(str), "cases": df["cases"]})


def _q_region(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"key": df["kind"] + "|" + df["region"], "cases": df["cases"]})


def _q_headline(df: pd.DataFrame) -> pd.DataFrame:
    row = df.iloc[0]
    return pd.DataFrame({"key": list(df.columns), "cases": [row[c] for c in df.columns]})


PANDAS = {
    "action_line_sdg_matrix": (pd_action_line_sdg_matrix, _q_matrix),
    "cases_by_action_line": (pd_cases_by_action_line, _q_action_line),
    "cases_by_sdg": (pd_cases_by_sdg, _q_sdg),
    "cases_by_region": (pd_cases_by_region, _q_region),
    "headline_figures": (pd_headline_figures, _q_headline),
}


def same_counts(query_frame: pd.DataFrame, pandas_frame: pd.DataFrame, name: str) -> str | None:
    """Compare (key, count) rows, both sorted by key; None when equal."""
    as_rows = PANDAS[name][1]

    def norm(df: pd.DataFrame) -> list[tuple[str, int]]:
        return sorted((str(k), int(v)) for k, v in zip(df["key"], df["cases"], strict=True))

    a, b = norm(as_rows(query_frame)), norm(pandas_frame)
    if a == b:
        return None
    diff = [(x, y) for x, y in zip(a, b, strict=False) if x != y][:3]
    return f"{len(a)} vs {len(b)} rows; first differences (query, pandas): {diff}"


# ---------------------------------------------------------------------------- queries


def query_params(con: duckdb.DuckDBPyConnection, name: str, filters: Filters) -> dict:
    """Extra parameters a query needs, with real values from the database."""
    wanted = queries.parameters_of(name)
    params: dict[str, object] = {}
    if "case_id" in wanted:
        # A case that matches the filters (and has topic evidence when there is one).
        sql, values = queries.prepare("case_list", filters, {"limit": 1, "offset": 0})
        row = con.execute(sql, values).fetchone()
        if row is None:
            row = con.execute("SELECT min(case_id) FROM cases").fetchone()
        params["case_id"] = row[0]
    if "need" in wanted:
        params["need"] = NEED
    if "scope" in wanted:
        params["scope"] = "anywhere"
    # The replication map's: the cases to copy into a gap (the largest topic, a region of its
    # own outside the typical filters' Africa), and a country's profile.
    if "gap_topic" in wanted:
        params.update(gap_topic="health", gap_region="Europe", gap_country="")
    if "profile_country" in wanted:
        params["profile_country"] = "KEN"
    if "import_id" in wanted:  # the import with the most warnings: the Data page's longest detail
        row = con.execute("SELECT import_id FROM imports ORDER BY warnings DESC, seq LIMIT 1").fetchone()
        params["import_id"] = row[0]
    return params


def bench_queries(
    db: Path, names: list[str], reps: int, pandas_reps: int, budget: float, typical: list[str]
) -> dict:
    con = connect_readonly(db)
    out: dict = {"queries": {}}
    try:
        filter_sets = {"none": Filters(), "typical": Filters.from_pairs(typical)}
        words = Filters.from_pairs([p for p in typical if not p.startswith("q=")] + [f"q={WORDS}"])
        out["typical_filters"] = filter_sets["typical"].to_query_params()
        out["typical_cases"] = int(
            queries.run(con, "headline_figures", filter_sets["typical"])["cases"].iloc[0]
        )
        load_s, tables = timed(lambda: Tables(con))
        out["pandas_load_s"] = round(load_s, 3)
        for name in names:
            out["queries"][name] = {}
            sets = {**filter_sets, "words": words} if name in WORDS_QUERIES else filter_sets
            for label, filters in sets.items():
                params = query_params(con, name, filters)
                sql, values = queries.prepare(name, filters, params)

                def runner(filters=filters, params=params, name=name):
                    return queries.run(con, name, filters, params)

                def raw(sql=sql, values=values):
                    return con.execute(sql, values).df()

                first_runner, first_raw = runner(), raw()  # warm-up, and the answers compared
                runner_t, raw_t = [], []
                started = time.perf_counter()
                for i in range(reps):  # interleaved, so load on the machine hits both alike
                    if i >= MIN_REPS and time.perf_counter() - started > budget:
                        break
                    pair = ((runner, runner_t), (raw, raw_t))
                    for fn, samples in pair if i % 2 == 0 else pair[::-1]:
                        samples.append(timed(fn)[0])
                r, w = summary_ms(runner_t), summary_ms(raw_t)
                problem = frames_equal(first_runner, first_raw)
                entry = {
                    "rows": len(first_runner),
                    "params": {k: v for k, v in params.items()},
                    "runner": r,
                    "raw": w,
                    "overhead": round(r["p50_ms"] / w["p50_ms"], 3) if w["p50_ms"] else None,
                    # Runs i of runner and raw are adjacent in time: their ratio and difference
                    # cancel most of the machine's load swings.
                    "overhead_paired": round(
                        statistics.median(a / b for a, b in zip(runner_t, raw_t, strict=True)), 3
                    ),
                    "overhead_ms": round(
                        statistics.median((a - b) * 1000 for a, b in zip(runner_t, raw_t, strict=True)), 3
                    ),
                    "runner_raw_agree": problem is None,
                }
                if problem:
                    entry["runner_raw_difference"] = problem
                if name == "topic_by_region":  # the replication map marks its gaps in pandas
                    entry["gaps"] = summary_ms(
                        [timed(lambda m=first_runner: mark_gaps(m))[0] for _ in range(MIN_REPS)]
                    )
                if name in PANDAS:
                    fn = PANDAS[name][0]
                    answer = fn(tables, filters)  # warm-up
                    samples = [
                        timed(lambda fn=fn, f=filters, t=tables: fn(t, f))[0] for _ in range(pandas_reps)
                    ]
                    p = summary_ms(samples)
                    problem = same_counts(first_runner, answer, name)
                    entry["pandas"] = p
                    entry["speedup"] = round(p["p50_ms"] / r["p50_ms"], 1) if r["p50_ms"] else None
                    entry["pandas_agree"] = problem is None
                    if problem:
                        entry["pandas_difference"] = problem
                out["queries"][name][label] = entry
    finally:
        con.close()
    return out


# ---------------------------------------------------------------------------- pages, memory


def worker_pages(db: str, pages: list[str]) -> dict:
    """In a fresh process: each page through AppTest, cold (caches cleared) then warm, in
    English; the queries the same page runs when reopened in French (none: results are cached
    for every language); and the page cold in Arabic (names localised, charts mirrored)."""
    os.environ["ICT_RESPONSE_DB"] = db
    import logging

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from ict_response.ui import data

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    entry = str(ROOT / "dashboard.py")
    ran: list[str] = []  # every query the app actually ran (a cache miss)
    run_query = data.Reader.run

    def counted(self: data.Reader, name: str, filters: object, params: dict) -> object:
        ran.append(name)
        return run_query(self, name, filters, params)  # type: ignore[arg-type]

    data.Reader.run = counted  # type: ignore[method-assign,assignment]

    def opened(page: str, lang: str = "en") -> tuple[float, AppTest]:
        at = AppTest.from_file(entry, default_timeout=600)
        if lang != "en":
            at.query_params["lang"] = lang
        seconds, _ = timed(lambda: at.switch_page(PAGE_FILES[page]).run())
        return seconds, at

    # Untimed: imports (plotly, pandas, streamlit elements) happen once per process.
    AppTest.from_file(entry, default_timeout=600).run()
    results = {}
    for page in pages:
        st.cache_data.clear()
        st.cache_resource.clear()
        cold, at = opened(page)
        warm, _ = timed(lambda at=at: at.run())
        problem = [str(e.value)[:300] for e in at.exception]
        ran.clear()
        opened(page, "fr")
        on_switch = len(ran)
        st.cache_data.clear()
        st.cache_resource.clear()
        cold_ar, at_ar = opened(page, "ar")
        problem += [str(e.value)[:300] for e in at_ar.exception]
        results[page] = {
            "cold_s": round(cold, 3),
            "warm_s": round(warm, 3),
            "cold_ar_s": round(cold_ar, 3),
            "queries_on_switch": on_switch,
            "title": [t.value for t in at.title][:1],
            "exception": problem or None,
        }
    return results


def _cache_entries(function_name: str) -> tuple[int, int]:
    """(entries, bytes) held by one st.cache_data function in this process (Streamlit's
    per-entry memory stats of its in-memory storage)."""
    from streamlit.runtime.caching.cache_data_api import _data_caches

    entries = total = 0
    for caches in list(_data_caches._function_caches.values()):
        for cache in list(caches.values()):
            if not cache.display_name.endswith(function_name):
                continue
            for stats in cache.get_stats().values():
                entries += len(stats)
                total += sum(s.byte_length for s in stats)
    return entries, total


def worker_memory(db: str, changes: int) -> dict:
    """In a fresh process: the app's cached query path through `changes` filter changes, each
    running the questions of the Overview page, as a served session would."""
    os.environ["ICT_RESPONSE_DB"] = db
    import gc
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from ict_response import taxonomy as tx
    from ict_response.ui import data

    codes = sorted(tx.action_line_names())
    regions = sorted(tx.region_names("itu"))
    words = ["", "health", "learning", "school", "online", "covid", "data", "mobile"]
    combos = []
    for i in range(changes):
        pairs = [f"action_line={codes[i % len(codes)]}"]
        if i % 3:
            pairs.append(f"region={regions[(i // 3) % len(regions)]}")
        if words[i % len(words)]:
            pairs.append(f"q={words[(i // 2) % len(words)] or 'health'}")
        pairs.append(f"sdg={1 + i % 17}")
        combos.append(Filters.from_pairs(pairs))
    assert len(set(combos)) == changes, "every filter change is a new one"

    def page(filters: Filters) -> None:
        data.query("headline_figures", filters)
        data.query("cases_by_action_line", filters, rollup=False)
        data.query("cases_by_sdg", filters)
        data.query("cases_by_region", filters)
        data.query("cases_by_country", filters)
        data.query("cases_over_time", filters)

    page(combos[0])
    gc.collect()
    before = rss_mb()
    half = None
    start = time.perf_counter()
    for i, filters in enumerate(combos[1:], start=2):
        page(filters)
        if i == changes // 2:
            gc.collect()
            half = rss_mb()
    gc.collect()
    after = rss_mb()
    entries, cache_bytes = _cache_entries("_query")
    return {
        "changes": changes,
        "queries_per_change": 6,
        "seconds": round(time.perf_counter() - start, 2),
        "rss_before_mb": round(before, 1),
        "rss_half_mb": round(half or after, 1),
        "rss_after_mb": round(after, 1),
        "growth_mb": round(after - before, 1),
        "growth_second_half_mb": round(after - (half or after), 1),
        "cache_entries": entries,
        "cache_bound": data.RESULT_CACHE_ENTRIES,
        "cache_mb": round(cache_bytes / 2**20, 2),
        "within_bound": entries <= data.RESULT_CACHE_ENTRIES,
    }


def bench_recall(sets: list[str]) -> dict:
    """recall@5 of "cases like this one" and "find" on each of the labelled `sets`, as
    bench/replication_eval.py measures it (each set built as the dashboard builds it)."""
    out = {}
    for name in sets:
        r = replication_eval.evaluate(name)
        out[name] = {
            "groups": len(r.find),
            "cases": len(r.like),
            "like": r.like_recall,
            "find": r.find_recall,
            "languages": r.language_recall(),
            "read": replication_eval.READ[name],
        }
    return out


def run_worker(kind: str, *args: str) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, *args]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        return {"error": (done.stderr or done.stdout)[-1500:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------- report


def versions() -> dict[str, str]:
    import pyarrow
    import streamlit

    return {
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pd.__version__,
        "pyarrow": pyarrow.__version__,
        "streamlit": streamlit.__version__,
    }


def git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        return out + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return None


def changed_files() -> list[str]:
    """Tracked files that differ from the commit: the code measured is the working tree."""
    try:
        return subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
        ).stdout.splitlines()
    except OSError:
        return []


def targets(results: dict) -> list[dict]:
    """Each issue-5 target: the measured value at the reference size and holds/missed."""
    sizes = results["sizes"]
    ref = 1_000_000 if 1_000_000 in sizes else max(sizes)
    run = results["runs"][str(ref)]
    note = "" if ref == 1_000_000 else f" (measured at {ref:,}, not 1,000,000)"
    rows = []

    def add(target: str, measured, holds: bool | None, detail: str = "") -> None:
        rows.append(
            {
                "target": target + note,
                "measured": measured,
                "status": "n/a" if holds is None else ("holds" if holds else "missed"),
                "detail": detail,
            }
        )

    qs = run.get("queries", {})
    typical = {n: v["typical"] for n, v in qs.items() if "typical" in v and n not in OWN_TARGETS}
    for name, limit in OWN_TARGETS.items():
        e = qs.get(name, {}).get("typical")
        if e:
            add(
                f"{OWN_TARGET_NAMES[name]} ({name}) p95 <= {limit:.0f} ms, typical filters",
                f"{e['runner']['p95_ms']:.1f} ms",
                e["runner"]["p95_ms"] <= limit,
            )
    # The replication map: every topic by every region, so unfiltered is its heaviest.
    e = qs.get("topic_by_region", {}).get("none")
    if e and "gaps" in e:
        map_ms = e["runner"]["p95_ms"] + e["gaps"]["p95_ms"]
        add(
            f"replication map p95 <= {MAP_TARGET_MS:.0f} ms, no filters",
            f"{map_ms:.1f} ms",
            map_ms <= MAP_TARGET_MS,
            f"query {e['runner']['p95_ms']:.1f} + gaps marked {e['gaps']['p95_ms']:.1f}",
        )
    searched = {n: v["words"] for n, v in qs.items() if "words" in v}
    if searched:
        worst = max(searched, key=lambda n: searched[n]["runner"]["p95_ms"])
        p95 = searched[worst]["runner"]["p95_ms"]
        add(
            f"search of several words p95 <= {WORDS_TARGET_MS:.0f} ms, typical filters",
            f"{p95:.1f} ms (worst: {worst})",
            p95 <= WORDS_TARGET_MS,
            f"q={WORDS!r}",
        )
    if typical:
        worst = max(typical, key=lambda n: typical[n]["runner"]["p95_ms"])
        p95 = typical[worst]["runner"]["p95_ms"]
        add(
            "every query p95 <= 150 ms, typical filters",
            f"{p95:.1f} ms (worst: {worst})",
            p95 <= TARGETS["query_p95_ms"],
            f"{sum(v['runner']['p95_ms'] > 150 for v in typical.values())} over",
        )
        entries = [(n, lbl, e) for n, v in qs.items() for lbl, e in v.items()]
        total = sum(e["runner"]["p50_ms"] for _, _, e in entries) / sum(
            e["raw"]["p50_ms"] for _, _, e in entries
        )
        per = {(n, lbl): e.get("overhead_paired") or e["overhead"] for n, lbl, e in entries}
        worst = max(per, key=per.get)
        extras = [e["overhead_ms"] for _, _, e in entries if "overhead_ms" in e]
        extra = f"; median extra {statistics.median(extras):.2f} ms" if extras else ""
        # Held on all queries together: one query's ratio of two ~10-run medians of the same
        # SQL moves by tens of percent when other work shares the 2 cores.
        add(
            "runner <= 1.25x raw DuckDB",
            f"{total:.2f}x over all queries; per query median {statistics.median(per.values()):.2f}x, "
            f"worst {per[worst]:.2f}x ({'/'.join(worst)}){extra}",
            total <= TARGETS["overhead"],
        )
        for name in ("action_line_sdg_matrix", "cases_by_action_line"):
            e = typical.get(name, {})
            speed = e.get("speedup")
            add(
                f">= 10x faster than pandas: {name} (typical filters)",
                f"{speed}x" if speed is not None else "not run",
                None if speed is None else speed >= TARGETS["speedup"],
            )
    b = run.get("build")
    if b:
        add("build <= 60 s", f"{b['wall_s']:.1f} s", b["wall_s"] <= TARGETS["build_s"])
        add("build <= 15x read_csv", f"{b['ratio']:.1f}x", b["ratio"] <= TARGETS["build_ratio"])
        index_s = b.get("steps", {}).get(INDEX_STEP)
        save_s = b.get("steps", {}).get(SAVE_STEP)
        if index_s is not None:
            saved = f"; saving every table after it: {save_s:.1f} s" if save_s is not None else ""
            add(
                "replication index <= 25% of the build",
                f"{index_s:.1f} s of {b['reported_s']:.1f} s ({index_s / b['reported_s']:.0%}){saved}",
                index_s <= 0.25 * b["reported_s"],
            )
        add(
            "build peak memory <= 4 GB",
            f"{b['peak_rss_mb']:.0f} MB",
            b["peak_rss_mb"] <= TARGETS["build_peak_mb"],
        )
    pages = run.get("pages", {})
    if pages and "error" not in pages:
        worst, lang = max(
            ((p, k) for p in pages for k in ("cold_s", "cold_ar_s") if k in pages[p]),
            key=lambda pk: pages[pk[0]][pk[1]],
        )
        add(
            "every page AppTest <= 2 s, in English and in Arabic",
            f"cold {pages[worst][lang]:.2f} s (worst: {worst}{', Arabic' if lang == 'cold_ar_s' else ''})",
            pages[worst][lang] <= TARGETS["page_s_1m"],
        )
        switched = sum(e.get("queries_on_switch", 0) for e in pages.values())
        add("switching language runs no query", f"{switched} queries over {len(pages)} pages", switched == 0)
    sample = results.get("sample", {}).get("pages", {})
    if sample and "error" not in sample:
        worst, lang = max(
            ((p, k) for p in sample for k in ("cold_s", "cold_ar_s") if k in sample[p]),
            key=lambda pk: sample[pk[0]][pk[1]],
        )
        rows.append(
            {
                "target": "every page AppTest <= 0.7 s at the sample size, in English and in Arabic",
                "measured": f"cold {sample[worst][lang]:.2f} s (worst: {worst}"
                + (", Arabic)" if lang == "cold_ar_s" else ")"),
                "status": "holds" if sample[worst][lang] <= TARGETS["page_s_sample"] else "missed",
                "detail": "",
            }
        )
    for name, recall in results.get("recall", {}).items():
        for key, what in (("like", "cases like this one"), ("find", "find a need")):
            rows.append(
                {
                    "target": f"replication finder recall@5 >= {RECALL_TARGET}, {what} ({name})",
                    "measured": f"{recall[key]:.2f}",
                    "status": "holds" if recall[key] >= RECALL_TARGET else "missed",
                    "detail": "",
                }
            )
    mem = run.get("memory")
    if mem and "error" not in mem:
        flat = mem["within_bound"] and mem["growth_second_half_mb"] <= MEMORY_FLAT_MB
        add(
            f"memory flat across {mem['changes']} filter changes",
            f"+{mem['growth_mb']} MB (+{mem['growth_second_half_mb']} MB in the second half), "
            f"cache {mem['cache_entries']}/{mem['cache_bound']}",
            flat,
        )
    return rows


def fmt(x, spec: str = ".1f") -> str:
    return "-" if x is None else format(x, spec)


def print_table(results: dict) -> None:
    p = print
    p(
        f"\nICT Response benchmark — {results['date']}  commit {results['git_commit']}  "
        f"cpus {results['cpu_count']}  load {results['loadavg_start']} -> {results['loadavg_end']}"
    )
    p("  " + "  ".join(f"{k} {v}" for k, v in results["versions"].items()))
    p("\nBuild")
    p(f"  {'cases':>10} {'build s':>8} {'rows/s':>9} {'peak MB':>8} {'read_csv s':>10} {'ratio':>6}")
    for size in results["sizes"]:
        b = results["runs"][str(size)].get("build")
        if b:
            p(
                f"  {size:>10,} {b['wall_s']:>8.2f} {b['rows_per_s']:>9,} {b['peak_rss_mb']:>8.0f} "
                f"{b['read_csv_s']:>10.3f} {b['ratio']:>6.1f}"
            )
    for size in results["sizes"]:
        run = results["runs"][str(size)]
        if "queries" not in run:
            continue
        p(
            f"\nQueries at {size:,} cases (ms; typical = {run['typical_filters']}, "
            f"{run['typical_cases']:,} cases; pandas load {run['pandas_load_s']:.2f} s; "
            f"load {run.get('loadavg_start', '?')} -> {run.get('loadavg_after_queries', '?')})"
        )
        p(
            f"  {'query':<28} {'filter':<8} {'p50':>8} {'p95':>8} {'raw p50':>8} {'ovh':>5} "
            f"{'pandas':>9} {'speedup':>8} {'same':>5}"
        )
        for name, per in run["queries"].items():
            for label, e in per.items():
                pandas_ms = e.get("pandas", {}).get("p50_ms")
                same = e["runner_raw_agree"] and e.get("pandas_agree", True)
                p(
                    f"  {name:<28} {label:<8} {e['runner']['p50_ms']:>8.1f} "
                    f"{e['runner']['p95_ms']:>8.1f} {e['raw']['p50_ms']:>8.1f} "
                    f"{fmt(e['overhead'], '.2f'):>5} {fmt(pandas_ms):>9} "
                    f"{fmt(e.get('speedup')):>8} {'yes' if same else 'NO':>5}"
                )
    for label, pages in [(f"{s:,} cases", results["runs"][str(s)].get("pages")) for s in results["sizes"]] + [
        ("the shipped sample", results.get("sample", {}).get("pages"))
    ]:
        if not pages:
            continue
        p(f"\nPages at {label} (AppTest s)")
        if "error" in pages:
            p("  error: " + pages["error"].splitlines()[-1])
            continue
        p(f"  {'page':<14} {'cold':>6} {'warm':>6} {'cold ar':>8} {'queries on switch':>18}")
        for page, e in pages.items():
            p(
                f"  {page:<14} {e['cold_s']:>6.2f} {e['warm_s']:>6.2f} {e.get('cold_ar_s', 0):>8.2f}"
                f" {e.get('queries_on_switch', 0):>18}"
                + (f"  EXCEPTION {e['exception']}" if e["exception"] else "")
            )
    for size in results["sizes"]:
        m = results["runs"][str(size)].get("memory")
        if m and "error" not in m:
            p(
                f"\nMemory at {size:,} cases: {m['changes']} filter changes in {m['seconds']} s, "
                f"RSS {m['rss_before_mb']} -> {m['rss_half_mb']} -> {m['rss_after_mb']} MB "
                f"(+{m['growth_mb']}), cache {m['cache_entries']}/{m['cache_bound']} entries "
                f"({m['cache_mb']} MB)"
            )
        elif m:
            p(f"\nMemory at {size:,} cases: error " + m["error"].splitlines()[-1])


def print_recall(results: dict) -> None:
    if not results.get("recall"):
        return
    print("\nReplication finder, recall@5 on the labelled sets (tests/fixtures/replication/)")
    print(f"  {'set':<10} {'groups':>6} {'cases':>6} {'like':>6} {'find':>6}  read")
    for name, r in results["recall"].items():
        figures = f"{r['groups']:>6} {r['cases']:>6} {r['like']:>6.2f} {r['find']:>6.2f}"
        print(f"  {name:<10} {figures}  {r.get('read', '')}")
        if r.get("languages"):
            each = "  ".join(f"{code} {value:.2f}" for code, value in r["languages"].items())
            print(f"  {'':<10} find with the need in another language: {each}")


def print_targets(rows: list[dict]) -> None:
    print("\nTargets (issue 5)")
    for r in rows:
        print(f"  {r['status']:<7} {r['target']:<62} {r['measured']}")


# ---------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--sizes", default="10000,100000,1000000", help="comma-separated case counts (sessions: a tenth)"
    )
    ap.add_argument("--reps", type=int, default=30, help="timed runs per query and engine")
    ap.add_argument(
        "--budget",
        type=float,
        default=10.0,
        help=f"seconds per query and filter set after which timing stops early "
        f"(at least {MIN_REPS} runs, never more than --reps)",
    )
    ap.add_argument("--pandas-reps", type=int, help="timed pandas runs (default min(reps, 5))")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    ap.add_argument("--workdir", help="exports and databases (default: a temp dir in /tmp)")
    ap.add_argument(
        "--keep",
        action="store_true",
        help="reuse exports already in --workdir and keep the workdir afterwards",
    )
    ap.add_argument("--pages", default="all", help="all, none, or page names (overview,sdgs)")
    ap.add_argument("--queries", default="all", help="all or query names")
    ap.add_argument(
        "--memory",
        default="largest",
        choices=["largest", "all", "none"],
        help="sizes that get the 100-filter-change memory check",
    )
    ap.add_argument(
        "--no-sample", action="store_true", help="skip the page run on the shipped sample database"
    )
    ap.add_argument("--targets", action="store_true", help="print the target summary")
    ap.add_argument(
        "--report",
        metavar="RESULTS.json",
        help="print the table and targets of an earlier run (targets re-judged and "
        "written back); runs nothing",
    )
    ap.add_argument(
        "--typical",
        action="append",
        metavar="KEY=VALUE",
        help="the typical filter set, one --typical per filter (default: "
        + " ".join(TYPICAL)
        + "); e.g. --typical 'q=contact tracing'",
    )
    ap.add_argument("--no-recall", action="store_true", help="leave out the replication finder's recall@5")
    ap.add_argument(
        "--recall-sets",
        default=",".join(replication_eval.SETS),
        help="the labelled sets whose recall@5 is measured, comma-separated (default: %(default)s)",
    )
    ap.add_argument("--seed", type=int, default=2021)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("worker_args", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.recall_sets = [n.strip() for n in args.recall_sets.split(",") if n.strip()]
    unknown = sorted(set(args.recall_sets) - set(replication_eval.SETS))
    if unknown:
        ap.error(f"no labelled set named {', '.join(unknown)}: there are {', '.join(replication_eval.SETS)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker == "pages":
        print(json.dumps(worker_pages(args.worker_args[0], args.worker_args[1].split(","))))
        return 0
    if args.worker == "memory":
        print(json.dumps(worker_memory(args.worker_args[0], int(args.worker_args[1]))))
        return 0

    if args.report:
        path = Path(args.report)
        results = json.loads(path.read_text(encoding="utf-8"))
        results["targets"] = targets(results)
        path.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
        print_table(results)
        print_recall(results)
        print_targets(results["targets"])
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    names = queries.query_names() if args.queries == "all" else args.queries.split(",")
    unknown = set(names) - set(queries.query_names())
    if unknown:
        raise SystemExit(f"unknown queries: {', '.join(sorted(unknown))}")
    pages = list(PAGE_FILES) if args.pages == "all" else [] if args.pages == "none" else args.pages.split(",")
    if set(pages) - set(PAGE_FILES):
        raise SystemExit(f"unknown pages: {set(pages) - set(PAGE_FILES)}; known: {list(PAGE_FILES)}")
    pandas_reps = args.pandas_reps or min(args.reps, 5)
    typical = args.typical or TYPICAL

    made_temp = args.workdir is None
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="ict-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "command": " ".join(["python", "bench/run.py", *(argv or sys.argv[1:])]),
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "uncommitted": changed_files(),
        "cpu_count": os.cpu_count(),
        "machine": platform.platform(),
        "versions": versions(),
        "loadavg_start": loadavg(),
        "sizes": sizes,
        "reps": args.reps,
        "pandas_reps": pandas_reps,
        "typical_filters": typical,
        "targets_def": TARGETS,
        "memory_flat_mb": MEMORY_FLAT_MB,
        "runs": {},
    }
    disagreements = []
    try:
        for size in sizes:
            run: dict = {"loadavg_start": loadavg()}
            results["runs"][str(size)] = run
            print(f"[{size:,}] exports …", file=sys.stderr, flush=True)
            run["exports"] = prepare_exports(workdir, size, args.seed, args.keep)
            db = workdir / f"bench-{size}.duckdb"
            print(f"[{size:,}] build …", file=sys.stderr, flush=True)
            run["build"] = bench_build(workdir, size, db)
            print(f"[{size:,}] queries …", file=sys.stderr, flush=True)
            run.update(bench_queries(db, names, args.reps, pandas_reps, args.budget, typical))
            run["loadavg_after_queries"] = loadavg()
            for name, per in run["queries"].items():
                for label, e in per.items():
                    if not e["runner_raw_agree"] or not e.get("pandas_agree", True):
                        disagreements.append(f"{size}/{name}/{label}")
            if pages:
                print(f"[{size:,}] pages …", file=sys.stderr, flush=True)
                run["pages"] = run_worker("pages", str(db), ",".join(pages))
            if args.memory == "all" or (args.memory == "largest" and size == max(sizes)):
                print(f"[{size:,}] memory …", file=sys.stderr, flush=True)
                run["memory"] = run_worker("memory", str(db), str(MEMORY_CHANGES))
        if pages and not args.no_sample:
            print("[sample] build and pages …", file=sys.stderr, flush=True)
            sample_db = workdir / "bench-sample.duckdb"
            sample_db.unlink(missing_ok=True)
            subprocess.run(
                cli("build", "--sample", "--db", str(sample_db), "--json"),
                check=True,
                cwd=ROOT,
                capture_output=True,
            )
            results["sample"] = {"pages": run_worker("pages", str(sample_db), ",".join(pages))}
    finally:
        if made_temp and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    if not args.no_recall:
        print("[recall] labelled sets …", file=sys.stderr, flush=True)
        results["recall"] = bench_recall(args.recall_sets)
    results["loadavg_end"] = loadavg()
    results["targets"] = targets(results)
    results["disagreements"] = disagreements

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print_table(results)
    print_recall(results)
    if args.targets:
        print_targets(results["targets"])
    print(f"\nwrote {out}")
    if disagreements:
        print("ANSWERS DISAGREE: " + ", ".join(disagreements), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
