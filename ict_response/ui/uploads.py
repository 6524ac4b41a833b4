"""Where a steward's uploads wait between preview and publish: one folder per session under
one app-owned root in the system's temporary folder, so that nothing is left behind.

A session's folder goes when its files are published or cleared and when the steward signs
out. Streamlit has no session-end hook, so the rest is swept: at start-up, whenever a
session opens a folder and at most once a minute from the Data page, every folder of a
session that is no longer connected, of a server process that is gone, or untouched for
MAX_AGE_SECONDS. A folder also goes when its session's state is freed or the server stops.
A session that reconnects writes its files again from the uploads it holds in memory."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import time
import weakref
from collections.abc import Callable
from pathlib import Path

from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

log = logging.getLogger(__name__)

ROOT_NAME = "ict-response-uploads"
# A session's folder is touched on every run of the steward section: a folder untouched
# this long belongs to no one.
MAX_AGE_SECONDS = 6 * 3600
# Folders of earlier versions, made straight in the temporary folder.
LEGACY_PREFIX = "ict-response-upload-"
SWEEP_EVERY_SECONDS = 60
# Tests point this at a folder of their own.
TEMP_DIR: Path | None = None
_last_sweep = 0.0


def root() -> Path:
    """The app's folder of upload folders (readable by this user only)."""
    path = (TEMP_DIR or Path(tempfile.gettempdir())) / ROOT_NAME
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


class SessionFolder:
    """One session's upload folder, named `<server pid>-<session id>.<random>`; removed when
    this object is freed (with the session's state), at interpreter exit, or by `remove`."""

    def __init__(self) -> None:
        sweep()
        ctx = get_script_run_ctx()
        session = ctx.session_id if ctx else ""
        self.path = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-{session}.", dir=root()))
        self._remove = weakref.finalize(self, shutil.rmtree, str(self.path), True)

    def use(self) -> Path:
        """The folder, made again if a sweep took it, and marked as in use."""
        self.path.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.utime(self.path)
        return self.path

    def keep_only(self, names: set[str]) -> None:
        """Remove the subfolders (one per uploaded file) that are not named."""
        if self.path.is_dir():
            for child in self.path.iterdir():
                if child.name not in names:
                    shutil.rmtree(child, ignore_errors=True)

    def remove(self) -> None:
        self._remove()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _connected() -> Callable[[str], bool]:
    """Whether a session of this server is connected (any, when there is no server)."""
    if not Runtime.exists():
        return lambda session: True
    return Runtime.instance().is_active_session


def _stale(folder: Path, now: float, connected: Callable[[str], bool]) -> bool:
    pid, _, rest = folder.name.partition("-")
    session = rest.rpartition(".")[0]
    if pid.isdigit() and not _alive(int(pid)):
        return True
    if pid == str(os.getpid()) and session and not connected(session):
        return True
    try:
        return now - folder.stat().st_mtime > MAX_AGE_SECONDS
    except OSError:
        return False


def sweep(now: float | None = None, connected: Callable[[str], bool] | None = None) -> list[Path]:
    """Remove the upload folders nobody owns any more; returns them."""
    global _last_sweep
    _last_sweep = time.time()
    now = _last_sweep if now is None else now
    connected = connected or _connected()
    removed: list[Path] = []
    # A temporary folder that cannot be listed or written is no reason to fail a page.
    with contextlib.suppress(OSError):
        removed += [p for p in root().iterdir() if p.is_dir() and _stale(p, now, connected)]
    with contextlib.suppress(OSError):
        removed += [
            p
            for p in root().parent.iterdir()
            if p.name.startswith(LEGACY_PREFIX) and p.is_dir() and now - p.stat().st_mtime > MAX_AGE_SECONDS
        ]
    for folder in removed:
        shutil.rmtree(folder, ignore_errors=True)
    if removed:
        log.info("Removed %d upload folders left behind", len(removed))
    return removed


def sweep_now_and_then() -> None:
    """`sweep`, unless one ran in the last SWEEP_EVERY_SECONDS."""
    if time.time() - _last_sweep >= SWEEP_EVERY_SECONDS:
        sweep()
