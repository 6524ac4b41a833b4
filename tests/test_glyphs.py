"""Chart images in Chinese and Arabic have a glyph for every character: each character of a
chart's text is covered by a font the chart's font list names (fontconfig's coverage), and the
PDF export draws the script with a real font (its text maps back to the script's characters,
Arabic in joined forms), not fallback boxes."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from functools import cache

import pytest
from pypdf import PdfReader

from ict_response import catalog, charts, export, i18n

needs_chromium = pytest.mark.skipif(
    not export.images_available(),
    reason="server-side images need Debian's chromium, which `make test` installs",
)
needs_fontconfig = pytest.mark.skipif(
    shutil.which("fc-list") is None, reason="font coverage is read with fontconfig's fc-list"
)
CHART = "cases-by-action-line"  # Action Line names in the language, title, footer


@cache
def covering(char: str) -> frozenset[str]:
    """The font families installed here that have a glyph for `char`."""
    out = subprocess.run(
        ["fc-list", f":charset={ord(char):x}", "family"], capture_output=True, text=True, check=True
    ).stdout
    return frozenset(f.strip() for line in out.splitlines() for f in line.split(","))


def chart_text(figure) -> str:
    layout = figure.layout
    parts = [layout.title.text or ""] + [a.text or "" for a in layout.annotations]
    for trace in figure.data:
        parts += [str(v) for v in (getattr(trace, "y", None) or ())]
    return " ".join(parts)


@pytest.fixture(params=["zh", "ar"])
def drawn(request, sample_db):
    with i18n.using(request.param), catalog.open_db(sample_db) as ctx:
        yield request.param, catalog.render(CHART, ctx)


@needs_fontconfig
def test_every_character_has_a_font_the_chart_names(drawn):
    lang, chart = drawn
    named = {f.strip() for f in charts.FONT.split(",")}
    text = chart_text(chart.figure)
    script = [c for c in set(text) if ord(c) > 0x2FF and c.isprintable() and not c.isspace()]
    assert len(script) > 10, f"{lang}: the chart's text is in the language"
    missing = sorted(c for c in script if not covering(c) & named)
    assert not missing, (
        f"{lang}: no font of {charts.FONT!r} has {''.join(missing)!r} (make fonts installs Noto)"
    )


# What the PDF's text maps back to when a real font drew it: Chinese characters (or the CJK
# radicals a CJK font's glyph names give), and Arabic letters in their joined presentation
# forms (shaped by an Arabic font; a missing glyph draws an unmapped box).
DRAWN = {"zh": "[\u4e00-\u9fff\u2f00-\u2fdf]", "ar": "[\ufb50-\ufdff\ufe70-\ufeff]"}


@needs_chromium
def test_pdf_draws_the_script_with_a_real_font(drawn):
    lang, chart = drawn
    reader = PdfReader(io.BytesIO(export.image_bytes(chart.figure, "pdf")))
    text = "".join(page.extract_text() for page in reader.pages)
    assert len(re.findall(DRAWN[lang], text)) > 20, text[:300]
