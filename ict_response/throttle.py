"""A server-wide brake on guessing the steward password: wrong passwords from every session
count together. After FREE_FAILURES wrong passwords within WINDOW_SECONDS, each further
attempt must wait a rising delay (FIRST_DELAY, twice that, four times ... up to
MAX_DELAY seconds) after the last wrong one; the right password works again once the wait is
over. Pure: no Streamlit here (ui/steward.py says it in a sentence).

Where the count lives: in this process (a lock-protected module-level store) and, when the
folder of the database can be written, in a small JSON file beside it (`.steward-throttle`,
read and written under an exclusive file lock). Several copies of the app behind one proxy
already share that folder, since they serve the same database, so they share one count too;
a new browser, tab or replica does not start afresh. Without a usable file, the count is
this process's alone (said once in the log)."""

from __future__ import annotations

import fcntl
import json
import logging
import math
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import i18n
from .i18n import ngettext

log = logging.getLogger(__name__)

FREE_FAILURES = 5
WINDOW_SECONDS = 5 * 60
FIRST_DELAY = 2.0
MAX_DELAY = 120.0
FILE_NAME = ".steward-throttle"
# The first delay can be shortened (tests) or lengthened without a code change.
DELAY_ENV_VAR = "ICT_RESPONSE_THROTTLE_SECONDS"


def first_delay() -> float:
    """FIRST_DELAY, or the number of seconds in $ICT_RESPONSE_THROTTLE_SECONDS when valid."""
    try:
        value = float(os.environ.get(DELAY_ENV_VAR, ""))
    except ValueError:
        return FIRST_DELAY
    return value if 0 < value <= MAX_DELAY else FIRST_DELAY


@dataclass
class _State:
    failures: list[float] = field(default_factory=list)  # times of recent wrong passwords
    blocked_until: float = 0.0


def _delay(failures: int, first: float) -> float:
    """The wait after `failures` wrong passwords within the window (0 while under the limit)."""
    if failures < FREE_FAILURES:
        return 0.0
    return float(min(MAX_DELAY, first * 2.0 ** (failures - FREE_FAILURES)))


class Throttle:
    """The count of wrong passwords, for one database's stewards. `clock` is injectable."""

    def __init__(
        self, path: Path | None, clock: Callable[[], float] = time.time, first: float | None = None
    ) -> None:
        self.path = path
        self.clock = clock
        self.first = first_delay() if first is None else first
        self._lock = threading.Lock()
        self._memory = _State()
        self._file_ok = path is not None

    def wait_seconds(self) -> float:
        """How long before the next try is possible (0: now)."""
        with self._state() as state:
            return max(0.0, state.blocked_until - self.clock())

    def failed(self) -> float:
        """Count one wrong password; returns the wait it sets for the next try (0: none)."""
        with self._state() as state:
            now = self.clock()
            state.failures = [t for t in state.failures if now - t < WINDOW_SECONDS] + [now]
            delay = _delay(len(state.failures), self.first)
            if delay:
                state.blocked_until = max(state.blocked_until, now + delay)
            return delay

    @contextmanager
    def _state(self) -> Iterator[_State]:
        with self._lock:
            if self._file_ok and self.path is not None:
                try:
                    with _locked_file(self.path) as f:
                        state = _read(f, self.clock())
                        yield state
                        _write(f, state)
                    return
                except OSError as e:
                    self._file_ok = False
                    log.warning(
                        "The steward throttle cannot be kept in %s (%s): wrong passwords are counted "
                        "by this server process alone",
                        self.path,
                        e,
                    )
            yield self._memory


@contextmanager
def _locked_file(path: Path) -> Iterator[int]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        os.close(fd)  # closing releases the lock


def _read(fd: int, now: float) -> _State:
    """The stored state; an empty, damaged or foreign file counts as no failures."""
    os.lseek(fd, 0, os.SEEK_SET)
    raw = os.read(fd, 65536)
    try:
        data = json.loads(raw.decode("utf-8")) if raw.strip() else {}
        failures = [float(t) for t in data.get("failures", []) if now - float(t) < WINDOW_SECONDS]
        return _State(failures[-100:], float(data.get("blocked_until", 0.0)))
    except (ValueError, TypeError, AttributeError, UnicodeDecodeError):
        return _State()


def _write(fd: int, state: _State) -> None:
    text = json.dumps({"failures": state.failures[-100:], "blocked_until": state.blocked_until})
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    os.write(fd, text.encode("utf-8"))


_throttles: dict[Path, Throttle] = {}
_registry_lock = threading.Lock()


def for_database(db_path: Path) -> Throttle:
    """The one throttle of this server process for the stewards of `db_path`."""
    folder = Path(db_path).resolve().parent
    with _registry_lock:
        throttle = _throttles.get(folder)
        if throttle is None:
            throttle = _throttles[folder] = Throttle(folder / FILE_NAME)
        return throttle


def sentence(wait: float) -> str:
    """What the sign-in form says while the server makes guessers wait."""
    seconds = max(1, math.ceil(wait))
    minutes = WINDOW_SECONDS // 60
    # Translators: {seconds} is a number of seconds ("s": the unit).
    wait_now = ngettext(
        "Too many wrong passwords on this server: the next try is possible in {seconds} s.",
        "Too many wrong passwords on this server: the next try is possible in {seconds} s.",
        seconds,
    ).format(seconds=i18n.number(seconds))
    # Translators: the form follows {failures}, a number of wrong passwords (5); {minutes} is a
    # number of minutes (5).
    why = ngettext(
        "After {failures} wrong password within {minutes} minutes, from any browser, each further try "
        "waits longer.",
        "After {failures} wrong passwords within {minutes} minutes, from any browser, each further try "
        "waits longer.",
        FREE_FAILURES,
    ).format(failures=i18n.number(FREE_FAILURES), minutes=i18n.number(minutes))
    return f"{wait_now} {why}"
