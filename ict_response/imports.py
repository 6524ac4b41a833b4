"""Adding and withdrawing imports: the one implementation behind `ict-response ingest`,
`ict-response withdraw` and the Data page's steward section, plus the preview of what a new
export would do and the column mappings remembered per header list.

An ingest keeps a content-addressed copy of each new file, rebuilds the database from every
kept import (a new file swapped in atomically) and only then swaps in the new manifest; a
withdraw rebuilds without the import, swaps in the manifest and deletes the kept copy. A
failure before the swap leaves the database and the manifest as they were. Each runs
holding the writers' lock (store.writing), one after another, and leaves the folder holding
exactly the copies the manifest names.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from . import db as database
from . import import_issues, limits, names
from . import taxonomy as tx
from .errors import UserError
from .i18n import _
from .ingest import CASE_FIELDS, KINDS, SESSION_FIELDS, ParsedFile, column_aliases, parse_file
from .read import read_table
from .store import (
    DEFAULT_WAIT_SECONDS,
    KIND_RENAMED,
    ImportEntry,
    ImportStore,
    samples_replaced,
    sha256_of,
    shipped_imports,
    writing,
)

MAPPINGS = "mappings.json"
PREVIEW_ROWS = 10


@dataclass(frozen=True)
class NewFile:
    """One export to ingest: its kind, where it is, the name to record, a manual mapping,
    and whether to remember that mapping (or its absence) for files with the same headers
    once the file is published."""

    kind: str
    path: Path
    file_name: str | None = None
    mapping: dict[str, str] | None = None
    sheet: str | None = None
    remember: bool = False


@dataclass
class IngestResult:
    report: database.BuildReport | None  # None when nothing new was given
    added: list[ImportEntry] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # file names already imported
    notes: list[str] = field(default_factory=list)  # for the user (a damaged file moved aside)
    replaced: list[ImportEntry] = field(default_factory=list)  # sample imports the new files replaced


# --------------------------------------------------------------------------- remembered mappings
# imports/mappings.json: {headers_key: {"kind", "headers", "mapping"}}. Written only when a
# file is published with a mapping chosen by hand (the steward's Publish, `ingest --map`),
# whole and atomically (a temporary file swapped in), holding the writers' lock. A damaged
# file is never silently replaced: a read says so and applies nothing; the next write moves
# it aside (mappings.json.damaged-<time>) and says so.


class DamagedMappingsError(UserError):
    """imports/mappings.json cannot be read as remembered mappings."""


def headers_key(kind: str, headers: list[str]) -> str:
    """The same headers (ignoring case, accents and punctuation) give the same key."""
    normalised = [kind] + [tx.norm_key(h) for h in headers]
    return hashlib.sha256(json.dumps(normalised).encode("utf-8")).hexdigest()[:24]


def _keys(kind: str, headers: list[str]) -> list[str]:
    """The key for `kind`, then the keys under the kind's earlier names."""
    return [
        headers_key(k, headers) for k in [kind, *(old for old, new in KIND_RENAMED.items() if new == kind)]
    ]


def _mappings_path(db_path: Path) -> Path:
    return ImportStore(db_path).dir / MAPPINGS


