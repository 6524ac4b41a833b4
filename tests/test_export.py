"""Chart exports: every format opened with its own reader (PNG header and size, SVG as XML,
PDF text, XLSX sheets), the words inside (title, filters, footer), formula cells neutralised,
the licence setting, and `ict-response export-chart` from the command line."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ict_response import catalog, charts, export
from ict_response.cli import main as cli
from ict_response.filters import Filters
from ict_response.queries import run_path

needs_chromium = pytest.mark.skipif(
    not export.images_available(),
    reason="server-side images need Debian's chromium, which `make test` installs",
)
AFRICA = Filters(region=("Africa",))


@pytest.fixture(scope="module")
def chart(sample_db):
    with catalog.open_db(sample_db, AFRICA) as ctx:
        return catalog.render("cases-by-action-line", ctx)


def _footer_words(chart) -> list[str]:
    return ["Source: WSIS Stocktaking", f"data as of {chart.meta['data_date']}", "Reuse:", "SAMPLE DATA"]


@needs_chromium
def test_png_is_high_resolution_with_the_charts_size(chart):
    data = export.image_bytes(chart.figure, "png", scale=3)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (3 * export.DEFAULT_WIDTH, 3 * chart.figure.layout.height)
    # Kaleido ran in the system browser, never one of its own.
    assert export._server_browser == export.chromium_path()


@needs_chromium
def test_svg_has_title_subtitle_and_footer_inside(chart, sample_db):
    root = ET.fromstring(export.image_bytes(chart.figure, "svg"))
    assert root.tag.endswith("svg")
    text = " ".join(t for t in root.itertext())
    assert "Cases by WSIS Action Line" in text
    n = run_path(sample_db, "headline_figures", AFRICA).iloc[0]["cases"]
    assert "ITU region Africa" in text and f"n = {int(n):,} cases" in text
    for words in _footer_words(chart):
        assert words in text


@needs_chromium
def test_pdf_holds_the_title_and_footer_as_text(chart):
    reader = PdfReader(io.BytesIO(export.image_bytes(chart.figure, "pdf")))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Cases by WSIS Action Line" in text
    assert "SAMPLE DATA" in text


def test_xlsx_has_the_data_and_an_about_sheet(chart, sample_db):
    book = load_workbook(io.BytesIO(export.xlsx_bytes(chart.frame, chart.about())))
    assert book.sheetnames == ["Data", "About"]
    rows = list(book["Data"].values)
    expected = run_path(sample_db, "cases_by_action_line", AFRICA, {"rollup": False})
    assert list(rows[0]) == list(expected.columns)
    assert [r[0] for r in rows[1:]] == list(expected["action_line"])
    assert [r[-1] for r in rows[1:]] == [int(v) for v in expected["cases"]]
    about = {k: v for k, v in list(book["About"].values)[1:]}
    assert "ITU region Africa" in about["Filters"]
    assert about["Query"] == "queries/cases_by_action_line.sql"
    assert about["Data date"] == chart.meta["data_date"]
    assert about["Source"].startswith("WSIS Stocktaking")
    assert about["Licence"] == charts.licence()
    assert about["Sample data"].startswith("Yes")


@needs_chromium
def test_pdf_metadata_names_the_chart_its_maker_and_language(chart, sample_db, tmp_path):
    """Chromium titles every PDF "Kaleido-fier"; the file says what it is instead, from the
    page's download (image_bytes with the chart's info) and from the CLI alike."""
    out = tmp_path / "chart.pdf"
    args = ["export-chart", "cases-by-action-line", "--db", str(sample_db), "--format", "pdf"]
    assert cli([*args, "--out", str(out), "--filter", "region=Africa"]) == 0
    page = export.image_bytes(chart.figure, "pdf", info=export.DocumentInfo.of_chart(chart.about()))
    for data in (out.read_bytes(), page):
        reader = PdfReader(io.BytesIO(data))
        info = reader.metadata
        assert info.title == "Cases by WSIS Action Line"
        assert info.author == "ICT Response Dashboard" and info.creator == "ICT Response Dashboard"
        assert "ITU region Africa" in info.subject and "Source: WSIS Stocktaking" in info.subject
        assert "SAMPLE DATA" not in info.title and "Sample data:" in info.subject
        assert "cases-by-action-line" in info["/Keywords"]
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "en-GB"
        assert root["/ViewerPreferences"]["/DisplayDocTitle"]
        assert "/StructTreeRoot" in root  # still a tagged PDF
        assert "Cases by WSIS Action Line" in reader.pages[0].extract_text()


@needs_chromium
def test_pdf_of_a_bare_figure_takes_its_title():
    figure = go.Figure(layout={"title": {"text": "<b>Plain</b> words<br><sup>under</sup>"}})
    info = PdfReader(io.BytesIO(export.image_bytes(figure, "pdf", width=400, height=300))).metadata
    assert info.title == "Plain words under" and info.author == "ICT Response Dashboard"


def test_xlsx_workbook_properties_say_what_it_is(chart):
    props = load_workbook(io.BytesIO(export.xlsx_bytes(chart.frame, chart.about()))).properties
    assert props.title == "Cases by WSIS Action Line"
    assert props.creator == "ICT Response Dashboard"
    assert "ITU region Africa" in props.subject and "Source: WSIS Stocktaking" in props.subject
    assert props.language == "en-GB"
    assert "cases-by-action-line" in props.keywords
    assert props.description == "queries/cases_by_action_line.sql"


DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", '=HYPERLINK("x")']


def test_formula_cells_are_neutralised_in_xlsx_and_csv():
    frame = pd.DataFrame(
        {"text": DANGEROUS, "n": range(-3, len(DANGEROUS) - 3), "=header": ["ok"] * len(DANGEROUS)}
    )
    sheet = load_workbook(io.BytesIO(export.xlsx_bytes(frame, {"Note": "=evil()"})))
    data = sheet["Data"]
    assert data.cell(1, 3).value == "'=header"
    for i, raw in enumerate(DANGEROUS, start=2):
        cell = data.cell(i, 1)
        assert cell.data_type == "s" and cell.value == "'" + raw
        assert data.cell(i, 2).value == i - 5  # numbers, negative ones too, stay numbers
    assert sheet["About"].cell(2, 2).value == "'=evil()"
    assert not any(c.data_type == "f" for ws in sheet for row in ws.iter_rows() for c in row)

    rows = list(csv.reader(io.StringIO(export.csv_bytes(frame).decode("utf-8-sig"), newline="")))
    assert rows[0] == ["text", "n", "'=header"]
    assert [r[0] for r in rows[1:]] == ["'" + v for v in DANGEROUS]


def test_licence_line_is_one_setting(monkeypatch, chart):
    assert charts.DEFAULT_LICENCE in chart.text.footer()
    monkeypatch.setenv("ICT_RESPONSE_LICENCE", "CC BY 4.0 (test setting)")
    assert charts.licence() == "CC BY 4.0 (test setting)"
    assert chart.about()["Licence"] == "CC BY 4.0 (test setting)"


def test_without_chromium_images_fail_in_one_sentence_and_data_still_exports(
    monkeypatch, sample_db, tmp_path, capsys
):
    monkeypatch.setenv("ICT_RESPONSE_CHROMIUM", str(tmp_path / "no-such-browser"))
    assert not export.images_available()
    out = tmp_path / "chart.png"
    assert cli(["export-chart", "cases-by-sdg", "--db", str(sample_db), "--out", str(out)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and "Chromium" in error and not out.exists()
    assert (
        cli(["export-chart", "cases-by-sdg", "--db", str(sample_db), "--out", str(tmp_path / "chart.csv")])
        == 0
    )


def test_cli_lists_every_catalogue_chart(capsys, sample_db):
    assert cli(["export-chart", "--list", "--db", str(sample_db)]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == catalog.names()


def test_cli_csv_follows_the_filters(sample_db, tmp_path):
    out = tmp_path / "sdg.csv"
    assert (
        cli(
            [
                "export-chart",
                "cases-by-sdg",
                "--db",
                str(sample_db),
                "--out",
                str(out),
                "--filter",
                "region=Africa",
                "--filter",
                "action_line=C4",
            ]
        )
        == 0
    )
    got = pd.read_csv(out, encoding="utf-8-sig")
    expected = run_path(sample_db, "cases_by_sdg", Filters(region=("Africa",), action_line=("C4",)))
    assert list(got["cases"]) == list(expected["cases"])
    assert got["cases"].sum() < run_path(sample_db, "cases_by_sdg")["cases"].sum()


@needs_chromium
@pytest.mark.parametrize("fmt", ["png", "svg", "pdf", "xlsx"])
def test_cli_writes_each_format(sample_db, tmp_path, fmt):
    out = tmp_path / f"chart.{fmt}"
    args = [
        "export-chart",
        "cases-by-country-map",
        "--db",
        str(sample_db),
        "--format",
        fmt,
        "--out",
        str(out),
        "--width",
        "900",
        "--height",
        "600",
        "--scale",
        "1",
    ]
    assert cli(args) == 0
    data = out.read_bytes()
    if fmt == "png":
        assert int.from_bytes(data[16:20], "big") == 900
        assert int.from_bytes(data[20:24], "big") == 600
    elif fmt == "svg":
        assert "Cases by country" in " ".join(ET.fromstring(data).itertext())
    elif fmt == "pdf":
        assert "Cases by country" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
    else:
        assert load_workbook(io.BytesIO(data)).sheetnames == ["Data", "About"]


def test_cli_rejects_an_unknown_chart_in_one_line(sample_db, tmp_path, capsys):
    assert (
        cli(["export-chart", "pie-of-everything", "--db", str(sample_db), "--out", str(tmp_path / "x.png")])
        == 2
    )
    assert "export-chart --list" in capsys.readouterr().err
