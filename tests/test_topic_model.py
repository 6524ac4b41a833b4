"""The learned step of topic tagging (ict_response/topic_model.py, sql/topic_model.sql): a
hand-written model over a few cases, with the answers worked out by hand; the NumPy sums of
a build against a plain Python sum over the sample; and the shipped weights' shape. How well
the shipped model agrees with readers: test_topic_corpus.py."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from builders import build_tagged

import ict_response.topics as topic_module
from ict_response import queries, topic_model
from ict_response.db import connect_readonly
from ict_response.topic_evidence import why_tagged
from ict_response.topic_trial import scratch

CASES = [
    # "zorbax" is in no rule: only the model can tag work here.
    ["M-1", "Zorbax for the town", "A portal built with zorbax.", "Town council", "", ""],
    # The rules find health ("hospital"); this model weighs that too little to keep it.
    ["M-2", "Hospital car park lights", "New lamps.", "Works department", "", ""],
    # "qwerty" tags telemedicine, and so its family, health.
    ["M-3", "Qwerty calls", "People call qwerty at home.", "Call group", "", ""],
    # An Action Line the model weighs: C4 is learning here.
    ["M-4", "Plain words", "Nothing to see.", "Someone", "C4", ""],
]
MODEL = [
    ("work", "(bias)", -1.0),
    ("work", "zorbax", 2.0),
    ("health", "(bias)", -1.0),
    ("health", "rule:health", 0.5),
    ("telemedicine", "(bias)", -1.0),
    ("telemedicine", "qwerty", 1.5),
    ("learning", "(bias)", -1.0),
    ("learning", "action_line:C4", 1.2),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("model")
    return build_tagged(folder, CASES, topic_model.write(MODEL, folder / "model.csv"))


def _matches(db: Path) -> dict[tuple[str, str], tuple[str, str | None, str | None, str | None]]:
    con = connect_readonly(db)
    try:
        rows = con.execute(
            "SELECT record_id, topic, signal, field, matched, via FROM topic_matches"
            " WHERE record_id LIKE 'M-%'"
        ).fetchall()
    finally:
        con.close()
    return {(r[0], r[1]): tuple(r[2:]) for r in rows}


def test_the_model_decides_and_says_which_words_weighed(db):
    assert _matches(db) == {
        # Work from a word no rule lists: the evidence is that word, where it is first.
        ("M-1", "work"): ("model", "title", "zorbax", None),
        # M-2: the rules' health, outweighed by the bias, is gone.
        ("M-3", "telemedicine"): ("model", "title", "qwerty", None),
        ("M-3", "health"): ("model", "title", "qwerty", "telemedicine"),
        # Codes weigh, and the evidence names them: none of M-4's words weighed.
        ("M-4", "learning"): ("model", "action_lines", "Action Line C4", None),
    }


def test_why_tagged_reads_in_words(db):
    why = {
        r["topic"]: why_tagged(r)
        for r in queries.run_path(db, "topic_evidence", params={"case_id": "M-3"}).to_dict("records")
    }
    assert why == {
        "health": "its words “qwerty”, weighed as in the cases readers labelled, as Telemedicine",
        "telemedicine": "its words “qwerty”, weighed as in the cases readers labelled",
    }
    why = {
        r["topic"]: why_tagged(r)
        for r in queries.run_path(db, "topic_evidence", params={"case_id": "M-4"}).to_dict("records")
    }
    assert why == {"learning": "its Action Line C4, weighed as in the cases readers labelled"}


def test_a_build_sums_the_weights_as_plain_python_does(sample_db, tmp_path):
    """NumPy's sums over hashed features (topic_model.decide) against a sum over the feature
    names, case by case, on the shipped sample with the shipped model."""
    path = topic_module.MODEL_FILE
    weights: dict[tuple[str, str], float] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            weights[(r["topic"], r["feature"])] = float(r["weight"])
    names = [t.topic for t in topic_module.topics()]
    rules = topic_module.topic_rules()
    with scratch(sample_db, rules) as con:
        topic_module.tag(con, rules, features_only=True)
        rows = con.execute("SELECT record_id, features FROM case_features").fetchall()
        features = {case_id: set(fs) for case_id, fs in rows}
        topic_model.decide(con, path)
        decided = set(con.execute("SELECT record_id, topic FROM model_topics").fetchall())
    expected = {
        (case_id, t)
        for case_id, fs in features.items()
        for t in names
        if weights.get((t, "(bias)"), -1.0) + sum(weights.get((t, f), 0.0) for f in fs) >= 0
    }
    assert len(features) > 500 and len(expected) > 300
    assert decided == expected


def test_a_sum_at_the_threshold_decides_alike_in_any_order(tmp_path):
    """0.1 + 0.2 + 0.3 is 0.6000000000000001 added in that order and 0.6 in the other: a
    case's features come in an order no build fixes, and at the threshold that order must
    not decide its topics."""
    weights = [("health", "(bias)", -0.6000000000000001), ("health", "aa", 0.1), ("health", "bb", 0.2)]
    path = topic_model.write([*weights, ("health", "cc", 0.3)], tmp_path / "model.csv")
    con = duckdb.connect()
    try:
        con.execute(
            "CREATE TEMP TABLE case_features AS SELECT * FROM (VALUES"
            " ('ascending', ['aa', 'bb', 'cc']), ('descending', ['cc', 'bb', 'aa']), ('short', ['aa', 'bb']))"
            " t(record_id, features)"
        )
        topic_model.decide(con, path)
        decided = sorted(con.execute("SELECT record_id, topic FROM model_topics").fetchall())
    finally:
        con.close()
    assert decided == [("ascending", "health"), ("descending", "health")]


def test_the_shipped_model_has_a_bias_per_topic_and_known_kinds_of_feature():
    with open(topic_module.MODEL_FILE, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    names = {t.topic for t in topic_module.topics()}
    assert {r["topic"] for r in rows if r["feature"] == "(bias)"} == names
    for r in rows:
        assert r["topic"] in names
        kind, _, code = r["feature"].partition(":")
        assert (
            r["feature"] == "(bias)"
            or (kind, bool(code))
            in {
                ("action_line", True),
                ("sdg", True),
                ("rule", True),
            }
            or (r["feature"].isalnum() and 3 <= len(r["feature"]) <= 6)
        ), r


def test_training_is_deterministic_and_learns_a_separating_word():
    features = [{"vacanc", "portal"}, {"vacanc"}, {"portal"}, {"clinic"}] * 5
    labels = [{"work"}, {"work"}, set(), {"health"}] * 5
    first, second = topic_model.fit(features, labels), topic_model.fit(features, labels)
    assert first == second
    weight = {(t, f): w for t, f, w in first}
    assert weight[("work", "vacanc")] > 1.0 and weight[("health", "clinic")] > 1.0
    assert weight.get(("work", "clinic"), 0.0) <= 0.0
