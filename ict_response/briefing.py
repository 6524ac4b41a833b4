"""Briefing packs for council meetings: a PowerPoint deck or a Word document of headline
figures, one page per chosen section (its catalogue chart and three to five findings
computed from the data), and a methods page naming every query and the filters.

`assemble` computes the pack (no file format yet), `to_pptx` / `to_docx` write it; `build`
does both with one progress report, for the Briefing page and `ict-response briefing`.

A pack speaks the language of the run that assembles it (`with i18n.using(lang):` around
the call): its findings, headings and every word of its files, which also carry that
language; Arabic is written right to left (`_pptx_paragraph`, `_docx_paragraph`).
"""

from __future__ import annotations

import datetime as dt
import io
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, SupportsInt, cast

import plotly.graph_objects as go

from . import catalog, charts, export, findings, i18n, provenance
from . import names as localised
from .errors import UserError
from .findings import Finding
from .i18n import N_, _, pgettext

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph as DocxParagraph
    from pptx.dml.color import RGBColor as PptxColour
    from pptx.shapes.autoshape import Shape
    from pptx.slide import Slide
    from pptx.text.text import _Paragraph as PptxParagraph

FORMATS = ("pptx", "docx")
SECTION_IDS = tuple(findings.SECTIONS)
# Translators: the title of a briefing pack (its first slide and its files' properties).
TITLE = N_("How ICTs were used in the COVID-19 response")
# The language of a pack's files as Office names it (BCP 47 with a region: spelling,
# hyphenation and screen readers follow it).
OFFICE_LANGUAGES = {
    "ar": "ar-SA",
    "zh": "zh-CN",
    "en": export.LANGUAGE,
    "fr": "fr-FR",
    "ru": "ru-RU",
    "es": "es-ES",
}
Progress = Callable[[str, float], object]  # what it returns is ignored


@dataclass
class Section:
    key: str
    heading: str
    chart: catalog.Chart
    findings: list[Finding]
    image: bytes | None = None


