"""Property-based tests: any text given to a normaliser returns a value of its documented
type or None (never an exception), and any bytes written to a file either read as a table or
raise the project's own UserError."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ict_response import ingest
from ict_response import normalise as nz
from ict_response import taxonomy as tx
from ict_response.errors import UserError
from ict_response.filters import Filters
from ict_response.read import RawTable, read_table

# Examples per test, deadline, randomness: the profile's (tests/conftest.py).
SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text that looks like what the normalisers expect, and anything at all.
WORDS = st.sampled_from(
    [
        "C7",
        "c 7",
        "AL",
        "E-health",
        "SDG",
        "Goal",
        "3",
        "-3",
        "17",
        "18",
        "0",
        "Kenya",
        "Korea",
        "Republic of",
        "(",
        ")",
        "[",
        "]",
        ",",
        ";",
        "|",
        "\n",
        "www.",
        "http://",
        "https://",
        "javascript:",
        ".org",
        "2020",
        "-",
        "/",
        ".",
        "April",
        "31",
        "99999",
        "9999",
        "NGO",
        "Global",
        "yes",
        "no",
        "Ongoing",
        "\x00",
        "\u202e",
        "🚑",
        "ß",
        "İ",
        "ﬁ",
        "\u0301",
        "１２",
    ]
)
TEXT = st.one_of(
    st.text(max_size=80), st.lists(WORDS, max_size=8).map(" ".join), st.lists(WORDS, max_size=8).map("".join)
)

NORMALISERS = {
    "normalise_action_line": (nz.normalise_action_line, str),
    "normalise_sdg": (nz.normalise_sdg, int),
    "normalise_country": (nz.normalise_country, str),
    "scope_word": (nz.scope_word, str),
    "normalise_entity_type": (nz.normalise_entity_type, str),
    "normalise_status": (nz.normalise_status, str),
    "normalise_flag": (nz.normalise_flag, bool),
    "normalise_url": (nz.normalise_url, str),
    "normalise_date": (nz.normalise_date, dt.date),
    "norm_key": (tx.norm_key, str),
}


@pytest.mark.parametrize("name", sorted(NORMALISERS))
@SETTINGS
@given(text=TEXT)
def test_normaliser_returns_its_type_or_none(name, text):
    normalise, kind = NORMALISERS[name]
    value = normalise(text)
    assert value is None or isinstance(value, kind)
    if name == "normalise_sdg" and value is not None:
        assert 1 <= value <= 17
    if name == "normalise_action_line" and value is not None:
        assert value in tx.action_line_names()
    if name == "normalise_country" and value is not None:
        assert len(value) == 3 and value.isupper()
    if name == "normalise_url" and value is not None:
        assert value.lower().startswith(("http://", "https://"))
        assert not any(ch in value for ch in '<>"\\ ')


CELL_PARSERS = {
    **{f"case {f}": p for f, p in ingest.CASE_PARSERS.items()},
    **{f"session {f}": p for f, p in ingest.SESSION_PARSERS.items()},
    "text": ingest.clean_text,
}


@pytest.mark.parametrize("name", sorted(CELL_PARSERS))
@SETTINGS
@given(text=TEXT)
def test_cell_parser_returns_a_value_and_warnings(name, text):
    value, problems = CELL_PARSERS[name](text)
    assert isinstance(problems, list) and all(isinstance(p, str) for p in problems)
    if name.endswith(("date", "held_on")) and value is not None:
        assert ingest.EARLIEST <= value <= ingest.LATEST
    if name.endswith("sdgs"):
        assert all(isinstance(n, int) and 1 <= n <= 17 for n in value)


@SETTINGS
@given(text=TEXT)
def test_split_multi_never_fails(text):
    parts = nz.split_multi(text, nz.normalise_country)
    assert all(isinstance(p, str) and p for p in parts)


@SETTINGS
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "action_line",
                "sdg",
                "region",
                "country",
                "entity_type",
                "topic",
                "collection",
                "from",
                "to",
                "q",
                "region_scheme",
                "other",
            ]
        ),
        st.one_of(TEXT, st.lists(TEXT, max_size=3)),
        max_size=6,
    )
)
def test_filters_parse_any_url_parameters(params):
    filters = Filters.parse(params)
    again = Filters.parse(filters.to_query_params())
    assert again == filters  # what the URL is rewritten to means the same filters
    assert len(filters.q) <= 200


# --------------------------------------------------------------------------- the reader

PREFIXES = st.sampled_from(
    [
        b"",
        b"PK\x03\x04",
        b"PAR1",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\xfe\xff",
        b"[",
        b"{",
        b"Project Title,Countries\n",
        b'"',
        b"\x00",
    ]
)
BYTES = st.one_of(
    st.binary(max_size=400),
    st.lists(
        st.sampled_from(
            [
                b"Title",
                b",",
                b";",
                b"\t",
                b"|",
                b'"',
                b"\n",
                b"\r",
                b"x",
                b"\xe9",
                b"\xc3\xa9",
                b"\x00",
                b"[",
                b"]",
                b"{",
                b"}",
                b":",
                b"1",
            ]
        ),
        max_size=60,
    ).map(b"".join),
)


@SETTINGS
@given(prefix=PREFIXES, body=BYTES)
def test_reader_parses_or_raises_a_user_error(prefix, body):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        path.write_bytes(prefix + body)
        try:
            table = read_table(path)
        except UserError:
            table = None
        assert table is None or isinstance(table, RawTable)
        try:
            parsed = ingest.parse_file(path, "cases")
        except UserError:
            return
        assert table is not None  # what the reader refused, ingest cannot load
        assert parsed.rows_read == parsed.rows_loaded + len(parsed.rejected)
        assert len(set(table.columns)) == len(table.columns)  # names made unique
