"""Briefing packs: the deck and the document opened with python-pptx and python-docx (slide
count, titles, footer, sample notice, chart images), the numbers in the findings equal to
the query results for two filter sets, the CLI, and the Briefing page."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from streamlit.testing.v1 import AppTest

from ict_response import briefing, catalog, charts, export, findings
from ict_response.cli import main as cli
from ict_response.filters import Filters
from ict_response.paths import ROOT
from ict_response.queries import run_path

FILTER_SETS = [Filters(), Filters(region=("Africa",), sdg=(3,))]


@pytest.fixture(scope="module")
def deck(sample_db, tmp_path_factory):
    # Every section, the optional ones too.
    out = tmp_path_factory.mktemp("deck") / "pack.pptx"
    sections = ",".join(briefing.SECTION_IDS)
    assert cli(["briefing", "--db", str(sample_db), "--out", str(out), "--sections", sections]) == 0
    return Presentation(str(out))


def _title(slide) -> str:
    return next(s.text_frame.text for s in slide.shapes if s.name == "Title")


def test_deck_has_title_headline_sections_and_methods(deck):
    titles = [_title(s) for s in deck.slides]
    headings = [findings.SECTIONS[k][0] for k in briefing.SECTION_IDS]
    assert titles == [briefing.TITLE, "Headline figures", *headings, "Methods and sources"]
    everything = [sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame]
    assert any(t.startswith("Filters: None") for t in everything)
    # The sample collections are named, and the shipped initiatives are not among them.
    notice = "the WSIS Stocktaking COVID-19 cases and the WSIS Forum 2021 sessions are synthetic"
    assert any(notice in t for t in everything)
    for slide in deck.slides:
        footer = next(s.text_frame.text for s in slide.shapes if s.name == "Footer")
        assert "data as of" in footer and charts.licence() in footer and "SAMPLE DATA" in footer
        assert "ITU COVID-19 initiatives" in footer  # a source of the data


def test_slide_titles_are_title_placeholders_and_the_deck_says_what_it_is(deck):
    """PowerPoint's outline, its slide list and screen readers name a slide by its title
    placeholder: every slide has one holding its title."""
    headings = [findings.SECTIONS[k][0] for k in briefing.SECTION_IDS]
    assert [s.shapes.title.text_frame.text if s.shapes.title else None for s in deck.slides] == [
        briefing.TITLE,
        "Headline figures",
        *headings,
        "Methods and sources",
    ]
    for slide in deck.slides:
        assert slide.shapes.title.is_placeholder
        assert slide.shapes.title.placeholder_format.type == PP_PLACEHOLDER.TITLE
    props = deck.core_properties
    assert props.title == briefing.TITLE
    assert props.author == "ICT Response Dashboard"
    assert props.language == "en-GB"
    assert props.subject == f"Briefing pack. Data as of {deck_date(deck)}. Filters: None (all records)"
    assert "SAMPLE DATA" in props.comments and "Sustainable Development Goals" in props.keywords


def deck_date(deck) -> str:
    """The data date the title slide gives ("Data as of 2026-11-29 · built …")."""
    text = next(
        sh.text_frame.text
        for sh in deck.slides[0].shapes
        if sh.has_text_frame and "Data as of" in sh.text_frame.text
    )
    return text.split("Data as of ", 1)[1].split(" ", 1)[0]


def test_section_slides_carry_the_chart_and_three_to_five_findings(deck):
    for slide in list(deck.slides)[2:-1]:
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == (1 if export.images_available() else 0), _title(slide)
        bullets = [
            p.text
            for s in slide.shapes
            if s.has_text_frame
            for p in s.text_frame.paragraphs
            if p.text.startswith("• ")
        ]
        assert 3 <= len(bullets) <= 5, (_title(slide), bullets)


def test_methods_slide_names_each_query(deck):
    methods = " ".join(sh.text_frame.text for sh in deck.slides[-1].shapes if sh.has_text_frame)
    for query in (
        "headline_figures",
        "cases_by_action_line",
        "cases_by_sdg",
        "cases_by_region",
        "cases_by_topic",
        "sessions_by_week",
        "topic_by_region",
        "replication_candidates",
    ):
        assert f"queries/{query}.sql" in methods


def test_replication_opportunities_are_asked_for_by_name():
    assert "replication" not in briefing.parse_sections(None)
    assert briefing.parse_sections("gaps,replication") == ["gaps", "replication"]


def test_replication_slide_names_the_largest_gaps_and_cases_to_copy(deck):
    slide = next(s for s in deck.slides if _title(s) == "Replication opportunities")
    text = " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
    assert "topic and region pairs are gaps" in text
    assert "where it is most common" in text and "To replicate there: “" in text


@pytest.mark.parametrize("filters", FILTER_SETS, ids=["all", "africa-sdg3"])
def test_finding_figures_equal_the_query_results(sample_db, filters):
    q = lambda name, **p: run_path(sample_db, name, filters, p)  # noqa: E731
    head = q("headline_figures").iloc[0]
    with catalog.open_db(sample_db, filters) as ctx:
        lines = findings.action_lines(ctx)
        sdg = findings.sdgs(ctx)
        regions = findings.regions(ctx)
        sessions = findings.sessions(ctx)
        gaps = findings.coverage_gaps(ctx)
    by_al = q("cases_by_action_line", rollup=False)
    top = by_al.sort_values("cases", ascending=False, kind="stable").iloc[0]
    assert lines[0].query == "cases_by_action_line"
    assert lines[0].figures == {
        "counts": {f"{top['action_line']} {top['short_name']}": int(top["cases"])},
        "total": int(head["cases"]),
    }
    assert f"({int(top['cases']):,} of {int(head['cases']):,})" in lines[0].text
    c7 = q("cases_by_action_line", rollup=True).set_index("action_line").loc["C7", "cases"]
    assert next(f for f in lines if f.figures.get("rollup")).figures["counts"] == {"C7": int(c7)}

    by_sdg = q("cases_by_sdg")
    ranked = by_sdg[~by_sdg["sdg"].isin(filters.sdg)]  # a single chosen SDG is given, not ranked
    assert set(sdg[0].figures["counts"].values()) == {int(ranked["cases"].max())}
    missing = [f"SDG {r.sdg} {r.name}" for r in by_sdg.itertuples() if r.cases == 0]
    assert sdg[-1].figures["missing"] == missing

    by_region = q("cases_by_region")
    if not filters.region:  # under a region filter the region is given, not ranked
        leader = by_region[by_region["kind"] == "region"]["cases"].max()
        assert set(regions[0].figures["counts"].values()) == {int(leader)}
        scoped = by_region[by_region["region"].isin(["Global", "Regional"])]["cases"].sum()
        scope = next(f for f in regions if "global or regional" in f.text)
        assert scope.figures["counts"] == {"Global or Regional": scoped}

    assert sessions[0].figures == {
        "sessions": int(head["sessions"]),
        "covid_sessions": int(head["covid_sessions"]),
    }
    # Pairs of a topic and a region: the scopes (Global, Regional) are no place to be missing from.
    matrix = q("topic_by_region")
    places = matrix[~matrix["region"].isin(["Global", "Regional"])]
    pair = next(f for f in gaps if f.query == "topic_by_region")
    assert pair.figures["empty_pairs"] == int((places["cases"] == 0).sum())
    assert pair.figures["pairs"] == len(places)
    if not filters.region:  # the sample has global and regional cases
        assert len(places) < len(matrix)
    assert "Global" not in pair.text and "Regional" not in pair.text


def test_findings_change_with_the_filters(sample_db):
    texts = []
    for filters in FILTER_SETS:
        with catalog.open_db(sample_db, filters) as ctx:
            texts.append([f.text for f in findings.action_lines(ctx)])
    assert texts[0] != texts[1]


def test_docx_has_the_same_structure(sample_db, tmp_path):
    out = tmp_path / "pack.docx"
    assert (
        cli(
            [
                "briefing",
                "--db",
                str(sample_db),
                "--out",
                str(out),
                "--sections",
                "sdgs,gaps",
                "--filter",
                "region=Africa",
                "--filter",
                "sdg=3",
            ]
        )
        == 0
    )
    doc = Document(str(out))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "Headline figures",
        "Sustainable Development Goals",
        "Coverage gaps",
        "Methods and sources",
    ]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Filters: SDG 3; ITU region Africa" in text
    assert "the WSIS Stocktaking COVID-19 cases and the WSIS Forum 2021 sessions are synthetic" in text
    n = int(run_path(sample_db, "headline_figures", Filters(region=("Africa",), sdg=(3,))).iloc[0]["cases"])
    assert f"{n:,} cases from" in text
    assert "SAMPLE DATA" in doc.sections[0].footer.paragraphs[0].text
    assert len(doc.inline_shapes) == (2 if export.images_available() else 0)
    props = doc.core_properties
    assert props.title == briefing.TITLE and props.author == "ICT Response Dashboard"
    assert props.language == "en-GB"
    assert props.subject.startswith("Briefing pack. Data as of ")
    assert props.subject.endswith(". Filters: SDG 3; ITU region Africa")
    assert "SAMPLE DATA" in props.comments
    assert [p.text for p in doc.paragraphs if p.style.name in ("Title", "Subtitle")] == [
        briefing.TITLE,
        "Briefing pack",
    ]
    lang = doc.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang is not None and lang.get(qn("w:val")) == "en-GB"


def test_cli_refuses_bad_names_and_sections(sample_db, tmp_path, capsys):
    assert cli(["briefing", "--db", str(sample_db), "--out", str(tmp_path / "x.pdf")]) == 2
    assert (
        cli(["briefing", "--db", str(sample_db), "--out", str(tmp_path / "x.pptx"), "--sections", "weather"])
        == 2
    )
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 2 and "pptx" in errors[0] and "weather" in errors[1]


def test_briefing_page_builds_a_pack_with_progress(sample_db, monkeypatch):
    monkeypatch.setenv("ICT_RESPONSE_DB", str(sample_db))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    app.query_params["region"] = "Africa"
    app.run()
    app.switch_page("app_pages/briefing.py").run()
    assert not app.exception
    assert not app.get("download_button")
    app.multiselect(key="brief_sections").set_value(["sdgs", "regions"]).run()
    app.button(key="brief_build").click().run()
    assert not app.exception, app.exception
    assert app.get("status") or app.get("expandable")
    labels = [d.proto.label for d in app.get("download_button")]
    assert labels == ["Download PowerPoint (.pptx)", "Download Word (.docx)"]
    n = int(run_path(sample_db, "headline_figures", Filters(region=("Africa",))).iloc[0]["cases"])
    shown = " ".join(m.value for m in app.markdown)
    assert f"{n:,} cases from" in shown and "(cases_by_sdg)" in shown


def test_briefing_page_shows_filter_values_from_the_url_as_text(sample_db, monkeypatch):
    """A search text or collection crafted in the URL is shown as the characters it is: the
    Markdown the page writes holds no link, emphasis or autolink built from it."""
    from ict_response.ui.markdown import literal

    q = "[click](https://evil.example/x) **now**"
    collection = "<img src=x onerror=alert(1)> www.evil.example"
    monkeypatch.setenv("ICT_RESPONSE_DB", str(sample_db))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    app.query_params["q"] = q
    app.query_params["collection"] = collection
    app.run()
    app.switch_page("app_pages/briefing.py").run()
    assert not app.exception, app.exception
    line = next(m.value for m in app.markdown if m.value.startswith("**Filters:**"))
    described = Filters.parse({"q": q, "collection": collection}).describe()
    assert q in described and collection in described  # the values reach the page...
    assert line == f"**Filters:** {literal(described)}"  # ...escaped, as text
    body = line.removeprefix("**Filters:**")
    for markup in ("](", "**", "<img", "https:", "www."):
        assert markup not in body


def test_briefing_page_offers_both_files_from_one_build(sample_db, monkeypatch):
    """One click computes the pack once and offers the deck and the document; nothing on the
    page (there is no file-type choice) throws the built pack away."""
    monkeypatch.setenv("ICT_RESPONSE_DB", str(sample_db))
    assembled = []
    real_assemble = briefing.assemble

    def counting_assemble(*args, **kwargs):
        assembled.append(args)
        return real_assemble(*args, **kwargs)

    monkeypatch.setattr(briefing, "assemble", counting_assemble)
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    app.run()
    app.switch_page("app_pages/briefing.py").run()
    assert not app.main.radio  # no file type to choose before building
    app.multiselect(key="brief_sections").set_value(["sdgs"]).run()
    app.button(key="brief_build").click().run()
    assert not app.exception, app.exception
    assert len(assembled) == 1
    built = app.session_state["briefing"]
    assert sorted(built["files"]) == ["docx", "pptx"]
    deck = Presentation(io.BytesIO(built["files"]["pptx"]))
    doc = Document(io.BytesIO(built["files"]["docx"]))
    heading = findings.SECTIONS["sdgs"][0]
    assert heading in [_title(s) for s in deck.slides]
    assert heading in [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    buttons = {d.proto.label: d for d in app.get("download_button")}
    assert set(buttons) == {"Download PowerPoint (.pptx)", "Download Word (.docx)"}
    # Another run of the page (a download ignores it; any other widget reruns) keeps both.
    app.run()
    assert len(app.get("download_button")) == 2 and len(assembled) == 1


def test_a_countrys_selection_claims_nothing_about_its_region(sample_db):
    """With Kenya chosen, the map's Africa column holds Kenya's cases only: "no case of X in
    Africa" would be false. The topics' findings say what the selection lacks."""
    with catalog.open_db(sample_db, Filters.parse({"country": "KEN"})) as ctx:
        gaps = findings.coverage_gaps(ctx)
        topics = findings.topics(ctx)
    assert gaps and not [f.text for f in gaps if f.query == "topic_by_region"]
    assert any("No case in this selection covers" in f.text for f in topics)


def test_no_gap_is_said_as_every_pair_having_a_case(sample_db):
    with catalog.open_db(sample_db, Filters()) as ctx:
        pair = next(f for f in findings.coverage_gaps(ctx) if f.query == "topic_by_region")
    assert pair.figures["empty_pairs"] == 0, "the sample has a case in every topic and region"
    pairs = pair.figures["pairs"]
    assert pair.text == f"Every one of the {pairs} topic and region pairs has at least one case."
