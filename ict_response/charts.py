"""Chart builders: pure functions from a query result (DataFrame) to a plotly Figure in the
house style. No Streamlit here, so the same chart serves the pages, exports and tests.

Every chart carries a title that says what is counted, a subtitle with the active filters and
n, and a footer with the source and, where it applies, the note that a case can count in
several categories and the sample-data notice.

A chart's words are said in the run's language (`i18n`), and a right-to-left language's charts
are mirrored by the house style (`mirror`).
"""

from __future__ import annotations

import os
import re
import textwrap
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from . import i18n
from .i18n import N_, _, ngettext, pgettext

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
PRIMARY = PALETTE[0]
SEQUENTIAL = "Blues"
# Counts on maps and heatmaps: the scale starts at one case in a blue that no one reads as
# "none", and none (0, or no row) is drawn apart in a neutral grey.
COUNT_SCALE = [[0.0, "#9ecae1"], [0.5, "#3182bd"], [1.0, "#08306b"]]
NONE_COLOUR = "#ececec"
# Latin, Greek and Cyrillic in Arial (Liberation Sans, its metric twin, on Linux), as before;
# a glyph they lack is looked for along the list, so Arabic comes from Noto Sans Arabic and
# Chinese from Noto Sans CJK SC (Simplified Chinese shapes), never from DejaVu Sans's Arabic.
FONT = "Arial, Liberation Sans, Noto Sans, Noto Sans Arabic, Noto Sans CJK SC, DejaVu Sans, sans-serif"
MULTI_NOTE = N_("A case can be tagged with several categories, so bars add up to more than n.")

# Reuse terms are the data owner's to set: one line, overridable, never invented here.
DEFAULT_LICENCE = N_("Reuse: see the WSIS Stocktaking Platform terms of use")

# The case repository, by name: a chart's source line says "Source: <name>".
CASES_SOURCE_NAME = N_("WSIS Stocktaking COVID-19 ICT Case Repository (ITU)")
CASES_SOURCE = f"Source: {CASES_SOURCE_NAME}"


def licence() -> str:
    """The licence line of every footer and export ($ICT_RESPONSE_LICENCE overrides it; the
    default is in the run's language)."""
    return os.environ.get("ICT_RESPONSE_LICENCE", "").strip() or _(DEFAULT_LICENCE)


def source_line(source: str) -> str:
    """A source line in the run's language: "Source: <name>" (English, as the catalogue
    keeps it) with the name translated, or any other line as it is (translated if it is a
    message)."""
    name = source.removeprefix("Source: ")
    if name == source:
        return _(source)
    # Translators: a chart's source line; {source} names where the data comes from.
    return _("Source: {source}").format(source=_(name))


# The house look as a registered plotly template: every builder uses it by name.
TEMPLATE = "ict_response"
# Only the trace types the charts draw keep their defaults: plotly copies the whole template
# into every figure, and plotly_white's two dozen trace types made that most of a page's time.
# For the same reason the layout drops what no chart uses: 3-D scenes, polar and ternary
# axes, and the default colour scales (every heatmap and map names its own, COUNT_SCALE).
# That took a figure's template from 9 ms to 4.
_white = pio.templates["plotly_white"]
_UNUSED_LAYOUT = ("scene", "polar", "ternary", "colorscale")
_house = go.layout.Template(
    layout={k: v for k, v in _white.layout.to_plotly_json().items() if k not in _UNUSED_LAYOUT},
    data={kind: _white.data[kind] for kind in ("bar", "choropleth", "heatmap", "scatter")},
)
_house.layout.update(
    font={"family": FONT, "size": 13, "color": "#222"},
    colorway=list(PALETTE),
    hoverlabel={"font": {"family": FONT}},
    title={
        "x": 0,
        "xanchor": "left",
        "xref": "paper",
        "y": 1,
        "yanchor": "top",
        "yref": "container",
        "font": {"size": 18},
    },
    paper_bgcolor="#ffffff",
    plot_bgcolor="#ffffff",
)
_house.layout.xaxis.update(gridcolor="#e6e6e6", zerolinecolor="#bbbbbb", automargin=True)
_house.layout.yaxis.update(gridcolor="#e6e6e6", zerolinecolor="#bbbbbb", automargin=True)
pio.templates[TEMPLATE] = _house


@dataclass(frozen=True)
class ChartText:
    """The words around a chart: what it counts, for which selection, from where."""

    title: str
    subtitle: str = ""
    source: str = CASES_SOURCE
    note: str = ""
    sample: str = ""  # the SAMPLE DATA line naming the sample collections ('' for real data)
    data_date: str = ""
    licence: str = ""
    n_words: str = ""  # what n is, in words ("1,234 cases"), as the subtitle says it

    def footer_lines(self, width: int = 80) -> list[str]:
        source = self.source
        # Translators: after a chart's source line, the date of its data; {date} as written
        # in the database (2021-06-30).
        as_of = _("data as of {date}").format(date=self.data_date)
        if self.data_date and "data as of" not in source and as_of not in source:
            source += f" · {as_of}"
        parts = [source]
        if self.note:
            parts.append(self.note)
        if self.licence:
            parts.append(self.licence)
        if self.sample:
            parts.append(self.sample)
        return [line for part in parts for line in textwrap.wrap(part, width)]

    def footer(self) -> str:
        return "<br>".join(self.footer_lines())


