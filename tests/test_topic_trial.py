"""Changing the topic rules safely: `ict-response topics --try` shows what each topic would
gain and lose before anything changes, `--apply` rebuilds with the rules and keeps them,
`--reset` goes back to the shipped ones; the steward does the same on the Data page."""

from __future__ import annotations

import csv
import html
import json

import pytest
from builders import write_csv, write_rules_only_model
from streamlit.testing.v1 import AppTest

import ict_response.topics as topic_module
from ict_response import i18n, topic_trial
from ict_response.cli import main as cli
from ict_response.db import connect_readonly
from ict_response.errors import UserError
from ict_response.password import hash_password
from ict_response.paths import ROOT
from ict_response.topic_evidence import why_tagged
from ict_response.topics import RULES_FILE, read_rules, rules_file

HEADER = ["rule", "topic", "signal", "lang", "pattern"]
# Rules the test database is built with (A), and the rules tried on it (B).
RULES_A = [
    ["a-hospital", "health", "words", "en", r"\bhospitals?\b"],
    ["a-elearn", "learning", "action_line", "", "C7-ELEARN"],
]
RULES_B = [
    ["b-teleconsult", "telemedicine", "words", "en", r"\bteleconsult\w*"],
    ["b-pupils", "learning", "words", "en", r"\bpupils?\b"],
    ["b-jobs", "work", "words", "en", r"\bjob seekers?\b"],
]
CASES = [
    ["ID", "Project Title", "Description", "WSIS Action Lines", "Countries"],
    ["1", "Hospital bed tracker", "Intensive care capacity shared every hour.", "C2", "Kenya"],
    ["2", "Teleconsultation line", "Doctors answer by phone.", "C7 E-health", "Peru"],
    ["3", "Radio lessons", "Pupils learn at home.", "C7 E-learning", "Chile"],
    ["4", "Vacancy portal", "Job seekers find work.", "C7 E-employment", "Ghana"],
]


def _topics(db) -> dict[str, set[str]]:
    con = connect_readonly(db)
    try:
        rows = con.execute("SELECT topic, record_id FROM topic_matches WHERE record_kind = 'case'").fetchall()
    finally:
        con.close()
    out: dict[str, set[str]] = {}
    for topic, record in rows:
        out.setdefault(topic, set()).add(record)
    return out


@pytest.fixture(autouse=True)
def rules_only(tmp_path, monkeypatch):
    """The mechanics of trying and applying rules, with a model that keeps what the rules
    find (the model itself: test_topic_model.py)."""
    monkeypatch.setattr(topic_module, "MODEL_FILE", write_rules_only_model(tmp_path / "rules_only.csv"))


@pytest.fixture
def db(tmp_path):
    """Four cases built with rules A (applied, so they are this deployment's own)."""
    cases = write_csv(tmp_path / "cases.csv", CASES)
    db = tmp_path / "data" / "t.duckdb"
    assert cli(["build", "--db", str(db), "--cases", str(cases)]) == 0
    assert (
        cli(["topics", "--apply", str(write_csv(tmp_path / "a.csv", [HEADER, *RULES_A])), "--db", str(db)])
        == 0
    )
    assert _topics(db) == {"health": {"1"}, "learning": {"3"}}
    return db


@pytest.fixture
def rules_b(tmp_path):
    return write_csv(tmp_path / "b.csv", [HEADER, *RULES_B])


def test_a_trial_counts_gains_and_losses_per_topic_with_examples(db, rules_b):
    trial = topic_trial.try_rules(db, read_rules(rules_b), rules_b)
    changed = {c.topic: (c.now, c.gained, c.lost, c.after) for c in trial.changed("cases")}
    # Health loses case 1 (no rule finds "hospital" now) and gains case 2 (telemedicine is
    # health); learning keeps case 3, found by its words now instead of its Action Line.
    assert changed == {"health": (1, 1, 1, 1), "telemedicine": (0, 1, 0, 1), "work": (0, 1, 0, 1)}
    health = next(c for c in trial.changes["cases"] if c.topic == "health")
    assert [(e.record_id, e.title, e.field, e.matched) for e in health.gained_examples] == [
        ("2", "Teleconsultation line", "title", "teleconsultation")
    ]
    assert [(e.record_id, e.field, e.matched) for e in health.lost_examples] == [("1", "title", "hospital")]
    # Each example says why, as a case's detail does: the gain came through Telemedicine.
    assert [why_tagged(e.evidence()) for e in health.gained_examples + health.lost_examples] == [
        "the title says “teleconsultation”, as Telemedicine",
        "the title says “hospital”",
    ]
    assert trial.changed("sessions") == []


