"""Every page in every language (AppTest from dashboard.py, `?lang=`): no exception, no text
of the catalog shown in English where it has a translation, no name of the catalog in English
in the lists of records and the charts, and, in the languages not written in Latin letters,
no English words in the page's labels, titles and buttons (text that never reached the
catalog)."""

from __future__ import annotations

import html
import re
from functools import cache

import pytest
from streamlit.testing.v1 import AppTest

from ict_response import i18n
from ict_response.db import connect_readonly
from ict_response.pages import PAGES
from ict_response.paths import ROOT

TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.SOURCE]
NOT_LATIN = {"ar", "zh", "ru"}
# Names and abbreviations that stay as they are in every language.
KEPT = re.compile(
    r"\b(ICT|ICTs|SDGs?|ITU|WSIS|COVID|CSV|XLSX|PNG|SVG|PDF|JSON|PPTX|DOCX|URL|ID|ISO|M49|TalkX|"
    r"Excel|PowerPoint|Word|OpenID|Connect|Chromium|Chrome)\b"
)
ENGLISH_WORDS = re.compile(r"\b[A-Za-z][a-z]{2,}(?:[ -]+[A-Za-z][a-z]{2,})+\b")


@cache
def english_messages(lang: str) -> list[str]:
    """Runs of English text (between placeholders: three words or more, 16 characters or more)
    of every message the language's catalog translates differently (file names aside: a
    command such as `ict-response` is typed as it is in every language)."""
    from babel.messages.pofile import read_po

    with i18n.catalog_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang)
    runs: set[str] = set()
    for entry in catalog:
        if not entry.id or not entry.string or entry.context == "file name":
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for msgid in ids:
            if msgid in strings:
                continue  # the same in this language
            for run in re.split(r"\{[^}]*\}|\*\*|`|\n", msgid):
                if len(run.strip()) >= 16 and run.strip().count(" ") >= 2:
                    runs.add(run.strip())
    return sorted(runs)


def shown(at: AppTest) -> tuple[list[str], list[str]]:
    """(every text the page shows, the page's own labels, titles and buttons)."""
    labels: list[str] = []
    for kind in ("title", "header", "subheader", "tabs", "expander", "metric"):
        labels += [str(getattr(e, "label", None) or getattr(e, "value", "")) for e in getattr(at, kind)]
    for kind in ("button", "selectbox", "multiselect", "toggle", "radio", "text_input", "date_input"):
        labels += [str(e.label) for e in getattr(at, kind)]
    texts = list(labels)
    for kind in ("caption", "markdown", "info", "warning", "error", "success"):
        texts += [str(e.value) for e in getattr(at, kind)]
    return texts, labels


def recorded(db) -> list[str]:
    """What imports recorded in the database in English (warnings, reasons for rejected rows):
    data, shown as recorded, in every language."""
    con = connect_readonly(db)
    try:
        rows = con.execute(
            "SELECT message FROM import_warnings UNION SELECT reason FROM rejected_rows"
        ).fetchall()
    finally:
        con.close()
    return sorted({r[0] for r in rows if r[0]}, key=len, reverse=True)


@pytest.fixture
def app(sample_db, monkeypatch):
    monkeypatch.setenv("ICT_RESPONSE_DB", str(sample_db))
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_page_speaks_the_language(app, lang, sample_db):
    runs = english_messages(lang)
    as_recorded = recorded(sample_db)
    problems: list[str] = []
    app.query_params["lang"] = lang
    app.run()
    for page in PAGES:
        app.switch_page(page.file).run()
        assert not app.exception, (page.name, app.exception)
        assert app.title, page.name
        texts, labels = shown(app)
        for text in texts:
            text = re.sub(r"`[^`]*`", "", html.unescape(text))  # commands and values stay as typed
            for message in as_recorded:
                text = text.replace(message, "")
            english = [run for run in runs if run in text]
            if english:
                problems.append(f"{page.name}: English {english[0]!r} in {text[:80]!r}")
        if lang in NOT_LATIN:
            for label in labels:
                plain = KEPT.sub("", re.sub(r"`[^`]*`", "", label))  # commands stay as typed
                words = [w for w in ENGLISH_WORDS.findall(plain) if w.strip()]
                if words:
                    problems.append(f"{page.name}: English words {words[0]!r} in {label[:80]!r}")
    assert not problems, f"{lang}: {len(problems)} untranslated texts: " + "; ".join(problems[:8])


@cache
def product_words(lang: str) -> frozenset[str]:
    """The catalog's short messages (names of things: a status, a kind of organisation, a
    topic) that the language translates differently."""
    from babel.messages.pofile import read_po

    with i18n.catalog_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang)
    return frozenset(
        e.id
        for e in catalog
        if isinstance(e.id, str)
        and e.id
        and e.string
        and e.string != e.id
        and len(e.id) <= 60
        and "{" not in e.id
    )


# A record's own texts, shown as submitted in every language.
AS_SUBMITTED = {
    "case_id",
    "session_id",
    "title",
    "organisation",
    "organisers",
    "description",
    "keywords",
    "url",
}


def test_tables_and_charts_name_things_in_the_language(app, sample_db):
    """What text checks cannot see: every table (the Cases and Sessions pages' lists, the data
    behind each chart) and every chart's bars and labels, in Chinese, hold no name of the
    catalog in English (a status, a kind of session, a column's name) and no topic's key
    ("remote_work")."""
    import json

    from ict_response.topics import topic_labels

    words, keys = product_words("zh"), set(topic_labels())
    con = connect_readonly(sample_db)
    try:
        (case_id,) = con.execute("SELECT case_id FROM cases ORDER BY case_no LIMIT 1").fetchone()
    finally:
        con.close()
    app.query_params["lang"] = "zh"
    app.query_params["case"] = case_id  # the Cases page opens one
    app.run()
    problems: list[str] = []
    for page in PAGES:
        app.switch_page(page.file).run()
        assert not app.exception, (page.name, app.exception)
        for table in app.dataframe:
            frame = table.value
            config = json.loads(table.proto.columns or "{}")
            for column in frame.columns:
                label = config.get(column, {}).get("label") or column
                if label in words or label == column:
                    problems.append(f"{page.name}: table column {column} headed {label!r}")
            for column in set(frame.columns) - AS_SUBMITTED:
                for cell in {v for v in frame[column] if isinstance(v, str)}:
                    leaked = [part for part in cell.split("; ") if part in words or part in keys]
                    if leaked:
                        problems.append(f"{page.name}: table column {column}: {leaked[0]!r}")
        for chart in app.get("plotly_chart"):
            for trace in json.loads(chart.proto.spec).get("data", []):
                # customdata holds what a click filters on: keys, never shown.
                for axis in ("x", "y", "labels", "text"):
                    values = trace.get(axis)
                    shown = [v for v in values if isinstance(v, str)] if isinstance(values, list) else []
                    leaked = [v for v in shown if v in words]
                    if leaked:
                        problems.append(f"{page.name}: chart {axis}: {leaked[0]!r}")
    assert not problems, f"{len(problems)} names in English: " + "; ".join(sorted(set(problems))[:8])
