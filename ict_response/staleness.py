"""The temporary files of a build, and what a killed build leaves behind.

A build writes `.NAME.<pid>.<random>.building` (and DuckDB its `.wal`) beside the database
and swaps it in when complete; a failure removes it. A build killed outright (SIGKILL, power
loss) cannot clean up, so the next build removes the temporary files of builds whose process
is gone. Files of a live process, including this one (another thread may be building), are
left alone.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from pathlib import Path

# Temporary files of builds before the process id was part of the name: removed once no one
# has written them for this long (no build takes an hour).
UNOWNED_AFTER_SECONDS = 3600


def temp_path(db_path: Path) -> Path:
    """A new temporary build file beside `db_path`, named with this process's id."""
    return db_path.with_name(f".{db_path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.building")


def _pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(db_path.name)}\.(?:(\d+)\.)?[0-9a-f]{{8}}\.building(?:\.wal)?$")


def process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OverflowError:
        return False
    return True


def stale_files(db_path: Path) -> list[Path]:
    """Temporary build files beside `db_path` that no live build owns."""
    folder = Path(db_path).parent
    if not folder.is_dir():
        return []
    pattern = _pattern(Path(db_path))
    stale = []
    for path in folder.iterdir():
        match = pattern.match(path.name)
        if not match:
            continue
        if match.group(1) is not None:
            pid = int(match.group(1))
            if pid == os.getpid() or process_alive(pid):
                continue
        else:
            try:
                if time.time() - path.stat().st_mtime < UNOWNED_AFTER_SECONDS:
                    continue
            except FileNotFoundError:
                continue
        stale.append(path)
    return sorted(stale)


def remove_stale(db_path: Path) -> list[Path]:
    """Remove what killed builds left beside `db_path`; returns the files removed."""
    removed = []
    for path in stale_files(db_path):
        try:
            path.unlink()
        except FileNotFoundError:  # another build removed it first
            continue
        removed.append(path)
    return removed