def _load_mappings(path: Path) -> dict[str, dict[str, Any]]:
    """The remembered mappings, {} when there are none; DamagedMappingsError when the file
    is there but is not what this module writes."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as e:
        # Translators: {file} is the path of the remembered column mappings, {error} the system's reason.
        raise DamagedMappingsError(
            _("{file}: cannot be read ({error}).").format(file=path, error=e)
        ) from None
    try:
        data = json.loads(text)
    except ValueError as e:
        # Translators: {error} is the JSON parser's own message.
        raise DamagedMappingsError(
            _("{file}: is damaged (not JSON: {error}).").format(file=path, error=e)
        ) from None
    if not isinstance(data, dict) or not all(
        isinstance(v, dict) and isinstance(v.get("mapping"), dict) for v in data.values()
    ):
        raise DamagedMappingsError(
            _("{file}: is damaged (not a table of remembered mappings).").format(file=path)
        )
    return data


def remembered_mapping(db_path: Path, kind: str, headers: list[str]) -> dict[str, str]:
    """The mapping chosen by hand for a file with these headers, or {}. Raises
    DamagedMappingsError when the mappings file is damaged (it is left as it is)."""
    data = _load_mappings(_mappings_path(db_path))
    found = next((data[k] for k in _keys(kind, headers) if k in data), {}).get("mapping", {})
    # Headers are matched as the key was made (ignoring case, accents and punctuation), and
    # returned as this file spells them.
    spelled = {tx.norm_key(h): h for h in headers}
    return {
        spelled[tx.norm_key(h)]: f
        for h, f in found.items()
        if tx.norm_key(h) in spelled and f in fields_of(kind)
    }


def mapping_for(
    db_path: Path, kind: str, path: Path, warn: Callable[[str], None] | None = None
) -> dict[str, str] | None:
    """The remembered mapping for a file's headers (reads the file only when some mapping
    has been remembered at all), or None. A damaged mappings file is reported to `warn` and
    nothing is applied."""
    if not _mappings_path(db_path).exists():
        return None
    try:
        return remembered_mapping(db_path, kind, read_table(path).columns) or None
    except DamagedMappingsError as e:
        if warn is not None:
            warn(
                f"{e} No remembered column mapping was applied to {path.name}; the file is "
                "kept as it is (the next published mapping moves it aside)."
            )
        return None


def remember_mapping(
    db_path: Path, kind: str, headers: list[str], mapping: dict[str, str], wait: float = DEFAULT_WAIT_SECONDS
) -> list[str]:
    """Remember `mapping` (header -> field) for the next file of `kind` with these headers
    ({} forgets it), holding the writers' lock. Returns notes for the user (a damaged file
    moved aside)."""
    with writing(db_path, f"remember a column mapping ({kind})", wait=wait) as store:
        return _save_mappings(store, [(kind, list(headers), dict(mapping))])


def _save_mappings(store: ImportStore, changes: list[tuple[str, list[str], dict[str, str]]]) -> list[str]:
    """Apply (kind, headers, mapping) changes to the mappings file. Call holding the lock."""
    path = store.dir / MAPPINGS
    notes: list[str] = []
    try:
        data = _load_mappings(path)
    except DamagedMappingsError as e:
        data = None
        damaged_note = str(e)
    before = data
    data = dict(data or {})
    for kind, headers, mapping in changes:
        key, *old_keys = _keys(kind, headers)
        for old in old_keys:  # migrated to the current kind's key
            if old in data:
                data.setdefault(key, {**data[old], "kind": kind})
                del data[old]
        if mapping:
            data[key] = {"kind": kind, "headers": list(headers), "mapping": dict(mapping)}
        else:
            data.pop(key, None)
    if data == before or (before is None and not data):
        return notes
    store.dir.mkdir(parents=True, exist_ok=True)
    if before is None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = path.with_name(f"{MAPPINGS}.damaged-{stamp}")
        os.replace(path, aside)
        # Translators: {problem} is a sentence saying the file is damaged; {file} is a file name.
        moved = _(
            "{problem} It was moved aside as {file} (its entries are no longer applied; copy any you "
            "need back by hand) and a new one started."
        )
        notes.append(moved.format(problem=damaged_note, file=aside.name))
    fd, tmp = tempfile.mkstemp(dir=store.dir, prefix=f".{MAPPINGS}.", suffix=".partial")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2, ensure_ascii=False)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return notes


def _not_a_kind(kind: str) -> str:
    # Translators: {kind} is what was given instead, in quotes, e.g. 'workshops'.
    return _("An export holds cases or sessions, not {kind}.").format(kind=repr(kind))


def fields_of(kind: str) -> tuple[str, ...]:
    """The fields a column can be mapped to (scope is derived from the countries)."""
    fields = CASE_FIELDS if kind == "cases" else SESSION_FIELDS
    return tuple(f for f in fields if f != "scope")


# --------------------------------------------------------------------------- preview


@dataclass
class Preview:
    kind: str
    file_name: str
    sha256: str
    parsed: ParsedFile
    mapping: dict[str, str]  # the manual mapping applied (chosen now or remembered)
    remembered: bool  # the mapping came from an earlier file with the same headers
    superseded: int  # records now in the database that this file would replace
    already_imported: ImportEntry | None  # the same content is already kept
    notes: list[str] = field(default_factory=list)  # e.g. the mappings file is damaged

    @property
    def counts(self) -> dict[str, int]:
        pf = self.parsed
        return {
            "rows_read": pf.rows_read,
            "rows_loaded": pf.rows_loaded,
            "rows_rejected": len(pf.rejected),
            "warnings": len(pf.warnings),
            "superseded": self.superseded,
        }

    @property
    def unmapped(self) -> list[str]:
        """Headers kept as extra: the ones a steward may map by hand."""
        return [h for h, f in self.parsed.mapping.describe().items() if f is None]

    def columns(self) -> pd.DataFrame:
        """Each column of the file, the field it fills and how that was decided."""
        aliases = column_aliases(self.kind)
        # Translators: the headings of the table of an export's columns: a column's name in the
        # file, the field it is stored as (a field's name, e.g. "organisation"), and how that was decided.
        column, stored, decided = _("column in the file"), _("stored as"), _("how")
        rows = []
        for header, target in self.parsed.mapping.describe().items():
            if target is None:
                # Translators: how a column of an export is stored: in the field named "extra".
                how = _("kept in extra")
            elif self.mapping.get(header) == target and aliases.get(tx.norm_key(header)) != target:
                # Translators: how a column of an export was matched to a field: by a steward, by hand.
                how = _("mapped by hand (remembered)") if self.remembered else _("mapped by hand")
            else:
                # Translators: how a column of an export was matched to a field: by its name.
                how = _("recognised")
            rows.append({column: header, stored: target or "extra", decided: how})
        return pd.DataFrame(rows)

    def first_rows(self, n: int = PREVIEW_ROWS) -> pd.DataFrame:
        """The first loaded rows exactly as they will be stored (lists joined with '; ')."""
        first = self.parsed.records.slice(0, n)  # not the whole file as Python lists
        fields = CASE_FIELDS if self.kind == "cases" else SESSION_FIELDS
        # Translators: a heading: the number of a row in the file; the other headings are field names.
        data: dict[str, Sequence[object]] = {_("row in file"): first.column("source_row").to_pylist()}
        for name in (*fields, "extra"):
            data[name] = [_show(v) for v in first.column(name).to_pylist()]
        frame = pd.DataFrame(data)
        return frame.dropna(axis=1, how="all")

    # The first limits.MAX_SHOWN_ROWS rejected rows and warnings, values cut for a page.
    def rejected(self) -> pd.DataFrame:
        rows = [
            (row, import_issues.say(reason), _show(raw))
            for row, raw, reason in self.parsed.rejected[: limits.MAX_SHOWN_ROWS]
        ]
        # Translators: the headings of the table of rejected rows: a row's number, why it is
        # rejected, and the row as it is in the file.
        return pd.DataFrame(rows, columns=[_("row"), _("reason"), _("raw")])

    def warnings(self) -> pd.DataFrame:
        rows = [
            (row, names.field(field), _show(raw), _show(import_issues.say(message)))
            for row, field, raw, message in self.parsed.warnings[: limits.MAX_SHOWN_ROWS]
        ]
        # Translators: the headings of the table of values not understood: a row's number, the
        # field, the value as it is in the file, and what was not understood.
        return pd.DataFrame(rows, columns=[_("row"), _("field"), _("raw value"), _("message")])

    def report(self) -> PreviewReport:
        """What a page shows of this preview, without the parsed rows (a few KB whatever the
        file holds): what the Data page keeps per upload, sent back from the worker."""
        return PreviewReport(
            kind=self.kind,
            file_name=self.file_name,
            sha256=self.sha256,
            mapping=dict(self.mapping),
            remembered=self.remembered,
            superseded=self.superseded,
            already_imported=self.already_imported,
            notes=list(self.notes),
            counts=self.counts,
            headers=list(self.parsed.mapping.headers),
            mapped_fields=sorted(self.parsed.mapping.fields),
            unmapped=self.unmapped,
            column_table=self.columns(),
            first_row_table=self.first_rows(),
            rejected_table=self.rejected(),
            warning_table=self.warnings(),
        )


@dataclass(frozen=True)
class PreviewReport:
    """A Preview as the Data page shows it: counts, columns, first rows, the first rejected
    rows and warnings (cut to limits), the headers and the mapping."""

    kind: str
    file_name: str
    sha256: str
    mapping: dict[str, str]
    remembered: bool
    superseded: int
    already_imported: ImportEntry | None
    notes: list[str]
    counts: dict[str, int]
    headers: list[str]
    mapped_fields: list[str]  # the fields some column fills
    unmapped: list[str]
    column_table: pd.DataFrame
    first_row_table: pd.DataFrame
    rejected_table: pd.DataFrame
    warning_table: pd.DataFrame

    def columns(self) -> pd.DataFrame:
        return self.column_table

    def first_rows(self) -> pd.DataFrame:
        return self.first_row_table

    def rejected(self) -> pd.DataFrame:
        return self.rejected_table

    def warnings(self) -> pd.DataFrame:
        return self.warning_table


def preview_report(
    db_path: Path, kind: str, path: Path, file_name: str | None, mapping: dict[str, str] | None
) -> PreviewReport:
    """`preview(...).report()`: what the worker process of the Data page runs."""
    return preview(db_path, kind, path, file_name=file_name, mapping=mapping).report()


def preview_isolated(
    db_path: Path, kind: str, path: Path, file_name: str | None = None, mapping: dict[str, str] | None = None
) -> PreviewReport:
    """The preview of an upload, made in a child process with a memory and a time limit at a
    lower CPU priority (ict_response/isolated.py), so that no file slows or stops the readers."""
    from . import isolated

    stopped = isolated.Stopped(
        # Translators: {file} is the name of an export a steward uploaded.
        _(
            "Reading {file} stopped its worker (exit status {status}); the file is probably too large: "
            "split it."
        ),
        _("Reading {file} needed more than {memory} MB of memory, the limit for one file: split it."),
        _("Reading {file} took longer than {seconds} s, the limit for one file: split it."),
        {"file": str(file_name or path)},
    )
    return isolated.run(preview_report, Path(db_path), kind, Path(path), file_name, mapping, what=stopped)


def _show(value: object) -> str | None:
    """A value as a page shows it: lists joined, cut to limits.MAX_SHOWN_CHARS."""
    if value is None:
        return None
    text = "; ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return text if len(text) <= limits.MAX_SHOWN_CHARS else text[: limits.MAX_SHOWN_CHARS] + "…"


# Record ids already in the database among a new file's ids (each SQL a constant; the ids
# arrive as a registered Arrow table).
_EXISTING_SQL = {
    "cases": "SELECT count(*) FROM cases WHERE case_id IN (SELECT id FROM incoming_ids)",
    "sessions": "SELECT count(*) FROM sessions WHERE session_id IN (SELECT id FROM incoming_ids)",
}


def existing_records(con: duckdb.DuckDBPyConnection, kind: str, ids: list[str]) -> int:
    """How many records in the database (connection or cursor `con`) have one of `ids`."""
    cursor = con.cursor()
    try:
        cursor.register("incoming_ids", pa.table({"id": pa.array(sorted(set(ids)), pa.string())}))
        row = cursor.execute(_EXISTING_SQL[kind]).fetchone()
        assert row is not None  # an aggregate without GROUP BY returns one row
        return int(row[0])
    finally:
        cursor.close()


def preview(
    db_path: Path,
    kind: str,
    path: Path,
    file_name: str | None = None,
    mapping: dict[str, str] | None = None,
    existing: Callable[[str, list[str]], int] | None = None,
) -> Preview:
    """What ingesting `path` as `kind` would do, with the same parse the build uses.

    `mapping` None means "use the mapping remembered for these headers, if any".
    `existing(kind, ids)` counts records already in the database (default: open `db_path`
    read-only). Raises UnusableFileError when the file cannot be used at all."""
    if kind not in KINDS:
        raise UserError(_not_a_kind(kind))
    path = Path(path)
    store = ImportStore(db_path)
    table = read_table(path)
    remembered = False
    notes = []
    if mapping is None:
        try:
            mapping = remembered_mapping(db_path, kind, table.columns)
        except DamagedMappingsError as e:
            mapping = {}
            # Translators: {problem} is a sentence saying the file of remembered mappings is damaged.
            kept = _(
                "{problem} No remembered column mapping was applied; the file is kept as it is "
                "(publishing a mapping moves it aside)."
            )
            notes.append(kept.format(problem=e))
        remembered = bool(mapping)
    parsed = parse_file(path, kind, manual_mapping=mapping or None, table=table)
    entry = store.new_entry(path, kind, file_name=file_name)
    already = next((e for e in store.entries() if (e.kind, e.sha256) == (kind, entry.sha256)), None)
    ids = parsed.columns["case_id" if kind == "cases" else "session_id"]
    if existing is None:
        existing = _existing_from(db_path)
    superseded = 0 if already or not ids else existing(kind, ids)
    return Preview(
        kind, entry.file_name, entry.sha256, parsed, dict(mapping), remembered, superseded, already, notes
    )


def publish_isolated(
    db_path: Path,
    files: list[NewFile],
    added_by: str,
    command: str,
    wait: float,
    keep_sample: bool,
    progress: database.Progress,
) -> IngestResult:
    """The Data page's Publish: `ingest` in a worker process with a memory and a time limit,
    at a lower CPU priority, its progress reported here as it goes (ict_response/isolated.py)."""
    from . import isolated

    names = ", ".join(f.file_name or Path(f.path).name for f in files)
    stopped = isolated.Stopped(
        # Translators: {files} are the names of the exports being published, e.g. "cases.csv, more.csv".
        _(
            "Publishing {files} stopped its worker (exit status {status}); the file is probably too large: "
            "split it."
        ),
        _("Publishing {files} needed more than {memory} MB of memory, the limit for one file: split it."),
        _("Publishing {files} took longer than {seconds} s, the limit for one file: split it."),
        {"files": names},
    )
    return isolated.run(
        ingest,
        Path(db_path),
        files,
        what=stopped,
        memory_mb=limits.MAX_BUILD_MB,
        seconds=limits.MAX_BUILD_SECONDS,
        progress=progress,
        added_by=added_by,
        command=command,
        wait=wait,
        keep_sample=keep_sample,
    )


def withdraw_isolated(
    db_path: Path, import_id: str, command: str, wait: float, progress: database.Progress
) -> tuple[ImportEntry, database.BuildReport]:
    """The Data page's Withdraw, in a worker process like `publish_isolated`."""
    from . import isolated

    stopped = isolated.Stopped(
        # Translators: {import_id} names a kept import, e.g. "c-3f2a9b1c0d4e".
        _(
            "Withdrawing {import_id} stopped its worker (exit status {status}); the file is probably too "
            "large: split it."
        ),
        _(
            "Withdrawing {import_id} needed more than {memory} MB of memory, the limit for one file: "
            "split it."
        ),
        _("Withdrawing {import_id} took longer than {seconds} s, the limit for one file: split it."),
        {"import_id": import_id},
    )
    return isolated.run(
        withdraw,
        Path(db_path),
        import_id,
        what=stopped,
        memory_mb=limits.MAX_BUILD_MB,
        seconds=limits.MAX_BUILD_SECONDS,
        progress=progress,
        command=command,
        wait=wait,
    )


