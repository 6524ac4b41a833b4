"""Text search through the word index finds exactly the cases (and sessions) a scan of the
texts finds.

A search is its terms: the words between its spaces, or, in double quotes, the phrase
inside them. A search whose terms are each one word of two or more letters or digits is
answered from the word index (search_postings, built by derive.sql); any other search from
the texts themselves (cases_matching in ict_response/sql/macros.sql). Either way the answer
is defined as: the cases whose case-folded title, organisation or description contain every
case-folded term (fold_case in derive.sql: lower-casing, then Unicode's further folds such
as final sigma).
"""

from __future__ import annotations

import pytest
from builders import opened, write_csv
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ict_response import db, queries
from ict_response.filters import Filters

# Examples per test, deadline, randomness: the profile's (tests/conftest.py).
SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    folder = tmp_path_factory.mktemp("text_search")
    cases = write_csv(
        folder / "cases.csv",
        [
            ["ID", "Title", "Organisation", "Description"],
            ["a", "Telehealth in Ghana", "Ministry of Health", "E-health portal for clinics"],
            ["b", "Mobile money for health workers", "Fin Co", "Cash transfers; 5G rollout"],
            ["c", "Straße café", "Ωmega Org", "数字 健康 app"],
            ["d", "School radio", "Edu", ""],
            ["e", "ΟΔΟΣ ασφαλής", "Δήμος", "ﬁnance"],
        ],
    )
    with opened(folder / "t.duckdb", [cases]) as connection:
        yield connection


def ids(con, q):
    """The case ids a search finds through the runner (case_list, the whole list)."""
    frame = queries.run(con, "case_list", Filters.parse({"q": q}), {"limit": 1000})
    return set(frame["case_id"])


def uses_index(con, q):
    return con.execute("SELECT search_path($q) <> 'texts'", {"q": q}).fetchone()[0]


def terms(q: str) -> list[str]:
    """A search's terms, as the definition above says (before case folding)."""
    if len(q) >= 2 and q.startswith('"') and q.endswith('"'):
        return [q[1:-1]]
    return [t for t in q.split(" ") if t]


@pytest.mark.parametrize(
    ("q", "found", "indexed"),
    [
        ("health", {"a", "b"}, True),  # inside "telehealth", "health", "e-health"
        ("HEALTH", {"a", "b"}, True),
        ("ealt", {"a", "b"}, True),  # the middle of a word
        ("5g", {"b"}, True),  # a two-character word
        ("straße", {"c"}, True),
        ("健康", {"c"}, True),  # letters of any script are word characters
        ("ghana", {"a"}, True),
        ("xyz", set(), True),
        ("e-health", {"a"}, False),  # holds a hyphen: searched in the texts
        ("lth in gh", {"a"}, True),  # three terms, each inside a word of the text
        ("ghana telehealth", {"a"}, True),  # every word, in any order
        ('"ghana telehealth"', set(), False),  # a phrase, as written
        ('"telehealth in ghana"', {"a"}, False),
        ('"lth in gh"', {"a"}, False),  # across words
        ("health 5g", {"b"}, True),
        ("health e-health", {"a"}, False),
        ("数字 健康", {"c"}, True),
        ("g", {"a", "b", "c"}, False),  # one character: ghana, 5g, ωmega
        ("; 5", {"b"}, False),
        ("ωmega", {"c"}, True),
        ("straSSe", {"c"}, True),  # case-folded: "ß" is "ss"
        ("STRASSE", {"c"}, True),
        ("οδος", {"e"}, True),  # final sigma folds to sigma, both ways
        ("ΟΔΟΣ", {"e"}, True),
        ("οδοσ", {"e"}, True),
        ("δημος", set(), True),  # "Δήμος" has an accented eta: another word
        ("finance", {"e"}, True),  # the ligature "ﬁ" folds to "fi"
    ],
)
def test_search_finds_hand_computed_cases(con, q, found, indexed):
    assert uses_index(con, q) is indexed
    assert ids(con, q) == found


def scanned(con, q, table="cases", key="case_no"):
    """The definition, from each text in turn."""
    folded = [con.execute("SELECT fold_case($t)", {"t": t}).fetchone()[0] for t in terms(q)]
    rows = con.execute(f"SELECT {key}, search_text FROM {table}").fetchall()
    return {k for k, text in rows if all(t in text for t in folded)}


def matched(con, q):
    return {r[0] for r in con.execute("SELECT case_no FROM cases_matching($q)", {"q": q}).fetchall()}


def _texts(con):
    return [r[0] for r in con.execute("SELECT search_text FROM cases").fetchall()]


