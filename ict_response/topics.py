"""Topics: what a case is about in plain words. The topics and their families live in
data/reference/topics.csv (id, label, parent, description); the rules that tag them in
data/reference/topic_rules.csv (rule, topic, signal, lang, pattern), one line per rule:

- `words`: a regular expression over the title, description, keywords and organisation,
  written in lower case without accents (the text is matched that way, so "Hôpital" and
  "HOPITAL" are both "hopital");
- `weak`: words that hint at a topic but alone are context ("students" staffing a call
  centre are not learning): they tag only with a `words` match or a second, different weak
  word;
- `not`: words that do not count for the topic even though a rule finds them inside
  ("machine learning" is not learning);
- `action_line` / `sdg`: a code the case declares (C7-EHEALTH is health).

A narrower topic tags its family too (telemedicine is health). The build runs
ict_response/sql/topics.sql; the rules are validated by the engine that runs them, DuckDB,
so a rule that passes validation never fails a build.

A deployment may tag with rules of its own: `ict-response topics --apply RULES.csv` (or the
Data page) keeps them beside the kept imports, and every build uses them from then on
(`rules_file`); ict_response/topic_trial.py shows what rules would change before that."""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from . import taxonomy as tx
from . import topic_model
from .errors import UserError
from .paths import REFERENCE_DIR, imports_dir

SIGNALS = ("words", "weak", "not", "action_line", "sdg")
# The word rules of several topics are scanned in one alternation, so each text is read once
# per chunk, not once per rule. A chunk holds whole topics up to this many characters of
# patterns: past about 12,000 the regex engine's automaton outgrows its memory and it falls
# back to a matcher many times slower (a million cases: 14.5 s in chunks of 10,000, 17.1 s
# in chunks of 6,000, over a minute in chunks of 16,000).
CHUNK_CHARS = 10000
TOPICS_FILE = REFERENCE_DIR / "topics.csv"
RULES_FILE = REFERENCE_DIR / "topic_rules.csv"
# The weights of the learned step (ict_response/topic_model.py trains them; `make train-topics`).
MODEL_FILE = REFERENCE_DIR / "topic_model.csv"
SQL_DIR = Path(__file__).with_name("sql")
# A deployment's own rules, in the folder of kept imports (the source of truth a build reads).
DEPLOYMENT_RULES = "topic_rules.csv"


@dataclass(frozen=True)
class Topic:
    topic: str
    label: str
    parent: str | None
    description: str


@dataclass(frozen=True)
class TopicRule:
    rule: str
    topic: str
    signal: str  # one of SIGNALS
    lang: str  # the language of the words ("" for codes)
    pattern: str


@cache
def topics() -> tuple[Topic, ...]:
    with open(TOPICS_FILE, encoding="utf-8", newline="") as f:
        return tuple(
            Topic(r["id"], r["label"], r["parent"] or None, r["description"]) for r in csv.DictReader(f)
        )


@cache
def topic_labels() -> dict[str, str]:
    return {t.topic: t.label for t in topics()}