# Chinese (and Japanese, Korean) text has no spaces between words: a line may break after any
# of its characters, and each is about as wide as a capital "M" (East Asian wide/full width).
# Closing punctuation stays with the character before it (no line starts with "，" or "。").
_WIDE_CLOSING = "、。，．：；！？）」』】〉》"
_UNIT = re.compile(rf"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef][{_WIDE_CLOSING}]*")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _units(text: str) -> list[tuple[str, bool]]:
    """`text` as the pieces a line may break between, each with whether a space goes before
    it: words, and each Chinese character on its own."""
    units: list[tuple[str, bool]] = []
    for word in str(text).split():
        if not _UNIT.search(word):
            units.append((word, True))
            continue
        spaced, start = True, 0
        for match in _UNIT.finditer(word):
            if match.start() > start:
                units.append((word[start : match.start()], spaced))
                spaced = False
            units.append((match.group(), spaced))
            spaced, start = False, match.end()
        if start < len(word):
            units.append((word[start:], spaced))
    return units


def _wrap_units(text: str, fits: Callable[[str], bool]) -> list[str]:
    """`text` in lines, a piece added to a line while `fits(line)` (the first piece of a line
    always, however long)."""
    lines: list[str] = []
    for unit, spaced in _units(text):
        joined = f"{lines[-1]}{' ' if spaced else ''}{unit}" if lines else unit
        if lines and fits(joined):
            lines[-1] = joined
        else:
            lines.append(unit)
    return lines


def wrap(label: str, width: int = 28) -> str:
    """Long category names on several lines (plotly uses <br>); `width` in characters, a
    Chinese character counting as two."""
    label = str(label)
    if not any(_wide(ch) for ch in label):
        return "<br>".join(textwrap.wrap(label, width)) or label
    lines = _wrap_units(label, lambda line: sum(2 if _wide(ch) else 1 for ch in line) <= width)
    return "<br>".join(lines) or label


def row_height(labels: list[str], least: int) -> int:
    """Pixels per category row: at least `least`, and room for the longest wrapped label's
    lines (13 px text), so two-line names never run into their neighbours."""
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    return max(least, 17 * lines + 8)


def count_axis(largest: float) -> dict[str, Any]:
    """Axis settings for counts: whole numbers only (no 0.5 case between ticks)."""
    return {"tickformat": ",d", "rangemode": "tozero", **({"dtick": 1} if largest <= 6 else {})}


def count_colours(largest: float, title: str | None = None) -> dict[str, Any]:
    """A colour scale for counts from 1 (see COUNT_SCALE), its bar ticking whole numbers;
    `title` over the bar (by default "Cases", in the run's language)."""
    if title is None:
        title = pgettext("colour bar", "Cases")
    top = max(2, int(largest))
    # Each label below its tick: a label centred on a tick at the top of the bar rises into
    # the title above it ("70" over "grey: 0").
    bar: dict[str, Any] = {
        "title": {"text": title},
        "tickformat": ",d",
        "thickness": 14,
        "ticklabelposition": "outside bottom",
    }
    if top <= 10:
        bar.update(tickmode="linear", tick0=1, dtick=1)
    return {"colorscale": COUNT_SCALE, "zmin": 1, "zmax": top, "colorbar": bar}


# Every text of a chart fits a phone (a 390 px screen leaves a chart about 350 px): titles,
# subtitles, footers and legends are wrapped to this many pixels, from the chart's left edge.
TEXT_WIDTH = 320
LEFT = 10  # the chart's left margin, where titles, legends and footers start


def text_px(text: str, size: float, bold: bool = False) -> float:
    """About how wide `text` is in Arial (Liberation Sans) at `size` px: capitals and digits
    are wider than small letters, a Chinese character wider still (a full em); a little over,
    so estimates never fall short."""
    widths = 0.0
    for ch in text:
        if _wide(ch):
            widths += 1.0
        elif ch in " .,;:'|il!":
            widths += 0.30
        elif ch.isupper() or ch.isdigit() or ch in "mwMW%–—":
            widths += 0.70
        else:
            widths += 0.54
    return widths * size * (1.08 if bold else 1.0)


def wrap_px(text: str, size: float, width: float = TEXT_WIDTH, bold: bool = False) -> list[str]:
    """`text` in lines no wider than `width` pixels (a word longer than that stays whole;
    Chinese breaks between characters)."""
    return _wrap_units(text, lambda line: text_px(line, size, bold) <= width)


def label_px(labels: list[str], size: float = 13) -> float:
    """Width of the widest line of category labels as plotly draws them (<br> breaks)."""
    return max((text_px(line, size) for label in labels for line in label.split("<br>")), default=0)


# A legend starts at the plot's left edge: on a phone, beside category names, it has about
# this many pixels before its entries wrap.
LEGEND_WIDTH = 240


def _legend_space(fig: go.Figure) -> int:
    """Pixels for a horizontal legend above the plot: its entries wrap into rows at a
    phone's width, so room is kept for as many rows as they take there."""
    names = [t.name for t in fig.data if t.name and t.showlegend is not False and t.type != "heatmap"]
    if not fig.layout.showlegend or not names:
        return 0
    rows, used = 1, 0.0
    for name in names:
        entry = text_px(name, 12) + 45  # the symbol and the gap
        if used and used + entry > LEGEND_WIDTH:
            rows, used = rows + 1, 0.0
        used += entry
    return 8 + 22 * rows


