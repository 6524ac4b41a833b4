"""Figures, findings and sidebar counts stay inside the reader's selection.

A tiny database with one case that crosses regions, hand-computed:

  case  countries        action line  SDG  entity type
  A1    Kenya, France    C2           4    Government
  A2    Kenya            C2           10   Private Sector
  A3    France           C4           4    Academia
  A4    (Global)         C9           16   Civil Society

Then the shipped sample under three filter sets (a region, an action line, a search): every
number in every finding is recomputed from the named queries under the same filters, and no
finding names a value the filters exclude or states what they make certain.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from builders import build, write_csv
from streamlit.testing.v1 import AppTest

from ict_response import briefing, catalog, charts, db, findings, queries, replication
from ict_response import taxonomy as tx
from ict_response.db import connect_readonly
from ict_response.filters import Filters, option_counts
from ict_response.paths import ROOT
from ict_response.queries import run_path

HEADER = ["ID", "Project Title", "Organisation", "Type of entity", "Countries", "WSIS Action Lines"]
HEADER += ["SDGs", "Description", "Start date", "Status"]
ROWS = [
    [
        "A1",
        "Rural schools online",
        "Org A",
        "Government",
        "Kenya; France",
        "C2",
        "4",
        "Lessons",
        "2020-04-01",
        "Ongoing",
    ],
    [
        "A2",
        "Clinic records",
        "Org B",
        "Private sector",
        "Kenya",
        "C2",
        "10",
        "Records",
        "2020-05-01",
        "Ongoing",
    ],
    ["A3", "Teacher portal", "Org C", "Academia", "France", "C4", "4", "Courses", "2020-06-01", "Ongoing"],
    ["A4", "Rumour watch", "Org D", "NGO", "Global", "C9", "16", "Watch", "2020-07-01", "Ongoing"],
]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    folder = tmp_path_factory.mktemp("selection")
    path = folder / "s.duckdb"
    build(path, [write_csv(folder / "cases.csv", [HEADER, *ROWS])])
    connection = db.connect_readonly(path)
    yield connection
    connection.close()


def run(con, name, filters, **params):
    return queries.run(con, name, filters, params)


def counts(con, filters):
    return option_counts(lambda name, f, params: queries.run(con, name, f, params), filters)


def as_dict(frame, key, value):
    return dict(zip(frame[key], frame[value], strict=True))


def nonzero(mapping):
    return {k: v for k, v in mapping.items() if v}


# --------------------------------------------------------------------------- the queries


def test_a_case_across_regions_counts_only_inside_the_region(con):
    africa = Filters(region=("Africa",))
    head = run(con, "headline_figures", africa).iloc[0]
    assert (head["cases"], head["countries"], head["cases_also_elsewhere"]) == (2, 1, 1)
    assert as_dict(run(con, "cases_by_country", africa), "country", "cases") == {"KEN": 2}
    regions = run(con, "cases_by_region", africa)
    assert list(zip(regions["region"], regions["cases"], strict=True)) == [("Africa", 2)]
    # Unfiltered, A1 counts in both regions and both countries.
    everything = run(con, "cases_by_region", Filters())
    assert nonzero(dict(zip(everything["region"], everything["cases"], strict=True))) == {
        "Africa": 2,
        "Europe": 2,
        "Global": 1,
    }


# --------------------------------------------------------------------------- faceted counts


def test_option_counts_follow_the_other_filters(con):
    africa = counts(con, Filters(region=("Africa",)))
    assert nonzero(africa["sdg"]) == {4: 1, 10: 1}  # A1, A2: not A3's SDG 4
    assert nonzero(africa["action_line"]) == {"C2": 2}
    assert africa["entity_type"] == {"Government": 1, "Private Sector": 1}
    # Choosing France as well would find A1: the country options count every country named.
    assert africa["country"] == {"KEN": 2, "FRA": 1}
    # The region's own options leave the region filter out.
    assert nonzero(africa["region"]) == {"Africa": 2, "Europe": 2, "Global": 1}


def test_each_filter_is_left_out_of_its_own_counts(con):
    chosen = counts(con, Filters(region=("Africa",), sdg=(4,)))
    assert nonzero(chosen["sdg"]) == {4: 1, 10: 1}  # under region=Africa only
    assert nonzero(chosen["region"]) == {"Africa": 1, "Europe": 2}  # under SDG 4 only: A1, A3
    assert nonzero(chosen["action_line"]) == {"C2": 1}  # both: A1
    # With country=KEN, Europe counts the Kenyan case that also names France.
    assert nonzero(counts(con, Filters(country=("KEN",)))["region"]) == {"Africa": 2, "Europe": 1}


def test_facet_leaves_out_one_filter_and_keeps_the_rest():
    f = Filters(region=("Africa",), sdg=(4,), region_scheme="m49", q="x")
    assert f.facet("region") == Filters(sdg=(4,), region_scheme="m49", q="x")
    assert f.facet("sdg") == Filters(region=("Africa",), region_scheme="m49", q="x")


# --------------------------------------------------------------------------- findings


def test_overview_names_ties_and_leaves_out_what_the_filter_gives(con):
    africa = Filters(region=("Africa",))
    sentences = findings.overview(
        run(con, "headline_figures", africa).iloc[0],
        run(con, "cases_by_action_line", africa, rollup=False),
        run(con, "cases_by_sdg", africa),
        run(con, "cases_by_region", africa),
        africa,
    )
    text = " ".join(sentences)
    assert (
        "SDG 4 Quality education and SDG 10 Reduced inequalities are the most frequent SDGs, with 1 case each"
        in text
    )
    assert "Africa" not in text  # the only region: given by the filter, not a finding
    assert "100%" not in text
    assert "Infrastructure" not in text  # C2 is on both cases: nothing to rank it against


def test_headline_counts_the_countries_inside_the_region(con):
    ctx = catalog.Context(lambda name, f, p: queries.run(con, name, f, p), Filters(region=("Africa",)))
    text = findings.headline_figures(ctx)[0].text
    assert text == (
        "2 cases from 2 organisations in 1 country of ITU region Africa (1 of the cases also "
        "name countries outside ITU region Africa, which are not counted here)."
    )


# --------------------------------------------------------------------------- the sample, three filter sets

FILTER_SETS = {
    "region": ["region=Africa"],
    "action-line": ["action_line=C2"],
    "search": ["q=telemedicine"],
}


def _labels(sample_db, filters):
    """Every query a finding can cite, as {label: count}, under the same filters."""
    q = lambda name, **p: run_path(sample_db, name, filters, p)  # noqa: E731
    head = q("headline_figures").iloc[0]
    by_al = q("cases_by_action_line", rollup=False)
    rolled = q("cases_by_action_line", rollup=True)
    sdg = q("cases_by_sdg")
    region = q("cases_by_region")
    country = q("cases_by_country")
    topic = q("cases_by_topic")
    by_sdg = q("sessions_by_sdg")
    return {
        "headline": head,
        "cases_by_action_line": {
            **dict(zip(by_al["action_line"] + " " + by_al["short_name"], by_al["cases"], strict=True)),
            "C7": int(rolled.set_index("action_line").loc["C7", "cases"]),
        },
        "cases_by_sdg": dict(
            zip("SDG " + sdg["sdg"].astype(str) + " " + sdg["name"], sdg["cases"], strict=True)
        ),
        "cases_by_region": {
            **dict(zip(region.loc[region["kind"] == "region", "region"], region["cases"], strict=False)),
            "Global or Regional": int(
                region.loc[region["region"].isin(["Global", "Regional"]), "cases"].sum()
            ),
        },
        "cases_by_country": dict(zip(country["name"], country["cases"], strict=True)),
        "countries_in_selection": as_dict(q("countries_in_selection"), "name", "cases"),
        "cases_by_topic": dict(zip(topic["label"], topic["cases"], strict=True)),
        "sessions_by_type": as_dict(q("sessions_by_type"), "session_type", "sessions"),
        "sessions_by_sdg": dict(
            zip("SDG " + by_sdg["sdg"].astype(str) + " " + by_sdg["name"], by_sdg["sessions"], strict=True)
        ),
        "coverage_cases_vs_sessions": q("coverage_cases_vs_sessions"),
        "sessions_by_week": q("sessions_by_week"),
        "cases_over_time": q("cases_over_time"),
        "topic_by_region": q("topic_by_region"),
        "replication_candidates": lambda topic, region: q(
            "replication_candidates", gap_topic=topic, gap_region=region, gap_country="", limit=2
        ),
        "action_line_sdg_matrix": q("action_line_sdg_matrix"),
        "sdg_linkages": q("sdg_linkages"),
    }


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?%?", text)


def _check(finding, known, allowed: set[str]) -> None:
    """Each figure equals the query's answer; each number in the sentence is one of them."""
    figures, table = finding.figures, known.get(finding.query)
    head = known["headline"]
    words = finding.text
    for label, n in dict(figures.get("counts", {})).items():
        if isinstance(table, dict):
            assert int(table[label]) == n, (finding.text, label)
        words = words.replace(str(label), "")
        allowed.add(f"{n:,}")
    # "(and 23 more)": the rest of a list shown in part (3 to 5 names).
    for listed in (figures.get("missing", []), figures.get("counts", {})):
        allowed.update(f"{len(listed) - shown:,}" for shown in (3, 4, 5) if len(listed) > shown)
    for label in list(figures.get("missing", [])) + list(figures.get("given", [])):
        if isinstance(table, dict) and label in figures.get("missing", []):
            assert int(table[label]) == 0, (finding.text, label)
        words = words.replace(str(label), "")
    if "total" in figures:
        unit = "sessions" if finding.query.startswith("sessions") else "cases"
        assert figures["total"] == int(head[unit]), finding.text
        allowed.add(f"{figures['total']:,}")
        allowed.update(f"{int(n) / figures['total']:.0%}" for n in dict(figures.get("counts", {})).values())
    for key in ("count", "of", "countries", "cases_also_elsewhere", "empty_pairs", "pairs", "sessions"):
        if isinstance(figures.get(key), int):
            allowed.add(f"{int(figures[key]):,}")
    if finding.query == "headline_figures":
        for key, value in figures.items():
            assert int(head[key]) == value, (finding.text, key)
            allowed.add(f"{int(value):,}")
        if head["sessions"]:
            allowed.add(f"{int(head['covid_sessions']) / int(head['sessions']):.0%}")
    if finding.query == "coverage_cases_vs_sessions" and "shares" in figures:
        lines = table.set_index("action_line")
        ahead = lines[(lines["sessions_share"] > lines["cases_share"]) & (lines["sessions"] > 0)]
        assert set(figures["action_lines"]) == set(ahead.index)
        assert figures["count"] == len(ahead)
        for code, (cases_share, sessions_share) in figures["shares"].items():
            assert (cases_share, sessions_share) == tuple(lines.loc[code, ["cases_share", "sessions_share"]])
            allowed.update({f"{cases_share:.0%}", f"{sessions_share:.0%}"})
            words = words.replace(code, "")
    if finding.query == "sessions_by_week":
        weeks = table.assign(week=pd.to_datetime(table["week"]).dt.date)
        if "weeks" in figures:
            assert figures["sessions"] == int(weeks["sessions"].max())
        else:
            row = weeks[weeks["week"] == tx.FORUM_2021_FINAL_WEEK[0]].iloc[0]
            assert (figures["sessions"], figures["covid_related"]) == (row["sessions"], row["covid_related"])
            allowed.update(
                {f"{int(row['covid_related']):,}", f"{row['covid_related'] / row['sessions']:.0%}"}
            )
        words = re.sub(r"\d{1,2}(-\d{1,2})? [A-Z][a-z]+ \d{4}", "", words)  # dates
    if finding.query == "cases_over_time":
        by_year = table.groupby(pd.to_datetime(table["month"]).dt.year)["cases"].sum()
        assert figures["by_year"] == {int(y): int(n) for y, n in by_year.items()}
        assert figures["peak_cases"] == int(table["cases"].max())
        allowed.update(f"{int(n):,}" for n in by_year)
        allowed.update(str(int(y)) for y in by_year.index)
        allowed.add(f"{figures['peak_cases']:,}")
        words = re.sub(r"[A-Z][a-z]+ \d{4}", "", words)
    if finding.query == "topic_by_region" and "gaps" in figures:  # the replication map's gaps
        marked = replication.mark_gaps(table)
        places = marked[~marked["region"].isin(replication.SCOPE_COLUMNS)]
        assert figures == {
            "gaps": int((places["gap"] != "").sum()),
            "absent": int((places["gap"] == "solid").sum()),
            "thin": int((places["gap"] == "dotted").sum()),
            "pairs": len(places),
        }
        allowed.update(f"{int(v):,}" for v in figures.values())
        words = words.replace("topic and region", "")
    if finding.query == "topic_by_region" and "regions" in figures:  # one region: no map
        assert (
            figures["regions"]
            == table.loc[~table["region"].isin(replication.SCOPE_COLUMNS), "region"].nunique()
        )
    if finding.query == "replication_candidates":  # one gap, with the cases to copy there
        gap = figures["gap"]
        marked = replication.mark_gaps(known["topic_by_region"])
        row = marked[(marked["topic"] == gap["topic"]) & (marked["region"] == gap["region"])].iloc[0]
        assert row["gap"] and gap == {k: row[k] for k in gap}
        assert finding.text.startswith(replication.gap_sentence(row.to_dict()))
        found = known["replication_candidates"](gap["topic"], gap["region"])
        assert figures["candidates"] == list(found["case_id"])
        allowed.update({f"{int(row['cases']):,}", f"{int(row['region_cases']):,}", f"{row['share']:.0%}"})
        allowed.update({f"{row['common_share']:.0%}", f"{row['expected']:,.0f}"})
        words = re.sub(r"“[^”]*”( \([^)]*\))?", "", words)  # the titles and countries of cases
    if finding.query == "topic_by_region" and "empty_pairs" in figures:  # regions, not scopes
        places = table[~table["region"].isin(replication.SCOPE_COLUMNS)]
        assert figures["empty_pairs"] == int((places["cases"] == 0).sum())
        assert figures["pairs"] == len(places)
        words = words.replace("topic and region", "")
    if finding.query == "action_line_sdg_matrix" and "empty_pairs" in figures:
        assert figures["empty_pairs"] == int((table["cases"] == 0).sum())
    if "official_pairs" in figures:  # the WSIS-SDG Matrix: pairs the cases declare
        assert figures["pairs"] == int(table["cases"].sum())
        assert figures["official_pairs"] == int(table.loc[table["official"].astype(bool), "cases"].sum())
        allowed.update({f"{figures['official_pairs']:,}", f"{figures['pairs']:,}"})
        allowed.add(f"{figures['official_pairs'] / figures['pairs']:.0%}" if figures["pairs"] else "0%")
    if "unlisted" in figures:  # the pairs claimed most that the matrix does not list
        claimed = table[~table["official"].astype(bool) & (table["cases"] > 0)]
        top = claimed.sort_values("cases", ascending=False, kind="stable").head(3)
        labels = [f"{r.action_line} {r.short_name} × SDG {int(r.sdg)}" for r in top.itertuples()]
        assert figures["unlisted"] == labels, finding.text
        assert figures.get("cases", []) == [int(n) for n in top["cases"]]
        allowed.update(f"{n:,}" for n in figures.get("cases", []))
        for label in labels:
            words = re.sub(re.escape(label) + r"(?!\d)", "", words)
    if finding.query == "sdg_linkages":
        gaps = table[table["cases"] == 0]
        assert (figures["gaps"], figures["linkages"]) == (len(gaps), len(table))
        assert figures["less_certain_gaps"] == int((~gaps["in_both_source_files"].astype(bool)).sum())
        allowed.update(f"{int(figures[k]):,}" for k in ("gaps", "linkages", "less_certain_gaps"))
        allowed.add(f"{len(figures['pairs']) - 3:,}")  # "(and 55 more)"
        for label in figures["pairs"]:  # "… × SDG 1" is not the start of "… × SDG 10"
            words = re.sub(re.escape(label) + r"(?!\d)", "", words)
    words = re.sub(r"\b(C\d+(-[A-Z]+)?|SDG \d+|WSIS Forum 2021|COVID-19|18 Action Lines)\b", "", words)
    for number in _numbers(words):
        assert number in allowed, (finding.text, number, sorted(allowed))


