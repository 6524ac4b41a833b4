"""Briefing packs in the run's language: `ict-response briefing --lang` writes the deck and the
document in that language, marks their files with it, and lays Arabic out right to left on
every paragraph; English packs stay left to right; a pack in each of the six languages
opens with python-pptx and python-docx and carries its titles in that language."""

from __future__ import annotations

import pytest
from docx import Document
from docx.oxml.ns import qn
from pptx import Presentation

from ict_response import i18n
from ict_response.cli import main as cli

SECTIONS = "sdgs,regions"


def _build(db, folder, lang: str, fmt: str):
    out = folder / f"pack-{lang}.{fmt}"
    args = ["briefing", "--db", str(db), "--out", str(out), "--sections", SECTIONS, "--lang", lang]
    assert cli(args) == 0
    return out


@pytest.fixture(scope="module")
def packs(sample_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("packs")
    return {
        (lang, fmt): _build(sample_db, folder, lang, fmt) for lang in ("ar", "en") for fmt in ("pptx", "docx")
    }


def _deck_paragraphs(path):
    deck = Presentation(str(path))
    paragraphs = [
        p
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
    ]
    assert paragraphs and all(p.runs for p in paragraphs)
    return deck, paragraphs


def _document_paragraphs(path):
    doc = Document(str(path))
    paragraphs = [*doc.paragraphs, *doc.sections[0].footer.paragraphs]
    assert paragraphs
    return doc, paragraphs


def test_an_arabic_deck_runs_right_to_left_on_every_paragraph(packs):
    deck, paragraphs = _deck_paragraphs(packs["ar", "pptx"])
    assert len(deck.slides) == 5  # title, headline figures, two sections, methods
    for p in paragraphs:
        properties = p._p.pPr
        assert properties is not None and properties.get("rtl") == "1", p.text
        assert properties.get("algn") == "r", p.text
        assert {r._r.rPr.get("lang") for r in p.runs} == {"ar-SA"}, p.text
    assert deck.core_properties.language == "ar-SA"


def test_an_arabic_document_runs_right_to_left_on_every_paragraph(packs):
    doc, paragraphs = _document_paragraphs(packs["ar", "docx"])
    headings = [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) == 4  # headline figures, two sections, methods
    for p in paragraphs:
        properties = p._p.pPr
        assert properties is not None and properties.find(qn("w:bidi")) is not None, p.text
        assert p.runs, p.text
        for run in p.runs:
            assert run.font.rtl, p.text
        # Flush right: a right-to-left paragraph starts at the right edge, and Word reads an
        # explicit jc="right" in one as its end (the left edge), so the file writes none.
        assert properties.find(qn("w:jc")) is None, p.text
    assert doc.core_properties.language == "ar-SA"
    lang = doc.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "ar-SA" and lang.get(qn("w:bidi")) == "ar-SA"


def test_an_english_pack_runs_left_to_right(packs):
    deck, paragraphs = _deck_paragraphs(packs["en", "pptx"])
    for p in paragraphs:
        assert p._p.pPr is None or p._p.pPr.get("rtl") is None, p.text
        assert {r._r.rPr.get("lang") for r in p.runs} == {"en-GB"}, p.text
    assert deck.core_properties.language == "en-GB"
    doc, paragraphs = _document_paragraphs(packs["en", "docx"])
    for p in paragraphs:
        assert p._p.pPr is None or p._p.pPr.find(qn("w:bidi")) is None, p.text
        assert not any(run.font.rtl for run in p.runs), p.text
    assert doc.core_properties.language == "en-GB"


def test_the_reproduce_line_names_the_language(packs):
    """The command that builds the pack again builds it in the same language."""
    _, arabic = _document_paragraphs(packs["ar", "docx"])
    _, english = _document_paragraphs(packs["en", "docx"])
    assert any("--lang ar" in p.text for p in arabic)
    assert not any("--lang" in p.text for p in english)


@pytest.mark.parametrize("command", [["briefing", "--out", "x.pptx"], ["export-chart", "cases-by-sdg"]])
def test_an_unknown_language_is_refused_in_one_line(command, capsys):
    with pytest.raises(SystemExit) as refused:
        cli([*command, "--lang", "de"])
    assert refused.value.code == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if "error:" in line]
    assert len(errors) == 1
    assert "--lang" in errors[0] and "'de'" in errors[0]
    assert all(lang in errors[0] for lang in i18n.LANGUAGES)


def test_a_chart_is_exported_in_the_language_asked_for(sample_db, tmp_path, capsys):
    out = tmp_path / "sdgs.csv"
    args = ["export-chart", "cases-by-sdg", "--db", str(sample_db), "--out", str(out), "--lang", "ar"]
    assert cli(args) == 0
    assert out.stat().st_size > 0
    assert i18n.current() == i18n.SOURCE  # the language ends with the command


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
def test_a_pack_in_each_language_carries_its_translated_titles(sample_db, lang):
    """Both files of one build, opened with python-pptx and python-docx: the title, the
    subtitle, the section's heading and the methods page in the pack's language."""
    import io

    from ict_response import briefing, catalog, findings

    with i18n.using(lang), catalog.open_db(sample_db) as ctx:
        _pack, files = briefing.build_all(ctx, ["regions"])
        expected = [
            i18n._(briefing.TITLE),
            i18n._("Briefing pack"),
            findings.section_title("regions"),
            i18n._("Methods and sources"),
        ]
    deck = Presentation(io.BytesIO(files["pptx"]))
    slides = " ".join(
        shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
    )
    text = " ".join(p.text for p in Document(io.BytesIO(files["docx"])).paragraphs)
    for title in expected:
        assert title in slides and title in text, (lang, title)
    if lang != i18n.SOURCE:
        assert "Briefing pack" not in slides + text and "Methods and sources" not in slides + text
