"""Topic rules: what a case is about in plain words, tagged by transparent, editable
patterns kept in data/reference/topics.csv (id, label, patterns). The build applies them in
DuckDB (ict_response/sql/derive.sql) over title, description and keywords and keeps which
text matched each tag."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from .paths import REFERENCE_DIR


@dataclass(frozen=True)
class TopicRule:
    topic: str
    label: str
    pattern: str  # a regular expression, matched case-insensitively


@cache
def topic_rules() -> tuple[TopicRule, ...]:
    with open(REFERENCE_DIR / "topics.csv", encoding="utf-8", newline="") as f:
        rules = tuple(TopicRule(r["id"], r["label"], r["patterns"]) for r in csv.DictReader(f))
    for rule in rules:
        re.compile(rule.pattern)  # a broken rule fails loudly here, not silently at build
    return rules


@cache
def topic_labels() -> dict[str, str]:
    return {r.topic: r.label for r in topic_rules()}
