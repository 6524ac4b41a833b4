"""Changing the topic rules safely: try a rules file against the database first (which
topics each record would gain and lose, with examples), then apply it, which is a rebuild
like an import. `ict-response topics` and the Data page's steward section both use this.

A trial tags the database's records with the new rules exactly as a build would
(topics.tag over the same texts and codes) in a scratch in-memory database, and compares
the result with the tags the database holds. Nothing on disk changes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from . import db as database
from .store import DEFAULT_WAIT_SECONDS, writing
from .topics import DEPLOYMENT_RULES, RULES_FILE, TopicRule, read_rules, rules_file, tag, topic_labels, topics

SQL_DIR = Path(__file__).with_name("sql")
# Who applied the deployment's rules, when, from which file: beside the rules themselves.
APPLIED = "topic_rules.json"
EXAMPLES = 3


@dataclass(frozen=True)
class Example:
    record_id: str
    title: str
    field: str  # where the words were found (title, description, …, or action_lines/sdgs)
    matched: str  # the words (or the code) that tag the topic; for a loss, what tagged it before
    signal: str  # words, action_line, sdg, or model (topic_matches.signal)
    via: str  # the narrower topic a family tag came from, or ""
    action_line_name: str  # the Action Line's name, where an Action Line tags, or ""

    def evidence(self) -> dict[Hashable, object]:
        """As a row of queries/topic_evidence.sql, for topic_evidence.why_tagged."""
        via_label = topic_labels().get(self.via, "") if self.via else ""
        return {
            "signal": self.signal,
            "field": self.field,
            "words": self.matched,
            "matched": self.matched,
            "action_line_name": self.action_line_name,
            "via_label": via_label,
        }


@dataclass
class TopicChange:
    """One topic's records before and after, for one kind of record."""

    topic: str
    label: str
    now: int
    gained: int
    lost: int
    gained_examples: list[Example] = field(default_factory=list)
    lost_examples: list[Example] = field(default_factory=list)

    @property
    def after(self) -> int:
        return self.now + self.gained - self.lost


@dataclass
class Trial:
    rules: Path
    changes: dict[str, list[TopicChange]]  # "cases"/"sessions" -> one per topic, in topic order

    def changed(self, kind: str) -> list[TopicChange]:
        return [c for c in self.changes[kind] if c.gained or c.lost]

    def as_dict(self) -> dict[str, object]:
        return {
            "rules": str(self.rules),
            **{
                kind: [{**asdict(c), "after": c.after} for c in changes]
                for kind, changes in self.changes.items()
            },
        }


@contextmanager
def scratch(db_path: Path, rules: tuple[TopicRule, ...]) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory database holding what topics.tag reads for the records of the database
    at `db_path` (their latest versions, as a build's ranked_* views give them), with `rules`."""
    con = duckdb.connect(config={"threads": os.cpu_count() or 2, "memory_limit": "3GB"})
    try:
        con.execute("ATTACH $path AS current (READ_ONLY)", {"path": str(db_path)})
        con.execute("CREATE TEMP VIEW ranked_cases AS SELECT *, 1 AS version FROM current.cases")
        con.execute("CREATE TEMP VIEW ranked_sessions AS SELECT *, 1 AS version FROM current.sessions")
        con.execute((SQL_DIR / "topic_inputs.sql").read_text(encoding="utf-8"))
        con.execute("CREATE TABLE topics AS SELECT * FROM current.topics WHERE false")
        con.executemany(
            "INSERT INTO topics VALUES ($topic, $label, $parent, $description)",
            [t.__dict__ for t in topics()],
        )
        con.execute("CREATE TABLE topic_rules AS SELECT * FROM current.topic_rules WHERE false")
        con.executemany(
            "INSERT INTO topic_rules VALUES ($rule, $topic, $signal, $lang, $pattern)",
            [r.__dict__ for r in rules],
        )
        yield con
    finally:
        con.close()


def try_rules(db_path: Path, rules: tuple[TopicRule, ...], rules_path: Path) -> Trial:
    """What tagging the database's records with `rules` would change, topic by topic."""
    with scratch(db_path, rules) as con:
        tag(con, rules)
        con.execute((SQL_DIR / "topic_trial.sql").read_text(encoding="utf-8"))
        counts = con.execute(
            "SELECT record_kind, topic, now, gained, lost FROM topic_change_counts"
        ).fetchall()
        examples = con.execute(
            "SELECT record_kind, topic, change, record_id, title, field, matched, signal, via,"
            " action_line_name FROM topic_change_examples"
            " WHERE example <= $n ORDER BY record_kind, topic, change, example",
            {"n": EXAMPLES},
        ).fetchall()
    labels = topic_labels()
    found = {(kind, topic): (now, gained, lost) for kind, topic, now, gained, lost in counts}
    changes: dict[str, list[TopicChange]] = {}
    for kind, record_kind in (("cases", "case"), ("sessions", "session")):
        changes[kind] = [TopicChange(t, labels[t], *found.get((record_kind, t), (0, 0, 0))) for t in labels]
        by_topic = {c.topic: c for c in changes[kind]}
        for rk, topic, change, record_id, title, *evidence in examples:
            if rk == record_kind and topic in by_topic:
                target = (
                    by_topic[topic].gained_examples if change == "gained" else by_topic[topic].lost_examples
                )
                where, matched, signal, via, action_line_name = (value or "" for value in evidence)
                target.append(Example(record_id, title or "", where, matched, signal, via, action_line_name))
    return Trial(rules_path, changes)


# --------------------------------------------------------------------------- apply


@dataclass(frozen=True)
class Applied:
    """A deployment's own rules: from which file, by whom, when."""

    file_name: str
    sha256: str
    applied_by: str
    applied_at: str


def applied(db_path: Path) -> Applied | None:
    """The deployment's own rules in use, or None when the database uses the shipped ones."""
    own = rules_file(db_path)
    if own == RULES_FILE:
        return None
    try:
        return Applied(**json.loads(own.with_name(APPLIED).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):  # rules copied in by hand: still theirs
        return Applied(own.name, _sha256(own), "", "")


def apply_rules(
    db_path: Path,
    path: Path | None,
    applied_by: str = "",
    file_name: str | None = None,
    progress: database.Progress = database._no_progress,
    command: str = "topics --apply",
    wait: float = DEFAULT_WAIT_SECONDS,
    on_wait: Callable[[str], object] | None = None,
) -> database.BuildReport:
    """Rebuild the database with the rules of `path` and keep them for every later build;
    `path` None goes back to the shipped rules. The rules are read and validated first (a
    broken rule is a UserError naming it, and nothing changes); they are put in place only
    once the new database is."""
    db_path = Path(db_path)
    rules_path = RULES_FILE if path is None else Path(path)
    rules = read_rules(rules_path)
    with writing(db_path, command, wait, on_wait or (lambda m: progress(m, 0.0))) as store:
        entries = store.entries_to_rebuild(db_path)
        own = store.dir / DEPLOYMENT_RULES
        record = own.with_name(APPLIED)
        report = database.build(db_path, store.inputs(entries), progress, rules=rules)
        if path is None:
            own.unlink(missing_ok=True)
            record.unlink(missing_ok=True)
            return report
        staged = own.with_name(f".{DEPLOYMENT_RULES}.new")
        shutil.copyfile(rules_path, staged)
        os.replace(staged, own)
        note = Applied(
            file_name or rules_path.name,
            _sha256(own),
            applied_by,
            dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )
        record.write_text(json.dumps(asdict(note)), encoding="utf-8")
        return report


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
