"""The replication finder (ict_response/replication.py): cases like a case, and cases that
meet a need, on a handful of cases built to be alike or not; how well it does on a labelled
set is tests/test_replication_eval.py."""

from __future__ import annotations

import json
import math

import pytest
from builders import build, opened, write_csv

from ict_response import db, meaning, replication
from ict_response.cli import main as cli
from ict_response.errors import UserError
from ict_response.filters import Filters

HEADER = ["ID", "Project Title", "Description", "Countries", "WSIS Action Lines", "SDGs"]
CASES = [
    # One practice, three countries, three ways of saying it.
    [
        "sms-ke",
        "SMS vaccination reminders",
        "Clinics send a text message before each vaccination appointment.",
        "Kenya",
        "C7 E-health",
        "SDG 3",
    ],
    [
        "jab-uk",
        "Jab nudges",
        "Automated texts remind patients of their jab two days ahead.",
        "United Kingdom",
        "C7 E-health",
        "SDG 3",
    ],
    [
        "ivr-ph",
        "Robocalls before immunisation day",
        "Recorded voice calls remind seniors of their inoculation.",
        "Philippines",
        "",
        "",
    ],
    # The same practice again, in the first case's country.
    [
        "sms-ke2",
        "Text reminders for vaccine appointments",
        "A short code sends reminders of vaccine doses.",
        "Kenya",
        "C7 E-health",
        "",
    ],
    # Other practices.
    [
        "radio-ke",
        "Radio lessons",
        "Lessons for pupils broadcast on community radio stations.",
        "Kenya",
        "C7 E-learning",
        "SDG 4",
    ],
    [
        "tax-fr",
        "Online tax returns",
        "Taxpayers file their returns on the revenue portal.",
        "France",
        "C7 E-government",
        "",
    ],
]


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("replication")
    build(folder / "r.duckdb", [write_csv(folder / "cases.csv", [HEADER, *CASES])])
    return folder / "r.duckdb"


@pytest.fixture(scope="module")
def con(path):
    connection = db.connect_readonly(path)
    yield connection
    connection.close()


def ids(matches):
    return [m.case_id for m in matches]


def test_a_match_is_the_score_as_a_share_of_the_best_possible(con):
    """What a reader sees of a score: 0 to 1 (a score of "cases like this one" adds tags and
    meaning to a cosine, so it goes above 1; a need's adds meaning; and the meaning's cosine
    can be negative)."""
    for found, most in (
        (replication.similar(con, "sms-ke"), replication.SIMILAR_MOST),
        (replication.find(con, "text message reminders for vaccination"), replication.FIND_MOST),
    ):
        assert found
        for m in found:
            assert m.match is not None and 0 <= m.match <= 1
            assert m.match == pytest.approx(max(m.score, 0) / most, abs=1e-4)


def test_the_same_practice_comes_first_with_why_in_words(con):
    found = replication.similar(con, "sms-ke")
    assert set(ids(found)[:3]) == {"jab-uk", "ivr-ph", "sms-ke2"}
    assert "tax-fr" not in ids(found) and "sms-ke" not in ids(found)
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    why = {m.case_id: m.why for m in found}
    # "text message" and "texts" are one practice element; so are vaccination and "jab".
    assert (
        "both name" in why["jab-uk"] and "text messages" in why["jab-uk"] and "vaccination" in why["jab-uk"]
    )
    assert "same topics: Health" in why["jab-uk"] and "same SDGs: SDG 3" in why["jab-uk"]
    assert "same Action Lines: C7-EHEALTH" in why["sms-ke2"]


class HandIndex:
    """The finder's term weights summed again in Python from the index's postings: each term
    weighs its rarity, an element twice, and a term of a case's title counts twice."""

    def __init__(self, con):
        self.postings: dict[str, set[str]] = {}
        for term, case_id in con.execute(
            "SELECT w.term, c.case_id FROM practice_postings p JOIN practice_weights w USING (term_id)"
            " JOIN cases c USING (case_no)"
        ).fetchall():
            self.postings.setdefault(case_id, set()).add(term)
        self.in_title = {
            case_id: set(terms)
            for case_id, terms in con.execute(
                "SELECT case_id, practice_terms_of(title) FROM cases"
            ).fetchall()
        }
        assert any(self.in_title.values())
        self.n = con.execute("SELECT count(*) FROM cases").fetchone()[0]
        self.df: dict[str, int] = {}
        for terms in self.postings.values():
            for t in terms:
                self.df[t] = self.df.get(t, 0) + 1

    def weight(self, t: str) -> float:
        return math.log((self.n + 1) / (self.df[t] + 0.5)) * (2 if t.startswith("c:") else 1)

    def in_case(self, case_id: str, t: str) -> float:
        return self.weight(t) * (2 if t in self.in_title[case_id] else 1)

    def cosine(self, query: dict[str, float], case_id: str) -> float:
        dot = sum(q * self.in_case(case_id, t) for t, q in query.items() if t in self.postings[case_id])
        norm = math.sqrt(sum(self.in_case(case_id, t) ** 2 for t in self.postings[case_id]))
        return dot / (math.sqrt(sum(q * q for q in query.values())) * norm)

    def widened(self, query: dict[str, float], leaders: list[str], share: float) -> dict[str, float]:
        """`query` with each leader's terms added at `share` of their weight."""
        out = dict(query)
        for leader in leaders:
            for t in self.postings[leader]:
                out[t] = out.get(t, 0) + share * self.weight(t)
        return out