# Time along x: level labels, few enough to fit a phone (slanted ones ran into the footer).
TIME_TICKS: dict[str, Any] = {"tickangle": 0, "nticks": 5}


def mid_sentence(name: str) -> str:
    """A series' name inside a sentence: its first letter small, unless the name starts with
    an abbreviation ("all sessions", but "COVID-related", not "covid-related")."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def time_ticks(dates: pd.Series, per: str = "month") -> dict[str, Any]:
    """A time axis's ticks: at most five, named by CLDR. Months: plotly's own ticks in
    English, month starts in another language (plotly writes month names in English only).
    Quarters (`per="quarter"`): quarter starts named as quarters in every language (plotly
    would name months: "Apr 2019" for the second quarter)."""
    days = pd.to_datetime(pd.Series(dates), errors="coerce").dropna()
    if days.empty or (per == "month" and i18n.current() == i18n.SOURCE):
        return TIME_TICKS
    code, frequency, name = ("Q", "QS", i18n.quarter) if per == "quarter" else ("M", "MS", i18n.month)
    first = days.min().to_period(code).to_timestamp()
    periods = list(pd.date_range(first, days.max(), freq=frequency)) or [first]
    ticks = periods[:: max(1, -(-len(periods) // 5))]
    return {"tickangle": 0, "tickvals": ticks, "ticktext": [name(t.date()) for t in ticks]}


def _style(
    fig: go.Figure,
    text: ChartText,
    height: int = 480,
    axis_space: int = 50,
    legend_space: int | None = None,
    labels: list[str] | None = None,
) -> go.Figure:
    """House style: title and subtitle on top, the footer below the x axis, never over it.
    Titles, subtitles, legends and footers start at the chart's left edge and wrap to fit a
    phone. `legend_space`: pixels kept between the subtitle and the plot for a legend there
    (by default, room for a horizontal legend of the traces' names, placed there).
    `labels`: the category labels down the side, whose width is kept as the left margin
    (so the footer can start left of them)."""
    lines = [line for part in text.footer_lines(400) for line in wrap_px(part, 11)]
    bottom = axis_space + 16 * len(lines) + 10
    title = wrap_px(text.title, 17, bold=True)
    subtitle = wrap_px(text.subtitle, 12)
    if legend_space is None:
        legend_space = _legend_space(fig)
        if legend_space:
            fig.update_layout(
                legend={
                    "orientation": "h",
                    "xref": "paper",
                    "x": 0,
                    "xanchor": "left",
                    "yref": "paper",
                    "y": 1.0,
                    "yanchor": "bottom",
                    "font": {"size": 12},
                }
            )
    head = 22 * len(title) + 16 * len(subtitle)
    top = 36 + head + legend_space
    total = height + bottom + top - 80
    left = LEFT
    if labels is not None:
        # The labels' own width, not plotly's automargin, so the footer knows where they end.
        left = _left_margin(labels)
        fig.update_yaxes(automargin=False)
    fig.update_layout(
        template=TEMPLATE,
        title={
            "text": f"<b>{'<br>'.join(title)}</b>"
            + (
                f"<br><span style='font-size:12px;color:#555'>{'<br>'.join(subtitle)}</span>"
                if subtitle
                else ""
            ),
            "font": {"size": 17},
            "xref": "container",
            "x": 0,
            "pad": {"l": LEFT},
            "y": 1 - 14 / total,
        },
        margin={"l": left, "r": 20, "t": top, "b": bottom},
        height=total,
        showlegend=fig.layout.showlegend if fig.layout.showlegend is not None else False,
    )
    fig.add_annotation(
        text="<span style='font-size:11px;color:#555'>" + "<br>".join(lines) + "</span>",
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-bottom + 4,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        align="left",
        # From the chart's left edge, under the labels too, whatever the chart's width.
        xshift=LEFT - left,
    )
    separators = _separators()
    if separators:
        fig.update_layout(separators=separators)
    if i18n.is_rtl():
        mirror(fig)
    return fig


def _separators() -> str:
    """The decimal and thousands marks plotly writes numbers with (ticks, hovers, bar
    labels), in the run's language ('' in English: plotly's own, as before)."""
    if i18n.current() == i18n.SOURCE:
        return ""
    symbols = i18n.locale().number_symbols["latn"]
    return f"{symbols['decimal'][:1]}{symbols['group'][:1]}"


# Around each line of a chart's own words in a right-to-left language: plotly draws its text
# left to right, where a sentence's full stop or a number's place comes out on the wrong side
# (RIGHT-TO-LEFT EMBEDDING ... POP DIRECTIONAL FORMATTING).
_RLE, _PDF = "\u202b", "\u202c"
_HTML_LINE = re.compile(r"((?:<[^>]*>)*)(.*?)((?:<[^>]*>)*)", re.S)
_FLIP = {"left": "right", "right": "left"}


def _rtl_lines(html: str | None) -> str | None:
    """Each line of a plotly text (lines split at <br>) embedded right-to-left, its markup
    (<b>, <span>) kept outside."""
    if not html:
        return html
    lines = []
    for line in html.split("<br>"):
        match = _HTML_LINE.fullmatch(line)
        lead, body, tail = match.groups() if match else ("", line, "")
        lines.append(f"{lead}{_RLE}{body}{_PDF}{tail}" if body.strip() else line)
    return "<br>".join(lines)


def mirror(fig: go.Figure) -> go.Figure:
    """The chart as a right-to-left reader reads it (Arabic), applied by the house style to
    every chart: x axes run from the right (bars grow leftwards, time runs right to left,
    heatmap columns start on the right), y axes and category labels stand on the right
    (a second y axis on the left), and titles, legends, footers and colour bars align to the
    right, starting at the chart's right edge. Maps keep their geography."""
    layout = fig.layout
    left, right = layout.margin.l, layout.margin.r
    fig.update_layout(
        margin={"l": right, "r": left},
        title={
            "x": 1,
            "xanchor": "right",
            "pad": {"l": 0, "r": LEFT},
            "text": _rtl_lines(layout.title.text),
        },
        hoverlabel={"align": "right"},
    )
    for axis in fig.select_xaxes():
        if axis.range is not None:
            axis.range = tuple(reversed(axis.range))
        else:
            # A reversed range to start from: plotly pads its autorange for text tied to the
            # axis (the marked week's label) by the direction the axis had before, and an
            # axis with none ran left to right, stretching the range by the label's width.
            axis.update(autorange="reversed", range=(1, 0))
    for axis in fig.select_yaxes():
        axis.side = "left" if axis.side == "right" else "right"
    for note in layout.annotations:
        if note.xref in (None, "paper"):
            note.x = 1 - (0.5 if note.x is None else note.x)
        if note.xshift:
            note.xshift = -note.xshift
        note.xanchor = _FLIP.get(note.xanchor, note.xanchor)
        note.align = _FLIP.get(note.align, note.align)
        note.text = _rtl_lines(note.text)
    for shape in layout.shapes:
        if shape.xref != "paper":
            continue  # on an axis: the axis is mirrored
        if shape.xsizemode == "pixel":  # pixels from the plot's edge at `xanchor`
            shape.update(xanchor=1 - shape.xanchor, x0=-shape.x1, x1=-shape.x0)
        else:
            shape.update(x0=1 - shape.x1, x1=1 - shape.x0)
    if layout.legend.x is not None:
        layout.legend.update(x=1 - layout.legend.x, xanchor=_FLIP.get(layout.legend.xanchor, "right"))
    for trace in fig.data:
        if "colorbar" in trace and trace.showscale is not False:
            trace.colorbar.update(x=-0.02, xanchor="right")
    return fig


