"""The replication finder across ITU's languages: a need typed in Arabic, Chinese, Russian or
Spanish finds the cases that name the same practice in English, through each practice
element's entries in those languages (data/reference/practice_term_translations.csv; French
ones are among practice_terms.csv's own); Arabic words are stemmed after their article, and
Chinese entries are looked for inside runs of characters, which Chinese writes without
spaces. How well it does on the labelled sets, with each group's need translated into the
five languages: tests/test_replication_eval.py."""

from __future__ import annotations

import csv
import re

import pytest
from builders import opened, write_csv
from test_replication import CASES, HEADER

from ict_response import i18n, names, replication
from ict_response import taxonomy as tx
from ict_response.paths import ROOT

TRANSLATIONS = ROOT / "data" / "reference" / "practice_term_translations.csv"
LANGUAGES = {"ar", "es", "ru", "zh"}
HAN = re.compile(r"[\u3400-\u9fff]")


def entries(concept: str) -> set[str]:
    (term,) = [t for t in tx.practice_terms() if t.concept == concept]
    return {e.strip() for e in term.words.split(";")}


def ids(matches: list[replication.Match]) -> list[str]:
    return [m.case_id for m in matches]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    folder = tmp_path_factory.mktemp("languages")
    rows = [
        HEADER,
        *CASES,
        # Text-message reminders of vaccination, told in Chinese and in Arabic.
        ["zh-cn", "疫苗接种短信提醒", "卫生部用手机短信提醒市民按时接种疫苗。", "China", "", ""],
        ["ar-eg", "تذكير بالتطعيم", "ترسل الوزارة رسائل نصية للتذكير بمواعيد التطعيم.", "Egypt", "", ""],
    ]
    with opened(folder / "l.duckdb", [write_csv(folder / "l.csv", rows)]) as connection:
        yield connection


def test_every_element_has_entries_in_arabic_chinese_russian_and_spanish():
    with open(TRANSLATIONS, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    concepts = {t.concept for t in tx.practice_terms()}
    by_concept: dict[str, set[str]] = {}
    for row in rows:
        assert row["concept"] in concepts, row
        assert row["language"] in LANGUAGES and row["language"] not in by_concept.get(row["concept"], set())
        by_concept.setdefault(row["concept"], set()).add(row["language"])
        words = [w.strip() for w in row["words"].split(";")]
        assert all(words), row
        if row["language"] == "zh":  # looked for inside runs of characters: never one alone
            assert all(HAN.search(w) and min(len(p) for p in w.split()) >= 2 for w in words), row
    assert by_concept == {c: LANGUAGES for c in concepts}


def test_an_arabic_word_is_stemmed_after_its_article(con):
    # "vaccination", "the vaccination", "with the vaccination", "and the vaccination"
    forms = ["تطعيم", "التطعيم", "بالتطعيم", "والتطعيم", "للتطعيم"]
    sql = con.execute("SELECT list_transform($forms, lambda w: practice_stem(w))", {"forms": forms})
    assert set(sql.fetchone()[0]) == {"تطعيم"} == {replication.stem(w) for w in forms}
    # The article goes before the hamza is folded ("the electronic", "electronic"), and
    # before a word of two letters ("the medicine", "medicine").
    for with_article, without in [("الإلكتروني", "إلكتروني"), ("الطب", "طب")]:
        sql = con.execute("SELECT practice_stem($a), practice_stem($b)", {"a": with_article, "b": without})
        assert len(set(sql.fetchone())) == 1
        assert replication.stem(with_article) == replication.stem(without)
    # A word too short to be an article and a word is left whole ("pain").
    assert con.execute("SELECT practice_stem('الم')").fetchone()[0] == "الم" == replication.stem("الم")


def test_a_need_in_arabic_chinese_or_russian_finds_the_practice_told_in_english(con):
    # The entries the needs below name text messages by.
    assert {"短信", "смс"} <= entries("text_message")
    needs = {
        "ar": "تذكير بمواعيد التطعيم عبر الرسائل النصية",
        "zh": "用短信提醒疫苗接种预约",
        "ru": "СМС-напоминания о записи на вакцинацию",
    }
    for language, need in needs.items():
        found = ids(replication.find(con, need, k=5))
        assert {"sms-ke", "sms-ke2"} <= set(found), (language, found)
        assert "tax-fr" not in found and "radio-ke" not in found


def test_a_case_told_in_chinese_names_its_practice(con):
    """Its text is runs of characters with no spaces: the entries are found inside them."""
    ((elements,),) = con.execute(
        "SELECT list(w.term ORDER BY w.term) FROM practice_cases p, unnest(p.element_ids) e(id)"
        " JOIN practice_weights w ON w.term_id = e.id WHERE p.case_no ="
        " (SELECT case_no FROM case_ids WHERE case_id = 'zh-cn')"
    ).fetchall()
    assert {"c:text_message", "c:vaccination"} <= set(elements)
    assert "zh-cn" in ids(replication.similar(con, "sms-ke", k=5))
    like = replication.similar(con, "zh-cn", k=3)
    assert {"sms-ke", "sms-ke2", "ar-eg"} & set(ids(like)) and "both name" in like[0].why


def test_why_quotes_an_arabic_word_as_the_case_writes_it(con):
    (match,) = [m for m in replication.find(con, "التطعيم", k=10) if m.case_id == "ar-eg"]
    assert "“التطعيم”" in match.why or "“بالتطعيم”" in match.why, match.why


@pytest.mark.parametrize(("lang", "separator"), [("en", ", "), ("fr", ", "), ("zh", "、"), ("ar", "، ")])
def test_why_lists_as_the_language_does(lang, separator):
    row = {"shared_terms": ["c:text_message", "c:vaccination"], "shared_topics": ["health", "elearning"]}
    with i18n.using(lang):
        said = replication.why(row)
        elements = [names.word(i18n._(label)) for label in ("text messages", "vaccination")]
    assert separator.join(elements) in said, said


@pytest.mark.parametrize(
    ("lang", "between", "end"),
    [("en", "; ", "."), ("fr", "\u00a0; ", "."), ("zh", "；", "。"), ("ar", "؛ ", ".")],
)
def test_why_is_one_sentence_punctuated_as_the_language_does(lang, between, end):
    row = {"shared_terms": ["c:text_message"], "shared_topics": ["health"]}
    with i18n.using(lang):
        said = replication.why(row)
        clauses = [
            i18n._("both name {elements}").format(elements=names.word(i18n._("text messages"))),
            i18n.ngettext("same topics: {topics}", "same topics: {topics}", 1).format(
                topics=names.word(replication.topic_labels()["health"])
            ),
        ]
    assert said == between.join(clauses) + end