def test_a_score_is_the_cosine_of_the_weighted_terms_plus_tags_and_meaning(con):
    """The query's text score against the same sum in Python: the case's terms, widened by
    half the weights of the terms of the case first by its terms, tags and meaning (the
    leader), against each of the others'. The score adds a tenth of the tags' overlap (0 to
    1) and 0.4 of the meaning's cosine (tests/test_meaning.py checks that one)."""
    index = HandIndex(con)
    query = {t: index.in_case("sms-ke", t) for t in index.postings["sms-ke"]}
    frame = replication.queries.run(
        con, "similar_cases", Filters(), {"case_id": "sms-ke", "limit": 10, "scope": "anywhere"}
    )
    rows = frame.to_dict("records")
    assert len(rows) >= 3
    # Tags and meaning add the same to a case's score before and after the widening.
    leader = max(rows, key=lambda r: index.cosine(query, r["case_id"]) + r["score"] - r["text_score"])
    widened = index.widened(query, [leader["case_id"]], 0.5)
    assert len(widened) > len(query)
    for row in rows:
        found = row["case_id"]
        assert row["text_score"] == pytest.approx(index.cosine(widened, found), abs=1e-4)
        assert set(row["shared_terms"]) == set(query) & index.postings[found]
        tags = (row["score"] - row["text_score"] - replication.MEANING_WEIGHT * row["meaning"]) / 0.1
        assert -0.002 <= tags <= 1.002  # each figure is rounded to four places
        assert -1 <= row["meaning"] <= 1


def test_a_needs_score_is_its_widened_terms_cosine_plus_meaning(con):
    """As above for a need: its terms weigh their rarity (a need has no title), widened by
    the terms of each of the two cases first by its terms and meaning, at their weights."""
    index = HandIndex(con)
    need = "remind people by phone of their vaccine shot"
    (terms,) = con.execute("SELECT practice_terms_of($need)", {"need": need}).fetchone()
    query = {t: index.weight(t) for t in terms if t in index.df and index.weight(t) > 0}
    rows = replication.queries.run(con, "practice_find", Filters(), {"need": need, "limit": 10}).to_dict(
        "records"
    )
    assert len(rows) >= 3
    first = sorted(rows, key=lambda r: -(index.cosine(query, r["case_id"]) + r["score"] - r["text_score"]))
    widened = index.widened(query, [r["case_id"] for r in first[:2]], 1.0)
    for row in rows:
        assert row["text_score"] == pytest.approx(index.cosine(widened, row["case_id"]), abs=1e-4)
        assert row["score"] == pytest.approx(
            row["text_score"] + replication.MEANING_WEIGHT * row["meaning"], abs=2e-4
        )
        assert set(row["shared_terms"]) == set(query) & index.postings[row["case_id"]]


def test_the_terms_of_a_text_are_those_the_build_indexed(con):
    """practice_terms_of(), which reads a need or a case at query time, against the index
    (built from the word index of the case's title, organisation and description)."""
    for case_id, text in con.execute("SELECT case_id, search_text FROM cases").fetchall():
        indexed = {
            r[0]
            for r in con.execute(
                "SELECT term FROM practice_postings JOIN practice_weights USING (term_id)"
                " JOIN cases USING (case_no) WHERE case_id = $id",
                {"id": case_id},
            ).fetchall()
        }
        (of_text,) = con.execute("SELECT practice_terms_of($text)", {"text": text}).fetchone()
        assert set(of_text) == indexed, case_id


