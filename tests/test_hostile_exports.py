"""Hostile values in what users take away: the CSV and XLSX of a case list neutralise
formula prefixes (checked by opening the files) and keep markup as text; a briefing pack
made with hostile filter values carries them as text."""

from __future__ import annotations

import csv
import io

import pytest
from docx import Document
from hostile_data import ANCHOR, CMD, HYPERLINK, IMG, SQL
from openpyxl import load_workbook
from pptx import Presentation

from ict_response import export
from ict_response.cli import main
from ict_response.filters import Filters
from ict_response.queries import run_path


@pytest.fixture
def db(hostile_db):
    return hostile_db


def test_case_list_exports_neutralise_formulas_and_keep_markup(db):
    frame = run_path(db, "case_list", Filters(), {"limit": 1000})
    titles = set(frame["title"])
    assert {HYPERLINK, CMD, IMG, SQL} <= titles
    book = load_workbook(io.BytesIO(export.xlsx_bytes(frame, {"Source": "test"})))
    cells = [c for ws in book for row in ws.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    values = {c.value for c in cells if isinstance(c.value, str)}
    assert {"'" + HYPERLINK, "'" + CMD, "'=1+1", IMG, SQL} <= values
    assert not any(v.startswith(export.FORMULA_PREFIXES) for v in values)
    rows = list(csv.reader(io.StringIO(export.csv_bytes(frame).decode("utf-8-sig"), newline="")))
    flat = {v for r in rows for v in r}
    assert {"'" + HYPERLINK, "'" + CMD, IMG, SQL} <= flat
    assert not any(v.startswith(export.FORMULA_PREFIXES) for v in flat)


@pytest.mark.parametrize("fmt", ["pptx", "docx"])
def test_briefing_pack_carries_hostile_filter_values_as_text(db, tmp_path, capsys, fmt):
    out = tmp_path / f"pack.{fmt}"
    assert (
        main(
            [
                "briefing",
                "--db",
                str(db),
                "--out",
                str(out),
                "--sections",
                "action-lines",
                "--filter",
                f"q={IMG}",
                "--filter",
                f"collection={ANCHOR}",
            ]
        )
        == 0
    )
    if fmt == "pptx":
        text = "\n".join(
            sh.text_frame.text for s in Presentation(str(out)).slides for sh in s.shapes if sh.has_text_frame
        )
    else:
        text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert IMG in text and ANCHOR in text