def read_rules(path: Path) -> tuple[TopicRule, ...]:
    """The rules of a CSV file, validated; a broken rule is a UserError naming it."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = {"rule", "topic", "signal", "pattern"} - set(reader.fieldnames or ())
            if missing:
                raise UserError(f"{path}: needs the columns rule, topic, signal, lang, pattern.")
            rows = list(reader)
            for r in rows:
                if None in r:  # more fields than columns: a comma, as in {0,3}, cut the pattern
                    raise UserError(
                        f"{path}: rule {r['rule']!r} has more fields than the header; put its pattern "
                        'in double quotes (a comma in it, as in "{0,3}", starts a new field).'
                    )
            rules = tuple(
                TopicRule(r["rule"], r["topic"], r["signal"], r.get("lang") or "", r["pattern"] or "")
                for r in rows
            )
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise UserError(f"{path}: cannot be read as a CSV file of topic rules ({e}).") from e
    validate(rules, path)
    return rules


@cache
def topic_rules() -> tuple[TopicRule, ...]:
    return read_rules(RULES_FILE)


def rules_file(db_path: Path) -> Path:
    """The rules the database at `db_path` is built with: the deployment's own if it applied
    some, else the shipped ones."""
    own = imports_dir(db_path) / DEPLOYMENT_RULES
    return own if own.is_file() else RULES_FILE


def rules_for(db_path: Path) -> tuple[TopicRule, ...]:
    path = rules_file(db_path)
    return topic_rules() if path == RULES_FILE else read_rules(path)


def validate(rules: tuple[TopicRule, ...], path: Path) -> None:
    known = {t.topic for t in topics()}
    seen: set[str] = set()
    con = duckdb.connect()
    try:
        for rule in rules:
            problem = _problem(rule, known, seen, con)
            if problem:
                raise UserError(f"{path}: rule {rule.rule or '(no id)'!r}: {problem}")
            seen.add(rule.rule)
    finally:
        con.close()


def _problem(rule: TopicRule, known: set[str], seen: set[str], con: duckdb.DuckDBPyConnection) -> str | None:
    if not rule.rule:
        return "has no id."
    if rule.rule in seen:
        return "the id is used twice."
    if rule.topic not in known:
        return f"topic {rule.topic!r} is not one of data/reference/topics.csv."
    if rule.signal not in SIGNALS:
        return f"signal {rule.signal!r} is not one of {', '.join(SIGNALS)}."
    if rule.signal == "action_line":
        return (
            None
            if rule.pattern in tx.action_line_names()
            else f"{rule.pattern!r} is not an Action Line code."
        )
    if rule.signal == "sdg":
        return (
            None
            if rule.pattern in {str(n) for n in range(1, 18)}
            else f"{rule.pattern!r} is not an SDG (1-17)."
        )
    if not rule.pattern:
        return "has no pattern."
    if _has_upper_or_accent(rule.pattern):
        return "write the pattern in lower case without accents (texts are matched that way)."
    try:
        matches_empty = con.execute("SELECT regexp_matches('', $p)", {"p": rule.pattern}).fetchone()
    except duckdb.Error as e:
        reason = str(e).splitlines()[0].split(":", 1)[-1].strip()
        return f"the pattern is not a regular expression DuckDB can run ({reason})."
    if matches_empty and matches_empty[0]:
        return "the pattern matches empty text, so it would tag every case."
    return None


def _has_upper_or_accent(pattern: str) -> bool:
    """Upper-case letters or accents outside escapes (\\b, \\W and the like are fine)."""
    escaped = False
    for ch in pattern:
        if escaped:
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch != ch.lower() or unicodedata.normalize("NFD", ch) != ch:
            return True
    return False


def chunks(rules: tuple[TopicRule, ...]) -> list[tuple[list[str], str]]:
    """(topics, alternation) per chunk. In an alternation the first alternative that matches
    at a position wins: exclusions come first ("machine learning" is found whole, so it can
    be excluded from learning), then narrower topics before families ("health hotline"
    reaches telemedicine before "health" ends the match). No capturing group: one would make
    the engine track sub-matches, nearly three times slower."""
    parent = {t.topic: t.parent for t in topics()}
    order = sorted(parent, key=lambda t: (parent[t] is None, t))
    out: list[tuple[list[str], list[TopicRule]]] = []
    size = CHUNK_CHARS
    for topic in order:
        own = [r for r in rules if r.topic == topic and r.signal in ("words", "weak", "not")]
        if not own:
            continue
        length = sum(len(r.pattern) for r in own)
        if size + length > CHUNK_CHARS:
            out.append(([], []))
            size = 0
        out[-1][0].append(topic)
        out[-1][1].extend(own)
        size += length
    return [
        (
            names,
            "(?i)(?:"
            + "|".join(f"(?:{r.pattern})" for r in sorted(group, key=lambda r: r.signal != "not"))
            + ")",
        )
        for names, group in out
    ]


SCAN = """
INSERT INTO topic_pieces
SELECT record_kind, record_id, field, field_order, unnest(found) AS piece,
       generate_subscripts(found, 1) AS position, $chunk AS chunk
FROM (SELECT *, regexp_extract_all(text, $pattern) AS found FROM topic_folded)
"""


def tag(
    con: duckdb.DuckDBPyConnection,
    rules: tuple[TopicRule, ...],
    model: Path | None = None,
    features_only: bool = False,
) -> None:
    """Make topic_matches from topic_texts and topic_codes (see sql/topic_inputs.sql) with
    `rules`, which the tables topics and topic_rules also hold, and the learned weights of
    `model` (default: MODEL_FILE): sql/topics.sql, sql/topic_features.sql,
    topic_model.decide, sql/topic_model.sql. With `features_only` it stops before the model
    and leaves its input, case_features, for training (ict_response/topic_model.py)."""
    # Kept in the database: the evidence query folds a case's text the same way.
    con.execute("CREATE OR REPLACE MACRO topic_fold(text) AS strip_accents(lower(text))")
    con.execute("CREATE OR REPLACE TEMP TABLE topic_chunks (topic VARCHAR, chunk INTEGER)")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE topic_pieces (record_kind VARCHAR, record_id VARCHAR, field VARCHAR,"
        " field_order INTEGER, piece VARCHAR, position BIGINT, chunk INTEGER)"
    )
    # Each text folded once, not once per chunk: seven chunks' scans took 3.7 s at 100,000
    # cases folding as they went, 2.1 s reading folded copies.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE topic_folded AS SELECT record_kind, record_id, field, field_order,"
        " topic_fold(text) AS text FROM topic_texts WHERE text IS NOT NULL"
    )
    for number, (names, pattern) in enumerate(chunks(rules)):
        con.executemany(
            "INSERT INTO topic_chunks VALUES ($topic, $chunk)", [{"topic": t, "chunk": number} for t in names]
        )
        con.execute(SCAN, {"chunk": number, "pattern": pattern})
    for step in ("topics.sql", "topic_features.sql"):
        con.execute((SQL_DIR / step).read_text(encoding="utf-8"))
    if features_only:
        con.execute("DROP TABLE topic_folded")
        return
    topic_model.decide(con, model or MODEL_FILE)
    con.execute((SQL_DIR / "topic_model.sql").read_text(encoding="utf-8"))
    con.execute("DROP TABLE topic_folded")
    con.execute("DROP TABLE topic_weights")