def test_elsewhere_means_other_countries_or_other_regions(con):
    anywhere = ids(replication.similar(con, "sms-ke"))
    assert "sms-ke2" in anywhere and "radio-ke" not in anywhere[:3]
    other_countries = ids(replication.similar(con, "sms-ke", scope="other_countries"))
    assert "sms-ke2" not in other_countries and "radio-ke" not in other_countries
    assert {"jab-uk", "ivr-ph"} <= set(other_countries)
    # Kenya is in ITU's Africa: every other region's case stays, no African one.
    other_regions = ids(replication.similar(con, "sms-ke", scope="other_regions"))
    assert set(other_regions) <= {"jab-uk", "ivr-ph", "tax-fr"}


def test_find_meets_a_need_in_other_words_and_keeps_to_the_filters(con):
    found = replication.find(con, "remind people by phone of their vaccine shot")
    assert set(ids(found)[:4]) == {"sms-ke", "jab-uk", "ivr-ph", "sms-ke2"}
    in_africa = replication.find(
        con, "remind people by phone of their vaccine shot", Filters.parse({"region": "Africa"})
    )
    assert set(ids(in_africa)) <= {"sms-ke", "sms-ke2", "radio-ke"} and "sms-ke" in ids(in_africa)
    assert ids(replication.find(con, "lessons on the radio", k=1)) == ["radio-ke"]


def test_a_need_of_words_without_a_meaning_finds_the_cases_that_hold_them(tmp_path):
    """A need whose words the cases hold but the meaning vocabulary lacks (a name, a coined
    word) has no meaning: it is found by its terms alone, not refused with an error."""
    assert "zorblax" not in meaning.word_vectors()[0]
    rows = [HEADER, *CASES, ["zx-ke", "Zorblax kiosks", "Zorblax kiosks lend tablets.", "Kenya", "", ""]]
    with opened(tmp_path / "z.duckdb", [write_csv(tmp_path / "z.csv", rows)]) as con:
        assert ids(replication.find(con, "zorblax"))[:1] == ["zx-ke"]


def test_cases_told_in_words_without_a_meaning_find_each_other(tmp_path):
    """Two cases told in Russian: none of their words has a meaning vector, so they are
    compared by their terms alone, "cases like this one" included."""
    rows = [
        HEADER,
        *CASES,
        ["ru-1", "Рассылка о прививках", "Рассылка с напоминаниями о прививках.", "Russia", "", ""],
        ["ru-2", "Напоминания о прививках", "Напоминания о прививках по телефону.", "Belarus", "", ""],
    ]
    with opened(tmp_path / "ru.duckdb", [write_csv(tmp_path / "ru.csv", rows)]) as con:
        like = replication.similar(con, "ru-1")
        assert ids(like)[:1] == ["ru-2"]
        # The words as the found case writes them, not their stems ("напоми").
        assert "share the words “напоминания”, “прививках”" in like[0].why
        assert set(ids(replication.find(con, "напоминания о прививках"))[:2]) == {"ru-1", "ru-2"}


def test_a_need_nobody_has_met_says_so(con):
    assert replication.find(con, "zorbified quuxes") == []
    sentence = replication.nothing_found("zorbified quuxes")
    assert sentence.startswith("No case names any practice or word of") and "\n" not in sentence
    assert "within the filters" in replication.nothing_found("x", Filters.parse({"region": "Africa"}))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda con: replication.similar(con, "no-such-case"), "No case has the id 'no-such-case'"),
        (lambda con: replication.similar(con, "sms-ke", scope="mars"), "Unknown scope 'mars'"),
        (lambda con: replication.similar(con, "sms-ke", k=0), "Ask for between 1 and 100 cases"),
        (lambda con: replication.find(con, "   "), "Type a need in a few words"),
        (lambda con: replication.find(con, "<p></p>"), "Type a need in a few words"),
        (
            lambda con: replication.find(con, "vaccine " * 1250),
            "A need is at most 500 characters and this one has 9,999",
        ),
    ],
)
def test_bad_input_gets_one_clear_sentence(con, call, message):
    with pytest.raises(UserError) as raised:
        call(con)
    assert str(raised.value).startswith(message) and "\n" not in str(raised.value)


def test_markup_in_a_need_is_left_out_and_said(con):
    need, note = replication.clean_need("<b>vaccine</b> reminders &amp; texts")
    assert need == "vaccine reminders texts"
    assert note == "Markup in the need was left out: searched for “vaccine reminders texts”."
    assert replication.clean_need("vaccine reminders") == ("vaccine reminders", None)
    assert ids(replication.find(con, "<script>vaccine</script> reminders"))[:1] != []


