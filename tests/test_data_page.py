"""The Data page's imports table, read as a person at a 1280 px laptop would: columns in
words with the important ones first, and what became of superseded records said in words
(which import replaced them), with each import's warnings written out in full below."""

from __future__ import annotations

import csv
import json

import pytest
from builders import CASES_SMALL, SESSIONS_SMALL
from streamlit.testing.v1 import AppTest

from ict_response import provenance
from ict_response.cli import main as cli
from ict_response.paths import ROOT
from ict_response.ui.markdown import literal


@pytest.fixture(scope="module")
def two_exports_db(tmp_path_factory):
    """The fixture cases, then a later export that updates two of them (ids 1 and 2)."""
    folder = tmp_path_factory.mktemp("data_page")
    with open(CASES_SMALL, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    later = folder / "cases_update.csv"
    with open(later, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(rows[0])
        for row in rows[1:]:
            if row[0] in ("1", "2"):
                writer.writerow([row[0], row[1] + " (updated)", *row[2:]])
    db = folder / "data" / "t.duckdb"
    args = ["build", "--db", str(db), "--cases", str(CASES_SMALL), "--cases", str(later)]
    assert cli([*args, "--sessions", str(SESSIONS_SMALL)]) == 0
    return db


def _data_page(db, monkeypatch) -> AppTest:
    monkeypatch.setenv("ICT_RESPONSE_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.secrets["other"] = {"setting": "1"}  # no steward section: not this test's concern
    at.run()
    at.switch_page("app_pages/data.py").run()
    assert not at.exception, at.exception
    return at


def test_imports_table_names_columns_in_words_and_who_superseded_what(two_exports_db, monkeypatch):
    at = _data_page(two_exports_db, monkeypatch)
    table = at.dataframe[0]
    frame = table.value
    # The important columns first: which file, what it holds, what became of its rows.
    assert list(frame.columns)[:8] == [
        "number",
        "file_name",
        "holds",
        "rows_read",
        "rows_loaded",
        "rows_rejected",
        "warnings",
        "superseded",
    ]
    labels = {k: v.get("label") for k, v in json.loads(table.proto.columns).items()}
    assert all(labels.get(c) == provenance.IMPORT_COLUMNS[c] for c in frame.columns), labels
    assert not any("_" in str(label) for label in labels.values())  # no raw names like rows_read
    by_file = dict(zip(frame["file_name"], frame["superseded"], strict=True))
    number = dict(zip(frame["file_name"], frame["number"], strict=True))
    # The first export's case 1 (twice: it repeats lower in its file) and case 2 were
    # replaced by the update; the update's rows are the current ones.
    assert (
        by_file["cases_small.csv"] == f"Superseded: 3 records replaced by import {number['cases_update.csv']}"
    )
    # The update repeats case 1 as its source did: its own later row is the current one.
    assert by_file["cases_update.csv"] == "Superseded: 1 record replaced by later rows of this file"
    assert by_file["sessions_small.csv"] == ""
    assert dict(zip(frame["file_name"], frame["holds"], strict=True)) == {
        "itu_covid_initiatives.csv": "Cases",
        "cases_small.csv": "Cases",
        "cases_update.csv": "Cases",
        "sessions_small.csv": "Sessions",
    }


def test_each_import_with_warnings_or_replaced_records_has_its_detail_in_words(two_exports_db, monkeypatch):
    at = _data_page(two_exports_db, monkeypatch)
    details = {e.label: e for e in at.expander if e.label.startswith("Import ")}
    first = next(e for label, e in details.items() if literal("cases_small.csv") in label)
    text = " ".join(m.value for m in first.markdown)
    assert "7 rows read: 6 loaded, 1 rejected, 3 with values not understood." in text
    assert literal("Superseded: 3 records replaced by import") in text
    # The warnings in full sentences, which wrap, not cells cut off to the right; each field by
    # the name the pages give it.
    assert f"Row 3, Link: “{literal('javascript:alert(1)')}”" in text
    assert f"Row 6, Countries: “{literal('Korea, Republic of; Atlantis')}”" in text
    assert not any(literal("sessions_small.csv") in label for label in details)  # nothing to say about it
