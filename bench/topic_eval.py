"""How well the topic rules agree with readers: precision and recall per topic on the
labelled corpus of tests/fixtures/topics/ (see its GUIDELINES.md). `dev.csv` to `dev4.csv`
are for tuning the rules; `heldout.csv` and `heldout2.csv` are never tuned against, so their
figures say how the rules do on texts nobody fitted them to.

The corpus goes through the real build (`ict-response build --cases`), with its gold labels
removed first, so what is measured is what the dashboard does.

    python bench/topic_eval.py            # every file
    python bench/topic_eval.py heldout2   # one
    python bench/topic_eval.py dev dev2 dev3 dev4   # the tuning sets only
"""

from __future__ import annotations

import contextlib
import csv
import io
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ict_response.cli import main as cli  # noqa: E402
from ict_response.db import connect_readonly  # noqa: E402
from ict_response.topics import topics  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "topics"
GOLD_ONLY = ("topics", "lang")  # "topics" would be read as the cases' keywords


@dataclass
class Scores:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    cases: int = 0

    def precision(self, topic: str | None = None) -> float:
        tp, fp = (self.tp[topic], self.fp[topic]) if topic else (sum(self.tp.values()), sum(self.fp.values()))
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, topic: str | None = None) -> float:
        tp, fn = (self.tp[topic], self.fn[topic]) if topic else (sum(self.tp.values()), sum(self.fn.values()))
        return tp / (tp + fn) if tp + fn else 1.0

    def table(self, title: str) -> str:
        lines = [f"{title}: {self.cases} cases", f"{'topic':20} {'precision':>9} {'recall':>7} {'cases':>6}"]
        for t in topics():
            n = self.tp[t.topic] + self.fn[t.topic]
            lines.append(f"{t.topic:20} {self.precision(t.topic):9.2f} {self.recall(t.topic):7.2f} {n:6d}")
        lines.append(f"{'overall':20} {self.precision():9.2f} {self.recall():7.2f}")
        return "\n".join(lines)


def gold(rows: list[dict[str, str]]) -> dict[str, set[str]]:
    """The labels, with each narrower topic's family (telemedicine is health)."""
    parent = {t.topic: t.parent for t in topics()}
    out = {}
    for r in rows:
        labels = {t for t in r["topics"].split(";") if t}
        out[r["case_id"]] = labels | {p for t in labels if (p := parent.get(t))}
    return out


def tagged(rows: list[dict[str, str]], workdir: Path) -> dict[str, set[str]]:
    """The topics the build gives each case of `rows`."""
    export = workdir / "corpus.csv"
    with open(export, "w", encoding="utf-8", newline="") as f:
        columns = [c for c in rows[0] if c not in GOLD_ONLY]
        writer = csv.DictWriter(f, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    db = workdir / "corpus.duckdb"
    with contextlib.redirect_stdout(io.StringIO()):  # the build's own report
        code = cli(["build", "--cases", str(export), "--db", str(db)])
    if code != 0:
        raise RuntimeError(f"the corpus {export} did not build")
    con = connect_readonly(db)
    try:
        found: dict[str, set[str]] = {r["case_id"]: set() for r in rows}
        for case_id, topic in con.execute(
            "SELECT record_id, topic FROM topic_matches WHERE record_kind = 'case'"
        ).fetchall():
            if case_id in found:  # not the initiatives every build adds
                found[case_id].add(topic)
        return found
    finally:
        con.close()


def evaluate(name: str) -> Scores:
    with open(CORPUS / f"{name}.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with tempfile.TemporaryDirectory() as tmp:
        found = tagged(rows, Path(tmp))
    scores = Scores(cases=len(rows))
    for case_id, labels in gold(rows).items():
        for t in found[case_id] & labels:
            scores.tp[t] += 1
        for t in found[case_id] - labels:
            scores.fp[t] += 1
        for t in labels - found[case_id]:
            scores.fn[t] += 1
    return scores


if __name__ == "__main__":
    for name in sys.argv[1:] or ["dev", "dev2", "dev3", "dev4", "heldout", "heldout2"]:
        print(evaluate(name).table(f"{name}.csv"), end="\n\n")