def _existing_from(db_path: Path) -> Callable[[str, list[str]], int]:
    def count(kind: str, ids: list[str]) -> int:
        if not Path(db_path).exists():
            return 0
        # Counted before a rebuild, which also brings an older file up to date.
        con = database.connect_readonly(db_path, check_schema=False)
        try:
            return existing_records(con, kind, ids)
        finally:
            con.close()

    return count


# --------------------------------------------------------------------------- ingest, withdraw


def sample_to_replace(db_path: Path, files: Sequence[tuple[str, Path]]) -> list[ImportEntry]:
    """The kept sample imports that ingesting `files` ((kind, path) each) would replace: what
    the CLI and the Data page say before anything changes. The ingest decides again, holding
    the lock, by the same rule (store.samples_replaced)."""
    new = [(kind, sha256_of(Path(path))) for kind, path in files if Path(path).is_file()]
    return samples_replaced(ImportStore(db_path).entries(), new)


def replacement_notice(replaced: Sequence[ImportEntry], keep_flag: str | None) -> str:
    """Sentences saying which sample imports a publish replaces, and how to keep them: with
    the command-line option `keep_flag`, or (None) the box below, on the Data page."""
    kinds = tuple(sorted({e.kind for e in replaced}))
    names = ", ".join(f"{e.file_name} ({e.import_id})" for e in replaced)
    if kinds == ("cases",):
        # Translators: {names} are the sample's files and import ids, e.g. "cases.csv (c-3f2a9b1c0d4e)".
        notice = _(
            "The first real cases export replaces the shipped sample cases: {names} will be withdrawn "
            "from the dashboard (ITU's COVID-19 initiatives stay)."
        )
    elif kinds == ("sessions",):
        notice = _(
            "The first real sessions export replaces the shipped sample sessions: {names} will be "
            "withdrawn from the dashboard (ITU's COVID-19 initiatives stay)."
        )
    elif kinds == ("cases", "sessions"):
        notice = _(
            "The first real cases and sessions export replaces the shipped sample cases and sessions: "
            "{names} will be withdrawn from the dashboard (ITU's COVID-19 initiatives stay)."
        )
    else:  # no other kind has a sample: in English, as a fallback
        both = " and ".join(kinds)
        notice = (
            f"The first real {both} export replaces the shipped sample {both}: {{names}} will be withdrawn "
            "from the dashboard (ITU's COVID-19 initiatives stay)."
        )
    if keep_flag is None:
        keep = _("The box below keeps the sample beside the real data.")
    else:
        # Translators: {option} is a command-line option, e.g. --keep-sample.
        keep = _("{option} keeps the sample beside the real data.").format(option=keep_flag)
    return notice.format(names=names) + " " + keep


