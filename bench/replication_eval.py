"""How well the replication finder finds what readers group together: recall@5 on labelled
sets of cases (tests/fixtures/replication/, see its README.md). Each set has groups of 3 or
4 cases describing one practice in different words, in different countries, among
distractors on neighbouring themes, and a need sentence per group, as a delegate would type it.

- "Cases like this one": for each case of a group, the share of the group's other cases
  among its five most similar cases (replication.similar), averaged over all grouped cases.
- "Find": for each group's need, the share of the group's cases among the five first
  found (replication.find), averaged over groups.

The set goes through the real build (`ict-response build --cases`), so what is measured is
what the dashboard does.

    python bench/replication_eval.py          # every set
    python bench/replication_eval.py dev      # one
"""

from __future__ import annotations

import contextlib
import csv
import io
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ict_response import replication  # noqa: E402
from ict_response.cli import main as cli  # noqa: E402
from ict_response.db import connect_readonly  # noqa: E402

SETS_DIR = ROOT / "tests" / "fixtures" / "replication"
SETS = ["dev", "tune", "heldout"]
# What each set's figure is worth (tests/fixtures/replication/README.md).
READ = {
    "dev": "read while the terms were written: in-sample",
    "tune": "settings chosen on it with dev",
    "heldout": "never read",
}
K = 5


@dataclass
class Recall:
    name: str
    like: list[float] = field(default_factory=list)  # one per grouped case
    find: list[float] = field(default_factory=list)  # one per group
    missed: list[str] = field(default_factory=list)  # groups whose need found under half

    @property
    def like_recall(self) -> float:
        return sum(self.like) / len(self.like)

    @property
    def find_recall(self) -> float:
        return sum(self.find) / len(self.find)

    def table(self) -> str:
        return (
            f"{self.name}: {len(self.find)} groups, {len(self.like)} grouped cases\n"
            f"  cases like this one  recall@{K} {self.like_recall:.2f}\n"
            f"  find a need          recall@{K} {self.find_recall:.2f}"
        )


def evaluate(name: str) -> Recall:
    with open(SETS_DIR / f"{name}_groups.csv", encoding="utf-8", newline="") as f:
        groups = list(csv.DictReader(f))
    result = Recall(name)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "set.duckdb"
        with contextlib.redirect_stdout(io.StringIO()):
            assert cli(["build", "--cases", str(SETS_DIR / f"{name}_cases.csv"), "--db", str(db)]) == 0
        con = connect_readonly(db)
        try:
            for group in groups:
                members = group["case_ids"].split(";")
                for case_id in members:
                    top = {m.case_id for m in replication.similar(con, case_id, K)}
                    others = set(members) - {case_id}
                    result.like.append(len(top & others) / len(others))
                top = {m.case_id for m in replication.find(con, group["need"], k=K)}
                share = len(top & set(members)) / min(K, len(members))
                result.find.append(share)
                if share < 0.5:
                    result.missed.append(f"{group['group_id']}: {group['need']}")
        finally:
            con.close()
    return result


if __name__ == "__main__":
    for name in sys.argv[1:] or SETS:
        print(evaluate(name).table(), end="\n\n")
