"""ITU's WSIS-SDG Matrix as reference data: the table a build loads, the outlines on the
Action Line x SDG heatmap (in the figure, its PNG export and briefing packs), the findings
computed from it (checked by hand on the fixture and against the queries on the sample), and
the SDGs a case's Action Lines imply, shown apart from those it declares.

The fixture's (Action Line, SDG) pairs, one case each (see tests/test_queries.py):
(C7-EHEALTH, 3) case 1, (C7-ELEARN, 4) case 2, (C5, 3) and (C7, 3) case 3, (C9, 16) and
(C10, 16) case 5, (C2, 9) case 6. All but (C5, 3) are official; (C7, 3) through C7-EHEALTH.
"""

from __future__ import annotations

import csv
import html
import io

import numpy as np
import plotly.graph_objects as go
import pytest
from builders import CASES_SMALL, build, build_fixture, write_csv
from docx import Document
from PIL import Image
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from ict_response import briefing, catalog, charts, db, export, findings, queries
from ict_response.filters import Filters
from ict_response.paths import REFERENCE_DIR, ROOT
from ict_response.queries import run_path
from ict_response.taxonomy import action_lines, sdg_linkages

FILTER_SETS = [Filters(), Filters(region=("Africa",)), Filters(action_line=("C7",), sdg=(3, 4))]


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("linkages") / "t.duckdb"
    build_fixture(path)
    return path


# --------------------------------------------------------------------------- reference data


