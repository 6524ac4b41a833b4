"""The load test (bench/load.py) runs end to end with a few readers: real websocket sessions
of the served app through the reader's path, a steward's previews under load, and a publish
under load in which every Overview run shows one database. Timings are not checked: a
benchmark never fails on a slow machine."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ict_response.paths import ROOT

pytestmark = pytest.mark.browser  # serves the app, like the browser tests


def test_load_test_runs_with_a_few_readers(tmp_path):
    out = tmp_path / "load.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), "--sessions", "2", "--publish-sessions", "3"]
        + ["--preview-rows", "3000", "--preview-sessions", "2", "--think", "0.5"]
        + ["--settle", "1", "--out", str(out), "--workdir", str(tmp_path / "work")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Largest N with p95 <= 1.5 s and no errors" in done.stdout
    results = json.loads(out.read_text())
    (level,) = results["levels"]
    assert level["sessions"] == 2 and level["interactions"] == 14, level
    assert level["errors"] == 0, level["error_examples"]
    assert level["mixed_runs"] == 0, level["mixed_examples"]
    publish = results["publish"]
    assert publish["build_ok"], publish["build_error"]
    assert publish["errors"] == 0 and publish["mixed_runs"] == 0, publish
    # The readers saw the sample's cases, then the build published under them (1,000 more).
    previews = results["previews"]
    assert previews["previews_done"] >= 1 and not previews["preview_failures"], previews
    assert previews["errors"] == 0, previews
    old, new = sorted(int(total.replace(",", "")) for total in publish["totals_seen"])
    assert new == old + 1000, publish["totals_seen"]
