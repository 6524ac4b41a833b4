"""The kept imports: a content-addressed copy of every imported file, and a manifest of
which copies make up the database, in order. This folder is the source of truth; the
database is derived from it and can always be rebuilt.

Writers take turns: every build, ingest, withdraw and saved column mapping runs inside
`writing(db_path, ...)`, which first refuses an unusable database path (before any work)
and then holds an exclusive lock on `imports/.lock` (the folder's kept imports, manifest and
mappings, and the databases built from them). The lock file names its holder (process id,
command, since when) so that a writer that may not wait says who is writing.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from . import initiatives, limits
from .errors import UserError
from .paths import SAMPLE_DIR, imports_dir

MANIFEST = "manifest.json"
EARLIER_SAMPLES = "EARLIER_SHA256SUMS"
LOCK = ".lock"
# How long a writer waits for the one before it by default (a million-case build takes
# about a minute on a small machine).
DEFAULT_WAIT_SECONDS = 300.0
# Kinds under their earlier names in manifests (and remembered mappings) written by earlier
# versions.
KIND_RENAMED = {"workshops": "sessions"}
# A kept copy: its content hash and the file's last suffix (see ImportStore.new_entry).
_KEPT_NAME = re.compile(r"^[0-9a-f]{64}(?:\.[^./]{1,9})?(?:\.partial)?$")


@dataclass(frozen=True)
class ImportEntry:
    import_id: str
    kind: str  # "cases" or "sessions"
    sha256: str
    file_name: str  # the name the file had when it was imported
    stored_name: str  # its copy inside the imports folder
    added_at: str
    added_by: str = ""
    sheet: str | None = None
    # Header -> field chosen by hand for columns the aliases do not recognise; a rebuild
    # reads the file with the same mapping.
    mapping: dict[str, str] | None = None
    # Shipped with the dashboard as real data (ITU's COVID-19 initiatives): part of every
    # build, read from data/collections/, never kept, never in the manifest.
    shipped: bool = False


def clean_name(name: str) -> str:
    """A file name as kept with its import: without control characters, and at most
    limits.MAX_NAME_CHARS characters (cut in the middle, so its suffix stays)."""
    printable = "".join(ch for ch in name if ch >= " " and ch != "\x7f")
    return shown_name(printable, limits.MAX_NAME_CHARS)


def shown_name(name: str, limit: int = 80) -> str:
    """`name` in at most `limit` characters: its start, "…" and its last characters."""
    if len(name) <= limit:
        return name
    tail = min(9, limit // 3)
    return name[: limit - tail - 1] + "…" + name[-tail:]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@cache
def sample_hashes() -> frozenset[str]:
    """Hashes of the shipped sample exports, this version's and earlier ones (listed in
    data/sample/EARLIER_SHA256SUMS, so a deployment that imported an older sample still
    sees it marked): anything built from them is sample data."""
    if not SAMPLE_DIR.is_dir():
        return frozenset()
    hashes = {sha256_of(p) for p in SAMPLE_DIR.iterdir() if p.is_file() and p.suffix == ".csv"}
    earlier = SAMPLE_DIR / EARLIER_SAMPLES
    if earlier.is_file():
        for line in earlier.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                hashes.add(line.split()[0].lower())
    return frozenset(hashes)


def is_sample(entry: ImportEntry) -> bool:
    return not entry.shipped and entry.sha256 in sample_hashes()


def shipped_imports() -> list[tuple[ImportEntry, Path]]:
    """The real collections shipped with the dashboard (ITU's COVID-19 initiatives), as
    imports that every build reads first (see ImportStore.inputs)."""
    path = initiatives.EXPORT
    if not path.is_file():
        return []
    sha = sha256_of(path)
    entry = ImportEntry(
        import_id=f"c-{sha[:12]}",
        kind="cases",
        sha256=sha,
        file_name=path.name,
        stored_name="",
        added_at=initiatives.LISTED_ON,
        added_by="shipped with the dashboard",
        shipped=True,
    )
    return [(entry, path)]


def samples_replaced(existing: list[ImportEntry], new: list[tuple[str, str]]) -> list[ImportEntry]:
    """The sample imports among `existing` that new exports ((kind, sha256) each) replace:
    the first real export of a kind replaces the sample of that kind."""
    samples = sample_hashes()
    real_kinds = {kind for kind, sha in new if sha not in samples}
    return [e for e in existing if e.kind in real_kinds and is_sample(e)]


class ImportStore:
    def __init__(self, db_path: Path) -> None:
        self.dir = imports_dir(db_path)

    @property
    def manifest_path(self) -> Path:
        return self.dir / MANIFEST

    def entries(self) -> list[ImportEntry]:
        if not self.manifest_path.exists():
            return []
        data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        return [ImportEntry(**{**e, "kind": KIND_RENAMED.get(e["kind"], e["kind"])}) for e in data["imports"]]

    def entries_to_rebuild(self, db_path: Path) -> list[ImportEntry]:
        """The kept imports a rebuild of `db_path` reads; refused in one sentence when none."""
        entries = self.entries()
        if not entries:
            raise UserError(
                f"{db_path}: there are no kept imports to rebuild from; build the database with "
                "`ict-response build` (the sample: `ict-response build --sample`)."
            )
        return entries

    def path_of(self, entry: ImportEntry) -> Path:
        return self.dir / entry.stored_name

    def inputs(self, entries: list[ImportEntry]) -> list[tuple[ImportEntry, Path]]:
        """What a build of these kept imports reads: the shipped collections first, then
        each kept copy."""
        return shipped_imports() + [(e, self.path_of(e)) for e in entries]

    def new_entry(
        self,
        path: Path,
        kind: str,
        sheet: str | None = None,
        added_by: str = "",
        mapping: dict[str, str] | None = None,
        file_name: str | None = None,
    ) -> ImportEntry:
        """Describe `path` as an import (not yet kept); `file_name` is the name to show when
        `path` is a temporary copy (an upload)."""
        sha = sha256_of(path)
        suffix = "".join(path.suffixes[-1:]).lower()[:10]
        return ImportEntry(
            import_id=f"{kind[0]}-{sha[:12]}",
            kind=kind,
            sha256=sha,
            file_name=clean_name(file_name or path.name),
            stored_name=f"{sha}{suffix}",
            added_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            added_by=added_by,
            sheet=sheet,
            mapping=dict(mapping) if mapping else None,
        )

    def keep(self, path: Path, entry: ImportEntry) -> None:
        """Copy the file in under its content hash (written whole, then renamed)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        target = self.path_of(entry)
        if target.exists():
            return
        tmp = target.with_name(target.name + ".partial")
        shutil.copyfile(path, tmp)
        os.replace(tmp, target)

    def prepare_manifest(self, entries: list[ImportEntry]) -> Path:
        """Write the next manifest beside the current one; `commit_manifest` swaps it in."""
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self.manifest_path.with_name(MANIFEST + ".partial")
        tmp.write_text(json.dumps({"imports": [asdict(e) for e in entries]}, indent=2), encoding="utf-8")
        return tmp

    def commit_manifest(self, prepared: Path) -> None:
        os.replace(prepared, self.manifest_path)

    def discard(self, entry: ImportEntry) -> None:
        """Delete the kept copy of a withdrawn import (unless another entry still uses it)."""
        if any(e.stored_name == entry.stored_name for e in self.entries()):
            return
        self.path_of(entry).unlink(missing_ok=True)

    def prune(self) -> list[str]:
        """Delete kept copies that the manifest does not list (left by a build that replaced
        every import, a withdrawal, or a writer stopped between copying and committing), so
        that the folder holds exactly what the manifest names. Call it holding the lock."""
        if not self.dir.is_dir():
            return []
        listed = {e.stored_name for e in self.entries()}
        removed = []
        for path in self.dir.iterdir():
            if _KEPT_NAME.match(path.name) and path.name not in listed and path.is_file():
                path.unlink(missing_ok=True)
                removed.append(path.name)
        return sorted(removed)


# --------------------------------------------------------------------------- one writer at a time


class WriterBusyError(UserError):
    """Another build, ingest or withdraw holds the lock and this one may not wait longer."""


def check_db_path(db_path: Path) -> None:
    """Refuse, in one sentence, a database path that a build could never swap a file into:
    a folder, a path under a regular file, or a folder this process cannot write in."""
    db_path = Path(db_path)
    if db_path.is_dir():
        raise UserError(
            f"{db_path}: is a folder, not a database file; give the path of a file "
            f"such as {db_path / 'ict_response.duckdb'}."
        )
    if db_path.exists() and not db_path.is_file():
        raise UserError(f"{db_path}: is not a regular file; give the path of a database file.")
    folder = db_path.absolute().parent
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise UserError(f"{db_path}: {existing} is a file, not a folder; choose another database path.")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UserError(
            f"{db_path}: cannot write in {existing} (permission denied); choose "
            "another database path or get write access to that folder."
        )
    kept = imports_dir(db_path)
    if kept.exists() and not kept.is_dir():
        raise UserError(
            f"{db_path}: {kept} is a file, but the kept imports need a folder there; move that file away."
        )


def _cannot_write(db_path: Path, e: OSError) -> UserError:
    where = f" ({e.filename})" if e.filename else ""
    return UserError(
        f"{db_path}: cannot write there: {e.strerror or e}{where}; choose another "
        "database path or get write access to that folder."
    )


def _open_lock(db_path: Path) -> int:
    """Create the folders, prove the database's folder takes a new file, open the lock."""
    store = ImportStore(db_path)
    folder = db_path.absolute().parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        store.dir.mkdir(parents=True, exist_ok=True)
        probe = folder / f".{db_path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.probe"
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        probe.unlink()
        return os.open(store.dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise _cannot_write(db_path, e) from None


def holder(db_path: Path) -> str:
    """Who holds the lock, in words ("pid 123 (ict-response build …), since …")."""
    path = ImportStore(db_path).dir / LOCK
    for _ in range(5):  # the holder writes its name just after taking the lock
        try:
            info = json.loads(path.read_text(encoding="utf-8") or "null")
        except (OSError, ValueError):
            info = None
        if isinstance(info, dict) and "pid" in info:
            return (
                f"pid {info['pid']} ({info.get('command') or 'unknown command'}), "
                f"since {info.get('since', 'an unknown time')}"
            )
        time.sleep(0.02)
    return "another process"


@contextmanager
def writing(
    db_path: Path,
    command: str,
    wait: float = DEFAULT_WAIT_SECONDS,
    on_wait: Callable[[str], object] | None = None,
) -> Iterator[ImportStore]:
    """Hold the one writer's lock of `db_path` and its kept imports (a build, an ingest, a
    withdrawal, a saved mapping). Refuses an unusable database path first, in one sentence.
    Waits at most `wait` seconds for the writer before, telling `on_wait` (at once, then
    every ten seconds); after that raises WriterBusyError naming the holder. `command` is
    what this writer is, shown to the writers that wait for it. The dashboard's pages only
    read: they never take this lock."""
    db_path = Path(db_path)
    check_db_path(db_path)
    fd = _open_lock(db_path)
    try:
        _acquire(fd, db_path, wait, on_wait)
        try:
            info = {
                "pid": os.getpid(),
                "command": command,
                "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            }
            os.ftruncate(fd, 0)
            os.pwrite(fd, (json.dumps(info, ensure_ascii=False) + "\n").encode("utf-8"), 0)
            yield ImportStore(db_path)
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(fd: int, db_path: Path, wait: float, on_wait: Callable[[str], object] | None) -> None:
    started = time.monotonic()
    tell_at = started
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        now = time.monotonic()
        waited = now - started
        if waited >= wait:
            after = f" after waiting {waited:.0f} s" if wait > 0 else ""
            raise WriterBusyError(
                f"{db_path}: {holder(db_path)} is writing it; nothing was changed{after}. "
                "Try again when it has finished."
            )
        if on_wait is not None and now >= tell_at:
            on_wait(
                f"waiting for {holder(db_path)} to finish writing {db_path} "
                f"({waited:.0f} s of at most {wait:.0f} s)"
            )
            tell_at = now + 10
        time.sleep(min(0.1, max(wait - waited, 0.0)))