def test_the_matrix_is_reference_data_with_its_source():
    rows = list(csv.DictReader((REFERENCE_DIR / "wsis_sdg_matrix.csv").open(encoding="utf-8")))
    links = sdg_linkages()
    assert len(rows) == len(links) == 127
    assert len({(k.action_line, k.sdg) for k in links}) == 127
    assert sum(not k.in_both_source_files for k in links) == 8
    # Every category but plain C7 has linkages; plain C7 gets its own from its sub-lines.
    assert {k.action_line for k in links} == {a.code for a in action_lines()} - {"C7"}
    sources = (REFERENCE_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert "wsis_sdg_matrix.csv" in sources and "uwidcit/WSIS-SDG-Matrix" in sources


def test_the_build_loads_the_matrix(fixture_db):
    con = db.connect_readonly(fixture_db)
    try:
        assert con.execute(
            "SELECT count(*), count(*) FILTER (NOT in_both_source_files) FROM sdg_linkages"
        ).fetchone() == (127, 8)
    finally:
        con.close()


# --------------------------------------------------------------------------- the heatmap


def _official_cells(frame, style):
    """(column, row) labels as the heatmap shows them, of the cells the query marks."""
    want = frame["official"] & (frame["in_both_source_files"] == (style == "solid"))
    rows = frame[want]
    labels = [
        charts.wrap(f"{a} {n}", 24) for a, n in zip(rows["action_line"], rows["short_name"], strict=True)
    ]
    return sorted(zip("SDG " + rows["sdg"].astype(str), labels, strict=True))


@pytest.mark.parametrize("rollup", [False, True])
def test_outlines_are_on_exactly_the_official_cells(sample_db, rollup):
    with catalog.open_db(sample_db, Filters()) as ctx:
        shown = catalog.render("action-line-sdg-matrix", ctx, rollup=rollup)
    outlined = charts.outlined_cells(shown.figure)
    solid, dotted = catalog.LINKAGE_LEGEND["solid"], catalog.LINKAGE_LEGEND["dotted"]
    assert set(outlined) == {solid, dotted}
    assert sorted(outlined[solid]) == _official_cells(shown.frame, "solid")
    assert sorted(outlined[dotted]) == _official_cells(shown.frame, "dotted")
    assert len(outlined[solid]) + len(outlined[dotted]) == int(shown.frame["official"].sum())
    # 127 listed pairs and C7's 17 in the 18 categories; rolled up, C7's 17 and the lines' own.
    expected = (
        127 + 17 if not rollup else 17 + sum(not k.action_line.startswith("C7-") for k in sdg_linkages())
    )
    assert int(shown.frame["official"].sum()) == expected
    # The legend line says what the outlines mean and how C7 is treated.
    assert list(charts.outlined_cells(shown.figure)) == [solid, dotted]
    drawn = [str(a.text).replace("<br>", " ") for a in shown.figure.layout.annotations]
    assert solid in drawn and dotted in drawn  # written beside their outlines
    assert "WSIS–SDG Matrix" in solid and "any C7 sub-line" in solid
    assert "C7" in shown.spec.legend and "source files" in shown.spec.legend


def test_a_matrix_without_cases_still_shows_the_linkages(sample_db):
    """A selection with no case is all gaps: the official cells stay outlined."""
    with catalog.open_db(sample_db, Filters(q="zzzqqqxxy")) as ctx:
        shown = catalog.render("action-line-sdg-matrix", ctx)
    assert shown.frame["cases"].sum() == 0
    assert sum(len(c) for c in charts.outlined_cells(shown.figure).values()) == 127 + 17


def test_marks_need_a_legend_for_every_style():
    import pandas as pd

    frame = pd.DataFrame({"x": ["a", "b"], "y": ["r", "r"], "n": [1, 0], "mark": ["solid", ""]})
    fig = charts.heatmap(
        frame, "x", "y", "n", charts.ChartText("t"), marks=charts.CellMarks("mark", {"solid": "S"})
    )
    assert charts.outlined_cells(fig) == {"S": [("a", "r")]}


@pytest.mark.skipif(not export.images_available(), reason="needs Chrome or Chromium for Kaleido")
def test_png_export_shows_the_outlines(sample_db):
    with catalog.open_db(sample_db, Filters()) as ctx:
        shown = catalog.render("action-line-sdg-matrix", ctx)
    colour = [int(charts.MARK_COLOUR[i : i + 2], 16) for i in (1, 3, 5)]

    def marked(figure) -> int:
        png = export.image_bytes(figure, "png", scale=1)
        return int((np.asarray(Image.open(io.BytesIO(png)).convert("RGB")) == colour).all(axis=2).sum())

    # 144 outlines of about 30 x 20 pixels, 2 pixels wide, in the mark colour; none without.
    assert marked(shown.figure) > 144 * 60
    bare = go.Figure(shown.figure)
    bare.layout.shapes = ()
    assert marked(bare) == 0


# --------------------------------------------------------------------------- findings


def test_findings_on_the_fixture_by_hand(fixture_db):
    with catalog.open_db(fixture_db, Filters()) as ctx:
        share, gaps, unlisted = findings.sdg_linkages(ctx)
    assert share.figures == {"pairs": 7, "official_pairs": 6}
    assert share.text.startswith("86% of the Action Line and SDG pairs")
    # Covered: (C2, 9), (C7-ELEARN, 4), (C7-EHEALTH, 3), (C9, 16), (C10, 16). The 8 less
    # certain linkages are all uncovered.
    assert (gaps.figures["gaps"], gaps.figures["linkages"], gaps.figures["less_certain_gaps"]) == (
        122,
        127,
        8,
    )
    assert gaps.text.startswith("122 of the matrix's 127 official linkages have no case")
    assert unlisted.figures == {"unlisted": ["C5 Confidence and security × SDG 3"], "cases": [1]}
    assert "C5 Confidence and security × SDG 3 (1 case)" in unlisted.text


@pytest.mark.parametrize("filters", FILTER_SETS, ids=["all", "africa", "c7-sdg3-4"])
def test_finding_figures_equal_the_query_results(sample_db, filters):
    grid = run_path(sample_db, "action_line_sdg_matrix", filters, {"rollup": False})
    links = run_path(sample_db, "sdg_linkages", filters)
    with catalog.open_db(sample_db, filters) as ctx:
        share, gaps, unlisted = findings.sdg_linkages(ctx)
    assert share.figures["pairs"] == grid["cases"].sum() > 0
    assert share.figures["official_pairs"] == grid.loc[grid["official"], "cases"].sum()
    assert gaps.figures["gaps"] == (links["cases"] == 0).sum()
    assert gaps.figures["linkages"] == len(links) == 127
    assert gaps.figures["less_certain_gaps"] == ((links["cases"] == 0) & ~links["in_both_source_files"]).sum()
    claimed = grid[~grid["official"] & (grid["cases"] > 0)]
    assert unlisted.figures["cases"] == sorted(claimed["cases"], reverse=True)[:3]
    top = claimed[claimed["cases"] == claimed["cases"].max()]
    assert unlisted.figures["unlisted"][0] in {
        f"{r.action_line} {r.short_name} × SDG {r.sdg}" for r in top.itertuples()
    }


def test_no_pair_no_comparison(sample_db):
    with catalog.open_db(sample_db, Filters(q="zzzqqqxxy")) as ctx:
        only = findings.sdg_linkages(ctx)
    assert [f.figures for f in only] == [{"pairs": 0, "official_pairs": 0}]


# --------------------------------------------------------------------------- briefing packs


@pytest.fixture(scope="module")
def pack(sample_db):
    with catalog.open_db(sample_db, Filters()) as ctx:
        return briefing.assemble(ctx, ["sdg-linkages"])


def test_briefing_has_the_linkage_section_with_its_legend_line(pack):
    section = pack.sections[0]
    assert section.chart.name == "action-line-sdg-matrix" and len(section.findings) == 3
    assert "sdg-linkages" in briefing.SECTION_IDS
    legend = section.chart.spec.legend
    deck = Presentation(io.BytesIO(briefing.to_pptx(pack)))
    slide = deck.slides[2]
    assert next(s.text_frame.text for s in slide.shapes if s.name == "Legend") == legend
    assert len([s for s in slide.shapes if s.shape_type == 13]) == (1 if export.images_available() else 0)
    doc = Document(io.BytesIO(briefing.to_docx(pack)))
    assert legend in [p.text for p in doc.paragraphs]
    methods = " ".join(pack.methods())
    assert "queries/sdg_linkages.sql" in methods and "queries/action_line_sdg_matrix.sql" in methods


def test_xlsx_about_sheet_carries_the_legend(sample_db):
    with catalog.open_db(sample_db, Filters()) as ctx:
        shown = catalog.render("action-line-sdg-matrix", ctx)
    about = shown.about()
    assert about["Legend"] == shown.spec.legend
    assert "WSIS–SDG Matrix" in str(about["Note"])
    assert {"official", "in_both_source_files"} <= set(shown.frame.columns)


# --------------------------------------------------------------------------- implied SDGs


@pytest.fixture(scope="module")
def no_sdg_db(tmp_path_factory):
    """The fixture's cases plus case 9, C7 E-agriculture with no SDG declared."""
    folder = tmp_path_factory.mktemp("no_sdg")
    rows = list(csv.reader(CASES_SMALL.open(encoding="utf-8")))
    rows.append(
        [
            "9",
            "Farm prices by SMS",
            "Agri Co",
            "Company",
            "Kenya",
            "C7 E-agriculture",
            "",
            "SMS",
            "2020-06-01",
            "Ongoing",
            "",
            "",
        ]
    )
    path = folder / "t.duckdb"
    build(path, [write_csv(folder / "cases.csv", rows)])
    return path


def test_a_case_without_sdgs_keeps_none(no_sdg_db):
    detail = run_path(no_sdg_db, "case_detail", Filters(), {"case_id": "9"}).iloc[0]
    assert detail["sdgs"] == ""
    # C7-EAGRI serves SDGs 1, 2, 3, 4, 5, 8, 9, 12, 13 and 17.
    assert [s.split()[1] for s in detail["sdgs_implied"].split("; ")] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "8",
        "9",
        "12",
        "13",
        "17",
    ]
    # Never counted as declared: no SDG count, filter or pair includes the case.
    assert run_path(no_sdg_db, "cases_by_sdg")["cases"].sum() == 5
    assert run_path(no_sdg_db, "headline_figures", Filters(sdg=(2,))).iloc[0]["cases"] == 0
    assert (
        run_path(no_sdg_db, "action_line_sdg_matrix").query("action_line == 'C7-EAGRI'")["cases"].sum() == 0
    )


def test_case_detail_shows_implied_sdgs_apart(no_sdg_db, monkeypatch):
    monkeypatch.setenv("ICT_RESPONSE_DB", str(no_sdg_db))
    # The Cases page with case 9 opened, through the app's own navigation (its detail links
    # to the cases like it, on the same page).
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.query_params["case"] = "9"
    app.switch_page("app_pages/cases.py").run()
    assert not app.exception, app.exception
    assert "SDGs implied by its Action Lines" in [m.value.strip("*") for m in app.markdown]
    shown = [html.unescape(m.value) for m in app.markdown]
    implied = next(m for m in shown if m.startswith("Declared:"))
    assert implied.startswith(
        "Declared: none  \nImplied by its Action Lines: SDG 1 No poverty; SDG 2 Zero hunger"
    )
    # The declared SDGs stay empty: the labelled fields have no SDGs line.
    fields = next(m for m in shown if m.startswith("**ID:**"))
    assert "**SDGs:**" not in fields and "sdgs_implied" not in fields
    assert queries.parameters_of("case_detail") == {"case_id"}
