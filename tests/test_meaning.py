"""What a case is about as one vector (ict_response/meaning.py): each case's vector against
the same sums done here in numpy from the shipped word vectors, words of like meaning closer
than words of another practice, and a need's vector made as a case's is."""

from __future__ import annotations

import math
import re
import unicodedata

import numpy as np
import pytest
from builders import opened, write_csv

from ict_response import meaning, replication
from ict_response.filters import Filters
from ict_response.queries import run

HEADER = ["ID", "Project Title", "Description", "Countries"]
CASES = [
    ["jab", "Jab nudges", "Automated texts remind patients of their jab.", "United Kingdom"],
    ["immunisation", "Immunisation reminders", "Clinics send an SMS before each vaccination.", "Kenya"],
    ["tax", "Online tax returns", "Taxpayers file their returns on the revenue portal.", "France"],
    ["radio", "Radio lessons", "Pupils follow lessons broadcast by community radio.", "Kenya"],
    ["court", "Remote hearings", "Judges hear cases by video link.", "Brazil"],
    # In Spanish: the first of the same practice as "immunisation", the second of taxes.
    [
        "vacuna",
        "Recordatorios de vacunación",
        "Las clínicas envían un mensaje antes de cada vacuna.",
        "Mexico",
    ],
    [
        "impuestos",
        "Impuestos en línea",
        "Los contribuyentes presentan sus declaraciones en el portal.",
        "Chile",
    ],
]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    folder = tmp_path_factory.mktemp("meaning")
    with opened(folder / "m.duckdb", [write_csv(folder / "cases.csv", [HEADER, *CASES])]) as connection:
        yield connection


def words_of(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]{2,}", text.casefold()))


def stem(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))[:6]


def expected_vectors(con, languages: bool = False):
    """Each case's unit vector relative to the average case (and, unless `languages`, without
    the directions of language), the words' weights, and the average: from the shipped file
    and the cases' texts, without the database's help."""
    words, vectors = meaning.word_vectors()
    row = {w: i for i, w in enumerate(words)}
    ignored = {s for (s,) in con.execute("SELECT stem FROM practice_ignored_stems").fetchall()}
    texts = dict(con.execute("SELECT case_id, search_text FROM cases").fetchall())
    held = {case_id: words_of(text) for case_id, text in texts.items()}
    n = len(texts)

    def weight(word: str) -> float:
        if stem(word) in ignored or len(stem(word)) < 2 or stem(word).isdigit():
            return 0.0
        return math.log((n + 1) / (sum(word in h for h in held.values()) + 0.5))

    weights = {w: weight(w) for h in held.values() for w in h if w in row}
    unit = {}
    for case_id, case_words in held.items():
        total = sum(
            weights[w] * vectors[row[w]].astype(float) for w in case_words if w in row and weights[w] > 0
        )
        unit[case_id] = total / np.linalg.norm(total)
    centre = np.mean(list(unit.values()), axis=0)
    if languages:
        centred = {case_id: (u - centre) / np.linalg.norm(u - centre) for case_id, u in unit.items()}
    else:
        centred = {case_id: without_languages(u - centre) for case_id, u in unit.items()}
    return centred, weight, centre


def without_languages(vector: np.ndarray) -> np.ndarray:
    """`vector` less its part along the directions of language, of length one."""
    languages = meaning.language_directions().astype(float)
    rest = vector - (languages @ vector) @ languages
    return rest / np.linalg.norm(rest)


def stored(con, case_id: str) -> np.ndarray:
    (vector,) = con.execute(
        "SELECT vector FROM practice_meaning JOIN case_ids USING (case_no) WHERE case_id = $id",
        {"id": case_id},
    ).fetchone()
    return np.array(vector, dtype=float)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_the_shipped_vectors_are_one_row_of_bytes_per_word():
    words, vectors = meaning.word_vectors()
    assert len(words) > 30_000 and words == sorted(set(words))
    assert vectors.dtype == np.int8 and vectors.shape == (len(words), 128)
    assert {"vaccination", "immunisation", "sms", "radio", "école"} <= set(words)


