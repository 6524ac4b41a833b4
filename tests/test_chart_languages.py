"""Charts in other languages: Arabic mirrors every chart (bars grow leftwards from category
names on the right, time runs right to left, titles and footers align right) and English
does not; file names stay safe whatever a translation holds; Chinese wraps between its
characters."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from ict_response import catalog, charts, export, i18n, replication
from ict_response.filters import Filters

BAR, TIME = "cases-by-action-line", "cases-by-month"


@pytest.fixture(scope="module")
def drawn(sample_db):
    """The bar chart and the time chart, in English and in Arabic."""
    out = {}
    for lang in ("en", "ar"):
        with i18n.using(lang), catalog.open_db(sample_db, Filters()) as ctx:
            out[lang] = {name: catalog.render(name, ctx).figure for name in (BAR, TIME)}
    return out


def test_arabic_bars_grow_leftwards_from_names_on_the_right(drawn):
    fig = drawn["ar"][BAR]
    assert fig.layout.xaxis.autorange == "reversed"  # the value axis reads from the right
    assert fig.layout.yaxis.side == "right"  # category names on the right
    assert fig.layout.yaxis.autorange == "reversed"  # still the largest first, at the top
    english = drawn["en"][BAR]
    # The labels' room moves to the right margin (as wide as the Arabic names need).
    assert fig.layout.margin.l == english.layout.margin.r
    assert fig.layout.margin.r > fig.layout.margin.l


def test_arabic_time_runs_right_to_left(drawn):
    fig = drawn["ar"][TIME]
    assert fig.layout.xaxis.autorange == "reversed"
    assert fig.layout.yaxis.side == "right"


@pytest.mark.parametrize("name", [BAR, TIME])
def test_arabic_titles_and_footers_align_right(drawn, name):
    fig = drawn["ar"][name]
    assert (fig.layout.title.x, fig.layout.title.xanchor) == (1, "right")
    footer = fig.layout.annotations[-1]
    assert (footer.x, footer.xanchor, footer.align) == (1, "right", "right")
    assert footer.xshift >= 0  # from the chart's right edge, past the labels there


@pytest.mark.parametrize("name", [BAR, TIME])
def test_english_is_not_mirrored(drawn, name):
    fig = drawn["en"][name]
    assert fig.layout.xaxis.autorange is None and fig.layout.xaxis.range is None
    assert fig.layout.yaxis.side in (None, "left")
    assert fig.layout.title.x == 0 and fig.layout.title.xanchor in (None, "left")  # the template's
    footer = fig.layout.annotations[-1]
    assert (footer.x, footer.xanchor, footer.align) == (0, "left", "left")
    assert fig.layout.separators is None  # plotly's own number marks, as before


def test_arabic_mirrors_second_axes_legends_and_colour_bars(sample_db):
    with i18n.using("ar"), catalog.open_db(sample_db, Filters()) as ctx:
        week = catalog.render("sessions-per-week", ctx).figure
        matrix = catalog.render("action-line-sdg-matrix", ctx).figure
    assert (week.layout.yaxis.side, week.layout.yaxis2.side) == ("right", "left")
    assert (week.layout.legend.x, week.layout.legend.xanchor) == (1, "right")
    # A heatmap's columns start on the right (its range is set, so it is turned round).
    assert matrix.layout.xaxis.range[0] > matrix.layout.xaxis.range[1]
    assert matrix.data[0].colorbar.xanchor == "right" and matrix.data[0].colorbar.x < 0


def test_numbers_on_charts_take_the_languages_marks():
    frame = pd.DataFrame({"label": ["a", "b"], "cases": [1200, 3]})
    with i18n.using("fr"):
        fig = charts.horizontal_bar(frame, "label", "cases", charts.ChartText("t"))
    assert fig.layout.separators == ",\u202f"
    assert fig.layout.xaxis.autorange is None  # French reads left to right


def test_catalogue_words_are_whole_messages():
    """The legends and the matrix's note are written out whole for the catalog: they must stay
    the lines they repeat, word for word."""
    assert catalog.get("action-line-sdg-matrix").legend == ". ".join(catalog.LINKAGE_LEGEND.values()) + "."
    assert catalog.get("replication-map").legend == "; ".join(replication.GAP_LEGEND.values()) + "."
    note = f"Each cell counts cases tagged with both. {catalog.LINKAGE_SOURCE}."
    assert catalog.get("action-line-sdg-matrix").note == note


def test_every_chart_has_a_file_name_message():
    assert set(export.file_stems()) == {*catalog.names(), "briefing"}
    assert all(export.file_stem(name) == name for name in catalog.names())  # English as before


@pytest.mark.parametrize(
    ("written", "safe"),
    [
        ("Cas par ligne d'action", "cas-par-ligne-d'action"),
        ("按行动方针/分列的案例", "按行动方针-分列的案例"),
        ("الحالات حسب: خط العمل", "الحالات-حسب-خط-العمل"),
        ("a_b.c  --  d", "a-b-c-d"),
        ("///", "cases-by-sdg"),
    ],
)
def test_a_translated_file_name_is_made_safe(written, safe):
    assert export._safe_stem(written, "cases-by-sdg") == safe


def test_a_files_language_follows_the_run():
    assert export.DocumentInfo("t").language == "en-GB"
    with i18n.using("zh"):
        assert export.DocumentInfo("t").language == "zh-Hans"
    with i18n.using("ar"):
        assert export.DocumentInfo("t").language == "ar"


def test_chinese_wraps_between_its_characters():
    title = "按信息社会世界峰会行动方针分列的案例按信息社会世界峰会行动方针分列的案例"
    lines = charts.wrap_px(title, 17, bold=True)
    assert len(lines) > 1 and "".join(lines) == title
    assert all(charts.text_px(line, 17, bold=True) <= charts.TEXT_WIDTH for line in lines)
    label = charts.wrap("远程医疗与电子健康，远程医疗与电子健康", 10).split("<br>")
    assert len(label) > 1 and not any(line.startswith("，") for line in label)
    # Words with spaces wrap as before.
    assert (
        charts.wrap("C7-EHEALTH E-health and telemedicine services")
        == "C7-EHEALTH E-health and<br>telemedicine services"
    )


def test_time_axes_name_months_in_the_language(drawn, sample_db):
    assert drawn["en"][TIME].layout.xaxis.ticktext is None, "English: plotly's own ticks"
    with i18n.using("fr"), catalog.open_db(sample_db, Filters()) as ctx:
        axis = catalog.render(TIME, ctx).figure.layout.xaxis
    assert 1 <= len(axis.ticktext) <= 5 and len(axis.ticktext) == len(axis.tickvals)
    french_months = (
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    )
    assert all(text.split()[0] in french_months for text in axis.ticktext), axis.ticktext


@pytest.mark.parametrize(
    ("lang", "second_quarter"), [("en", "Q2 2020"), ("fr", "T2 2020"), ("zh", "2020年第2季度")]
)
def test_a_quarterly_axis_names_quarters_in_every_language(sample_db, lang, second_quarter):
    """A quarter's first day named as a month ("Apr 2020") reads as that month alone."""
    with i18n.using(lang), catalog.open_db(sample_db, Filters()) as ctx:
        axis = catalog.render("topics-by-quarter", ctx).figure.layout.xaxis
    assert 1 <= len(axis.ticktext) <= 5 and len(axis.ticktext) == len(axis.tickvals)
    assert all(pd.Timestamp(t).month in (1, 4, 7, 10) and pd.Timestamp(t).day == 1 for t in axis.tickvals)
    with i18n.using(lang):
        assert i18n.quarter(dt.date(2020, 5, 17)) == second_quarter
        assert list(axis.ticktext) == [i18n.quarter(pd.Timestamp(t).date()) for t in axis.tickvals]