def _left_margin(labels: list[str]) -> int:
    """The left margin beside category labels down the side: their own width."""
    return LEFT + int(label_px(labels)) + 12


def empty(text: ChartText, message: str | None = None) -> go.Figure:
    """A chart with nothing to count still says so in words, not with empty axes."""
    fig = go.Figure()
    fig.add_annotation(
        text=message or _("No cases match the current filters."),
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 16, "color": "#555"},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _style(fig, text, height=220, axis_space=10)


def horizontal_bar(
    frame: pd.DataFrame,
    label: str,
    value: str,
    text: ChartText,
    colours: list[str] | None = None,
    custom: str | None = None,
    value_title: str | None = None,
) -> go.Figure:
    """Categories down the side (names, wrapped), counts along; order kept from the query.
    `value_title` names the axis along (by default "Cases", in the run's language)."""
    if frame.empty or frame[value].sum() == 0:
        return empty(text)
    if value_title is None:
        value_title = pgettext("axis title", "Cases")
    labels = [wrap(v) for v in frame[label]]
    fig = go.Figure(
        go.Bar(
            x=frame[value],
            y=labels,
            orientation="h",
            marker={"color": colours or PRIMARY},
            text=frame[value],
            textposition="outside",
            cliponaxis=False,
            customdata=frame[custom] if custom else frame[label],
            hovertemplate="%{y}: %{x:,}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title=value_title, **count_axis(frame[value].max()))
    return _style(fig, text, height=max(280, 100 + row_height(labels, 28) * len(frame)), labels=labels)


def grouped_bar(
    frame: pd.DataFrame,
    label: str,
    series: dict[str, str],
    text: ChartText,
    custom: str | None = None,
    percent: bool = False,
    value_title: str | None = None,
) -> go.Figure:
    """Two or more counts (or shares, with `percent`) side by side per category (e.g. cases
    and sessions); `value_title` names the axis along (by default "Cases")."""
    if frame.empty or frame[list(series)].to_numpy().sum() == 0:
        return empty(text)
    if value_title is None:
        value_title = pgettext("axis title", "Cases")
    labels = [wrap(v) for v in frame[label]]
    fig = go.Figure()
    for i, (column, name) in enumerate(series.items()):
        # Translators: a bar's hover: {category} is the bar's category, {series} the
        # name of its series (e.g. "All sessions") and {share} its share of the total.
        share_hover = _("{category}<br>{series}: {share}").format(
            category="%{y}", series=name, share="%{x:.0%}"
        )
        # Translators: a bar's hover: {count} is a number and {series} the name of its
        # series in small letters (e.g. "all sessions"): "C4 Capacity building: 12 all sessions".
        count_hover = _("{category}: {count} {series}").format(
            category="%{y}", count="%{x:,}", series=mid_sentence(name)
        )
        fig.add_trace(
            go.Bar(
                x=frame[column],
                y=labels,
                orientation="h",
                name=name,
                marker={"color": PALETTE[i % len(PALETTE)]},
                customdata=frame[custom] if custom else frame[label],
                hovertemplate=(share_hover if percent else count_hover) + "<extra></extra>",
            )
        )
    if percent:
        fig.update_xaxes(title=value_title, tickformat=".0%", rangemode="tozero")
    else:
        fig.update_xaxes(title=value_title, **count_axis(frame[list(series)].to_numpy().max()))
    fig.update_layout(
        barmode="group",
        showlegend=True,
    )
    fig.update_yaxes(autorange="reversed")
    return _style(fig, text, height=max(300, 120 + row_height(labels, 34) * len(frame)), labels=labels)


# How a heatmap outlines a marked cell: a colour that stands out on white and on the darkest
# blue of the scale (Okabe-Ito vermillion), solid or dotted.
MARK_COLOUR = PALETTE[5]
MARK_DASH = {"solid": "solid", "dotted": "dot"}


@dataclass(frozen=True)
class CellMarks:
    """Outlines on some cells of a heatmap. `column` names the frame's column holding each
    cell's style (a key of MARK_DASH, or "" for no outline); `legend` is the legend line
    for each style, shown above the plot."""

    column: str
    legend: dict[str, str]


def heatmap(
    frame: pd.DataFrame,
    x: str,
    y: str,
    value: str,
    text: ChartText,
    x_title: str = "",
    y_title: str = "",
    marks: CellMarks | None = None,
    custom: tuple[str, str] | None = None,
) -> go.Figure:
    """A matrix of counts (rows and columns in the order they first appear), with outlines
    on the cells `marks` names, kept visible when no cell has a count (a matrix of gaps).
    With `custom` (the columns holding each column's and each row's value), every cell can be
    clicked: its customdata is [column value, row value]."""
    if frame.empty or (frame[value].sum() == 0 and marks is None):
        return empty(text)
    grid = frame.pivot_table(index=y, columns=x, values=value, aggfunc="sum", sort=False).fillna(0)
    styles = None
    if marks is not None:
        styles = (
            frame.pivot_table(index=y, columns=x, values=marks.column, aggfunc="first", sort=False)
            .reindex(index=grid.index, columns=grid.columns)
            .fillna("")
        )
    # Translators: a line of a heatmap cell's hover: {axis} names the row's or the column's
    # kind (e.g. "Region") and {value} is the cell's row or column.
    axis_value = _("{axis}: {value}")
    where = (
        axis_value.format(axis=y_title or y, value="%{y}")
        + "<br>"
        + axis_value.format(axis=x_title or x, value="%{x}")
        + "<br>"
    )
    # Translators: a heatmap cell's hover: {count} is its number of cases.
    cases_count = _("Cases: {count}")
    after = ("%{text}" if styles is not None else "") + "<extra></extra>"
    mark_text = (
        styles.map(lambda style: f"<br>{marks.legend[style]}" if style else "").to_numpy()
        if styles is not None and marks is not None
        else None
    )
    counts = grid.to_numpy(dtype=float)
    # Translators: under the colour bar's title: cells in grey have no case.
    grey = _("grey: 0")
    cases = pgettext("colour bar", "Cases")
    colour_bar_title = f"{cases}<br><sub>{grey}</sub>"
    # Narrow row names leave the cells room on a phone.
    columns, rows = [str(c) for c in grid.columns], [wrap(r, 24) for r in grid.index]
    fig = go.Figure(
        go.Heatmap(
            # Zero cells are left out of the scale (drawn grey below), so 0 never looks like 1.
            z=np.where(counts > 0, counts, np.nan),
            x=columns,
            y=rows,
            hoverongaps=False,
            **count_colours(
                counts.max() if counts.size else 0,
                colour_bar_title,
            ),
            text=mark_text,
            hovertemplate=where + cases_count.format(count="%{z:,}") + after,
            hoverinfo="skip" if custom else None,
            xgap=1,
            ygap=1,
        )
    )
    fig.add_trace(
        go.Heatmap(
            z=np.where(counts > 0, np.nan, 0.0),
            x=columns,
            y=rows,
            colorscale=[[0, NONE_COLOUR], [1, NONE_COLOUR]],
            showscale=False,
            hoverongaps=False,
            text=mark_text,
            hovertemplate=where + cases_count.format(count="0") + after,
            hoverinfo="skip" if custom else None,
            xgap=1,
            ygap=1,
        )
    )
    if custom:
        hover = where + cases_count.format(count="%{z:,}")
        fig.add_trace(_cell_targets(frame, grid, (x, y), custom, hover, mark_text))
        # Every point of the plot is in some cell: the nearest centre, however far, is its own.
        fig.update_layout(hoverdistance=-1)
        # The targets' markers must not pad the axes: the cells keep the whole width (on a
        # phone a few pixels more per column is what keeps the labels apart).
        fig.update_xaxes(range=[-0.5, len(columns) - 0.5])
        fig.update_yaxes(range=[len(rows) - 0.5, -0.5])
    if styles is not None and marks is not None:
        _outline_cells(fig, styles, marks, LEFT - _left_margin(rows))
    # Many columns: their labels upright, so "SDG 10" never runs into "SDG 11" in a narrow chart.
    fig.update_xaxes(
        title=x_title, type="category", side="bottom", tickangle=-90 if len(columns) > 8 else None
    )
    # No y title drawn: the row names say what they are (the hover names it), and beside
    # names of a fixed width a title would sit on them.
    fig.update_yaxes(type="category", **({} if custom else {"autorange": "reversed"}))
    # Room below the plot for the slanted column labels and the axis title, then the footer.
    return _style(
        fig,
        text,
        height=max(340, 120 + 26 * len(grid.index)),
        axis_space=95,
        legend_space=6 + LEGEND_LINE_PX * sum(len(_legend_lines(line)) for line in marks.legend.values())
        if marks
        else 0,
        labels=rows,
    )


def _cell_targets(
    frame: pd.DataFrame,
    grid: pd.DataFrame,
    axes: tuple[str, str],
    custom: tuple[str, str],
    hover: str,
    notes: Any,
) -> go.Scatter:
    """An invisible point at the centre of every cell: plotly cannot select a heatmap cell,
    but it selects the point nearest a click, and on a grid that is the clicked cell's."""
    x, y = axes
    x_value = dict(zip(frame[x], frame[custom[0]], strict=True))
    y_value = dict(zip(frame[y], frame[custom[1]], strict=True))
    cells = [(c, r) for r in grid.index for c in grid.columns]
    z = grid.to_numpy().ravel()
    extra = list(np.asarray(notes).ravel()) if notes is not None else [""] * len(cells)
    return go.Scatter(
        x=[str(c) for c, _r in cells],
        y=[wrap(r, 24) for _c, r in cells],  # as the heatmap's rows
        mode="markers",
        marker={"size": 12, "opacity": 0},
        selected={"marker": {"opacity": 0}},
        unselected={"marker": {"opacity": 0}},
        customdata=[[_plain(x_value[c]), _plain(y_value[r])] for c, r in cells],
        text=[f"{i18n.number(n)}{e}" for n, e in zip(z, extra, strict=True)],
        hovertemplate=hover.replace("%{z:,}", "%{text}") + "<extra></extra>",
        showlegend=False,
    )


def _plain(value: Any) -> Any:
    """A numpy number as a Python one (JSON for the browser)."""
    return value.item() if hasattr(value, "item") else value


LEGEND_LINE_PX = 17  # a line of a heatmap's legend of marks (12 px text)


def _legend_lines(label: str) -> list[str]:
    """A legend line of cell marks, wrapped beside its symbol to fit a phone."""
    return wrap_px(label, 12, TEXT_WIDTH - 40)


def _outline_cells(fig: go.Figure, styles: pd.DataFrame, marks: CellMarks, shift: int) -> None:
    """The outlines of one style as one path of rectangles (a shape per cell costs plotly
    30 ms each to validate), each a little inside its cell so neighbours stay apart. On a
    category axis cell i spans i - 0.5 .. i + 0.5. Each path is followed by its style's
    legend entry, in the order `legend` gives: an outline of the same style (named with the
    legend line) and the line beside it, above the plot from the chart's left edge (`shift`
    pixels left of the plot). Drawn, not a plotly legend: a legend wider than the plot
    pushed the plot's margin until the cells had no room on a phone."""
    inset = 0.5 - 0.12
    shapes: list[dict[str, Any]] = []
    grid = styles.to_numpy()
    # Pixels over the plot where the next entry starts.
    above = LEGEND_LINE_PX * sum(len(_legend_lines(label)) for label in marks.legend.values())
    for style, label in marks.legend.items():
        rows, cols = (grid == style).nonzero()
        if not len(rows):
            continue
        path = " ".join(
            f"M{c - inset:g},{r - inset:g} H{c + inset:g} V{r + inset:g} H{c - inset:g} Z"
            for r, c in zip(rows.tolist(), cols.tolist(), strict=True)
        )
        line = {"color": MARK_COLOUR, "width": 2, "dash": MARK_DASH[style]}
        shapes.append(
            {"type": "path", "path": path, "xref": "x", "yref": "y", "line": line, "layer": "above"}
        )
        lines = _legend_lines(label)
        pixels = {"xref": "paper", "yref": "paper", "xsizemode": "pixel", "ysizemode": "pixel"}
        shapes.append(
            {
                "type": "rect",
                **pixels,
                "xanchor": 0,
                "yanchor": 1,
                "x0": shift,
                "x1": shift + 12,
                "y0": above - 13,
                "y1": above - 1,
                "line": line,
                "name": "<br>".join(lines),
            }
        )
        fig.add_annotation(
            text="<br>".join(lines),
            xref="paper",
            yref="paper",
            x=0,
            y=1,
            xshift=shift + 20,
            yshift=above + 2,
            xanchor="left",
            yanchor="top",
            align="left",
            showarrow=False,
            font={"size": 12},
        )
        above -= LEGEND_LINE_PX * len(lines)
    fig.update_layout(shapes=shapes, showlegend=False)


def outlined_cells(fig: go.Figure) -> dict[str, list[tuple[str, str]]]:
    """(column, row) labels of the cells each legend line outlines: what a reader sees,
    read back from the figure (for tests and the data behind a chart)."""
    x, y = list(fig.data[0].x), list(fig.data[0].y)
    shapes = fig.layout.shapes
    out: dict[str, list[tuple[str, str]]] = {}
    for path, key in zip(shapes[::2], shapes[1::2], strict=True):  # as _outline_cells adds them
        cells = []
        for rect in str(path.path).split("Z"):
            if rect.strip():
                col, row = (float(v) for v in rect.split()[0][1:].split(","))
                cells.append((x[round(col + 0.5)], y[round(row + 0.5)]))
        out[str(key.name).replace("<br>", " ")] = cells
    return out


def timeline(
    frame: pd.DataFrame,
    x: str,
    series: dict[str, str],
    text: ChartText,
    kind: str = "bar",
    x_title: str = "",
    value_title: str | None = None,
    per: str = "month",
) -> go.Figure:
    """Counts over time: bars per period (or lines), one trace per series; `value_title`
    names what is counted (by default "Cases", in the run's language); `per` is the period of
    the x values' dates ("month", or "quarter": the axis names quarters)."""
    if frame.empty:
        return empty(text)
    if value_title is None:
        value_title = pgettext("axis title", "Cases")
    fig = go.Figure()
    for i, (column, name) in enumerate(series.items()):
        colour = PALETTE[i % len(PALETTE)]
        if kind == "line":
            fig.add_trace(
                go.Scatter(
                    x=frame[x], y=frame[column], name=name, mode="lines+markers", line={"color": colour}
                )
            )
        else:
            fig.add_trace(go.Bar(x=frame[x], y=frame[column], name=name, marker={"color": colour}))
    fig.update_layout(
        barmode="overlay" if kind == "bar" else None,
        showlegend=len(series) > 1,
    )
    fig.update_xaxes(title=x_title, **time_ticks(frame[x], per))
    largest = frame[list(series)].to_numpy().max() if series else 0
    fig.update_yaxes(title=value_title, **count_axis(largest))
    return _style(fig, text, height=340)


def weekly_share(
    frame: pd.DataFrame,
    text: ChartText,
    x: str,
    total: str,
    part: str,
    share: str,
    names: tuple[str, str, str],
    marked: tuple[pd.Timestamp, pd.Timestamp, str] | None = None,
) -> go.Figure:
    """Records per week with the part of them that matters (bars, the part over the whole)
    and the part's share of each week (a line on a 0-100% axis of its own): a busy week and
    a high share are different news. `names`: the whole's, the part's and the share's (e.g.
    "All sessions", "COVID-related", "COVID-related share"). `marked` shades one week
    (start, end, label)."""
    if frame.empty:
        return empty(text)
    # Translators: the first line of a week's hover; {week} is the date its week starts.
    # Plotly names months in English only: other languages read the day as ISO writes it.
    day = "%{customdata|%d %b %Y}" if i18n.current() == i18n.SOURCE else "%{customdata|%Y-%m-%d}"
    week = _("Week of {week}").format(week=day)
    # Translators: a week's hover: {count} is a number of sessions and {series} the name of
    # what is counted, in small letters ("12 all sessions", "5 covid-related").
    counted = _("{count} {series}")
    # Translators: a week's hover: {count} COVID-related sessions, {share} of the week's.
    counted_share = _("{count} {series} ({share})")
    # Each bar spans its week (Monday to Sunday): centred mid-week, six days wide.
    middle = frame[x] + pd.Timedelta(days=3.5)
    bars = {"width": 6 * 24 * 3600 * 1000, "customdata": frame[x]}
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=middle,
            y=frame[total],
            name=names[0],
            marker={"color": "#9ecae1"},
            hovertemplate=f"{week}<br>{counted.format(count='%{y:,}', series=mid_sentence(names[0]))}"
            "<extra></extra>",
            **bars,
        )
    )
    fig.add_trace(
        go.Bar(
            x=middle,
            y=frame[part],
            name=names[1],
            marker={"color": PRIMARY},
            text=[i18n.percent(v) for v in frame[share]],
            textposition="none",
            hovertemplate=f"{week}<br>"
            + counted_share.format(count="%{y:,}", series=mid_sentence(names[1]), share="%{text}")
            + "<extra></extra>",
            **bars,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=middle,
            y=frame[share],
            name=names[2],
            yaxis="y2",
            mode="lines+markers",
            line={"color": PALETTE[5]},
            customdata=frame[x],
            hovertemplate=f"{week}<br>{counted.format(count='%{y:.0%}', series=mid_sentence(names[1]))}"
            "<extra></extra>",
        )
    )
    if marked is not None:
        start, end, label = marked
        fig.add_vrect(
            x0=start,
            x1=end,
            fillcolor="#E69F00",
            opacity=0.15,
            line_width=0,
            layer="below",
            annotation_text=label,
            annotation_position="top right",
            annotation_font_size=11,
        )
    fig.update_layout(
        barmode="overlay",
        showlegend=True,
        xaxis={"title": {"text": pgettext("axis title", "Week")}, **time_ticks(frame[x])},
        # update_yaxes would reach both axes: each is set on its own.
        yaxis={"title": {"text": names[0]}, "rangemode": "tozero", "tickformat": ",d"},
        yaxis2={
            "title": {"text": names[2]},
            "overlaying": "y",
            "side": "right",
            "range": [0, 1.05],
            "tickmode": "linear",
            "tick0": 0,
            "dtick": 0.25,
            "tickformat": ".0%",
            "showgrid": False,
        },
    )
    return _style(fig, text, height=360)