def ingest(
    db_path: Path,
    files: list[NewFile],
    added_by: str = "",
    progress: database.Progress = database._no_progress,
    command: str = "ingest",
    wait: float = DEFAULT_WAIT_SECONDS,
    on_wait: Callable[[str], object] | None = None,
    keep_sample: bool = False,
) -> IngestResult:
    """Keep a copy of each new file and rebuild from every kept import (what `ict-response
    ingest` does). The same content twice is one import and changes nothing. The first real
    export of a kind replaces the shipped sample of that kind unless `keep_sample`. Runs
    holding the writers' lock (see store.writing: `command` names this writer to others; it
    waits at most `wait` seconds, telling `on_wait`, by default the progress callback)."""
    db_path = Path(db_path)
    with writing(db_path, command, wait, on_wait or (lambda m: progress(m, 0.0))) as store:
        return _ingest(db_path, store, files, added_by, progress, keep_sample)


def _ingest(
    db_path: Path,
    store: ImportStore,
    files: list[NewFile],
    added_by: str,
    progress: database.Progress,
    keep_sample: bool = False,
) -> IngestResult:
    existing = store.entries()
    shipped = shipped_imports()
    known = {(e.kind, e.sha256) for e in existing} | {(e.kind, e.sha256) for e, __ in shipped}
    result = IngestResult(report=None)
    new: list[tuple[ImportEntry, Path]] = []
    remember: dict[str, NewFile] = {}
    for f in files:
        path = Path(f.path)
        if not path.is_file():
            raise UserError(_("{file}: no such file.").format(file=path))
        if f.kind not in KINDS:
            raise UserError(_not_a_kind(f.kind))
        entry = store.new_entry(
            path, f.kind, sheet=f.sheet, added_by=added_by, mapping=f.mapping, file_name=f.file_name
        )
        if (entry.kind, entry.sha256) in known:
            result.unchanged.append(entry.file_name)
        else:
            new.append((entry, path))
            known.add((entry.kind, entry.sha256))
            if f.remember:
                remember[entry.import_id] = f
    if not new:
        return result
    if not keep_sample:
        result.replaced = samples_replaced(existing, [(e.kind, e.sha256) for e, __ in new])
        existing = [e for e in existing if e not in result.replaced]
    everything = [(e, store.path_of(e)) for e in existing] + new
    # Copies first, then the database, then the manifest that names them: whatever stops
    # this midway, the manifest names only copies that are there, and the copies it does
    # not name are removed (here, or by the next writer).
    manifest = None
    try:
        for entry, path in new:
            store.keep(path, entry)
        manifest = store.prepare_manifest([e for e, __ in everything])
        result.report = database.build(db_path, shipped + everything, progress=progress)
    except BaseException:
        if manifest is not None:
            manifest.unlink(missing_ok=True)
        store.prune()
        raise
    store.commit_manifest(manifest)
    result.added = [e for e, __ in new]
    store.prune()
    # Published: only now is a mapping chosen by hand remembered for the same headers.
    changes = []
    for import_id, f in remember.items():
        headers = result.report.headers.get(import_id, [])
        spelled = {tx.norm_key(h) for h in headers}
        mapping = {h: t for h, t in (f.mapping or {}).items() if tx.norm_key(h) in spelled}
        changes.append((f.kind, headers, mapping))
    if changes:
        result.notes.extend(_save_mappings(store, changes))
    return result


