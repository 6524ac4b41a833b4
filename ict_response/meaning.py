"""What a case is about, as one vector: the replication finder's second way of comparing
cases, beside the words and practice elements they share (sql/practice_index.sql).

Two cases can tell of one practice without a distinctive word in common ("jab nudges" and
"immunisation reminders"). Each common word has a vector of its meaning (data/reference/
word_vectors.npz, made by ict_response/word_vectors.py from a sentence model), close for
words of like meaning; a case's vector is the sum of its words' vectors, each weighed by its
rarity as the index weighs terms, then taken relative to the collection's average case (what
every case shares says nothing about one) and without the directions that set French and
Spanish words apart from English ones (the vectors come from an English model: with them, a
case told in Spanish was closest to other Spanish cases, whatever their practice).
queries/similar_cases.sql and queries/practice_find.sql add WEIGHT (0.4) of the cosine of
two such vectors to the score of the 50 best cases by shared terms.

Built with the database (db.build), in the same transaction: tables practice_vocabulary
(every word with a vector, its weight here) and practice_meaning (each case's vector, as
signed bytes), and practice_meaning_centre (the average case, and the two directions of
language).
"""

from __future__ import annotations

import functools
import os
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pyarrow as pa

from .paths import ROOT

if TYPE_CHECKING:
    import scipy.sparse

VECTORS = ROOT / "data" / "reference" / "word_vectors.npz"
SQL = ROOT / "ict_response" / "sql" / "practice_meaning.sql"
# How much of two texts' closeness in meaning (their vectors' cosine) joins a score: bound as
# $meaning_weight into the two queries (queries.DEFAULTS). Chosen on the `dev` evaluation set
# (tests/fixtures/replication/: 0.25 to 0.5 alike, 0.6 and more worse).
WEIGHT = 0.4


@functools.cache
def _shipped() -> tuple[list[str], np.ndarray, np.ndarray]:
    """The file's three arrays, read once."""
    with np.load(VECTORS) as f:
        return f["words"].tolist(), f["vectors"], f["languages"].astype(np.float32)


def word_vectors() -> tuple[list[str], np.ndarray]:
    """The vocabulary and its vectors (one row of signed bytes per word)."""
    words, vectors, _ = _shipped()
    return words, vectors


def language_directions() -> np.ndarray:
    """The directions that set French and Spanish words apart from English ones (two
    orthonormal rows: word_vectors.language_directions), which a case's meaning leaves out."""
    return _shipped()[2]


# Rows of cases worked on at a time, by each of the build's threads (scipy and numpy let go of
# Python's lock while they compute, so threads share the work between cores): a block's copies
# stay in the processor's cache (at a million cases, 65,536 rows at a time took three times as long),
# and a million cases' vectors in one piece would cost gigabytes of copies.
BLOCK = 1_024


def _blocks(rows: int) -> list[slice]:
    return [slice(start, start + BLOCK) for start in range(0, rows, BLOCK)]


def _summed(weights: scipy.sparse.csr_array, vectors: np.ndarray, pool: ThreadPoolExecutor) -> np.ndarray:
    """Each row of `weights` times `vectors`: each case's weighted sum of its words' vectors."""
    sums = np.empty((weights.shape[0], vectors.shape[1]), np.float32)

    def block(rows: slice) -> None:
        sums[rows] = weights[rows] @ vectors

    list(pool.map(block, _blocks(len(sums))))
    return sums


def _centred(
    sums: np.ndarray, languages: np.ndarray, pool: ThreadPoolExecutor
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The numbers of the rows of `sums` that are not zero, those rows made of length one,
    taken relative to their average and without their part along `languages` (orthonormal
    rows), as signed bytes (each row scaled so that its largest value is 127: a cosine does
    not depend on a vector's length), and the average. Changes `sums` in place."""

    def unit(rows: slice) -> np.ndarray:
        block = sums[rows]
        lengths = np.sqrt(np.einsum("ij,ij->i", block, block))
        block /= np.where(lengths > 0, lengths, 1)[:, None]  # rows of zeros stay zeros
        held: np.ndarray = lengths > 0
        return held

    nonzero = np.concatenate(list(pool.map(unit, _blocks(len(sums)))))
    # Summed in one piece: the same average whatever the blocks.
    centre = sums.sum(axis=0, dtype=np.float64) / max(1, np.count_nonzero(nonzero))
    centre32 = centre.astype(np.float32)
    out = np.empty(sums.shape, np.int8)

    def quantised(rows: slice) -> np.ndarray:
        block = sums[rows] - centre32
        block -= (block @ languages.T) @ languages
        largest = np.abs(block).max(axis=1)
        out[rows] = np.rint(block * (127 / np.where(largest > 0, largest, 1))[:, None])
        directed: np.ndarray = largest > 0
        return directed

    # A case exactly the average (the only case of a collection) has no direction either.
    kept = nonzero & np.concatenate(list(pool.map(quantised, _blocks(len(sums)))))
    return np.flatnonzero(kept), out[kept], centre32


def index(con: duckdb.DuckDBPyConnection) -> None:
    """Build practice_vocabulary, practice_meaning and practice_meaning_centre."""
    import scipy.sparse  # here: only a build needs it, and it takes a fifth of a second to load

    words, vectors = word_vectors()
    vocabulary = pa.table(
        {
            "row": pa.array(np.arange(len(words), dtype=np.int32)),
            "word": pa.array(words, pa.string()),
            "vector": pa.FixedSizeListArray.from_arrays(pa.array(vectors.ravel()), vectors.shape[1]),
        }
    )
    con.register("vocabulary_words", vocabulary)
    try:
        con.execute(SQL.read_text(encoding="utf-8"))
        held = con.execute(
            "SELECT case_no, row, weight::FLOAT AS weight FROM practice_meaning_words"
        ).fetchnumpy()
    finally:
        con.unregister("vocabulary_words")
    ((cases,),) = con.execute("SELECT coalesce(max(case_no), 0) + 1 FROM cases").fetchall()
    weight = np.asarray(held["weight"], dtype=np.float32)
    case_no, row = np.asarray(held["case_no"], dtype=np.int32), np.asarray(held["row"], dtype=np.int32)
    weights = scipy.sparse.csr_array((weight, (case_no, row)), shape=(cases, len(words)))
    languages = language_directions()
    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        sums = _summed(weights, vectors.astype(np.float32), pool)
        case_nos, centred, centre = _centred(sums, languages, pool)
    del sums, weights, held, weight, case_no, row
    meaning = pa.table(
        {
            "case_no": pa.array(case_nos.astype(np.int32)),
            "vector": pa.FixedSizeListArray.from_arrays(pa.array(centred.ravel()), centred.shape[1]),
        }
    )
    con.register("case_meaning", meaning)
    try:
        # In order of case number already (the numbers of the rows of `sums`).
        con.execute("CREATE TABLE practice_meaning AS SELECT case_no, vector FROM case_meaning")
    finally:
        con.unregister("case_meaning")
    # A need's vector is made the same way at query time (queries/practice_find.sql).
    con.execute(
        "CREATE TABLE practice_meaning_centre AS"
        " SELECT $centre::FLOAT[] AS vector, $french::FLOAT[] AS french, $spanish::FLOAT[] AS spanish",
        {
            "centre": centre.astype(float).tolist(),
            "french": languages[0].astype(float).tolist(),
            "spanish": languages[1].astype(float).tolist(),
        },
    )
