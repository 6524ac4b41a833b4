"""Cached loaders, in one place. One read-only connection per database file, a cursor per
query, and query results cached per (query, filters, parameters, database version): when a
build swaps in a new file, its new version makes every cache entry stale at once."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd
import streamlit as st

from .. import provenance, queries
from ..db import connect_readonly
from ..errors import UserError
from ..filters import Filters
from ..paths import default_db_path

# Bounded, so memory stays flat however many filter combinations users try.
RESULT_CACHE_ENTRIES = 512

_T = TypeVar("_T")


def db_path() -> Path:
    return default_db_path()


def db_version() -> str:
    """Changes whenever a build swaps in a new file (new inode, size or mtime)."""
    try:
        s = os.stat(db_path())
    except FileNotFoundError:
        return "missing"
    return f"{s.st_ino}-{s.st_size}-{s.st_mtime_ns}"


class Reader:
    """The app's one read-only connection, reopened when a build swaps in a new file.

    DuckDB keeps one open instance per file path, so the new file is only seen once every
    connection to the old one is closed: queries in flight finish first (a reader count),
    then the old connection is closed and the new file opened. So nothing else in the app
    process may keep a connection to the file open: a reopen would be handed the instance
    still open on the old file (tests/test_concurrency.py reads through this one Reader).
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._active = 0
        self._version: str | None = None
        self._connection: duckdb.DuckDBPyConnection | None = None

    def _current(self) -> duckdb.DuckDBPyConnection:
        version = db_version()
        if version != self._version:
            while self._active:
                self._changed.wait()
            if self._connection is not None:
                self._connection.close()
                self._connection = None
            self._connection = connect_readonly(db_path())
            self._version = version
        assert self._connection is not None  # opened whenever the version is known
        return self._connection

    def run(self, name: str, filters: Filters, params: dict[str, object]) -> pd.DataFrame:
        return self.call(lambda connection: queries.run(connection, name, filters, params))

    def call(self, fn: Callable[[duckdb.DuckDBPyConnection], _T]) -> _T:
        """`fn(connection)` on the current database, counted as a query in flight."""
        with self._changed:
            connection = self._current()
            self._active += 1
        try:
            return fn(connection)
        finally:
            with self._changed:
                self._active -= 1
                self._changed.notify_all()

    def check(self) -> None:
        with self._changed:
            self._current()


@st.cache_resource(show_spinner=False)
def reader() -> Reader:
    return Reader()


@st.cache_data(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False)
def _query(
    name: str,
    filter_params: tuple[tuple[str, str], ...],
    params: tuple[tuple[str, object], ...],
    version: str,
) -> pd.DataFrame:
    filters = Filters.parse(dict(filter_params))
    return reader().run(name, filters, dict(params))


def query(name: str, filters: Filters | None = None, **params: object) -> pd.DataFrame:
    """Run a named query for the current database, cached."""
    filters = filters or Filters()
    return _query(
        name, tuple(sorted(filters.to_query_params().items())), tuple(sorted(params.items())), db_version()
    )


def available() -> str | None:
    """None when the database can be read, else a sentence saying what to do."""
    try:
        reader().check()
    except UserError as e:
        return str(e)
    return None


def meta() -> dict[str, str]:
    frame = query("meta")
    return dict(zip(frame["key"], frame["value"], strict=True))


def sample_notice() -> str:
    """Which collections are sample data, in a sentence ('' when none)."""
    return provenance.sample_notice(meta())
