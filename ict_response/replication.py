"""The replication finder: for a case, or for a need typed in plain words, the cases
elsewhere that describe the same practice, best first, each with why in words.

The repository exists so that good practice is copied elsewhere, and the same practice is
often described with no word in common ("SMS reminders", "automated texts before the jab",
"a flash notice on the eve of the immunisation"). So the index (sql/practice_index.sql)
holds, besides the stems of each case's words, the practice elements it names in any of the
words that data/reference/practice_terms.csv groups; two cases are compared by the rarity
weighted terms they share, by the meaning of their words (meaning.py) and, for "cases like
this one", by their topics, Action Lines and SDGs too; the best are then scored again with
the case or need widened by the terms of the first found (queries/similar_cases.sql,
queries/practice_find.sql). How well it finds what readers would group together:
bench/replication_eval.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import cache

import duckdb
import pandas as pd

from . import i18n, meaning, names, queries
from . import taxonomy as tx
from .errors import UserError
from .filters import Filters
from .i18n import N_, _, ngettext
from .topics import topic_labels

# Where the cases like a case may be: the `elsewhere` setting's URL values, each named on
# screen (shown as _(SCOPES[scope])), and the sentence said when no case there is alike.
SCOPES = {
    "anywhere": N_("Anywhere"),
    "other_countries": N_("In other countries"),
    "other_regions": N_("In other ITU regions"),
}
NOTHING_LIKE = {
    "anywhere": N_("No other case anywhere shares a practice or a word with this one."),
    "other_countries": N_("No other case in other countries shares a practice or a word with this one."),
    "other_regions": N_("No other case in other ITU regions shares a practice or a word with this one."),
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
    # The score as a share of the highest a score can be (1.0: as alike as can be), which a
    # reader can judge; None where the score is no likeness (a case to replicate into a gap
    # scores the countries whose cases name its practice).
    match: float | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def similar(
    con: duckdb.DuckDBPyConnection, case_id: str, k: int = DEFAULT_K, scope: str = "anywhere"
) -> list[Match]:
    """The `k` cases most like `case_id` within `scope` (a key of SCOPES)."""
    _check_k(k)
    if scope not in SCOPES:
        raise UserError(
            _("Unknown scope {scope}: use one of {scopes}.").format(
                scope=repr(scope), scopes=", ".join(SCOPES)
            )
        )
    frame = queries.run(con, "similar_cases", Filters(), {"case_id": case_id, "limit": k, "scope": scope})
    # Only an empty answer needs to know whether the case exists: one scan of the cases, not two.
    if (
        frame.empty
        and not con.execute("SELECT 1 FROM case_ids WHERE case_id = $id", {"id": case_id}).fetchall()
    ):
        raise UserError(
            _(
                "No case has the id {case_id}: the Cases page and `ict-response query case_list` list them."
            ).format(case_id=repr(case_id))
        )
    return [_match(row, tags=True) for row in _records(frame)]


def find(
    con: duckdb.DuckDBPyConnection, need: str, filters: Filters | None = None, k: int = DEFAULT_K
) -> list[Match]:
    """The `k` cases within `filters` that best meet `need`, a few plain words."""
    _check_k(k)
    need, _markup = clean_need(need)
    if not need:
        raise UserError(
            _("Type a need in a few words, for example: text message reminders for vaccine appointments.")
        )
    if len(need) > MAX_NEED_CHARS:
        # Translators: {limit} is the most characters a need may have (500), {count} this one's.
        too_long = ngettext(
            "A need is at most {limit} characters and this one has {count}: "
            "say what you are looking for in a sentence or two.",
            "A need is at most {limit} characters and this one has {count}: "
            "say what you are looking for in a sentence or two.",
            MAX_NEED_CHARS,
        )
        raise UserError(too_long.format(limit=i18n.number(MAX_NEED_CHARS), count=i18n.number(len(need))))
    frame = queries.run(con, "practice_find", filters or Filters(), {"need": need, "limit": k})
    return [_match(row, tags=False) for row in _records(frame)]


_MARKUP = re.compile(r"<[^<>]*>|&[a-z]+;|&#[0-9]+;")


def clean_need(need: str) -> tuple[str, str | None]:
    """A need as searched: markup (tags, entities) left out, spaces collapsed; and the
    sentence that says markup was left out, if any was."""
    text = need or ""
    cleaned = " ".join(_MARKUP.sub(" ", text).split())
    if cleaned != " ".join(text.split()):
        if not cleaned:
            return cleaned, None
        # Translators: {need} is the need as searched, in the reader's words.
        return cleaned, _("Markup in the need was left out: searched for “{need}”.").format(need=cleaned)
    return cleaned, None


def nothing_like(scope: str) -> str:
    """The one sentence shown when no other case within `scope` shares anything with a case."""
    return _(NOTHING_LIKE[scope])


def nothing_found(need: str, filters: Filters | None = None) -> str:
    """The one sentence shown when no case shares a word or practice element with a need."""
    if filters and not filters.is_empty():
        # Translators: {need} is the need the reader typed, in their words.
        sentence = _(
            "No case within the filters chosen names any practice or word of “{need}”: "
            "try other words for the same need."
        )
    else:
        sentence = _("No case names any practice or word of “{need}”: try other words for the same need.")
    return sentence.format(need=need.strip())


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _check_k(k: int) -> None:
    if not 1 <= k <= MAX_K:
        raise UserError(
            ngettext(
                "Ask for between 1 and {most} cases (not {count}).",
                "Ask for between 1 and {most} cases (not {count}).",
                MAX_K,
            ).format(most=MAX_K, count=k)
        )


def _match(row: dict[str, object], tags: bool) -> Match:
    score = float(row["score"])  # type: ignore[arg-type]
    return Match(
        case_id=str(row["case_id"]),
        title=str(row["title"] or ""),
        organisation=str(row["organisation"] or ""),
        country=names.country_list(str(row["countries"] or "")),
        score=score,
        why=why(row, tags),
        # (A score under 0, where two texts' meanings point apart, is no match at all.)
        match=round(max(score, 0.0) / (SIMILAR_MOST if tags else FIND_MOST), 4),
    )


@cache
def _labels() -> dict[str, str]:
    return {t.concept: t.label for t in tx.practice_terms()}


def _list(value: object) -> list[object]:
    """A list column's value as pandas gives it (a NumPy array, or None) as a list."""
    return [] if value is None else list(value)  # type: ignore[call-overload]


