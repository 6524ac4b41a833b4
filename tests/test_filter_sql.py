"""The rows a query reads through `filtered_<table>($filters)` (filters.chosen_sql: only
the filters set, values bound) are exactly those of the stored macro `filtered_<table>`,
which states every filter with its "not set" test, for each filter alone and in
combinations, on the shipped sample."""

from __future__ import annotations

import itertools

import pytest

from ict_response.db import connect_readonly
from ict_response.filters import TABLES, Filters, chosen_sql, macro_arguments

ONE_EACH = [
    "q=health",
    "q=tele medicine",  # not one word: the texts themselves are searched
    "action_line=C7",  # C7 takes its sub-lines
    "action_line=C7-EHEALTH,C4",
    "sdg=3,4",
    "region=Africa",
    "region=Global",  # a scope, not a place
    "region_scheme=m49&region=Europe",
    "region_scheme=m49&region=Western Africa",  # an M49 sub-region
    "country=KEN,FRA",
    "entity_type=Government",
    "topic=health,learning",
    "from=2020-06-01",
    "to=2020-12-31",
]
KEY = {"cases": "case_no", "sessions": "session_id"}


def _filters(*pairs: str) -> Filters:
    return Filters.from_pairs([p for pair in pairs for p in pair.split("&")])


@pytest.fixture(scope="module")
def con(sample_db):
    connection = connect_readonly(sample_db)
    yield connection
    connection.close()


def _rows(con, table: str, sql: str, filters: Filters) -> list:
    values = filters.to_sql_params()
    wanted = {name for name in values if f"${name}" in sql}
    cursor = con.cursor()
    try:
        return [r[0] for r in cursor.execute(sql, {k: values[k] for k in wanted}).fetchall()]
    finally:
        cursor.close()


def _both(con, table: str, filters: Filters) -> tuple[list, list]:
    key = KEY[table]
    stored = f"SELECT {key} FROM filtered_{table}({macro_arguments(table)}) ORDER BY {key}"
    written = f"SELECT {key} FROM {chosen_sql(table, filters.chosen())} ORDER BY {key}"
    return _rows(con, table, stored, filters), _rows(con, table, written, filters)


@pytest.mark.parametrize("table", list(TABLES))
@pytest.mark.parametrize("pair", ["", *ONE_EACH])
def test_each_filter_alone_keeps_the_rows_the_stored_macro_keeps(con, table, pair):
    stored, written = _both(con, table, _filters(pair) if pair else Filters())
    assert stored == written


@pytest.mark.parametrize("table", list(TABLES))
def test_filters_together_keep_the_rows_the_stored_macro_keeps(con, table):
    nonempty = 0
    for a, b in itertools.combinations(ONE_EACH, 2):
        if a.split("=")[0].split("&")[-1] == b.split("=")[0].split("&")[-1]:
            continue  # the same filter twice: the second value would replace the first
        stored, written = _both(con, table, _filters(a, b))
        assert stored == written, (a, b)
        nonempty += bool(stored)
    assert nonempty > 20  # the combinations keep rows, so equality says something
