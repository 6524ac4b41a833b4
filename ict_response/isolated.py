"""Work on an uploaded file away from the readers: in a child process, at a lower CPU
priority, with a memory and a time limit (ict_response/limits.py). A hostile or merely huge
export can then take neither the server's memory nor its interpreter: when a limit is passed
the child is stopped at once and the steward gets one sentence naming the limit.

Children are forked from a fork server started once, with the import and parsing modules
already loaded (a start costs milliseconds, not the seconds of importing pandas and DuckDB),
so nothing of the server's threads or open database is inherited; each sends back only its
result, pickled, or the error it raised.

A child speaks the language of the run that started it (i18n.using): the sentences it writes
(a refusal, a note, a progress step, a preview's headings) reach the page whole, in the
page's language."""

from __future__ import annotations

import multiprocessing
import multiprocessing.spawn
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from . import i18n, limits
from .errors import UserError

_T = TypeVar("_T")
POLL_SECONDS = 0.1
# Readers first: the child runs at this niceness (0 is the server's; 19 the lowest).
NICENESS = 10
# True: run the work here, in this process, without limits. Only for tests that replace
# functions of the server's modules, which a worker would not see.
INLINE = False


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:  # ended meanwhile, or not Linux: the time limit still holds
        pass
    return 0.0


@dataclass(frozen=True)
class Stopped:
    """The sentences that say a worker was stopped, one per way, whole for the catalog: `died`
    (with {status}, the exit status), `memory` ({memory}: megabytes) and `too_long`
    ({seconds}), each also with the placeholders `names` fills (the file's name, say)."""

    died: str
    memory: str
    too_long: str
    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def doing(cls, what: str) -> Stopped:
        """The sentences for work named in a few English words ("Reading cases.csv"): for tools
        and tests; what a page shows passes its own, translated."""
        return cls(
            "{what} stopped its worker (exit status {status}); the file is probably too large: split it.",
            "{what} needed more than {memory} MB of memory, the limit for one file: split it.",
            "{what} took longer than {seconds} s, the limit for one file: split it.",
            {"what": what},
        )


_started: list[Any] = []
WORKER_NAME = "ict-response-worker"
_preparation_data = multiprocessing.spawn.get_preparation_data


def _preparation_without_main(name: str) -> dict[str, Any]:
    """A worker does not run the parent's main module first. multiprocessing would, and in
    the app that module is the dashboard script (Streamlit runs it as __main__): every worker
    drew the whole page before starting its work, blocked once its warnings filled a pipe."""
    data: dict[str, Any] = _preparation_data(name)
    if name == WORKER_NAME:
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
    return data


multiprocessing.spawn.get_preparation_data = _preparation_without_main


def _context() -> Any:
    if not _started:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["ict_response.imports"])
        _started.append(context)
    return _started[0]


def _child(
    conn: Connection,
    fn: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    reports: bool,
    lang: str = i18n.SOURCE,
) -> None:
    try:
        os.nice(NICENESS)
    except OSError:
        pass
    # Nothing the work prints may block it: the server's output may be a pipe nobody reads
    # while the page waits (a test's server, a service manager).
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    try:
        with i18n.using(lang):  # the page's language, not the fork server's
            if reports:  # fn(..., progress=...): each step goes to the parent as it happens
                result = fn(*args, **kwargs, progress=lambda step, f: conn.send(("progress", (step, f))))
            else:
                result = fn(*args, **kwargs)
        conn.send(("ok", result))
    except BaseException as e:  # noqa: BLE001 - every failure goes back to the parent to say
        try:
            conn.send(("error", e))
        except Exception:  # an exception that cannot be pickled: its words still can
            conn.send(("error", RuntimeError(f"{type(e).__name__}: {e}")))
    finally:
        conn.close()


def run(
    fn: Callable[..., _T],
    *args: Any,
    what: str | Stopped,
    memory_mb: float | None = None,
    seconds: float | None = None,
    progress: Callable[[str, float], object] | None = None,
    **kwargs: Any,
) -> _T:
    """`fn(*args, **kwargs)` in a child process; its result, or its exception raised here. Past
    `memory_mb` of resident memory or `seconds` of time the child is stopped and a UserError
    says which limit `what` ("Reading cases.csv", or the sentences of a `Stopped`) passed. With
    `progress`, `fn` is called with a `progress(step, fraction)` of its own whose reports
    arrive here as they happen. The child speaks this run's language."""
    if INLINE:
        return fn(*args, **kwargs, progress=progress) if progress is not None else fn(*args, **kwargs)
    memory_mb = limits.MAX_WORKER_MB if memory_mb is None else memory_mb
    seconds = limits.MAX_WORKER_SECONDS if seconds is None else seconds
    stopped = Stopped.doing(what) if isinstance(what, str) else what
    context = _context()
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(send, fn, args, kwargs, progress is not None, i18n.current()),
        daemon=True,
        name=WORKER_NAME,
    )
    child.start()
    send.close()  # the child holds its end: a child that dies leaves the pipe at EOF
    deadline = time.monotonic() + seconds
    peak = 0.0
    try:
        while True:
            if receive.poll(POLL_SECONDS):
                try:
                    status, value = receive.recv()
                except EOFError:  # died without a word: killed, most likely for memory
                    raise UserError(stopped.died.format(**stopped.names, status=child.exitcode)) from None
                if status == "progress":
                    if progress is not None:
                        progress(*value)
                    continue
                break
            peak = max(peak, rss_mb(child.pid or 0))
            if peak > memory_mb:
                raise UserError(stopped.memory.format(**stopped.names, memory=i18n.number(memory_mb)))
            if time.monotonic() > deadline:
                raise UserError(stopped.too_long.format(**stopped.names, seconds=i18n.number(seconds)))
    finally:
        if child.is_alive():
            child.kill()
        child.join(timeout=10)
        receive.close()
    if status == "error":
        raise value
    return value  # type: ignore[no-any-return]