def test_a_cases_vector_is_its_words_weighed_by_rarity_relative_to_the_average(con):
    centred, _, _ = expected_vectors(con)
    for case_id, vector in centred.items():
        # Stored as bytes: the same direction to a hundredth.
        assert cosine(stored(con, case_id), vector) == pytest.approx(1, abs=0.01), case_id
    pairs = [(a, b) for a in centred for b in centred if a < b]
    for a, b in pairs:
        assert cosine(stored(con, a), stored(con, b)) == pytest.approx(
            cosine(centred[a], centred[b]), abs=0.02
        )


def test_cases_worked_on_in_blocks_by_threads_get_the_same_vectors(tmp_path, monkeypatch):
    # A build works on BLOCK cases at a time, in threads; blocks of two here, so that the
    # cases span several blocks, the last one short.
    monkeypatch.setattr(meaning, "BLOCK", 2)
    with opened(tmp_path / "b.duckdb", [write_csv(tmp_path / "cases.csv", [HEADER, *CASES])]) as blocked:
        assert blocked.execute("SELECT max(case_no) + 1 FROM cases").fetchone()[0] > 2 * 3
        centred, _, _ = expected_vectors(blocked)
        for case_id, vector in centred.items():
            assert cosine(stored(blocked, case_id), vector) == pytest.approx(1, abs=0.01), case_id


def test_words_of_like_meaning_bring_cases_closer_than_another_practice(con):
    # "jab" and "immunisation" share no stem; taxes and radio lessons are other practices.
    jab = stored(con, "jab")
    assert cosine(jab, stored(con, "immunisation")) > cosine(jab, stored(con, "tax")) + 0.2
    assert cosine(jab, stored(con, "immunisation")) > cosine(jab, stored(con, "radio")) + 0.2
    frame = run(con, "similar_cases", Filters(), {"case_id": "jab", "limit": 5, "scope": "anywhere"})
    for record in frame.to_dict("records"):
        assert record["meaning"] == pytest.approx(cosine(jab, stored(con, record["case_id"])), abs=1e-3)


def test_the_language_a_case_is_told_in_is_not_its_meaning(con):
    """The word vectors come from an English model, which sets French and Spanish words
    apart: a case's meaning leaves those directions out, so two Spanish cases of different
    practices are no longer alike for their language, and a Spanish case comes closer to the
    English ones of its practice (in so tiny a collection, not yet closest)."""
    languages = meaning.language_directions()
    assert languages.shape == (2, 128)
    assert languages @ languages.T == pytest.approx(np.eye(2), abs=1e-5)
    for case_id in ("vacuna", "jab", "tax"):
        vector = stored(con, case_id)
        assert np.abs(languages @ vector).max() / np.linalg.norm(vector) < 0.02, case_id
    with_languages, _, _ = expected_vectors(con, languages=True)

    def closeness(a: str, b: str) -> tuple[float, float]:
        return cosine(with_languages[a], with_languages[b]), cosine(stored(con, a), stored(con, b))

    before, after = closeness("vacuna", "impuestos")
    assert before - after > 0.2, (before, after)
    for spanish, english in [("vacuna", "immunisation"), ("vacuna", "jab"), ("impuestos", "tax")]:
        before, after = closeness(spanish, english)
        assert after > before, (spanish, english, before, after)


def test_a_needs_vector_is_made_as_a_cases_is(con):
    _, weight, centre = expected_vectors(con)
    words, vectors = meaning.word_vectors()
    row = {w: i for i, w in enumerate(words)}
    need = "reminders of the inoculation by text"  # "inoculation": a word no case holds
    total = sum(weight(w) * vectors[row[w]].astype(float) for w in words_of(need) if w in row)
    vector = without_languages(total / np.linalg.norm(total) - centre)
    frame = run(con, "practice_find", Filters(), {"need": need, "limit": 5})
    assert not frame.empty
    for record in frame.to_dict("records"):
        assert record["meaning"] == pytest.approx(cosine(vector, stored(con, record["case_id"])), abs=0.02)
        weighed = record["text_score"] + replication.MEANING_WEIGHT * record["meaning"]
        assert record["score"] == pytest.approx(weighed, abs=2e-4)
