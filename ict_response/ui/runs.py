"""How many page runs one server works on at once. Streamlit runs each session's script in a
thread of its own, and Python runs one thread at a time: under fifty readers, fifty runs took
turns in 5 ms slices, each finishing only when nearly all had, while the thread that sends
pages to browsers waited its turn among them (bench/load.py: p95 11.7 s at 50 readers, the
server on 0.7 of a core). A page run now takes one of RUNS_AT_ONCE slots, waiting asleep for
a free one: two, so that one run can work in Python while the other waits on DuckDB, which
works outside Python's lock (the same load: p95 5.3 s, 0.8 of a core).

A run that waits on a long job (a steward's preview or publish in its worker process, a
briefing pack) gives its slot back meanwhile (`waiting`). A run never waits more than
MAX_WAIT_SECONDS for a slot: past that it works without one, so a run stuck somewhere cannot
hold every reader back."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

import streamlit as st

RUNS_AT_ONCE = 2
MAX_WAIT_SECONDS = 10.0


class Slots:
    """A bounded number of runs at once; per thread, re-entrant."""

    def __init__(self, n: int, max_wait: float = MAX_WAIT_SECONDS) -> None:
        self._free = threading.BoundedSemaphore(n)
        self._max_wait = max_wait
        self._mine = threading.local()  # does this thread hold a slot?

    def holding(self) -> bool:
        return bool(getattr(self._mine, "held", False))

    @contextmanager
    def run(self) -> Iterator[None]:
        """Around a page run: hold a slot (if one frees within the wait) until it ends."""
        if self.holding():
            yield
            return
        got = self._free.acquire(timeout=self._max_wait)
        self._mine.held = got
        try:
            yield
        finally:
            if self._mine.held:
                self._mine.held = False
                self._free.release()

    @contextmanager
    def waiting(self) -> Iterator[None]:
        """Around a long wait inside a run: the slot goes to another run meanwhile."""
        if not self.holding():
            yield
            return
        self._mine.held = False
        self._free.release()
        try:
            yield
        finally:
            self._mine.held = self._free.acquire(timeout=self._max_wait)


@st.cache_resource(show_spinner=False)
def slots() -> Slots:
    """The server's one set of slots."""
    return Slots(RUNS_AT_ONCE)


def page_run() -> AbstractContextManager[None]:
    return slots().run()


def waiting() -> AbstractContextManager[None]:
    return slots().waiting()
