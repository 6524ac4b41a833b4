"""Where practice is missing: the gaps of the replication map (ict_response/replication.py,
mark_gaps) on a matrix made by hand, and the cases to replicate in a gap
(queries/replication_candidates.sql) on a handful of cases built for it. The map's and the
profile's counts are in tests/test_queries.py, on the shared fixture."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import opened, write_csv

from ict_response import catalog, charts, i18n, names, replication
from ict_response.errors import UserError
from ict_response.filters import Filters


def matrix(cells: dict[tuple[str, str], int], totals: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"topic": t, "label": t.capitalize(), "region": r, "cases": n, "region_cases": totals[r]}
            for (t, r), n in cells.items()
        ]
    )


# Regions of 100, 50 and 5 cases, and 20 of Global scope.
TOTALS = {"A": 100, "B": 50, "C": 5, "Global": 20}
CELLS = {
    # x: common in A (20%); none in B, where 20% would give 10: missing. C would have 1 at
    # that share: too few to say. Global is no place: never a gap.
    ("x", "A"): 20,
    ("x", "B"): 0,
    ("x", "C"): 0,
    ("x", "Global"): 0,
    # y: common in B (20%); A has 4 where 20 would be expected: a fifth, so thin.
    ("y", "A"): 4,
    ("y", "B"): 10,
    ("y", "C"): 1,
    ("y", "Global"): 9,
    # z: common nowhere (2% at most), however many regions lack it.
    ("z", "A"): 2,
    ("z", "B"): 1,
    ("z", "C"): 0,
    ("z", "Global"): 0,
    # w: 15% in A against 20% in B: not a gap (more than a third of the 20 expected).
    ("w", "A"): 15,
    ("w", "B"): 10,
    ("w", "C"): 0,
    ("w", "Global"): 0,
}


def test_gaps_are_where_a_topic_common_elsewhere_is_missing_or_thin():
    marked = replication.mark_gaps(matrix(CELLS, TOTALS))
    gaps = {(r.topic, r.region): r.gap for r in marked.itertuples() if r.gap}
    assert gaps == {("x", "B"): "solid", ("y", "A"): "dotted"}
    x_in_b = marked[(marked["topic"] == "x") & (marked["region"] == "B")].iloc[0]
    assert (x_in_b["common_in"], x_in_b["common_share"], x_in_b["expected"]) == ("A", 0.2, 10.0)
    assert replication.gap_sentence(x_in_b.to_dict()) == (
        "X in B: no case of its 50, against 20% of the cases in A, where it is most common: "
        "about 10 at that share."
    )
    y_in_a = marked[(marked["topic"] == "y") & (marked["region"] == "A")].iloc[0]
    assert replication.gap_sentence(y_in_a.to_dict()) == (
        "Y in A: 4 of its 100 cases (4%), against 20% of the cases in B, where it is most common: "
        "about 20 at that share."
    )


def test_the_region_a_topic_is_most_common_in_is_said_to_be_so():
    marked = replication.mark_gaps(matrix(CELLS, TOTALS))
    x_in_a = marked[(marked["topic"] == "x") & (marked["region"] == "A")].iloc[0]
    assert replication.gap_sentence(x_in_a.to_dict()) == "X is most common in A: 20 of its 100 cases (20%)."


def test_global_scope_is_never_the_reference_and_a_small_share_never_common():
    # 9 of Global's 20 (45%) would make y common there; Global is no region to copy from.
    marked = replication.mark_gaps(matrix(CELLS, TOTALS))
    assert set(marked.loc[marked["topic"] == "y", "common_in"]) == {"B"}
    assert set(marked.loc[marked["topic"] == "z", "common_in"]) == {""}
    # Fewer than COMMON_MIN cases is never common, whatever the share (2 of C's 5 is 40%).
    few = replication.mark_gaps(matrix({("v", "C"): 2, ("v", "A"): 0}, {"A": 100, "C": 5}))
    assert set(few["gap"]) == {""}


def test_a_selection_with_no_case_marks_nothing():
    empty = replication.mark_gaps(matrix({("x", "A"): 0, ("x", "B"): 0}, {"A": 0, "B": 0}))
    assert set(empty["gap"]) == {""} and set(empty["share"]) == {0.0}


HEADER = ["ID", "Project Title", "Description", "Countries", "WSIS Action Lines", "SDGs"]
CASES = [
    [
        "ke",
        "SMS vaccination reminders",
        "Clinics text patients before vaccination.",
        "Kenya",
        "C7 E-health",
        "3",
    ],
    ["gb", "Jab texts", "A text message reminds patients of their vaccine dose.", "United Kingdom", "", "3"],
    ["fr", "Rappels par SMS", "SMS reminders of vaccination appointments for patients.", "France", "", "3"],
    ["de", "Hospital dashboard", "A dashboard of hospital beds for health authorities.", "Germany", "", "3"],
    ["ug", "Clinic hotline", "A health hotline for patients at rural clinics.", "Uganda", "C7 E-health", "3"],
    ["br", "Ministry programme", "A programme of the ministry.", "Brazil", "C7 E-health", "3"],
    [
        "jp",
        "Online school",
        "Pupils learn online at home during school closures.",
        "Japan",
        "C7 E-learning",
        "4",
    ],
]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    folder = tmp_path_factory.mktemp("replication_map")
    with opened(folder / "m.duckdb", [write_csv(folder / "cases.csv", [HEADER, *CASES])]) as connection:
        yield connection


def test_candidates_come_from_outside_the_gap_proven_practice_first(con):
    found = replication.candidates(con, "health", "Africa")
    # France's and Britain's cases name reminders, text messages and vaccination, as Kenya's
    # does: three countries each (reminders first by name). France's also names appointments
    # (one country), so it comes first. Germany's elements are named in one country each.
    # Brazil's names none: last. Kenya's and Uganda's own cases are in Africa.
    assert [m.case_id for m in found] == ["fr", "gb", "de", "br"]
    assert found[1].why == (
        "its practice “reminders and notifications” is named by cases of this topic in 3 countries; "
        "from Europe."
    )
    assert found[2].score == 1.0 and "“hospital beds and capacity”" in found[2].why
    assert found[3].score == 0.0
    assert found[3].why == "it names no practice element of the thesaurus; from Americas."
    # Within the filters: only SDG 4 cases, and none of them is about health.
    assert replication.candidates(con, "health", "Africa", Filters.parse({"sdg": "4"})) == []


def test_a_countrys_candidates_come_from_its_peers(con):
    # Kenya's peers in Africa: Uganda, whose clinics' health workers Kenya's case names too.
    found = replication.candidates(con, "health", "Africa", country="KEN")
    assert [m.case_id for m in found] == ["ug"]
    assert (
        found[0].why
        == "its practice “health workers” is named by cases of this topic in 2 countries; from Africa."
    )


def test_candidates_refuse_a_k_out_of_range(con):
    with pytest.raises(UserError, match="between 1 and 100"):
        replication.candidates(con, "health", "Africa", k=0)


def test_the_map_outlines_exactly_the_gaps_and_says_what_outlines_mean():
    spec = catalog.get("replication-map")
    marked = spec.prepare(matrix(CELLS, TOTALS))  # the gaps marked, the regions named
    text = catalog.chart_text("Map", Filters(), {}, 175)
    figure = spec.draw(marked, text)
    outlined = charts.outlined_cells(figure)
    assert outlined == {
        replication.GAP_LEGEND["solid"]: [("B", "X")],
        replication.GAP_LEGEND["dotted"]: [("A", "Y")],
    }
    drawn = [str(a.text).replace("<br>", " ") for a in figure.layout.annotations]
    assert all(line in drawn for line in outlined)


def test_a_cases_elements_are_the_practice_elements_its_text_names(con):
    # replication_candidates.sql reads a case's elements from practice_cases.element_ids: the
    # same as the elements found again in its text.
    ids = dict(con.execute("SELECT term, term_id FROM practice_weights").fetchall())
    rows = con.execute("""
        SELECT c.case_id, practice_terms_of(c.search_text), coalesce(pc.element_ids, [])
        FROM cases c LEFT JOIN practice_cases pc USING (case_no)
    """).fetchall()
    named = {case_id: sorted(ids[t] for t in terms if t.startswith("c:")) for case_id, terms, _ in rows}
    assert {case_id: sorted(elements) for case_id, _, elements in rows} == named
    assert named["fr"] and not named["br"]


def test_a_candidate_from_several_regions_lists_them_within_its_sentence():
    # The query gives "Africa; Europe"; within the sentence, the regions are a list, not a
    # second clause ("from Africa; Europe").
    row = {"practice": "health workers", "practice_countries": 2, "regions": "Africa; Europe"}
    assert replication._proven(row).endswith("in 2 countries; from Africa, Europe.")
    with i18n.using("zh"):
        said = replication._proven({**row, "practice": None, "practice_countries": None})
        africa, europe = names.region("Africa"), names.region("Europe")
    assert said.endswith(f"：{africa}、{europe}。"), said


def _findings_of(cells: dict[tuple[str, str], int], candidates: pd.DataFrame) -> list[str]:
    """The briefing's replication findings over a matrix made by hand (no database)."""
    from ict_response import findings

    def run(name, filters, params):
        return matrix(cells, TOTALS) if name == "topic_by_region" else candidates

    return [f.text for f in findings.replication(catalog.Context(run, Filters()))]


NO_CANDIDATE = pd.DataFrame({"case_id": [], "title": [], "countries": []})


@pytest.mark.parametrize(
    ("left_out", "says"),
    [
        ((), "has no case in 1 of them, and in 1 a third as many"),
        ((("x", "A"), ("x", "B"), ("x", "C"), ("x", "Global")), "has a third as many cases there"),
        ((("y", "A"), ("y", "B"), ("y", "C"), ("y", "Global")), "has no case there."),
    ],
    ids=["both", "only-thin", "only-missing"],
)
def test_the_briefing_counts_gaps_without_saying_none_of_a_kind(left_out, says):
    cells = {cell: n for cell, n in CELLS.items() if cell not in left_out}
    first = _findings_of(cells, NO_CANDIDATE)[0]
    assert says in first and " 0 of them" not in first, first


def test_the_briefing_lists_a_candidates_countries_as_the_language_does():
    several = pd.DataFrame({"case_id": ["k"], "title": ["Radio lessons"], "countries": ["Kenya; Uganda"]})
    assert "“Radio lessons” (Kenya, Uganda)" in " ".join(_findings_of(CELLS, several))
    with i18n.using("zh"):
        said = " ".join(_findings_of(CELLS, several))
    assert "Kenya、Uganda" in said, said