# How much the closeness in meaning of two texts (the cosine of their vectors:
# ict_response/meaning.py) weighs in a score, as queries/similar_cases.sql and
# queries/practice_find.sql add it; and how close they must be for "why" to say so, when
# meaning brought the case up (weighed more than the terms both hold).
MEANING_WEIGHT = meaning.WEIGHT
MEANING_SAID = 0.5
# The highest score of "cases like this one" and of "find": each cosine is at most 1, the
# tags' overlap too (queries/similar_cases.sql, queries/practice_find.sql). (The meaning's
# cosine can be negative, so a score can be too.)
SIMILAR_MOST = 1 + queries.TAG_WEIGHT + MEANING_WEIGHT
FIND_MOST = 1 + MEANING_WEIGHT


# Arabic's article, joined to its word, with a preposition or "and" before it ("بالتطعيم"):
# as practice_stem in sql/practice_index.sql leaves it out.
ARABIC_ARTICLE = re.compile(r"^(?:وبال|وال|بال|فال|كال|ولل|لل|ال)([^\W\d_]{2,})")


def stem(word: str) -> str:
    """A word's stem as the index makes it (practice_stem, sql/practice_index.sql): its first
    six letters, case-folded, without accents, in any script; an Arabic word's after its
    article."""
    folded = unicodedata.normalize("NFKD", ARABIC_ARTICLE.sub(r"\1", word.casefold()))
    return "".join(c for c in folded if not unicodedata.combining(c))[:6]


def _as_written(word: str) -> str:
    """A word as a case writes it, but for the capital a sentence gives it: "messages" for
    "Messages", and "SMS", "WhatsApp" as they are."""
    return word if any(c.isupper() for c in word[1:]) else word.lower()


