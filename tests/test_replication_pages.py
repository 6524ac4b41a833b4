"""The replication finder in the app: the Replication page's need box, its map of where
practice is missing, a country's profile, and "Cases like this one" on a case's detail
(AppTest, on the sample database)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ict_response import db, i18n, queries, replication
from ict_response.filters import Filters
from ict_response.paths import ROOT
from ict_response.ui.markdown import literal


@pytest.fixture
def app(sample_db, monkeypatch):
    monkeypatch.setenv("ICT_RESPONSE_DB", str(sample_db))
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)


# The need box's example (ict_response/ui/replication.py), in English.
EXAMPLE_NEED = "text message reminders for vaccine appointments"


def links(at: AppTest) -> list[tuple[str, str]]:
    """(label, case id) of each link to a case on the page."""
    return [(e.proto.label, e.proto.query_string) for e in at.get("page_link")]


def expected(sample_db, call):
    con = db.connect_readonly(sample_db)
    try:
        return call(con)
    finally:
        con.close()


def test_a_need_lists_the_cases_that_meet_it_within_the_filters(app, sample_db):
    need = EXAMPLE_NEED
    app.query_params["need"] = need
    app.query_params["region"] = "Africa"
    app.switch_page("app_pages/replication.py").run()
    assert not app.exception, app.exception
    found = expected(sample_db, lambda con: replication.find(con, need, Filters.parse({"region": "Africa"})))
    assert found, "the sample holds cases that meet this need"
    assert [q for _, q in links(app)] == [f"case={m.case_id}" for m in found]
    assert any(c.value.startswith("Why: both name") for c in app.caption)
    # How alike, as a percentage of the best possible: a score above 1 would read as an error.
    shown = [c.value for c in app.caption if c.value.startswith("Why: ")]
    assert shown[0].endswith(f"Match: {i18n.percent(found[0].match)}.") and found[0].match <= 1


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != i18n.SOURCE])
def test_the_example_need_in_each_language_finds_the_practice(app, sample_db, lang):
    """The need box's example, as the page shows it in each language, finds much of what it
    finds in English: the sample's cases are in English, the practice elements named in all
    six languages."""
    english = EXAMPLE_NEED
    need = i18n.translations(lang).gettext(english)
    assert need != english
    app.query_params["lang"] = lang
    app.query_params["need"] = need
    app.query_params["region"] = "Africa"  # no map: the only links are the need's
    app.switch_page("app_pages/replication.py").run()
    assert not app.exception, app.exception
    found = [q for _, q in links(app)]
    in_africa = Filters.parse({"region": "Africa"})
    in_english = expected(sample_db, lambda con: replication.find(con, english, in_africa))
    assert len(set(found[:5]) & {f"case={m.case_id}" for m in in_english[:5]}) >= 3, found


def test_a_found_cases_countries_are_listed_as_the_language_lists(app, sample_db):
    """Listed after a dash, as the language lists them: a title's own brackets ("… (Japan)")
    would read as a second list of countries."""
    need = i18n.translations("zh").gettext(EXAMPLE_NEED)
    found = expected(sample_db, lambda con: replication.find(con, need))
    in_several = [m for m in found if "; " in m.country]
    assert in_several, "the sample has a case of several countries among those found"
    app.query_params["lang"] = "zh"
    app.query_params["need"] = need
    app.switch_page("app_pages/replication.py").run()
    assert not app.exception, app.exception
    # Each link: the case's title, then its countries after the language's dash.
    countries = {query: label.rsplit("——", 1)[-1] for label, query in links(app)}
    assert all("; " not in listed for listed in countries.values()), countries
    assert "、" in countries[f"case={in_several[0].case_id}"], countries


def test_no_need_no_list_and_a_long_one_is_refused_in_a_sentence(app, sample_db):
    # Within one region the map has nothing to compare: the only links would be the need's.
    app.query_params["region"] = "Africa"
    app.switch_page("app_pages/replication.py").run()
    assert not app.exception and links(app) == []
    app.query_params["need"] = "x" * 600
    app.switch_page("app_pages/replication.py").run()
    assert not app.exception and links(app) == []
    assert any("at most 500 characters" in w.value for w in app.sidebar.warning)


def test_a_need_nobody_met_says_so(app):
    app.query_params["need"] = "zorbified quuxes"
    app.switch_page("app_pages/replication.py").run()
    assert not app.exception
    assert any(c.value.startswith("No case names any practice or word of") for c in app.caption)


@pytest.mark.parametrize("scope", ["anywhere", "other_countries", "other_regions"])
def test_an_opened_case_lists_the_cases_like_it(app, sample_db, scope):
    case_id = expected(
        sample_db, lambda con: con.execute("SELECT case_id FROM cases ORDER BY case_no LIMIT 1").fetchone()[0]
    )
    app.query_params["case"] = case_id
    app.query_params["elsewhere"] = scope
    app.switch_page("app_pages/cases.py").run()
    assert not app.exception, app.exception
    assert any(m.value == "**Cases like this one**" for m in app.markdown)
    found = expected(sample_db, lambda con: replication.similar(con, case_id, scope=scope))
    assert [q for _, q in links(app)] == [f"case={m.case_id}" for m in found]
    assert app.radio(key="view_elsewhere").value == scope


def sample_gaps(sample_db, filters=None):
    matrix = expected(sample_db, lambda con: queries.run(con, "topic_by_region", filters or Filters()))
    marked = replication.mark_gaps(matrix)
    return marked[marked["gap"] != ""].sort_values("expected", ascending=False)


def test_the_map_lists_the_cases_to_replicate_in_its_largest_gap(app, sample_db):
    gaps = sample_gaps(sample_db)
    assert not gaps.empty, "the sample has gaps (tests/test_replication_map.py says what one is)"
    app.switch_page("app_pages/replication.py").run()
    assert not app.exception, app.exception
    assert any(m.value == "Where practice is missing" for m in app.subheader)
    top = gaps.iloc[0]
    choice = app.selectbox(key="view_gap")
    assert choice.value == f"{top.topic}@{top.region}"
    assert len(choice.options) == len(gaps)
    assert any(m.value == literal(replication.gap_sentence(top.to_dict())) for m in app.markdown)
    found = expected(sample_db, lambda con: replication.candidates(con, top.topic, top.region))
    assert found and [q for _, q in links(app)] == [f"case={m.case_id}" for m in found]
    # Every candidate is from outside the gap's region.
    regions = expected(
        sample_db,
        lambda con: dict(con.execute("SELECT case_id, itu_regions FROM cases").fetchall()),
    )
    assert all(top.region not in regions[m.case_id] for m in found)


def test_a_gap_in_the_url_or_any_cell_clicked_is_the_one_shown(app, sample_db):
    # Any cell of a region may be asked about, a gap or not: Health in Africa.
    app.query_params["gap"] = "health@Africa"
    app.switch_page("app_pages/replication.py").run()
    assert not app.exception, app.exception
    assert app.selectbox(key="view_gap").value == "health@Africa"
    found = expected(sample_db, lambda con: replication.candidates(con, "health", "Africa"))
    assert [q for _, q in links(app)] == [f"case={m.case_id}" for m in found]
    # A cell the map does not have (a scope column, an unknown topic) falls back to the largest gap.
    for cell in ("health@Global", "nonsense@Africa"):
        app.query_params["gap"] = cell
        app.switch_page("app_pages/replication.py").run()
        top = sample_gaps(sample_db).iloc[0]
        assert app.selectbox(key="view_gap").value == f"{top.topic}@{top.region}"


def test_a_country_profile_compares_it_with_its_peers_and_lists_what_they_have(app, sample_db):
    app.query_params["country"] = "KEN"
    app.switch_page("app_pages/replication.py").run()
    assert not app.exception, app.exception
    profile = expected(
        sample_db, lambda con: queries.run(con, "country_profile", Filters(), {"profile_country": "KEN"})
    )
    first = profile.iloc[0]
    assert any(
        m.value.startswith(
            f"**Kenya**: {first.own_total} cases; its peers, the other countries of Africa: "
            f"{first.peer_total};"
        )
        for m in app.markdown
    )
    gaps = replication.peer_gaps(profile)
    assert not gaps.empty, "Kenya's peers in the sample have topics Kenya has not"
    assert [e.label for e in app.expander if e.label in set(gaps["label"])] == list(gaps["label"])
    first_gap = gaps.iloc[0]
    found = expected(
        sample_db,
        lambda con: replication.candidates(con, first_gap.key, "Africa", Filters(), country="KEN"),
    )
    assert {f"case={m.case_id}" for m in found} <= {q for _, q in links(app)}
    # The practice elements its peers' cases name and Kenya's do not: each a link that finds
    # them among the region's cases (the need box, within Africa).
    practices = replication.peer_gaps(profile, "practice")
    assert not practices.empty
    shown = practices.head(10)
    for label in shown["label"]:
        assert f"need={label.replace(' ', '+')}&region=Africa" in {q for _, q in links(app)}
    # The map compares regions: within one country it says so instead.
    assert any("The map compares regions" in i.value for i in app.info)