def rebuild(
    db_path: Path,
    progress: database.Progress = database._no_progress,
    command: str = "rebuild",
    wait: float = DEFAULT_WAIT_SECONDS,
    on_wait: Callable[[str], object] | None = None,
) -> database.BuildReport:
    """Rebuild the database from its kept imports as they are, with the topic rules in use:
    after an upgrade, the tables this version reads. Holds the writers' lock (as `ingest`)."""
    db_path = Path(db_path)
    with writing(db_path, command, wait, on_wait or (lambda m: progress(m, 0.0))) as store:
        return database.build(db_path, store.inputs(store.entries_to_rebuild(db_path)), progress=progress)


def withdraw(
    db_path: Path,
    import_id: str,
    progress: database.Progress = database._no_progress,
    command: str = "withdraw",
    wait: float = DEFAULT_WAIT_SECONDS,
    on_wait: Callable[[str], object] | None = None,
) -> tuple[ImportEntry, database.BuildReport]:
    """Remove one import from the kept imports and rebuild without it. The kept copy is
    deleted once the new database and manifest are in place. Holds the writers' lock (as
    `ingest`)."""
    db_path = Path(db_path)
    with writing(db_path, command, wait, on_wait or (lambda m: progress(m, 0.0))) as store:
        return _withdraw(db_path, store, import_id, progress)