def _all_findings(sample_db, filters):
    with catalog.open_db(sample_db, filters) as ctx:
        out = list(findings.headline_figures(ctx))
        for _, compute, _ in findings.SECTIONS.values():
            out += compute(ctx)
        head = ctx.headline
        overview = findings.overview(
            head,
            ctx.query("cases_by_action_line", rollup=False),
            ctx.query("cases_by_sdg"),
            ctx.query("cases_by_region"),
            filters,
        )
    return out, overview


@pytest.mark.parametrize("pairs", list(FILTER_SETS.values()), ids=list(FILTER_SETS))
def test_every_finding_is_recomputed_under_the_same_filters(sample_db, pairs):
    filters = Filters.from_pairs(pairs)
    known = _labels(sample_db, filters)
    found, _ = _all_findings(sample_db, filters)
    assert len(found) >= 15
    for finding in found:
        _check(finding, known, set())


@pytest.mark.parametrize("pairs", list(FILTER_SETS.values()), ids=list(FILTER_SETS))
def test_no_finding_states_what_the_filter_makes_certain(sample_db, pairs):
    filters = Filters.from_pairs(pairs)
    found, overview = _all_findings(sample_db, filters)
    texts = [f.text for f in found if not f.query.startswith("sessions")] + overview
    for text in texts:
        assert "100%" not in text, text
    if filters.action_line:
        assert not any(re.search(r"C2 Infrastructure (is|and)", t) for t in texts)
        assert any(t.startswith("Besides C2 Infrastructure, which every case") for t in texts)
    if filters.q:
        # The search applies to sessions too: no caveat about filters they cannot follow.
        assert not any("Sessions have no" in t for t in texts)


