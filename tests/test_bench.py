"""The benchmark (bench/run.py) runs end to end at a tiny size and writes every figure; the
runner, raw DuckDB and the pandas implementations give the same answers. Timings are not
checked: a benchmark never fails on a slow machine."""

from __future__ import annotations

import json
import subprocess
import sys

from ict_response.paths import ROOT
from ict_response.queries import query_names


def test_benchmark_runs_at_a_tiny_size(tmp_path):
    out = tmp_path / "results.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--sizes",
            "2000",
            "--reps",
            "3",
            "--pages",
            "overview",
            "--out",
            str(out),
            "--workdir",
            str(tmp_path / "work"),
            "--targets",
            # One labelled set: tests/test_replication_eval.py measures all three.
            "--recall-sets",
            "dev",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Targets (issue 5)" in done.stdout
    results = json.loads(out.read_text())
    assert results["sizes"] == [2000] and results["cpu_count"]
    assert set(results["versions"]) >= {"python", "duckdb", "pandas", "pyarrow", "streamlit"}

    run = results["runs"]["2000"]
    build = run["build"]
    assert build["cases_rows_read"] == 2000 and build["read_csv_rows"] == 2000
    assert build["wall_s"] > 0 and build["peak_rss_mb"] > 0 and build["ratio"] > 0

    assert set(run["queries"]) == set(query_names())
    for name, per in run["queries"].items():
        # The search of several words is timed on the queries a page shows first.
        searched = {"words"} if name in ("headline_figures", "cases_by_region", "case_list") else set()
        assert set(per) == {"none", "typical"} | searched, name
        for label, entry in per.items():
            for engine in ("runner", "raw"):
                assert entry[engine]["n"] == 3 and entry[engine]["p95_ms"] > 0, (name, label)
            assert entry["runner_raw_agree"], (name, label, entry.get("runner_raw_difference"))
    for name in ("action_line_sdg_matrix", "cases_by_action_line"):
        for label, entry in run["queries"][name].items():
            assert entry["pandas_agree"], (name, label, entry.get("pandas_difference"))
            assert entry["pandas"]["p50_ms"] > 0 and entry["speedup"] > 0
    assert run["typical_cases"] > 0, "the typical filter set matches some cases"
    assert results["disagreements"] == []

    page = run["pages"]["overview"]
    assert page["exception"] is None and page["cold_s"] > 0 and page["warm_s"] > 0 and page["cold_ar_s"] > 0
    assert page["queries_on_switch"] == 0, "a page reopened in another language runs no query"
    assert results["sample"]["pages"]["overview"]["exception"] is None
    memory = run["memory"]
    assert memory["changes"] == 100 and memory["within_bound"]
    assert {t["status"] for t in results["targets"]} <= {"holds", "missed", "n/a"}
    assert any(t["target"].startswith("search of several words") for t in results["targets"])
    # The replication finder's recall@5 on the labelled set asked for, held to its target.
    assert set(results["recall"]) == {"dev"}
    recall = results["recall"]["dev"]
    assert recall["groups"] >= 40 and 0 < recall["like"] <= 1 and 0 < recall["find"] <= 1
    recall_rows = [t for t in results["targets"] if t["target"].startswith("replication finder recall@5")]
    assert len(recall_rows) == 2
    assert "Replication finder, recall@5" in done.stdout
    # And with each need in another language, where the set's needs were translated.
    assert set(recall["languages"]) == {"ar", "es", "fr", "ru", "zh"}
    assert "find with the need in another language: ar " in done.stdout


def test_benchmark_refuses_a_labelled_set_it_does_not_have():
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--recall-sets", "dev,heldin"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "no labelled set named heldin: there are dev, tune, heldout" in done.stderr


def test_benchmark_takes_another_typical_filter_set(tmp_path):
    """`--typical` replaces the typical filters, e.g. with a phrase in quotes (answered by
    reading the texts, not the word index); pandas still agrees."""
    out = tmp_path / "results.json"
    typical = ["region=Africa", 'q="contact tracing"']
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--sizes",
            "2000",
            "--reps",
            "3",
            "--pages",
            "none",
            "--memory",
            "none",
            "--no-sample",
            "--no-recall",
            "--out",
            str(out),
            "--workdir",
            str(tmp_path / "work"),
            "--queries",
            "headline_figures,cases_by_action_line,case_list",
            *[arg for f in typical for arg in ("--typical", f)],
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(out.read_text())
    assert results["typical_filters"] == typical
    run = results["runs"]["2000"]
    assert run["typical_cases"] > 0
    assert run["queries"]["cases_by_action_line"]["typical"]["pandas_agree"]
    assert results["disagreements"] == []