def _withdraw(
    db_path: Path, store: ImportStore, import_id: str, progress: database.Progress
) -> tuple[ImportEntry, database.BuildReport]:
    entries = store.entries()
    gone = next((e for e in entries if e.import_id == import_id), None)
    if gone is None and any(e.import_id == import_id for e, __ in shipped_imports()):
        # Translators: {import_id} names the import of ITU's COVID-19 initiatives, e.g. "i-0a1b2c3d4e5f".
        shipped = _(
            "{import_id} is ITU's COVID-19 initiatives, shipped with the dashboard as real data and part "
            "of every build; it cannot be withdrawn (filter by collection to leave it out)."
        )
        raise UserError(shipped.format(import_id=import_id))
    if gone is None:
        if not entries:
            raise UserError(
                _("No import {import_id} among the kept imports (known: none).").format(
                    import_id=repr(import_id)
                )
            )
        # Translators: {known} are the ids of the kept imports, e.g. "c-3f2a9b1c0d4e, s-9e8d7c6b5a4f".
        unknown = _("No import {import_id} among the kept imports (known: {known}).")
        raise UserError(
            unknown.format(import_id=repr(import_id), known=", ".join(e.import_id for e in entries))
        )
    remaining = [e for e in entries if e.import_id != import_id]
    if not remaining:
        only = _("{file} is the only import left: publish its replacement first, then withdraw it.")
        raise UserError(only.format(file=gone.file_name))
    manifest = store.prepare_manifest(remaining)
    try:
        report = database.build(db_path, store.inputs(remaining), progress=progress)
    except BaseException:
        manifest.unlink(missing_ok=True)
        raise
    store.commit_manifest(manifest)
    store.discard(gone)
    store.prune()
    return gone, report