@dataclass
class Pack:
    filters_text: str
    filter_params: dict[str, str]
    meta: dict[str, str]
    headline: list[Finding]
    sections: list[Section]
    built_at: str = field(
        default_factory=lambda: dt.datetime.now().astimezone().isoformat(timespec="minutes")
    )
    image_note: str = ""
    lang: str = field(default_factory=i18n.current)  # the language it was assembled in

    @property
    def sample(self) -> bool:
        return provenance.is_sample(self.meta)

    @property
    def sample_notice(self) -> str:
        """Which collections in the pack are sample data ('' when none)."""
        return provenance.sample_notice(self.meta)

    @property
    def data_date(self) -> str:
        return self.meta.get("data_date", "")

    @property
    def office_language(self) -> str:
        return OFFICE_LANGUAGES.get(self.lang, export.LANGUAGE)

    def footer(self, sample_first: bool = False) -> str:
        parts = [
            # Translators: {source} names where the data comes from, e.g. "WSIS Stocktaking".
            (
                _("Source: {source}").format(source=localised.sources(self.meta["source"]))
                if self.meta.get("source")
                else _(catalog.CASES_SOURCE)  # already says "Source: …"
            ),
            # Translators: {date} is the date of the data, e.g. "2026-11-29".
            _("data as of {date}").format(date=self.data_date),
            charts.licence(),
        ]
        if self.sample:
            parts.insert(0 if sample_first else len(parts), provenance.sample_footer(self.meta))
        return " · ".join(p for p in parts if p)

    def methods(self) -> list[str]:
        """Every query behind the pack, with the filters it ran under."""
        pairs = "; ".join(f"{k}={v}" for k, v in self.filter_params.items())
        if pairs:
            # Translators: {filters} are the filters in words, {parameters} the same as they
            # are written in the link (e.g. "region=Africa; sdg=3"), left as they are.
            first = _("Filters: {filters} ({parameters})")
        else:
            # Translators: {filters} are the filters in words, e.g. "SDG 3; ITU region Africa".
            first = _("Filters: {filters}")
        lines = [first.format(filters=self.filters_text, parameters=pairs)]
        # Translators: {query_file} is a file name, e.g. "queries/headline_figures.sql".
        lines.append(_("Headline figures: {query_file}").format(query_file="queries/headline_figures.sql"))
        for s in self.sections:
            queries = sorted({f.query for f in s.findings} | {s.chart.spec.query})
            params = ", ".join(f"{k}={v}" for k, v in s.chart.params.items())
            if params:
                # Translators: {section} is a section's heading; {chart} the chart's name (e.g.
                # "cases-by-sdg") and {query_file} its query file, {parameters} the query's
                # parameters (e.g. "rollup=True"); {query_files} lists file names. Names, file
                # names and parameters stay as they are.
                text = _(
                    "{section}: chart '{chart}' from {query_file} ({parameters}); findings from {query_files}"
                )
            else:
                # Translators: {section} is a section's heading; {chart} the chart's name (e.g.
                # "cases-by-sdg") and {query_file} its query file; {query_files} lists file names.
                text = _("{section}: chart '{chart}' from {query_file}; findings from {query_files}")
            lines.append(
                text.format(
                    section=s.heading,
                    chart=s.chart.name,
                    query_file=f"queries/{s.chart.spec.query}.sql",
                    parameters=params,
                    query_files=", ".join(f"queries/{q}.sql" for q in queries),
                )
            )
        # Translators: {hundred_percent} is "100%" as this language writes it.
        counts = _(
            "Counts: a case tagged with several action lines, SDGs, topics or regions "
            "counts once in each, so shares add up to more than {hundred_percent}."
        )
        lines.append(counts.format(hundred_percent=i18n.percent(1)))
        # Translators: {source} names where the data comes from; {date} is the date of the data
        # and {built} when the pack was made (e.g. "2026-11-29T10:30+01:00"), left as they are.
        sources = _("Source: {source}; data as of {date}; pack built {built}.")
        lines.append(
            sources.format(
                source=localised.sources(self.meta.get("source", "")),
                date=self.data_date,
                built=self.built_at,
            )
        )
        lines.append(charts.licence())
        # Translators: {command} is a shell command, left as it is.
        lines.append(_("Reproduce (POSIX sh): {command}").format(command=self.command()))
        if self.sample:
            lines.append(self.sample_notice)
        return lines

    def document_info(self) -> export.DocumentInfo:
        """The metadata of the pack's files: title, what it covers, who made it, language."""
        # Translators: the subject in a file's properties; {date} is the date of the data,
        # {filters} the filters in words.
        subject = _("Briefing pack. Data as of {date}. Filters: {filters}")
        return export.DocumentInfo(
            title=_(TITLE),
            subject=subject.format(date=self.data_date, filters=self.filters_text),
            # The footer's words, the sample mark first: it must survive the 255-character cut.
            comments=self.footer(sample_first=True),
            keywords=", ".join(
                # Translators: a keyword in a file's properties, what the file is.
                ["WSIS", "COVID-19", "ICT", _("briefing"), *(s.heading for s in self.sections)]
            ),
            language=self.office_language,
        )

    def command(self) -> str:
        """The CLI command that builds this pack, each argument quoted for a POSIX shell:
        filter values come from the URL, and a value like `$(touch X)` stays a value."""
        argv = ["ict-response", "briefing", "--out", "FILE.pptx"]
        if self.lang != i18n.SOURCE:
            argv += ["--lang", self.lang]
        for key, value in self.filter_params.items():
            argv += ["--filter", f"{key}={value}"]
        return shlex.join([*argv, "--sections", ",".join(s.key for s in self.sections)])