def test_the_cli_prints_json_best_first_and_refuses_bad_input(path, capsys):
    assert cli(["similar", "sms-ke", "--k", "2", "--other-countries", "--json", "--db", str(path)]) == 0
    rows = json.loads(capsys.readouterr().out)
    fields = {"case_id", "title", "organisation", "country", "score", "match", "why"}
    assert [set(r) for r in rows] == [fields] * 2
    assert {r["case_id"] for r in rows} == {"jab-uk", "ivr-ph"} and rows[0]["score"] >= rows[1]["score"]
    assert (
        cli(["find", "radio lessons for pupils", "--k", "1", "--filter", "country=KE", "--db", str(path)])
        == 0
    )
    out = capsys.readouterr().out
    assert out.startswith(" 1. Radio lessons (radio-ke; Kenya) score") and "why: both name" in out
    assert "% of the best possible)" in out.splitlines()[0]
    assert cli(["find", "zorbified quuxes", "--db", str(path)]) == 0
    assert capsys.readouterr().out.startswith("No case names any practice or word of")
    assert cli(["similar", "nope", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: No case has the id 'nope'") and err.count("\n") == 1


def test_in_a_thousand_cases_what_a_tenth_hold_weighs_nothing_but_is_counted(tmp_path):
    """At a thousand cases or more, a term that more than a tenth of them hold says nothing
    about a practice: it has no postings to read and two cases sharing only it are not alike;
    a practice element that common is still among each case's elements, which a country's
    profile counts."""

    def word(i: int) -> str:  # a word of its own per case, six letters: "zzaaab"
        return "zz" + "".join(chr(ord("a") + int(d)) for d in f"{i:04d}")

    rows = [
        # 200 of 1,000 hold "pandemic" and radio lessons.
        [
            f"c{i}",
            f"Project {word(i)}",
            "A pandemic radio lessons project." if i < 200 else "About it.",
            "Kenya",
            "",
            "",
        ]
        for i in range(1000)
    ]
    rows.append(["pair", f"Project {word(1)}", "A pandemic project again.", "Chad", "", ""])
    build(tmp_path / "t.duckdb", [write_csv(tmp_path / "cases.csv", [HEADER, *rows])])
    con = db.connect_readonly(tmp_path / "t.duckdb")
    try:
        weights = dict(con.execute("SELECT term, weight FROM practice_weights").fetchall())
        assert weights["pandem"] == 0 and weights["c:radio_lessons"] == 0
        assert weights["zzaaab"] > 0
        read = con.execute(
            "SELECT count(*) FROM practice_postings JOIN practice_weights USING (term_id) WHERE weight = 0"
        ).fetchone()
        assert read == (0,)
        elements = con.execute(
            "SELECT w.term FROM (SELECT unnest(element_ids) AS term_id FROM practice_cases"
            " JOIN case_ids USING (case_no) WHERE case_id = 'c7') JOIN practice_weights w USING (term_id)"
        ).fetchall()
        assert ("c:radio_lessons",) in elements
        # c1 and "pair" share a rare word as well; c2 shares only what weighs nothing.
        assert "pair" in ids(replication.similar(con, "c1", 5))
        assert "c2" not in ids(replication.similar(con, "pair", 10))
    finally:
        con.close()


def test_a_word_is_ignored_only_when_it_says_nothing(con):
    """practice_ignored() of any stem, not only of a column called "stem": a macro's
    parameter of that name stood for the stop list's own column too, and ignored every word
    given to it in another form."""
    ignored = con.execute(
        "SELECT practice_ignored('vaccin'), practice_ignored(practice_stem('radios')),"
        " practice_ignored('the'), practice_ignored('2020'), practice_ignored(practice_stem('without'))"
    ).fetchone()
    assert ignored == (False, False, True, True, True)


def test_why_quotes_shared_words_as_the_case_writes_them():
    """Acronyms and names keep their capitals; a capital that only starts a sentence goes."""
    row = {
        "title": "SMS reminders on WhatsApp",
        "description": "Messages go out daily.",
        "shared_terms": ["sms", "whatsa", "messag"],
    }
    assert replication.why(row, tags=False) == "share the words “SMS”, “WhatsApp”, “messages”."


def test_why_says_when_two_texts_mean_alike_in_other_words():
    """Said where meaning brought the case up: close enough, and weighing more in the score
    than the terms both hold."""
    close = replication.MEANING_SAID
    row = {"title": "Jab nudges", "description": "", "shared_terms": [], "meaning": close, "text_score": 0.1}
    assert replication.why(row, tags=False) == "told in words of like meaning."
    row["meaning"] = close - 0.01
    assert replication.why(row, tags=False) == "little in common."
    row.update(meaning=close, text_score=replication.MEANING_WEIGHT * close + 0.01)
    assert replication.why(row, tags=False) == "little in common."
