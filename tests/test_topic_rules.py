"""Topic rules: validated by DuckDB, the engine that runs them; every signal a case carries
(words in several languages, Action Lines, SDGs); families; exclusions; evidence in words."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from builders import build_tagged, write_rules_only_model

from ict_response import queries
from ict_response.db import connect_readonly
from ict_response.errors import UserError
from ict_response.topic_evidence import why_tagged
from ict_response.topics import RULES_FILE, read_rules, topic_rules, topics

HEADER = ["rule", "topic", "signal", "lang", "pattern"]


def write_rules(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def test_the_shipped_rules_are_valid_and_cover_every_topic():
    rules = topic_rules()
    assert {r.topic for r in rules if r.signal == "words"} == {t.topic for t in topics()}
    families = {t.parent for t in topics() if t.parent}
    assert families == {"health", "learning", "work"}
    assert read_rules(RULES_FILE) == rules


@pytest.mark.parametrize(
    ("row", "message"),
    [
        # Python's re accepts a lookahead; DuckDB's engine (RE2) does not: caught here.
        (["x-en", "health", "words", "en", "clinic(?=s)"], "not a regular expression DuckDB can run"),
        (["x-en", "health", "words", "en", "(clinic"], "not a regular expression DuckDB can run"),
        (["x-en", "health", "words", "en", "clinics?|"], "matches empty text"),
        (["x-en", "health", "words", "en", "Hôpital"], "lower case without accents"),
        (["x-en", "wellbeing", "words", "en", "spa"], "topic 'wellbeing' is not one of"),
        (["x-al", "health", "action_line", "", "C99"], "'C99' is not an Action Line code"),
        (["x-sdg", "health", "sdg", "", "18"], "'18' is not an SDG"),
        (["x-en", "health", "guess", "en", "clinic"], "signal 'guess' is not one of"),
    ],
)
def test_a_broken_rule_is_one_line_naming_it(tmp_path, row, message):
    path = write_rules(tmp_path / "rules.csv", [["ok-en", "health", "words", "en", "clinic"], row])
    with pytest.raises(UserError) as caught:
        read_rules(path)
    text = str(caught.value)
    assert "\n" not in text and f"rule {row[0]!r}" in text and message in text


def test_a_pattern_cut_by_an_unquoted_comma_is_refused(tmp_path):
    """`{0,3}` without quotes splits the line into one field more than the header: the rule
    must not be read as its first half."""
    path = tmp_path / "rules.csv"
    path.write_text("rule,topic,signal,lang,pattern\nx-en,work,words,en,apply (?:\\w+ ){0,3}benefits\n")
    with pytest.raises(UserError) as caught:
        read_rules(path)
    assert "rule 'x-en'" in str(caught.value) and "double quotes" in str(caught.value)


def test_escapes_are_not_upper_case_letters(tmp_path):
    path = write_rules(tmp_path / "rules.csv", [["ok-en", "health", "words", "en", r"\bclinic\S*\b"]])
    assert read_rules(path)[0].pattern == r"\bclinic\S*\b"


CASES = [
    # id, title, description, organisation, action lines, sdgs
    ("T-1", "ICU bed tracker", "Hospitals share intensive care capacity every night.", "", "", ""),
    ("T-2", "Téléconsultation à Dakar", "Les MÉDECINS répondent aux patients.", "", "", ""),
    ("T-3", "Lecciones por radio", "Clases por radio para alumnos en sus casas.", "", "", ""),
    ("T-4", "Claims forecasting", "A machine-learning model forecasts claims.", "", "", ""),
    ("T-5", "Platform", "A platform for the ministry.", "", "C7-EHEALTH", "3"),
    ("T-6", "Orientation line", "Counsellors answer callers.", "Ministry of Health", "", ""),
]


@pytest.fixture(scope="module")
def tagged_db(tmp_path_factory):
    # The rules alone: the model that weighs them with the rest is tested in test_topic_model.py.
    folder = tmp_path_factory.mktemp("topics")
    return build_tagged(folder, CASES, write_rules_only_model(folder / "rules_only.csv"))


def matches(db: Path) -> dict[tuple[str, str], tuple[str, str, str, str | None]]:
    con = connect_readonly(db)
    try:
        rows = con.execute(
            "SELECT record_id, topic, signal, field, matched, via FROM topic_matches"
            " WHERE record_kind = 'case'"
        ).fetchall()
    finally:
        con.close()
    return {(r[0], r[1]): (r[2], r[3], r[4], r[5]) for r in rows}


def test_words_without_a_topic_word_tag_the_family(tagged_db):
    m = matches(tagged_db)
    assert m[("T-1", "health")][:2] == ("words", "title")  # "ICU"
    assert ("T-1", "telemedicine") not in m


def test_french_with_accents_and_capitals_tags_telemedicine_and_its_family(tagged_db):
    m = matches(tagged_db)
    assert m[("T-2", "telemedicine")] == ("words", "title", "teleconsult", None)  # the rule's words
    assert m[("T-2", "health")][0] == "words"  # "médecins", "patients" themselves say health


def test_spanish_radio_lessons_are_remote_learning(tagged_db):
    m = matches(tagged_db)
    assert ("T-3", "remote_learning") in m and ("T-3", "learning") in m


def test_machine_learning_is_not_learning(tagged_db):
    m = matches(tagged_db)
    assert ("T-4", "data_ai") in m
    assert ("T-4", "learning") not in m and ("T-4", "remote_learning") not in m


def test_an_action_line_tags_a_case_its_words_do_not(tagged_db):
    assert matches(tagged_db)[("T-5", "health")] == ("action_line", "action_lines", "C7-EHEALTH", None)


def test_the_organisation_is_a_signal_but_health_context_is_not(tagged_db):
    # "Ministry of Health" is an exclusion (context, not topic): no words tag T-6.
    assert ("T-6", "health") not in matches(tagged_db)


def test_evidence_reads_in_words(tagged_db):
    assert evidence(tagged_db, "T-5")["health"] == "its Action Line C7-EHEALTH (E-health)"
    assert evidence(tagged_db, "T-2")["telemedicine"] == "the title says “teleconsultation”"  # whole words


def evidence(db, case_id: str) -> dict[str, str]:
    """Why each topic of a case was tagged, by topic, as a case's detail words it."""
    frame = queries.run_path(db, "topic_evidence", params={"case_id": case_id})
    return {r["topic"]: why_tagged(r) for r in frame.to_dict("records")}