def why(row: dict[str, object], tags: bool = True) -> str:
    """Why a case was found, in words: the practice elements both name, up to three of the
    rarest words they share (as the found case writes them), that they are told in words of
    like meaning (where that, more than their terms, brought the case up), and shared tags."""
    terms = [str(t) for t in _list(row.get("shared_terms"))]
    labels = _labels()
    elements = [names.word(labels.get(t[2:], t[2:])) for t in terms if t.startswith("c:")]
    text = f"{row.get('title') or ''} {row.get('description') or ''}"
    written: dict[str, str] = {}
    for word in re.findall(r"[^\W_]+", text):
        written.setdefault(stem(word), _as_written(word))
    words = [i18n.quoted(written.get(t, t)) for t in terms if not t.startswith("c:")][:3]
    # Each reason a clause of one sentence.
    parts = []
    if elements:
        # Translators: the two cases both name these practice elements, e.g. "text messages, vaccination".
        parts.append(_("both name {elements}").format(elements=i18n.listed(elements)))
    if words:
        # Translators: the two cases share these quoted words.
        shared = ngettext("share the words {words}", "share the words {words}", len(words))
        parts.append(shared.format(words=i18n.listed(words)))
    closeness = float(row.get("meaning") or 0)  # type: ignore[arg-type]
    if closeness >= MEANING_SAID and MEANING_WEIGHT * closeness >= float(row.get("text_score") or 0):  # type: ignore[arg-type]
        # Translators: the two cases (or the need and the case) are told in different words
        # that mean alike ("jab", "immunisation").
        parts.append(_("told in words of like meaning"))
    if tags:
        topic_names = topic_labels()
        shared_topics = [names.word(topic_names.get(str(t), str(t))) for t in _list(row.get("shared_topics"))]
        if shared_topics:
            # Translators: the topics both cases have, e.g. "same topics: Health".
            same = ngettext("same topics: {topics}", "same topics: {topics}", len(shared_topics))
            parts.append(same.format(topics=i18n.listed(shared_topics)))
        lines = [str(a) for a in _list(row.get("shared_action_lines"))]
        if lines:
            # Translators: the Action Lines both cases have, e.g. "same Action Lines: C7-EHEALTH".
            same = ngettext(
                "same Action Lines: {action_lines}", "same Action Lines: {action_lines}", len(lines)
            )
            parts.append(same.format(action_lines=i18n.listed(lines)))
        goals = _list(row.get("shared_sdgs"))
        if goals:
            # Translators: the SDGs both cases have, e.g. "same SDGs: SDG 3, SDG 4".
            same = ngettext("same SDGs: {goals}", "same SDGs: {goals}", len(goals))
            # Translators: one SDG by its number, e.g. "SDG 3".
            parts.append(same.format(goals=i18n.listed(_("SDG {number}").format(number=g) for g in goals)))
    return i18n.sentence(parts or [_("little in common")])


# Where a practice is missing (the replication map). A topic is common in a region when it
# holds at least COMMON_SHARE of the region's cases and COMMON_MIN of them. Where a topic is
# common in some region, another region is a gap when, at that share, it would have at
# least EXPECTED_MIN cases and it has none ("missing"), or a third of that or fewer ("thin").
# Global and Regional scope are no place to replicate in: never a gap, never the reference.
COMMON_SHARE = 0.10
COMMON_MIN = 3
EXPECTED_MIN = 3
THIN_FACTOR = 3
SCOPE_COLUMNS = ("Global", "Regional")
# Marked for the catalog: shown as _(GAP_LEGEND[style]).
GAP_LEGEND = {
    "solid": N_("Outlined: common in another region, no case here yet"),
    "dotted": N_("Dotted: common in another region, a third as many cases here or fewer"),
}


