"""How well the replication finder finds what readers group together: recall@5 on labelled
sets of cases (tests/fixtures/replication/, see its README.md). Each set has groups of 3 or
4 cases describing one practice in different words, in different countries, among
distractors on neighbouring themes, and a need sentence per group, as a delegate would type it.

- "Cases like this one": for each case of a group, the share of the group's other cases
  among its five most similar cases (replication.similar), averaged over all grouped cases.
- "Find": for each group's need, the share of the group's cases among the five first
  found (replication.find), averaged over groups.
- "Find" in other languages: the same with each group's need as a delegate would type it in
  Arabic, Chinese, French, Russian or Spanish (needs_translated.csv, `dev` and `tune`:
  translated by a writer who saw neither the cases nor the practice terms). The cases stay
  as they are, nearly all in English: this measures finding practice across languages.

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
    # Find with the need in another language: one share per group, by language code.
    languages: dict[str, list[float]] = field(default_factory=dict)

    @property
    def like_recall(self) -> float:
        return sum(self.like) / len(self.like)

    @property
    def find_recall(self) -> float:
        return sum(self.find) / len(self.find)

    def language_recall(self) -> dict[str, float]:
        return {code: sum(shares) / len(shares) for code, shares in sorted(self.languages.items())}

    def table(self) -> str:
        lines = [
            f"{self.name}: {len(self.find)} groups, {len(self.like)} grouped cases",
            f"  cases like this one  recall@{K} {self.like_recall:.2f}",
            f"  find a need          recall@{K} {self.find_recall:.2f}",
        ]
        if self.languages:
            figures = "  ".join(f"{code} {r:.2f}" for code, r in self.language_recall().items())
            lines.append(f"  the need in another language  {figures}")
        return "\n".join(lines)


def translated_needs(name: str) -> dict[str, dict[str, str]]:
    """Each group's need in other languages, by group and language code (none for a set
    whose needs were not translated)."""
    needs: dict[str, dict[str, str]] = {}
    with open(SETS_DIR / "needs_translated.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["set"] == name:
                needs.setdefault(row["group_id"], {})[row["language"]] = row["need"]
    return needs


def found_share(con, need: str, members: list[str]) -> float:
    """The share of a group's cases among the K first found for `need`."""
    top = {m.case_id for m in replication.find(con, need, k=K)}
    return len(top & set(members)) / min(K, len(members))


def evaluate(name: str) -> Recall:
    with open(SETS_DIR / f"{name}_groups.csv", encoding="utf-8", newline="") as f:
        groups = list(csv.DictReader(f))
    translated = translated_needs(name)
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
                share = found_share(con, group["need"], members)
                result.find.append(share)
                if share < 0.5:
                    result.missed.append(f"{group['group_id']}: {group['need']}")
                for code, need in translated.get(group["group_id"], {}).items():
                    result.languages.setdefault(code, []).append(found_share(con, need, members))
        finally:
            con.close()
    return result


if __name__ == "__main__":
    for name in sys.argv[1:] or SETS:
        print(evaluate(name).table(), end="\n\n")
