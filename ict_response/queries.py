"""Run the named questions in queries/*.sql: one file per question, values always bound.

Each query file names its parameters in a header comment; the runner binds the filter
parameters and any extra ones the file uses, and nothing else (DuckDB refuses unused names).
A query file filters with `filtered_cases($filters)` or `filtered_sessions($filters)`: the
runner writes it as the rows passing the filters that are set, from their declarations
(filters.py), with one bound parameter per value; so no query file repeats the list of
filters, and DuckDB plans no predicate of a filter that is not set.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from . import initiatives, limits, meaning
from .errors import UserError
from .filters import SPECS, TABLES, Filters, chosen_sql
from .paths import QUERIES_DIR

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_FILTERED = re.compile(r"\bfiltered_(" + "|".join(TABLES) + r")\(\$filters\)")


def query_names() -> list[str]:
    """Every named query (files starting with _ hold shared macros, not questions)."""
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql") if not p.name.startswith("_"))


@cache
def _text(name: str) -> str:
    if not _NAME.match(name) or not (QUERIES_DIR / f"{name}.sql").is_file():
        raise UserError(f"No query named {name!r}. Known queries: {', '.join(query_names())}.")
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


@lru_cache(maxsize=2048)
def _sql_and_params(name: str, chosen: frozenset[str]) -> tuple[str, frozenset[str]]:
    """The query's SQL with `filtered_<table>($filters)` written for the filters `chosen`
    (filters.chosen_sql), and the parameters it then takes."""
    sql = _FILTERED.sub(lambda m: chosen_sql(m[1], chosen), _text(name))
    code = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return sql, frozenset(_PARAM.findall(code))


def sql_of(name: str, filters: Filters | None = None) -> str:
    """The SQL `run` executes for these filters (none set, by default)."""
    return _sql_and_params(name, (filters or Filters()).chosen())[0]


def parameters_of(name: str) -> frozenset[str]:
    """Every parameter the query can take: its own and, if it filters, every filter's."""
    return _sql_and_params(name, frozenset(s.name for s in SPECS))[1]


def bind(name: str, filters: Filters, params: dict[str, object] | None = None) -> dict[str, object]:
    """The named parameters for one query: filters, then extras, only those it uses."""
    wanted = _sql_and_params(name, filters.chosen())[1]
    values = {**filters.to_sql_params(), **DEFAULTS, **(params or {})}
    missing = wanted - values.keys()
    if missing:
        raise UserError(f"Query {name!r} needs parameters: {', '.join(sorted(missing))}.")
    return {k: v for k, v in values.items() if k in wanted}


# How much the overlap of two cases' topics, Action Lines and SDGs (0 to 1) adds to the score
# of "cases like this one" (queries/similar_cases.sql), beside their words' cosine (0 to 1).
TAG_WEIGHT = 0.1

# Defaults of the query-specific parameters (overridden per call).
DEFAULTS: dict[str, object] = {
    "rollup": False,
    "limit": 100,
    "offset": 0,
    "all_places": False,
    "initiatives": initiatives.COLLECTION,
    "max_chars": limits.MAX_SHOWN_CHARS,
    "meaning_weight": meaning.WEIGHT,
    "tag_weight": TAG_WEIGHT,
}


def run(
    con: duckdb.DuckDBPyConnection,
    name: str,
    filters: Filters | None = None,
    params: dict[str, object] | None = None,
) -> pd.DataFrame:
    """Run one named query on its own cursor (safe across threads) and return a DataFrame."""
    sql, values = prepare(name, filters, params)
    cursor = con.cursor()
    try:
        return cursor.execute(sql, values).df()
    finally:
        cursor.close()


def prepare(
    name: str, filters: Filters | None = None, params: dict[str, object] | None = None
) -> tuple[str, dict[str, object]]:
    """The exact SQL text and bound parameters `run` executes for this call (the benchmark
    times raw DuckDB on the same pair)."""
    filters = filters or Filters()
    return sql_of(name, filters), bind(name, filters, params)


def run_path(
    db_path: Path, name: str, filters: Filters | None = None, params: dict[str, object] | None = None
) -> pd.DataFrame:
    from .db import connect_readonly

    con = connect_readonly(db_path)
    try:
        return run(con, name, filters, params)
    finally:
        con.close()