def test_an_africa_pack_names_only_african_countries_and_regions(sample_db):
    filters = Filters.from_pairs(FILTER_SETS["region"])
    with catalog.open_db(sample_db, filters) as ctx:
        pack = briefing.assemble(ctx, images=False)
    texts = [f.text for f in pack.headline] + [f.text for s in pack.sections for f in s.findings]
    everything = " ".join(texts)
    african = sorted(
        (c.name for c in tx.countries().values() if c.itu_region == "Africa"), key=len, reverse=True
    )
    for name in african:  # "South Sudan" is African, "Sudan" is not: read the African names first
        everything = everything.replace(name, "")
    others = [c.name for c in tx.countries().values() if c.itu_region != "Africa"]
    named = [n for n in others if re.search(rf"\b{re.escape(n)}\b", everything)]
    assert not named, named
    for region in ("Americas", "Arab States", "Asia-Pacific", "CIS", "Europe"):
        assert region not in everything
    # The African countries its cases name, not every country they name (46 in the sample).
    con = connect_readonly(sample_db)
    try:
        african_named, all_named = con.execute(
            "SELECT count(DISTINCT iso) FILTER (WHERE k.itu_region = 'Africa'), count(DISTINCT iso)"
            " FROM (SELECT unnest(countries) AS iso FROM cases WHERE list_contains(itu_regions, 'Africa'))"
            " JOIN countries k ON k.iso3 = iso"
        ).fetchone()
    finally:
        con.close()
    assert african_named < all_named
    assert f"in {african_named} countries of ITU region Africa" in texts[0]
    # Sessions cannot follow the region: the headline, the sessions section and the
    # comparison of cases with sessions say so.
    sections = {s.key: s.findings for s in pack.sections}
    compared = [f for f in sections["gaps"] if "shares" in f.figures]
    for finding in [pack.headline[2], sections["sessions"][0], *compared]:
        assert "Sessions have no region" in finding.text, finding.text
    assert compared and "of sessions" in compared[0].text and "of cases" in compared[0].text