def mark_gaps(matrix: pd.DataFrame) -> pd.DataFrame:
    """The topic × region matrix (queries/topic_by_region.sql) with, per cell, the topic's
    `share` of the region's cases, the region where it is most common (`common_in`, its
    `common_share`), the cases that share would give here (`expected`), and `gap`: "solid"
    where none, "dotted" where thin, "" otherwise (the styles of charts.MARK_DASH)."""
    frame = matrix.copy()
    totals = frame["region_cases"].where(frame["region_cases"] > 0)
    frame["share"] = (frame["cases"] / totals).fillna(0.0)
    places = ~frame["region"].isin(SCOPE_COLUMNS)
    common = frame[places & (frame["share"] >= COMMON_SHARE) & (frame["cases"] >= COMMON_MIN)]
    best = common.sort_values(["share", "region"], ascending=[False, True]).drop_duplicates("topic")
    frame = frame.merge(
        best[["topic", "region", "share"]].rename(columns={"region": "common_in", "share": "common_share"}),
        on="topic",
        how="left",
    )
    frame["common_in"] = frame["common_in"].fillna("")
    frame["common_share"] = frame["common_share"].fillna(0.0)
    frame["expected"] = frame["common_share"] * frame["region_cases"]
    candidate = places & (frame["common_in"] != frame["region"]) & (frame["expected"] >= EXPECTED_MIN)
    missing = candidate & (frame["cases"] == 0)
    thin = candidate & (frame["cases"] > 0) & (frame["cases"] * THIN_FACTOR <= frame["expected"])
    frame["gap"] = ""
    frame.loc[missing, "gap"] = "solid"
    frame.loc[thin, "gap"] = "dotted"
    return frame


def candidates(
    con: duckdb.DuckDBPyConnection,
    topic: str,
    region: str,
    filters: Filters | None = None,
    k: int = DEFAULT_K,
    country: str = "",
) -> list[Match]:
    """The `k` cases of `topic` within `filters`, outside `region`, to replicate there (for a
    `country`, those of the other countries of its `region`): those whose practice is named
    by the topic's cases in the most countries first."""
    _check_k(k)
    frame = queries.run(
        con,
        "replication_candidates",
        filters or Filters(),
        {"gap_topic": topic, "gap_region": region, "gap_country": country, "limit": k},
    )
    return [
        Match(
            case_id=str(row["case_id"]),
            title=str(row["title"] or ""),
            organisation=str(row["organisation"] or ""),
            country=names.country_list(str(row["countries"] or "")),
            score=float(row["practice_countries"] or 0),  # type: ignore[arg-type]
            why=_proven(row),
        )
        for row in _records(frame)
    ]


def _proven(row: dict[str, object]) -> str:
    reach = row.get("practice_countries")
    if not row.get("practice") or pd.isna(reach):  # type: ignore[call-overload]
        # Translators: why a case is proposed to replicate; {regions} are where it is from.
        return _("it names no practice element of the thesaurus; from {regions}.").format(
            regions=_regions(row)
        )
    countries = int(reach)  # type: ignore[call-overload]
    # Translators: why a case is proposed to replicate; {practice} is a practice element, e.g.
    # "reminders and notifications", {regions} where the case is from.
    proven = ngettext(
        "its practice “{practice}” is named by cases of this topic in one country; from {regions}.",
        "its practice “{practice}” is named by cases of this topic in {count} countries; from {regions}.",
        countries,
    )
    return proven.format(
        practice=names.word(str(row["practice"])),
        count=i18n.number(countries),
        regions=_regions(row),
    )


def _regions(row: dict[str, object]) -> str:
    """The regions a candidate is from ("Africa; Europe" in the query), listed within a
    sentence as the run's language lists them: the query's "; " would read as a clause."""
    text = str(row["regions"] or "")
    return i18n.listed(names.region(part) for part in text.split("; ")) if text else ""


