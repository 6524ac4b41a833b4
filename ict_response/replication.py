"""The replication finder: for a case, or for a need typed in plain words, the cases
elsewhere that describe the same practice, best first, each with why in words.

The repository exists so that good practice is copied elsewhere, and the same practice is
often described with no word in common ("SMS reminders", "automated texts before the jab",
"a flash notice on the eve of the immunisation"). So the index (sql/practice_index.sql)
holds, besides the stems of each case's words, the practice elements it names in any of the
words that data/reference/practice_terms.csv groups; two cases are compared by the rarity
weighted terms they share, and, for "cases like this one", by their topics, Action Lines
and SDGs too (queries/similar_cases.sql, queries/practice_find.sql). How well it finds what
readers would group together: bench/replication_eval.py.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import cache

import duckdb
import pandas as pd

from . import queries
from . import taxonomy as tx
from .errors import UserError
from .filters import Filters
from .topics import topic_labels

SCOPES = {
    "anywhere": "anywhere",
    "other_countries": "in other countries",
    "other_regions": "in other ITU regions",
}
DEFAULT_K = 10
MAX_K = 100
MAX_NEED_CHARS = 500
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Match:
    case_id: str
    title: str
    organisation: str
    country: str
    score: float
    why: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def similar(
    con: duckdb.DuckDBPyConnection, case_id: str, k: int = DEFAULT_K, scope: str = "anywhere"
) -> list[Match]:
    """The `k` cases most like `case_id` within `scope` (a key of SCOPES)."""
    _check_k(k)
    if scope not in SCOPES:
        raise UserError(f"Unknown scope {scope!r}: use one of {', '.join(SCOPES)}.")
    frame = queries.run(con, "similar_cases", Filters(), {"case_id": case_id, "limit": k, "scope": scope})
    # Only an empty answer needs to know whether the case exists: one scan of the cases, not two.
    if frame.empty and not con.execute("SELECT 1 FROM cases WHERE case_id = $id", {"id": case_id}).fetchall():
        raise UserError(
            f"No case has the id {case_id!r}: the Cases page and `ict-response query case_list` list them."
        )
    return [_match(row, tags=True) for row in _records(frame)]


def find(
    con: duckdb.DuckDBPyConnection, need: str, filters: Filters | None = None, k: int = DEFAULT_K
) -> list[Match]:
    """The `k` cases within `filters` that best meet `need`, a few plain words."""
    _check_k(k)
    need, _ = clean_need(need)
    if not need:
        raise UserError(
            "Type a need in a few words, for example: text message reminders for vaccine appointments."
        )
    if len(need) > MAX_NEED_CHARS:
        raise UserError(
            f"A need is at most {MAX_NEED_CHARS} characters and this one has {len(need):,}: "
            "say what you are looking for in a sentence or two."
        )
    frame = queries.run(con, "practice_find", filters or Filters(), {"need": need, "limit": k})
    return [_match(row, tags=False) for row in _records(frame)]


_MARKUP = re.compile(r"<[^<>]*>|&[a-z]+;|&#[0-9]+;")


def clean_need(need: str) -> tuple[str, str | None]:
    """A need as searched: markup (tags, entities) left out, spaces collapsed; and the
    sentence that says markup was left out, if any was."""
    text = need or ""
    cleaned = " ".join(_MARKUP.sub(" ", text).split())
    if cleaned != " ".join(text.split()):
        return cleaned, f"Markup in the need was left out: searched for “{cleaned}”." if cleaned else None
    return cleaned, None


def nothing_like(scope: str) -> str:
    """The one sentence shown when no other case within `scope` shares anything with a case."""
    return f"No other case {SCOPES[scope]} shares a practice or a word with this one."


def nothing_found(need: str, filters: Filters | None = None) -> str:
    """The one sentence shown when no case shares a word or practice element with a need."""
    within = " within the filters chosen" if filters and not filters.is_empty() else ""
    return (
        f"No case{within} names any practice or word of “{need.strip()}”: try other words for the same need."
    )


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _check_k(k: int) -> None:
    if not 1 <= k <= MAX_K:
        raise UserError(f"Ask for between 1 and {MAX_K} cases (not {k}).")


def _match(row: dict[str, object], tags: bool) -> Match:
    return Match(
        case_id=str(row["case_id"]),
        title=str(row["title"] or ""),
        organisation=str(row["organisation"] or ""),
        country=str(row["countries"] or ""),
        score=float(row["score"]),  # type: ignore[arg-type]
        why=why(row, tags),
    )


@cache
def _labels() -> dict[str, str]:
    return {t.concept: t.label for t in tx.practice_terms()}


def _list(value: object) -> list[object]:
    """A list column's value as pandas gives it (a NumPy array, or None) as a list."""
    return [] if value is None else list(value)  # type: ignore[call-overload]


def why(row: dict[str, object], tags: bool = True) -> str:
    """Why a case was found, in words: the practice elements both name, up to three of the
    rarest words they share (as the found case writes them), and shared tags."""
    terms = [str(t) for t in _list(row.get("shared_terms"))]
    labels = _labels()
    elements = [labels.get(t[2:], t[2:]) for t in terms if t.startswith("c:")]
    text = f"{row.get('title') or ''} {row.get('description') or ''}"
    written: dict[str, str] = {}
    for word in re.findall(r"[^\W_]+", text):
        written.setdefault(tx.norm_key(word)[:6], word.lower())
    words = [f"“{written.get(t, t)}”" for t in terms if not t.startswith("c:")][:3]
    parts = []
    if elements:
        parts.append("both name " + ", ".join(elements))
    if words:
        parts.append("share the words " + ", ".join(words))
    if tags:
        topic_names = topic_labels()
        shared_topics = [topic_names.get(str(t), str(t)) for t in _list(row.get("shared_topics"))]
        if shared_topics:
            parts.append("same topics: " + ", ".join(shared_topics))
        lines = [str(a) for a in _list(row.get("shared_action_lines"))]
        if lines:
            parts.append("same Action Lines: " + ", ".join(lines))
        goals = _list(row.get("shared_sdgs"))
        if goals:
            parts.append("same SDGs: " + ", ".join(f"SDG {g}" for g in goals))
    return ("; ".join(parts) or "little in common") + "."