def test_asking_for_the_family_finds_every_narrower_case(tagged_db):
    from ict_response.filters import Filters

    frame = queries.run_path(tagged_db, "case_list", Filters.parse({"topic": "health"}))
    assert {"T-1", "T-2", "T-5"} <= set(frame["case_id"])


def test_a_weak_word_alone_is_context_and_two_or_a_strong_one_tag(tmp_path):
    from builders import write_csv

    from ict_response import db
    from ict_response.store import ImportStore

    rules = write_rules(
        tmp_path / "rules.csv",
        [
            ["l-weak", "learning", "weak", "en", r"\bstudents?\b|\bteachers?\b"],
            ["l-words", "learning", "words", "en", r"\blessons?\b"],
        ],
    )
    cases = write_csv(
        tmp_path / "cases.csv",
        [
            ["ID", "Project Title", "Description"],
            ["1", "Tracing call centre staffed by students", "Volunteer students call every contact."],
            ["2", "Teachers meet their students online", ""],
            ["3", "Students get lessons by radio", ""],
        ],
    )
    path = tmp_path / "t.duckdb"
    db.build(path, [(ImportStore(path).new_entry(cases, "cases"), cases)], rules=read_rules(rules))
    con = connect_readonly(path)
    try:
        found = con.execute(
            "SELECT record_id, rule, matched FROM topic_matches WHERE topic = 'learning' ORDER BY record_id"
        ).fetchall()
    finally:
        con.close()
    # Case 1 says "student" twice: the same weak word, still context. The evidence of a tag
    # is a strong word where there is one, even after a weak one.
    assert found == [("2", "l-weak", "teachers"), ("3", "l-words", "lessons")]
