"""The kept imports: a content-addressed copy of every imported file, and a manifest of
which copies make up the database, in order. This folder is the source of truth; the
database is derived from it and can always be rebuilt."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from .paths import SAMPLE_DIR, imports_dir

MANIFEST = "manifest.json"
# Kinds under their earlier names in manifests written by earlier versions.
_KIND_RENAMED = {"workshops": "sessions"}


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


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@cache
def sample_hashes() -> frozenset[str]:
    """Hashes of the shipped sample exports: anything built from them is sample data."""
    if not SAMPLE_DIR.is_dir():
        return frozenset()
    return frozenset(sha256_of(p) for p in SAMPLE_DIR.iterdir() if p.is_file() and p.suffix != ".md")


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
        return [ImportEntry(**{**e, "kind": _KIND_RENAMED.get(e["kind"], e["kind"])})
                for e in data["imports"]]

    def path_of(self, entry: ImportEntry) -> Path:
        return self.dir / entry.stored_name

    def new_entry(self, path: Path, kind: str, sheet: str | None = None, added_by: str = "",
                  mapping: dict[str, str] | None = None, file_name: str | None = None) -> ImportEntry:
        """Describe `path` as an import (not yet kept); `file_name` is the name to show when
        `path` is a temporary copy (an upload)."""
        sha = sha256_of(path)
        suffix = "".join(path.suffixes[-1:]).lower()[:10]
        return ImportEntry(
            import_id=f"{kind[0]}-{sha[:12]}",
            kind=kind,
            sha256=sha,
            file_name=file_name or path.name,
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

    def write_manifest(self, entries: list[ImportEntry]) -> None:
        self.commit_manifest(self.prepare_manifest(entries))

    def prepare_manifest(self, entries: list[ImportEntry]) -> Path:
        """Write the next manifest beside the current one; `commit_manifest` swaps it in."""
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self.manifest_path.with_name(MANIFEST + ".partial")
        tmp.write_text(
            json.dumps({"imports": [asdict(e) for e in entries]}, indent=2), encoding="utf-8"
        )
        return tmp

    def commit_manifest(self, prepared: Path) -> None:
        os.replace(prepared, self.manifest_path)

    def discard(self, entry: ImportEntry) -> None:
        """Delete the kept copy of a withdrawn import (unless another entry still uses it)."""
        if any(e.stored_name == entry.stored_name for e in self.entries()):
            return
        self.path_of(entry).unlink(missing_ok=True)