def test_a_trial_changes_nothing(db, rules_b):
    before = db.read_bytes()
    topic_trial.try_rules(db, read_rules(rules_b), rules_b)
    assert db.read_bytes() == before
    assert _topics(db) == {"health": {"1"}, "learning": {"3"}}


def test_apply_rebuilds_with_the_rules_and_later_builds_keep_them(db, rules_b, tmp_path, capsys):
    capsys.readouterr()
    assert cli(["topics", "--apply", str(rules_b), "--db", str(db), "--added-by", "Ana Ruiz"]) == 0
    assert "Rebuilt with the topic rules of" in capsys.readouterr().out
    expected = {"health": {"2"}, "telemedicine": {"2"}, "learning": {"3"}, "work": {"4"}}
    assert _topics(db) == expected
    applied = topic_trial.applied(db)
    assert applied is not None and (applied.file_name, applied.applied_by) == ("b.csv", "Ana Ruiz")
    # A later build (here a whole rebuild from the command line) tags with the same rules.
    assert cli(["build", "--db", str(db), "--cases", str(tmp_path / "cases.csv")]) == 0
    assert _topics(db) == expected
    con = connect_readonly(db)
    try:
        assert con.execute("SELECT value FROM meta WHERE key = 'topic_rules'").fetchone() == ("deployment",)
    finally:
        con.close()


def test_reset_goes_back_to_the_shipped_rules(db):
    assert rules_file(db) != RULES_FILE
    assert cli(["topics", "--reset", "--db", str(db)]) == 0
    assert rules_file(db) == RULES_FILE and topic_trial.applied(db) is None
    # The shipped rules find "hospital", the E-health code and the rest.
    tags = _topics(db)
    assert {"1", "2"} <= tags["health"] and "3" in tags["learning"] and "4" in tags["work"]


