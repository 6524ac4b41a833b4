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

import pytest
from builders import build_fixture

from ict_response import db
from ict_response.filters import Filters
from ict_response.paths import REFERENCE_DIR
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