def parse_sections(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return list(findings.DEFAULT_SECTIONS)
    items = value.split(",") if isinstance(value, str) else list(value)
    chosen = [s.strip() for s in items if s.strip()]
    unknown = [s for s in chosen if s not in findings.SECTIONS]
    if unknown or not chosen:
        raise UserError(
            f"Unknown briefing section {', '.join(unknown) or '(none given)'}: "
            f"choose from {', '.join(SECTION_IDS)}."
        )
    return chosen


def assemble(
    ctx: catalog.Context,
    sections: Iterable[str] | None = None,
    progress: Progress | None = None,
    images: bool = True,
) -> Pack:
    """Compute everything a pack says: headline figures, each section's chart and findings,
    and (when Chromium is there) each chart's image."""
    keys = parse_sections(sections)
    report = progress or (lambda what, fraction: None)
    steps = 1 + 2 * len(keys)
    report(_("Headline figures"), 0.0)
    pack = Pack(
        ctx.filters.describe() if not ctx.filters.is_empty() else _("None (all records)"),
        ctx.filters.to_query_params(),
        ctx.meta,
        findings.headline_figures(ctx),
        [],
    )
    if images and not export.images_available():
        images, pack.image_note = False, _(export.NO_CHROMIUM)
    done = 1
    for key in keys:
        _title, compute, chart_name = findings.SECTIONS[key]
        heading = findings.section_title(key)
        # Translators: progress while a pack is built; {section} is a section's heading.
        report(_("{section}: findings").format(section=heading), done / steps)
        section = Section(key, heading, catalog.render(chart_name, ctx), compute(ctx))
        done += 1
        # Translators: progress while a pack is built; {section} is a section's heading.
        report(_("{section}: chart").format(section=heading), done / steps)
        if images:
            size = deck_image_size(section.chart.figure)
            section.image = export.image_bytes(
                section.chart.figure, "png", width=size["width"], height=size["height"], scale=size["scale"]
            )
        done += 1
        pack.sections.append(section)
    return pack


# Pack images share a width and fill the slide beside the findings; a chart with many rows
# keeps the height its labels need (squeezed to 700 px, two-line names ran into each other).
DECK_WIDTH, DECK_MIN_HEIGHT = 1000, 700


def deck_image_size(figure: go.Figure) -> dict[str, int]:
    """Width, height and scale of a chart's image in a briefing pack."""
    return {"width": DECK_WIDTH, "height": max(DECK_MIN_HEIGHT, int(figure.layout.height or 0)), "scale": 2}


def build(
    ctx: catalog.Context, fmt: str, sections: Iterable[str] | None = None, progress: Progress | None = None
) -> tuple[Pack, bytes]:
    """The pack and its file in `fmt` (pptx or docx)."""
    if fmt not in FORMATS:
        raise UserError(f"A briefing is a .pptx or .docx file, not {fmt!r}.")
    report = progress or (lambda what, fraction: None)
    pack = assemble(ctx, sections, lambda what, f: report(what, f * 0.9))
    report(_writing(fmt), 0.95)
    data = to_pptx(pack) if fmt == "pptx" else to_docx(pack)
    # Translators: progress: the pack is built.
    report(_("Done"), 1.0)
    return pack, data


def build_all(
    ctx: catalog.Context, sections: Iterable[str] | None = None, progress: Progress | None = None
) -> tuple[Pack, dict[str, bytes]]:
    """The pack and its file in every format, from one computation: switching the file type
    on the Briefing page then costs nothing."""
    report = progress or (lambda what, fraction: None)
    pack = assemble(ctx, sections, lambda what, f: report(what, f * 0.9))
    files = {}
    for i, fmt in enumerate(FORMATS):
        report(_writing(fmt), 0.9 + 0.05 * i)
        files[fmt] = to_pptx(pack) if fmt == "pptx" else to_docx(pack)
    report(_("Done"), 1.0)
    return pack, files


def _writing(fmt: str) -> str:
    # Translators: progress while a pack is built; {file_type} is "PPTX" or "DOCX".
    return _("Writing the {file_type} file").format(file_type=fmt.upper())


def file_name(fmt: str, when: dt.date | None = None) -> str:
    return export.file_name("briefing", fmt, when)


# --------------------------------------------------------------------------- PowerPoint


def to_pptx(pack: Pack) -> bytes:
    """The deck, every word of it in the pack's language."""
    with i18n.using(pack.lang):
        return _deck(pack)


def _pptx_paragraph(paragraph: PptxParagraph, text: str, language: str) -> None:
    """Where every text of a deck is written: a run of `text` in `language` (BCP 47), and a
    paragraph running right to left, flush right, when the run's language is written so."""
    from pptx.enum.lang import MSO_LANGUAGE_ID
    from pptx.enum.text import PP_ALIGN

    run = paragraph.add_run()
    run.text = text
    run.font.language_id = MSO_LANGUAGE_ID.from_xml(language)
    if i18n.is_rtl():
        paragraph._p.get_or_add_pPr().set("rtl", "1")
        paragraph.alignment = PP_ALIGN.RIGHT


def _deck(pack: Pack) -> bytes:
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Emu, Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    # "Title Only": each slide's title sits in a real title placeholder, which PowerPoint's
    # outline, its navigation and screen readers read as the slide's name.
    title_only = deck.slide_layouts[5]
    info = pack.document_info()
    props = deck.core_properties
    props.title, props.subject, props.author = info.title, info.subject, info.author
    props.keywords, props.language, props.last_modified_by = info.keywords, info.language, info.author
    props.comments = info.comments
    # python-pptx leaves RGBColor's constructor unannotated (the ignores below).
    grey = RGBColor(0x55, 0x55, 0x55)  # type: ignore[no-untyped-call]
    blue = RGBColor(0x00, 0x72, 0xB2)  # type: ignore[no-untyped-call]
    dark = RGBColor(0x22, 0x22, 0x22)  # type: ignore[no-untyped-call]

    def text_box(
        slide: Slide,
        left: float,
        top: float,
        width: float,
        height: float,
        paragraphs: Iterable[str],
        size: float = 14,
        colour: PptxColour = dark,
        bold: bool = False,
        bullets: bool = False,
    ) -> Shape:
        box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        frame = box.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # shrink rather than overflow
        for i, line in enumerate(paragraphs):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            _pptx_paragraph(p, ("• " if bullets else "") + line, info.language)
            run = p.runs[-1]
            run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour
            run.font.name = "Arial"
            p.space_after = Pt(8 if bullets else 2)
        return box

    def slide_with(title: str) -> Slide:
        slide: Slide = deck.slides.add_slide(title_only)  # Presentation.slides is unannotated
        box = slide.shapes.title
        assert box is not None  # the layout has a title placeholder
        box.left, box.top, box.width, box.height = Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.8)
        box.name = "Title"
        frame = box.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
        frame.vertical_anchor = MSO_ANCHOR.TOP
        paragraph = frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.LEFT
        _pptx_paragraph(paragraph, title, info.language)
        run = paragraph.runs[-1]
        run.font.size, run.font.bold, run.font.color.rgb = Pt(28), True, dark
        run.font.name = "Arial"
        footer = text_box(slide, 0.5, 6.95, 12.3, 0.4, [pack.footer()], size=9, colour=grey)
        footer.name = "Footer"
        return slide

    # Title
    slide = slide_with(_(TITLE))
    # Translators: what the file is, under the title of its first slide or page.
    text_box(slide, 0.5, 1.4, 12.3, 0.6, [_("Briefing pack")], size=22, colour=blue)
    text_box(
        slide,
        0.5,
        2.2,
        12.3,
        2.0,
        [
            # Translators: {filters} are the filters in words, e.g. "SDG 3; ITU region Africa".
            _("Filters: {filters}").format(filters=pack.filters_text),
            # Translators: {date} is the date of the data and {built} when the pack was made
            # (e.g. "2026-11-29T10:30+01:00"), left as they are.
            _("Data as of {date} · built {built}").format(date=pack.data_date, built=pack.built_at),
            _("Cases: WSIS Stocktaking COVID-19 Response ICT Case Repository; sessions: WSIS Forum 2021."),
        ],
        size=16,
    )
    if pack.sample:
        orange = RGBColor(0xD5, 0x5E, 0x00)  # type: ignore[no-untyped-call]  # as above
        text_box(slide, 0.5, 4.6, 12.3, 1.0, [pack.sample_notice], size=16, colour=orange, bold=True)

    # Headline figures
    slide = slide_with(_("Headline figures"))
    figures = pack.headline[0].figures
    tiles = [
        # Translators: the words under a big number on a slide of headline figures.
        (pgettext("headline figure", "Cases"), figures["cases"]),
        (pgettext("headline figure", "Countries"), figures["countries"]),
        (pgettext("headline figure", "Organisations"), figures["organisations"]),
        (pgettext("headline figure", "Forum sessions"), figures["sessions"]),
        (pgettext("headline figure", "COVID-related sessions"), figures["covid_sessions"]),
    ]
    for i, (label, value) in enumerate(tiles):
        number = i18n.number(int(cast(SupportsInt, value)))
        text_box(slide, 0.5 + i * 2.5, 1.5, 2.3, 0.9, [number], size=36, colour=blue, bold=True)
        text_box(slide, 0.5 + i * 2.5, 2.4, 2.3, 0.6, [label], size=14, colour=grey)
    text_box(slide, 0.5, 3.5, 12.3, 3.0, [f.text for f in pack.headline], size=18, bullets=True)

    # Sections
    for section in pack.sections:
        slide = slide_with(section.heading)
        if section.image:
            width, height = _png_size(section.image)
            box_w, box_h = Inches(8.0), Inches(5.7)
            ratio = min(box_w / width, box_h / height)
            slide.shapes.add_picture(
                io.BytesIO(section.image),
                Inches(0.4),
                Inches(1.15),
                Emu(int(width * ratio)),
                Emu(int(height * ratio)),
            )
            left, width_in = 8.6, 4.3
        else:
            left, width_in = 0.5, 12.3
            if pack.image_note:
                text_box(slide, left, 6.2, width_in, 0.6, [pack.image_note], size=11, colour=grey)
        legend = _legend(section)  # what the chart's marks mean, in words
        text_box(
            slide,
            left,
            1.3,
            width_in,
            4.1 if legend else 5.4,
            [f.text for f in section.findings],
            size=14 if section.image else 18,
            bullets=True,
        )
        if legend:
            box = text_box(slide, left, 5.5, width_in, 0.7, [legend], size=10, colour=grey)
            box.name = "Legend"

    # Methods and sources
    slide = slide_with(_("Methods and sources"))
    text_box(slide, 0.5, 1.2, 12.3, 5.6, pack.methods(), size=12, bullets=True)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _legend(section: Section) -> str:
    """The chart's legend line, in the run's language."""
    return section.chart.legend