def dated_timeline(frame: pd.DataFrame, text: ChartText, label: str = "title") -> go.Figure:
    """Dated items in order (ITU's initiatives): a diamond on the day where the source gives
    a day, a bar across the whole month where it gives only a month, so no month-only date
    looks like the 1st. Columns: `label`, date, precision ('day', 'month' or 'none'),
    date_as_published, url. Undated rows cannot be placed: the chart says how many, and the
    page lists them."""
    dated = frame[frame["precision"].isin(["day", "month"]) & frame["date"].notna()]
    undated = len(frame) - len(dated)
    if dated.empty:
        message = _("No dated initiative matches the current filters.")
        if undated:
            # Translators: English keeps its words for one as well: write each plural form.
            message = ngettext(
                "None of the {n} initiatives matching the filters has a published date.",
                "None of the {n} initiatives matching the filters has a published date.",
                undated,
            ).format(n=i18n.number(undated))
        return empty(text, message)
    dates = pd.to_datetime(dated["date"])
    # Long names shortened on the axis (the hover and the data keep them whole).
    labels = [wrap(textwrap.shorten(str(t), 80, placeholder="…"), 30) for t in dated[label]]
    hover = "%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>"
    custom = list(zip(dated[label], dated["date_as_published"], dated["url"].fillna(""), strict=True))
    fig = go.Figure()
    months = (dated["precision"] == "month").to_numpy()
    if months.any():
        starts = dates[months].dt.to_period("M").dt.start_time
        ends = dates[months].dt.to_period("M").dt.end_time
        fig.add_trace(
            go.Bar(
                base=list(starts),
                x=[(e - s).total_seconds() * 1000 for s, e in zip(starts, ends, strict=True)],
                y=[lab for lab, m in zip(labels, months, strict=True) if m],
                orientation="h",
                name=_("Month given (no day)"),
                marker={"color": PALETTE[1]},
                width=0.5,
                customdata=[c for c, m in zip(custom, months, strict=True) if m],
                hovertemplate=hover,
            )
        )
    if (~months).any():
        fig.add_trace(
            go.Scatter(
                x=list(dates[~months]),
                y=[lab for lab, m in zip(labels, months, strict=True) if not m],
                mode="markers",
                name=_("Day given"),
                marker={"color": PRIMARY, "symbol": "diamond", "size": 12},
                customdata=[c for c, m in zip(custom, months, strict=True) if not m],
                hovertemplate=hover,
            )
        )
    fig.update_layout(
        showlegend=True,
    )
    # Years only: the plot is narrow beside the initiatives' names on a phone.
    fig.update_xaxes(type="date", title=_("Date as published"), tickangle=0, tickformat="%Y", dtick="M12")
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array", categoryarray=labels)
    if undated:
        # Translators: {n} initiatives without a date; English keeps its words for one as
        # well: write each plural form.
        placed = ngettext(
            "{n} without a published date are not placed (they are in the data).",
            "{n} without a published date are not placed (they are in the data).",
            undated,
        ).format(n=i18n.number(undated))
        text = replace(text, note=f"{placed} {text.note}".strip())
    lines = sum(lab.count("<br>") + 1 for lab in labels)
    return _style(fig, text, height=max(300, 110 + 20 * lines + 14 * len(labels)), labels=labels)


