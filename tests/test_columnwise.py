"""The column-wise normalisers (Arrow, for speed at a million rows) give exactly what the
value-by-value definitions give: clean_text, parse_url and json.dumps of the extra cells."""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from ict_response import ingest

# Text with the characters that matter here: controls, quotes, backslashes, spaces of
# every kind, non-ASCII letters and emoji.
PIECES = list('ab. /:"\\<>\t\n\r\x00\x01\x1f\x7f\x85\u00a0\u2028\u3000\u200bé🌍w') + [
    "www.",
    "http://",
    "https://",
    ".org",
]
awkward_text = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
cells = st.lists(awkward_text, min_size=1, max_size=20)


@given(cells)
def test_clean_column_is_clean_text(values):
    got = ingest._clean_column(pa.chunked_array([values], pa.string())).to_pylist()
    assert got == [ingest.clean_text(v)[0] for v in values]


@given(cells)
def test_url_column_is_parse_url(values):
    found: list = []
    got = ingest._url_field(
        pa.chunked_array([values], pa.string()), "url", 0, np.arange(len(values)), found
    ).to_pylist()
    assert got == [ingest.parse_url(v)[0] for v in values]
    expected_warnings = [(i, "url", v, m) for i, v in enumerate(values) for m in ingest.parse_url(v)[1]]
    assert sorted((row, f, raw, msg) for row, _, f, raw, msg in found) == sorted(expected_warnings)


@given(
    st.lists(st.tuples(awkward_text, awkward_text), min_size=1, max_size=20),
    st.tuples(awkward_text, awkward_text),
)
def test_extra_json_is_json_dumps(rows, headers):
    headers = ["Title", headers[0] or "A", (headers[1] or "B") + " 2"]
    table = pa.table({"0": ["t"] * len(rows), "1": [a for a, _ in rows], "2": [b for _, b in rows]})
    mapping = ingest.ColumnMapping({"title": 0}, [1, 2], headers)
    got = ingest._extra_json(table, mapping).to_pylist()
    expected = [
        json.dumps({h: v for h, v in zip(headers[1:], row, strict=True) if v != ""}, ensure_ascii=False)
        for row in rows
    ]
    assert got == expected


LIST_PIECES = [
    "C2",
    "c 7 e-health",
    "C7",
    "AL C3",
    "C12",
    "E-learning",
    "Goal 3",
    "SDG 17",
    "3",
    "18",
    "No poverty",
    "Peace, justice and strong institutions",
    "Korea, Republic of",
    "Kenya",
    ", ",
    "; ",
    " | ",
    "\n",
    "\r\n",
    " ",
    "é",
    "[",
    "]",
    '"C4"',
    "\x01",
    "\u00a0",
]
list_cells = st.lists(
    st.lists(st.sampled_from(LIST_PIECES), max_size=6).map("".join), min_size=1, max_size=20
)


@given(list_cells, st.sampled_from(["action_lines", "sdgs"]))
def test_list_column_is_the_cell_parser(values, name):
    parser = ingest.CASE_PARSERS[name]
    found: list = []
    got = ingest._list_field(
        pa.chunked_array([values], pa.string()), parser, name, 0, np.arange(len(values)), found
    ).to_pylist()
    assert got == [parser(v)[0] for v in values]
    expected_warnings = [(i, name, v, m) for i, v in enumerate(values) for m in parser(v)[1]]
    assert sorted((row, f, raw, msg) for row, _, f, raw, msg in found) == sorted(expected_warnings)