def gap_sentence(row: dict[str, object]) -> str:
    """One gap in words: "Telemedicine in Africa: 2 of its 100 cases (2%), against 14% of
    the cases in the Americas, where it is most common: about 14 at that share"."""
    cases, total = int(row["cases"]), int(row["region_cases"])  # type: ignore[call-overload]
    share, common = float(row["share"]), float(row["common_share"])  # type: ignore[arg-type]
    expected = float(row["expected"])  # type: ignore[arg-type]
    values = {
        "topic": row["label"],
        "region": names.region(str(row["region"])),
        "common_in": names.region(str(row["common_in"])),
        "cases": i18n.number(cases),
        "total": i18n.number(total),
        "share": i18n.percent(share),
        "common_share": i18n.percent(common),
        "expected": i18n.number(expected),
    }
    if row["common_in"] == row["region"]:  # a click on the cell the others are measured against
        if cases == 0:
            # Translators: {topic} is a topic, {region} a region, {total} all its cases, {cases} those
            # of the topic.
            sentence = ngettext(
                "{topic} is most common in {region}: no case of its {total}.",
                "{topic} is most common in {region}: no case of its {total}.",
                total,
            )
        else:
            # Translators: {topic} is a topic, {region} a region, {total} all its cases, {cases} those
            # of the topic.
            sentence = ngettext(
                "{topic} is most common in {region}: {cases} of its {total} case ({share}).",
                "{topic} is most common in {region}: {cases} of its {total} cases ({share}).",
                total,
            )
    elif cases == 0:
        # Translators: {topic} is a topic, {region} and {common_in} regions, {total} all the cases
        # of {region}, {cases} those of the topic; {common_share} its share of {common_in}'s cases.
        sentence = ngettext(
            "{topic} in {region}: no case of its {total}, against {common_share} of the cases in "
            "{common_in}, where it is most common: about {expected} at that share.",
            "{topic} in {region}: no case of its {total}, against {common_share} of the cases in "
            "{common_in}, where it is most common: about {expected} at that share.",
            total,
        )
    else:
        # Translators: {topic} is a topic, {region} and {common_in} regions, {total} all the cases
        # of {region}, {cases} those of the topic; {common_share} its share of {common_in}'s cases.
        sentence = ngettext(
            "{topic} in {region}: {cases} of its {total} case ({share}), against {common_share} of the "
            "cases in {common_in}, where it is most common: about {expected} at that share.",
            "{topic} in {region}: {cases} of its {total} cases ({share}), against {common_share} of the "
            "cases in {common_in}, where it is most common: about {expected} at that share.",
            total,
        )
    return sentence.format(**values)


def peer_gaps(profile: pd.DataFrame, dimension: str = "topic") -> pd.DataFrame:
    """The topics (or practice elements, ...) a country's peers have (at least COMMON_MIN of
    their cases) and it has not, from queries/country_profile.sql, the most common among the
    peers first."""
    rows = profile[profile["dimension"] == dimension]
    gaps = rows[(rows["own_cases"] == 0) & (rows["peer_cases"] >= COMMON_MIN)]
    return gaps.sort_values(["peer_cases", "label"], ascending=[False, True])


def peer_gap_sentence(row: dict[str, object], country: str) -> str:
    """ "Contact tracing: no case of Kenya's 22, against 6 of the 78 cases of its peers in
    Africa (8%) and 7% of the world's"."""
    peers, peer_total = int(row["peer_cases"]), int(row["peer_total"])  # type: ignore[call-overload]
    world, world_total = int(row["world_cases"]), int(row["world_total"])  # type: ignore[call-overload]
    own_total = int(row["own_total"])  # type: ignore[call-overload]
    # Translators: {topic} is a topic name, {country} a country, {own_total} its cases, {peers}
    # the cases of the topic among {peer_total} cases of the other countries of {region}.
    sentence = ngettext(
        "{topic}: no case of {country}'s {own_total}, against {peers} of the {peer_total} case of the "
        "other countries in {region} ({peer_share}) and {world_share} of the world's.",
        "{topic}: no case of {country}'s {own_total}, against {peers} of the {peer_total} cases of the "
        "other countries in {region} ({peer_share}) and {world_share} of the world's.",
        peer_total,
    )
    return sentence.format(
        topic=row["label"],
        country=country,
        own_total=i18n.number(own_total),
        peers=i18n.number(peers),
        peer_total=i18n.number(peer_total),
        region=names.region(str(row["region"])),
        peer_share=i18n.percent(peers / peer_total),
        world_share=i18n.percent(world / world_total),
    )