def world_map(frame: pd.DataFrame, text: ChartText) -> go.Figure:
    """Cases by country (ISO alpha-3) on a world map; shapes are served by the app."""
    if frame.empty:
        return empty(text, _("No case in the current selection names a country."))
    fig = go.Figure(
        go.Choropleth(
            locations=frame["country"],
            z=frame["cases"],
            locationmode="ISO-3",
            # Each country's hover line, counted here (a count decides its words).
            text=[
                # Translators: a country's hover on the world map. English keeps its words for
                # one as well: write each plural form.
                ngettext("{country}: {n} cases", "{country}: {n} cases", int(n)).format(
                    country=name, n=i18n.number(n)
                )
                for name, n in zip(frame["name"], frame["cases"], strict=True)
            ],
            customdata=frame["country"],
            marker={"line": {"color": "#fff", "width": 0.5}},
            **count_colours(frame["cases"].max()),
            hovertemplate="%{text}<extra></extra>",
        )
    )
    fig.update_geos(
        showframe=False,
        showcoastlines=False,
        projection_type="natural earth",
        projection_rotation_lon=0,
        lonaxis_range=[-180, 180],
        lataxis_range=[-60, 85],
        showcountries=True,
        countrycolor="#ccc",
        landcolor=NONE_COLOUR,  # no case: grey, apart from the scale that starts at one
        showland=True,
    )
    return _style(fig, text, height=420, axis_space=10)


# Plotly.js config for every chart: high-resolution PNG from the mode bar, local map shapes.
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 3, "filename": "ict-response-chart"},
    "topojsonURL": "app/static/topojson/",
}