@pytest.mark.parametrize("database", ["sample_db", "hostile_db"])
def test_every_indexed_word_and_its_pieces_find_what_a_scan_finds(request, database):
    """Words of the index, their first and last three characters and upper-cased, on the
    shipped sample and on the hostile values (right-to-left text, emoji, markup, control
    characters): 400 searches spread evenly over them."""
    con = db.connect_readonly(request.getfixturevalue(database))
    try:
        words = [r[0] for r in con.execute("SELECT word FROM search_words ORDER BY word").fetchall()]
        assert len(words) > 20
        searches = sorted({piece for w in words for piece in (w, w[:3], w[-3:], w.upper())})
        searches = searches[:: max(1, len(searches) // 400)]
        wrong = [q for q in searches if matched(con, q) != scanned(con, q)]
        assert wrong == []
        assert all(uses_index(con, w) for w in words if w.isascii())
    finally:
        con.close()


@pytest.fixture(scope="module")
def sample_con(sample_db):
    con = db.connect_readonly(sample_db)
    yield con
    con.close()


@SETTINGS
@given(data=st.data())
def test_any_piece_of_any_text_finds_what_a_scan_finds(sample_con, data):
    texts = _texts(sample_con)
    text = data.draw(st.sampled_from(texts))
    start = data.draw(st.integers(0, len(text)))
    q = text[start : start + data.draw(st.integers(0, 12))]
    assert matched(sample_con, q) == scanned(sample_con, q)


@SETTINGS
@given(data=st.data())
def test_words_of_a_text_in_any_order_find_it_and_what_a_scan_finds(sample_con, data):
    number, text = data.draw(
        st.sampled_from(sample_con.execute("SELECT case_no, search_text FROM cases").fetchall())
    )
    words = text.split()
    chosen = data.draw(st.lists(st.sampled_from(words), min_size=1, max_size=4)) if words else []
    q = " ".join(chosen)
    assert matched(sample_con, q) == scanned(sample_con, q)
    assert number in matched(sample_con, q)


@SETTINGS
@given(q=st.text(max_size=10))
def test_any_text_at_all_finds_what_a_scan_finds(sample_con, q):
    assert matched(sample_con, q) == scanned(sample_con, q)


def _plan(con, q):
    # A cases-only question: sessions, a tenth as many, scan their own folded search text.
    sql, values = queries.prepare("cases_by_action_line", Filters.parse({"q": q}))
    return "\n".join(row[1] for row in con.execute("EXPLAIN " + sql, values).fetchall())


def test_a_search_of_words_reads_the_index_and_not_the_texts(sample_con):
    """What keeps a search fast at a million cases: the plan of a search of one word or
    several never reads the search text column; a phrase in quotes does."""
    for q in ("health", "contact tracing", "mobile money for farmers"):
        assert "search_postings" in _plan(sample_con, q)
        assert "search_text" not in _plan(sample_con, q)
    assert "search_text" in _plan(sample_con, '"contact tracing"')


def scanned_sessions(con, q):
    return scanned(con, q, "sessions", "session_id")


def matched_sessions(con, q):
    return {r[0] for r in con.execute("SELECT session_id FROM sessions_matching($q)", {"q": q}).fetchall()}


def test_session_search_finds_what_a_scan_finds(sample_con):
    """The sessions' word index, as the cases': its words and their pieces, 300 searches (on
    the sample: the hostile values are cases only)."""
    words = [r[0] for r in sample_con.execute("SELECT word FROM session_words ORDER BY word").fetchall()]
    assert len(words) > 20
    searches = sorted({piece for w in words for piece in (w, w[:3], w[-3:], w.upper())})
    searches = searches[:: max(1, len(searches) // 300)] + ["covid 19", '"covid 19"', "", " "]
    wrong = [q for q in searches if matched_sessions(sample_con, q) != scanned_sessions(sample_con, q)]
    assert wrong == []


@SETTINGS
@given(q=st.text(max_size=10))
def test_any_session_search_at_all_finds_what_a_scan_finds(sample_con, q):
    assert matched_sessions(sample_con, q) == scanned_sessions(sample_con, q)


def test_a_one_word_session_search_reads_the_index_and_not_the_texts(sample_con):
    sql, values = queries.prepare("sessions_by_type", Filters.parse({"q": "health"}))
    plan = "\n".join(row[1] for row in sample_con.execute("EXPLAIN " + sql, values).fetchall())
    assert "session_postings" in plan and "search_text" not in plan


def test_the_case_list_is_numbered_newest_first(sample_con):
    """case_list pages by case number: the numbers follow the list's order."""
    rows = sample_con.execute(
        "SELECT case_no FROM cases ORDER BY reference_date DESC NULLS LAST, case_id"
    ).fetchall()
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))


def test_every_character_the_index_path_accepts_is_a_word_character_of_the_index(con):
    """search_uses_index checks q against a short list of scripts (quick to compile). Every
    character it accepts, in every plane of Unicode, must be a letter or digit to the word
    index ([\\pL\\pN]), or a one-word search could miss a case."""
    characters = (
        "SELECT chr(i::INTEGER) || chr(i::INTEGER) AS twice, chr(i::INTEGER) AS c"
        " FROM range(1, 1114112) t(i) WHERE i < 55296 OR i > 57343"
    )  # no surrogates
    wrong = con.execute(f"""
        SELECT list(c) FROM ({characters})
        WHERE search_uses_index(twice) AND NOT regexp_full_match(fold_case(twice), '[\\pL\\pN]{{2,}}')
    """).fetchone()[0]
    assert wrong is None
    accepted = con.execute(f"SELECT count(*) FROM ({characters}) WHERE search_uses_index(twice)").fetchone()[
        0
    ]
    assert accepted > 20000  # Latin, Greek, Cyrillic, Arabic, Vietnamese, CJK, Hangul


# Every letter fold_case folds beyond lower(), as the first of a text, as its last, in upper
# case where it has one: fold_case checks for them before replacing, and must miss none.
FURTHER = "ςſµϐϑϕϖϰϱϵͅιßﬀﬁﬂﬃﬄﬅﬆẞ"


@pytest.mark.parametrize("letter", list(FURTHER))
def test_fold_case_checks_for_every_further_fold(con, letter):
    for text in (letter, f"Case {letter}", f"{letter} case", letter.upper()):
        folded, further = con.execute("SELECT fold_case($t), fold_further(lower($t))", {"t": text}).fetchone()
        assert folded == further, text