# --------------------------------------------------------------------------- the sidebar


def test_sidebar_counts_follow_the_other_filters(sample_db, monkeypatch):
    monkeypatch.setenv("ICT_RESPONSE_DB", str(sample_db))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.query_params["region"] = "Africa"
    app.run()
    assert not app.exception, app.exception
    expected = run_path(sample_db, "cases_by_topic", Filters(region=("Africa",)))
    n = int(expected.set_index("topic").loc["connectivity", "cases"])
    everywhere = int(run_path(sample_db, "cases_by_topic").set_index("topic").loc["connectivity", "cases"])
    assert n < everywhere
    options = app.multiselect(key="filter_topic").options
    assert f"Connectivity ({n:,})" in options, options
    # The Overview's findings stay inside the selection too.
    words = " ".join(m.value for m in app.markdown)
    assert "Sessions have no region" in words and "100%" not in words
    # The region's own options are counted without the region filter.
    regions = run_path(sample_db, "cases_by_region").set_index("region")["cases"]
    assert f"Europe ({int(regions['Europe']):,})" in app.multiselect(key="filter_region").options


# --------------------------------------------------------------------------- the charts


def test_weekly_sessions_chart_shows_the_share_and_marks_the_forum_week():
    frame = pd.DataFrame(
        {
            "week": pd.to_datetime(["2021-05-10", "2021-05-17"]),
            "sessions": [12, 107],
            "covid_related": [3, 34],
            "covid_share": [0.25, 34 / 107],
        }
    )
    shown = catalog.CATALOG["sessions-per-week"].draw(frame, charts.ChartText("t"))
    bars, covid, line = shown.data
    assert list(bars.y) == [12, 107] and list(covid.y) == [3, 34]
    assert list(line.y) == [0.25, 34 / 107] and line.yaxis == "y2"
    assert list(covid.text) == ["25%", "32%"]  # the share in the bar's hover
    assert "%{y:,}" in bars.hovertemplate and "Week of %{customdata|%d %b %Y}" in bars.hovertemplate
    assert shown.layout.yaxis2.tickformat == ".0%" and shown.layout.yaxis.tickformat == ",d"
    (week,) = [s for s in shown.layout.shapes if s.type == "rect"]
    assert pd.Timestamp(week.x0) == pd.Timestamp("2021-05-17")
    assert any("Forum final week, 17-21 May 2021" in (a.text or "") for a in shown.layout.annotations)


def test_cases_and_sessions_are_compared_as_shares(sample_db):
    filters = Filters(region=("Africa",))
    with catalog.open_db(sample_db, filters) as ctx:
        shown = catalog.render("cases-vs-sessions-by-action-line", ctx)
    cases, sessions = shown.figure.data
    assert (cases.name, sessions.name) == ("Share of cases", "Share of sessions")
    assert list(cases.x) == list(shown.frame["cases_share"])
    assert shown.figure.layout.xaxis.tickformat == ".0%"
    assert "sessions have no region" in shown.text.subtitle


def test_the_m49_regions_named_in_the_macros_are_the_reference_ones():
    # places_by_country names them to stay foldable over bound values; they must not drift.
    macros = (ROOT / "ict_response" / "sql" / "macros.sql").read_text(encoding="utf-8")
    named = re.search(r"lambda r: r NOT IN\s*\(([^)]*)\)\)\) > 0\);", macros)
    assert named is not None
    regions = {c.m49_region for c in tx.countries().values()} | {"Global", "Regional"}
    assert set(re.findall(r"'([^']+)'", named.group(1))) == regions
