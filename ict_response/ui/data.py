"""Cached loaders, in one place. One read-only connection per database file, a cursor per
query, and query results cached per (query, filters, parameters, database version): when a
build swaps in a new file, its new version makes every cache entry stale at once.

Query results hold no words of ours, so every language shares them. A cached result that does
(a chart's titles, the why of a found case) is cached per language too: its function takes
`lang` (the caller passes `i18n.current()`) and speaks it while it builds the result."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd
import streamlit as st

from .. import catalog, i18n, names, provenance, queries, replication
from ..db import connect_readonly
from ..errors import UserError
from ..filters import Filters
from ..paths import default_db_path

# Bounded, so memory stays flat however many filter combinations users try.
RESULT_CACHE_ENTRIES = 512
CHART_CACHE_ENTRIES = 128

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

    A page run holds one database from its first query to its last (`pinned`): a new file is
    opened only once the runs holding the old one have finished, so no page shows figures from
    two builds. A run that never finishes cannot hold the switch back beyond DRAIN_SECONDS.
    """

    DRAIN_SECONDS = 30.0

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._active = 0  # queries in flight
        self._runs = 0  # page runs holding the open file
        self._local = threading.local()  # per thread: how deeply this thread's run is pinned
        self._version: str | None = None
        self._connection: duckdb.DuckDBPyConnection | None = None

    def _pinned(self) -> bool:
        return bool(getattr(self._local, "depth", 0))

    def _current(self) -> duckdb.DuckDBPyConnection:
        """The open connection; first the new file, if a build swapped one in and this
        thread's run does not hold the old one. Called holding self._changed."""
        if self._pinned() and self._connection is not None:
            return self._connection
        version = db_version()
        if version != self._version:
            deadline = time.monotonic() + self.DRAIN_SECONDS
            while self._active or self._runs:
                left = deadline - time.monotonic()
                if left <= 0 and not self._active:
                    break
                self._changed.wait(max(left, 0.05))
            if self._connection is not None:
                self._connection.close()
                self._connection = None
            # Known again only once a file is open: a file that cannot be opened (missing, of
            # another version) is tried again on the next query, whatever comes back.
            self._version = None
            self._connection = connect_readonly(db_path())
            self._version = version
        assert self._connection is not None  # opened whenever the version is known
        return self._connection

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """Every query of this thread inside the block reads the same database file."""
        if self._pinned():
            self._local.depth += 1
            try:
                yield
            finally:
                self._local.depth -= 1
            return
        try:
            with self._changed:
                self._current()
                self._runs += 1
            holding = True
        except UserError:  # no database to hold: `available()` says why
            holding = False
        if not holding:
            yield
            return
        self._local.depth = 1
        try:
            yield
        finally:
            self._local.depth = 0
            with self._changed:
                self._runs -= 1
                self._changed.notify_all()

    def version(self) -> str:
        """The version of the file this thread's queries read (its run's, when pinned)."""
        with self._changed:
            if self._pinned() and self._version is not None:
                return self._version
        return db_version()

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


# A resource cache, not a data cache: st.cache_data pickles a result on every hit, which under
# many readers cost more than the queries. Every caller gets its own shallow copy (`query`),
# which pandas' copy-on-write keeps from changing the cached frame.
@st.cache_resource(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False)
def _query(
    name: str,
    filter_params: tuple[tuple[str, str], ...],
    params: tuple[tuple[str, object], ...],
    version: str,
) -> pd.DataFrame:
    filters = Filters.parse(dict(filter_params))
    return reader().run(name, filters, dict(params))


def query(name: str, filters: Filters | None = None, **params: object) -> pd.DataFrame:
    """Run a named query for the current database, cached; its names in this run's language
    (one cached result serves every language)."""
    filters = filters or Filters()
    # Keyed on the parameters the query takes: the sidebar's counts pass all_places=True to
    # every counting query, and the Overview's charts ask most of them without it.
    used = queries.parameters_of(name)
    result = _query(
        name,
        tuple(sorted(filters.to_query_params().items())),
        tuple(sorted((k, v) for k, v in params.items() if k in used)),
        reader().version(),
    )
    return names.localise(result.copy(deep=False))


def one_database() -> AbstractContextManager[None]:
    """Around a page run: all its queries read one database, even if a build swaps in a new
    file meanwhile (the next run reads the new one)."""
    return reader().pinned()


@st.cache_resource(max_entries=CHART_CACHE_ENTRIES, show_spinner=False)
def _chart(
    name: str,
    filter_params: tuple[tuple[str, str], ...],
    params: tuple[tuple[str, object], ...],
    version: str,
    lang: str,
) -> catalog.Chart:
    with i18n.using(lang):
        filters = Filters.parse(dict(filter_params))
        context = catalog.Context(lambda query_name, f, p: query(query_name, f, **p), filters)
        return catalog.render(name, context, **dict(params))


def chart(name: str, filters: Filters, **params: object) -> catalog.Chart:
    """A catalogue chart drawn for the current database in this run's language, cached and
    shared between sessions (building a plotly figure was most of a page's time under many
    readers): callers must not change the figure or the frame."""
    return _chart(
        name,
        tuple(sorted(filters.to_query_params().items())),
        tuple(sorted(params.items())),
        reader().version(),
        i18n.current(),
    )


@st.cache_data(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False)
def _similar(case_id: str, k: int, scope: str, version: str, lang: str) -> list[replication.Match]:
    with i18n.using(lang):
        return reader().call(lambda con: replication.similar(con, case_id, k, scope))


def similar(case_id: str, scope: str, k: int = replication.DEFAULT_K) -> list[replication.Match]:
    """The cases most like one case (replication finder), each with why in this run's
    language, cached."""
    return _similar(case_id, k, scope, reader().version(), i18n.current())


@st.cache_data(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False)
def _find(
    need: str, filter_params: tuple[tuple[str, str], ...], k: int, version: str, lang: str
) -> list[replication.Match]:
    with i18n.using(lang):
        filters = Filters.parse(dict(filter_params))
        return reader().call(lambda con: replication.find(con, need, filters, k))


def find(need: str, filters: Filters, k: int = replication.DEFAULT_K) -> list[replication.Match]:
    """The filtered cases that best meet a need (replication finder), each with why in this
    run's language, cached."""
    params = tuple(sorted(filters.to_query_params().items()))
    return _find(need, params, k, reader().version(), i18n.current())


@st.cache_data(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False)
def _candidates(
    topic: str,
    region: str,
    country: str,
    filter_params: tuple[tuple[str, str], ...],
    k: int,
    version: str,
    lang: str,
) -> list[replication.Match]:
    with i18n.using(lang):
        filters = Filters.parse(dict(filter_params))
        return reader().call(lambda con: replication.candidates(con, topic, region, filters, k, country))


def candidates(
    topic: str, region: str, filters: Filters, k: int = replication.DEFAULT_K, country: str = ""
) -> list[replication.Match]:
    """The cases to replicate where a topic is missing (replication map, a country's
    profile), each with why in this run's language, cached."""
    params = tuple(sorted(filters.to_query_params().items()))
    return _candidates(topic, region, country, params, k, reader().version(), i18n.current())


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
