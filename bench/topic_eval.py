"""How well the topic tagging agrees with readers: precision and recall per topic on the
labelled corpus of tests/fixtures/topics/ (see its GUIDELINES.md). The rules were tuned on
`dev.csv` to `dev4.csv`, and the model (ict_response/topic_model.py) is trained on those and
`heldout.csv` to `heldout4.csv`: their figures are in-sample. `heldout5.csv` was written by
someone who never saw the rules, and nothing was tuned or trained on it: its figures say how
the tagging does on texts nobody fitted it to.

The corpus goes through the real build (`ict-response build --cases`), with its gold labels
removed first, so what is measured is what the dashboard does.

    python bench/topic_eval.py            # every file
    python bench/topic_eval.py heldout2   # one
    python bench/topic_eval.py heldout5   # the held-out set only
"""

from __future__ import annotations

import csv
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ict_response.db import connect_readonly  # noqa: E402
from ict_response.topic_model import CORPUS, build_corpus, gold  # noqa: E402
from ict_response.topics import topics  # noqa: E402

CORPORA = ["dev", "dev2", "dev3", "dev4", "heldout", "heldout2", "heldout3", "heldout4", "heldout5"]


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


def tagged(rows: list[dict[str, str]], workdir: Path) -> dict[str, set[str]]:
    """The topics the build gives each case of `rows`."""
    con = connect_readonly(build_corpus(rows, workdir))
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
    for name in sys.argv[1:] or CORPORA:
        print(evaluate(name).table(f"{name}.csv"), end="\n\n")