def test_the_trial_predicts_exactly_what_applying_does(tmp_path):
    """On the sample, with the shipped rules changed: each topic's 'after' is what the
    rebuilt database holds."""
    db = tmp_path / "data" / "s.duckdb"
    assert cli(["build", "--sample", "--db", str(db)]) == 0
    with open(RULES_FILE, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    changed = [r for r in rows if r[1] != "telemedicine" or r[2] != "words"]  # drop telemedicine's words
    changed.append(["extra-screens", "learning", "words", "en", r"\bscreens?\b"])
    trial_file = write_csv(tmp_path / "changed.csv", changed)
    trial = topic_trial.try_rules(db, read_rules(trial_file), trial_file)
    kinds = {c.topic: c for c in trial.changes["cases"]}
    assert kinds["telemedicine"].lost > 0 and kinds["telemedicine"].after < kinds["telemedicine"].now
    topic_trial.apply_rules(db, trial_file)
    after = {t: len(ids) for t, ids in _topics(db).items()}
    assert {t: c.after for t, c in kinds.items() if c.after} == after


def test_a_broken_rule_is_one_line_naming_it_and_changes_nothing(db, tmp_path, capsys):
    broken = write_csv(
        tmp_path / "broken.csv", [HEADER, *RULES_B, ["b-bad", "health", "words", "en", "(unclosed"]]
    )
    before = db.read_bytes()
    capsys.readouterr()
    for flag in ("--try", "--apply"):
        assert cli(["topics", flag, str(broken), "--db", str(db)]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("error: ") and "'b-bad'" in err and "\n" not in err
    assert db.read_bytes() == before
    with pytest.raises(UserError, match="b-bad"):
        topic_trial.apply_rules(db, broken)


def test_cli_prints_the_trial_for_people_and_as_json(db, rules_b, capsys):
    capsys.readouterr()
    assert cli(["topics", "--try", str(rules_b), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "nothing changes until you apply it" in out
    health = next(line for line in out.splitlines() if line.startswith("Health "))
    assert health.split()[1:] == ["1", "+1", "-1", "1"]
    assert "+ 2: Teleconsultation line (title: 'teleconsultation')" in out
    assert "- 1: Hospital bed tracker (title: 'hospital')" in out
    assert "Sessions: no topic would change." in out
    assert f"ict-response topics --apply {rules_b}" in out
    assert cli(["topics", "--try", str(rules_b), "--db", str(db), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    work = next(c for c in data["cases"] if c["topic"] == "work")
    assert (work["now"], work["gained"], work["lost"], work["after"]) == (0, 1, 0, 1)
    assert work["gained_examples"][0]["record_id"] == "4"


def test_cli_says_which_rules_are_in_use(db, capsys):
    capsys.readouterr()
    assert cli(["topics", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "this deployment's own, 2 rules" in out and "health" in out


def test_cli_one_action_at_a_time_and_no_database(tmp_path, rules_b, capsys):
    capsys.readouterr()
    assert cli(["topics", "--try", str(rules_b), "--reset", "--db", str(tmp_path / "x.duckdb")]) == 2
    assert "one at a time" in capsys.readouterr().err
    assert cli(["topics", "--try", str(rules_b), "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no database here yet" in capsys.readouterr().err


# --------------------------------------------------------------------------- the Data page

PASSWORD = "correct horse battery staple"


def _signed_in(db, monkeypatch, lang: str = "en") -> AppTest:
    """The Data page of `db` in `lang`, a steward signed in."""
    monkeypatch.setenv("ICT_RESPONSE_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.secrets["steward"] = {"password_hash": hash_password(PASSWORD)}
    at.run()
    at.switch_page("app_pages/data.py").run()
    at.text_input(key="steward_name_input").input("Amina Diallo")
    at.text_input(key="steward_password").input(PASSWORD)
    at.button[0].click().run()
    return at


def test_steward_tries_then_applies_rules_on_the_data_page(db, rules_b, monkeypatch):
    at = _signed_in(db, monkeypatch)
    assert not at.exception, at.exception
    assert any("this deployment's own rules" in c.value for c in at.caption)
    uploader = next(u for u in at.file_uploader if u.label == "Rules to try (CSV)")
    uploader.set_value((rules_b.name, rules_b.read_bytes(), "text/csv")).run()
    assert not at.exception, at.exception
    table = at.dataframe[-1].value
    assert table.set_index("Topic").loc["Health"].tolist() == [1, 1, 1, 1]
    examples = html.unescape(" ".join(m.value for m in at.markdown))
    assert "- Teleconsultation line (2): the title says “teleconsultation”, as Telemedicine" in examples
    assert _topics(db) == {"health": {"1"}, "learning": {"3"}}, "nothing changes before Apply"
    assert at.button(key="steward_rules_apply").disabled
    at.checkbox(key="steward_rules_confirm").check().run()
    at.button(key="steward_rules_apply").click().run()
    assert not at.exception, at.exception
    assert any("Applied the rules of b.csv" in html.unescape(s.value) for s in at.success)
    assert _topics(db)["work"] == {"4"}
    applied = topic_trial.applied(db)
    assert applied is not None and applied.applied_by == "Amina Diallo"


def test_the_examples_of_a_trial_speak_the_stewards_language(db, rules_b, monkeypatch):
    at = _signed_in(db, monkeypatch, lang="fr")
    uploader = next(
        u for u in at.file_uploader if u.label == i18n.translations("fr").gettext("Rules to try (CSV)")
    )
    uploader.set_value((rules_b.name, rules_b.read_bytes(), "text/csv")).run()
    assert not at.exception, at.exception
    examples = html.unescape(" ".join(m.value for m in at.markdown))
    with i18n.using("fr"):
        says = i18n.translations("fr").gettext("the title says {words}").format(words=i18n.quoted("hospital"))
    assert f"- Hospital bed tracker (1)\u00a0: {says}" in examples, examples
    assert f"**{i18n.translations('fr').gettext('Loses')}\u00a0:**" in examples
    assert "title:" not in examples


def test_a_broken_rules_upload_is_one_sentence_on_the_page(db, tmp_path, monkeypatch):
    broken = write_csv(tmp_path / "broken.csv", [HEADER, ["x1", "nonsense", "words", "en", "a"]])
    at = _signed_in(db, monkeypatch)
    uploader = next(u for u in at.file_uploader if u.label == "Rules to try (CSV)")
    uploader.set_value((broken.name, broken.read_bytes(), "text/csv")).run()
    assert not at.exception, at.exception
    errors = [html.unescape(e.value) for e in at.error]
    assert errors == ["broken.csv: rule 'x1': topic 'nonsense' is not one of data/reference/topics.csv."]