def _png_size(data: bytes) -> tuple[int, int]:
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


# --------------------------------------------------------------------------- Word


def to_docx(pack: Pack) -> bytes:
    """The document, every word of it in the pack's language."""
    with i18n.using(pack.lang):
        return _document(pack)


def _docx_paragraph(paragraph: DocxParagraph) -> DocxParagraph:
    """Where every paragraph of a document passes once its runs are written: right to left
    when the run's language is written so (`w:bidi` on the paragraph, `w:rtl` on its runs).
    Such a paragraph starts at the right edge by itself: Word reads an explicit `w:jc` of
    "right" in it as the paragraph's end, the left edge, so none is written."""
    if i18n.is_rtl():
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        properties = paragraph._p.get_or_add_pPr()
        if properties.find(qn("w:bidi")) is None:
            properties.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
        properties.jc_val = None  # aligned to the paragraph's start: the right edge
        for run in paragraph.runs:
            run.font.rtl = True
    return paragraph


# What follows w:bidi in a paragraph's properties (ECMA-376 CT_PPrBase, then CT_PPr).
_AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _document(pack: Pack) -> bytes:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Inches, Pt, RGBColor

    doc = Document()
    info = pack.document_info()
    props = doc.core_properties
    props.title, props.subject, props.author = info.title, info.subject, info.author
    props.keywords, props.language, props.last_modified_by = info.keywords, info.language, info.author
    props.comments = info.comments
    section = doc.sections[0]
    section.left_margin = section.right_margin = Inches(0.9)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Arial", Pt(11)
    # The text's language, which every style inherits from Normal (spelling, screen readers):
    # Word reads Arabic as a complex script (w:bidi) and Chinese as East Asian (w:eastAsia).
    run_properties = style.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), info.language)
    if i18n.is_rtl():
        lang.set(qn("w:bidi"), info.language)
    if pack.lang == "zh":
        lang.set(qn("w:eastAsia"), info.language)
    run_properties.append(lang)
    footer = section.footer.paragraphs[0]
    footer.text = pack.footer()
    footer.runs[0].font.size = Pt(8)
    _docx_paragraph(footer)

    _docx_paragraph(doc.add_heading(_(TITLE), level=0))
    _docx_paragraph(doc.add_paragraph(_("Briefing pack"), style="Subtitle"))
    _docx_paragraph(doc.add_paragraph(_("Filters: {filters}").format(filters=pack.filters_text)))
    built = _("Data as of {date} · built {built}").format(date=pack.data_date, built=pack.built_at)
    _docx_paragraph(doc.add_paragraph(built))
    if pack.sample:
        notice = doc.add_paragraph()
        run = notice.add_run(pack.sample_notice)
        run.bold, run.font.color.rgb = True, RGBColor(0xD5, 0x5E, 0x00)
        _docx_paragraph(notice)

    _docx_paragraph(doc.add_heading(_("Headline figures"), level=1))
    for f in pack.headline:
        _docx_paragraph(doc.add_paragraph(f.text, style="List Bullet"))

    for s in pack.sections:
        _docx_paragraph(doc.add_heading(s.heading, level=1))
        if s.image:
            doc.add_picture(io.BytesIO(s.image), width=Inches(6.6))
            _docx_paragraph(doc.paragraphs[-1])  # the picture's paragraph, on the reading side
        elif pack.image_note:
            note = doc.add_paragraph(pack.image_note)
            note.runs[0].italic = True
            _docx_paragraph(note)
        legend_text = _legend(s)
        if legend_text:
            paragraph = doc.add_paragraph()
            legend = paragraph.add_run(legend_text)
            legend.italic, legend.font.size = True, Pt(9)
            _docx_paragraph(paragraph)
        for f in s.findings:
            _docx_paragraph(doc.add_paragraph(f.text, style="List Bullet"))

    _docx_paragraph(doc.add_heading(_("Methods and sources"), level=1))
    for line in pack.methods():
        _docx_paragraph(doc.add_paragraph(line, style="List Bullet"))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
