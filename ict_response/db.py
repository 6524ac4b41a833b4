"""Build the DuckDB database from the kept imports, and open it read-only for the app.

A build writes a brand-new file next to the database and swaps it in with os.replace only
when it is complete, so readers see the old data or the new data, never a half-built file,
and a failed build leaves the old file untouched.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict, cast

import duckdb
import pyarrow as pa

from . import initiatives, meaning, staleness
from . import taxonomy as tx
from .filters import TABLES, macro_sql
from .i18n import N_
from .ingest import CASE_FIELDS, SESSION_FIELDS, ParsedFile, field_type, parse_file
from .store import ImportEntry, check_db_path, is_sample
from .topics import TopicRule, rules_for, topic_rules, topics
from .topics import tag as topics_tag

SQL_DIR = Path(__file__).with_name("sql")
# The sources a database names in its meta, in English; each part is in the catalog, so a pack
# names them in its reader's language (briefing.Pack.footer).
SOURCES = (
    N_("WSIS Stocktaking COVID-19 Response – ICT Case Repository"),
    N_("WSIS Forum 2021 sessions (ITU)"),
)
SOURCE = "; ".join(SOURCES)

# Callback for progress: (what is happening, fraction done 0..1); what it returns is ignored.
Progress = Callable[[str, float], object]


def _no_progress(_: str, __: float) -> None:
    pass


@dataclass
class KindCounts:
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    warnings: int = 0
    rows_superseded: int = 0
    records: int = 0  # in the database after superseding

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


class ImportSummary(TypedDict):
    """One import as a build reports it (a row of the imports table)."""

    import_id: str
    kind: str
    file_name: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    rows_superseded: int
    warnings: int
    is_sample: bool
    shipped: bool


@dataclass
class BuildReport:
    db: str
    cases: KindCounts = field(default_factory=KindCounts)
    sessions: KindCounts = field(default_factory=KindCounts)
    # The real collection shipped with the dashboard (ITU's COVID-19 initiatives, as cases).
    shipped: KindCounts = field(default_factory=KindCounts)
    imports: list[ImportSummary] = field(default_factory=list)
    is_sample: bool = False
    # Which records are sample data: [{"kind", "collection", "sample", "records"}], one per
    # collection (sessions: forum) holding any (see provenance.py).
    sample: list[dict[str, object]] = field(default_factory=list)
    seconds: float = 0.0
    # Seconds each step of the build took, by its progress message ("deriving topics, …").
    steps: dict[str, float] = field(default_factory=dict)
    # import_id -> the file's column headers as read (not in as_dict: for remembering the
    # mapping a file was published with).
    headers: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "db": self.db,
            "cases": self.cases.as_dict(),
            "sessions": self.sessions.as_dict(),
            "shipped": self.shipped.as_dict(),
            "is_sample": self.is_sample,
            "sample": self.sample,
            "imports": self.imports,
            "seconds": round(self.seconds, 2),
            "steps": {step: round(seconds, 2) for step, seconds in self.steps.items()},
        }


# --------------------------------------------------------------------------- build

# DuckDB's share of a build's memory: beyond it, sorts and joins spill to a temporary folder
# beside the database. A million-case build then peaks under 4 GB in all (Python's copy of the
# parsed exports comes on top, early in the build).
BUILD_MEMORY = "2.5GB"
# The version of the tables a build writes (meta's schema_version). Raise it whenever a
# build's tables change: the app then refuses an older file in one sentence, and
# `ict-response rebuild` (run by `make run`) rebuilds it from its kept imports.
SCHEMA_VERSION = "6"


def build(
    db_path: Path,
    imports: list[tuple[ImportEntry, Path]],
    progress: Progress = _no_progress,
    rules: tuple[TopicRule, ...] | None = None,
) -> BuildReport:
    """Rebuild the whole database from `imports` ((entry, file to read) in order), tagging
    topics with `rules` (default: the deployment's own, else the shipped ones).

    Raises UserError before any work when `db_path` cannot take a database (a folder, a
    path under a file, a folder without write access), and UnusableFileError (before
    anything is written) when an input is unusable. Writers call it holding
    `store.writing(db_path, ...)`; this function takes no lock.
    """
    started = dt.datetime.now()
    steps: dict[str, float] = {}
    progress = _timed(progress, steps)
    db_path = Path(db_path)
    check_db_path(db_path)
    rules = rules_for(db_path) if rules is None else rules
    parsed: list[tuple[ImportEntry, ParsedFile]] = []
    for i, (entry, path) in enumerate(imports):
        progress(f"reading {entry.file_name}", i / max(len(imports), 1) * 0.6)
        parsed.append((entry, parse_file(path, entry.kind, sheet=entry.sheet, manual_mapping=entry.mapping)))
    progress("writing the database", 0.6)

    db_path.parent.mkdir(parents=True, exist_ok=True)
    staleness.remove_stale(db_path)  # what builds killed outright left behind
    tmp = staleness.temp_path(db_path)  # .NAME.<pid>.<random>.building
    try:
        con = duckdb.connect(
            config={
                "threads": os.cpu_count() or 2,
                "temp_directory": str(tmp) + ".tmp",
                "memory_limit": BUILD_MEMORY,
            }
        )
        try:
            # Row groups of a quarter of DuckDB's default size: DuckDB shares a table's work
            # between threads by row group, so a build or query over 100,000 cases uses both
            # cores instead of one (a 100,000-case build: 5.2 s of SQL -> 3.9 s).
            con.execute("ATTACH $path AS built (ROW_GROUP_SIZE 30720)", {"path": str(tmp)})
            con.execute("USE built")
            report = _write(con, parsed, str(db_path), rules, progress)  # empties `parsed`
            con.execute("CHECKPOINT")
        finally:
            con.close()
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        stale_wal = Path(str(db_path) + ".wal")
        if stale_wal.exists():
            stale_wal.unlink()
        os.replace(tmp, db_path)
    finally:
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            if leftover.exists():
                leftover.unlink()
    report.seconds = (dt.datetime.now() - started).total_seconds()
    progress("done", 1.0)
    report.steps = steps
    return report


def _timed(progress: Progress, steps: dict[str, float]) -> Progress:
    """`progress`, also noting in `steps` how long each step took (until the next message)."""
    last: list[tuple[str, float]] = []

    def report(message: str, fraction: float) -> None:
        now = time.perf_counter()
        if last:
            step, since = last[0]
            steps[step] = steps.get(step, 0.0) + now - since
        last[:] = [(message, now)]
        progress(message, fraction)

    return report


def _write(
    con: duckdb.DuckDBPyConnection,
    parsed: list[tuple[ImportEntry, ParsedFile]],
    db_label: str,
    rules: tuple[TopicRule, ...],
    progress: Progress,
) -> BuildReport:
    """Write every table into `con`. Empties `parsed` once DuckDB holds the rows."""
    con.execute((SQL_DIR / "schema.sql").read_text(encoding="utf-8"))
    _load_reference(con, rules)
    report = BuildReport(db=db_label)
    # Both set to None once DuckDB holds the rows, to let go of them.
    staging: dict[str, list[pa.Table]] | None
    pf: ParsedFile | None
    staging = {"cases": [], "sessions": []}
    for seq, (entry, pf) in enumerate(parsed):
        staging[entry.kind].append(_arrow_batch(pf, entry, seq))
        report.headers[entry.import_id] = list(pf.mapping.headers)
        sample = is_sample(entry)
        con.execute(
            "INSERT INTO imports VALUES ($import_id, $seq, $kind, $file_name, $sha256, $stored_name,"
            " $added_at, $added_by, $is_sample, $shipped, $format, $encoding, $rows_read, $rows_loaded,"
            " $rows_rejected, 0, $warnings, $columns)",
            {
                "import_id": entry.import_id,
                "seq": seq,
                "kind": entry.kind,
                "file_name": entry.file_name,
                "sha256": entry.sha256,
                "stored_name": entry.stored_name,
                "added_at": entry.added_at,
                "added_by": entry.added_by,
                "is_sample": sample,
                "shipped": entry.shipped,
                "format": pf.format,
                "encoding": pf.encoding,
                "rows_read": pf.rows_read,
                "rows_loaded": pf.rows_loaded,
                "rows_rejected": len(pf.rejected),
                "warnings": len(pf.warnings),
                "columns": json.dumps(pf.mapping.describe(), ensure_ascii=False),
            },
        )
        if pf.rejected:
            _append(
                con,
                "rejected_rows",
                pa.table(
                    {
                        "import_id": [entry.import_id] * len(pf.rejected),
                        "source_row": [r[0] for r in pf.rejected],
                        "reason": [r[2] for r in pf.rejected],
                        "raw": [r[1] for r in pf.rejected],
                    }
                ),
            )
        if pf.warnings:
            _append(
                con,
                "import_warnings",
                pa.table(
                    {
                        "import_id": [entry.import_id] * len(pf.warnings),
                        "source_row": [w[0] for w in pf.warnings],
                        "field": [w[1] for w in pf.warnings],
                        "value": [w[2] for w in pf.warnings],
                        "message": [w[3] for w in pf.warnings],
                    }
                ),
            )
        # The shipped collection is counted apart: the kinds' counts are the exports'.
        counts = report.shipped if entry.shipped else getattr(report, entry.kind)
        counts.rows_read += pf.rows_read
        counts.rows_loaded += pf.rows_loaded
        counts.rows_rejected += len(pf.rejected)
        counts.warnings += len(pf.warnings)

    for kind, fields in (("cases", CASE_FIELDS), ("sessions", SESSION_FIELDS)):
        table = pa.concat_tables(staging[kind]) if staging[kind] else _empty_batch(kind, fields)
        con.register(f"staging_{kind}", table)  # read in place by versions.sql, never stored
    progress("finding the latest versions", 0.7)
    con.execute((SQL_DIR / "versions.sql").read_text(encoding="utf-8"))
    for kind in ("cases", "sessions"):
        con.unregister(f"staging_{kind}")
    # DuckDB holds its own copy now: letting go of the parsed files before the sorts and the
    # word index of derive.sql keeps a million-case build's peak memory under 4 GB.
    staging = table = pf = None
    parsed.clear()
    pa.default_memory_pool().release_unused()
    progress("deriving topics, regions and the word index", 0.75)
    con.execute((SQL_DIR / "topic_inputs.sql").read_text(encoding="utf-8"))
    topics_tag(con, rules)
    con.execute((SQL_DIR / "derive.sql").read_text(encoding="utf-8"))
    progress("indexing practices for the replication finder", 0.9)
    con.execute((SQL_DIR / "practice_index.sql").read_text(encoding="utf-8"))
    meaning.index(con)
    # Its own step, so that the one before times the index alone.
    progress("saving the database", 0.95)
    con.execute(
        "UPDATE imports SET rows_superseded = s.rows_superseded FROM superseded s"
        " WHERE imports.import_id = s.import_id"
    )
    con.execute((SQL_DIR / "macros.sql").read_text(encoding="utf-8"))
    for table in TABLES:  # filtered_cases, filtered_sessions: from the filter declarations
        con.execute(macro_sql(table))
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    latest = con.execute("SELECT max(added_at) FROM imports").fetchone()
    assert latest is not None  # an aggregate without GROUP BY returns one row
    data_date = latest[0] or now
    report.sample = [
        dict(zip(("kind", "collection", "sample", "records"), row, strict=True))
        for row in con.execute(_SAMPLE_SQL).fetchall()
    ]
    report.is_sample = bool(report.sample)
    counted = con.execute(
        "SELECT count(*) FROM cases WHERE collection = $collection", {"collection": initiatives.COLLECTION}
    ).fetchone()
    assert counted is not None  # an aggregate without GROUP BY returns one row
    n_initiatives = int(counted[0])
    meta = {
        "built_at": now,
        "data_date": str(data_date)[:10],
        "is_sample": "true" if report.sample else "false",
        "sample": json.dumps(report.sample, ensure_ascii=False),
        "source": SOURCE + (f"; {initiatives.SOURCE}" if n_initiatives else ""),
        "initiatives": str(n_initiatives),
        # Which topic rules tagged this database: the shipped ones or the deployment's own.
        "topic_rules": "shipped" if rules == topic_rules() else "deployment",
        "schema_version": SCHEMA_VERSION,
    }
    con.executemany(
        "INSERT INTO meta VALUES ($key, $value)", [{"key": k, "value": v} for k, v in meta.items()]
    )
    for kind, counts, shipped in (
        ("cases", report.cases, False),
        ("sessions", report.sessions, False),
        ("cases", report.shipped, True),
    ):
        counted = con.execute(_RECORDS_SQL[kind], {"shipped": shipped}).fetchone()
        assert counted is not None  # an aggregate without GROUP BY returns one row
        counts.records = counted[0]
        counts.rows_superseded = counts.rows_loaded - counts.records
    report.imports = [
        cast(ImportSummary, dict(zip([d[0] for d in con.description], row, strict=True)))
        for row in con.execute(
            "SELECT import_id, kind, file_name, rows_read, rows_loaded, rows_rejected,"
            " rows_superseded, warnings, is_sample, shipped FROM imports ORDER BY seq"
        ).fetchall()
    ]
    return report


# Records in the database from the shipped imports, or from the others (one SQL per kind).
_RECORDS_SQL = {
    "cases": "SELECT count(*) FROM cases WHERE import_id IN"
    " (SELECT import_id FROM imports WHERE shipped = $shipped)",
    "sessions": "SELECT count(*) FROM sessions WHERE import_id IN"
    " (SELECT import_id FROM imports WHERE shipped = $shipped)",
}

# Per kind and collection (sessions: forum), how many records came from sample imports, for
# the collections that hold any: what every view and export names as sample data.
_SAMPLE_SQL = """
WITH sample_imports AS (SELECT import_id FROM imports WHERE is_sample),
counted AS (
    SELECT 'cases' AS kind, coalesce(collection, '') AS collection,
           count(*) FILTER (WHERE import_id IN (SELECT import_id FROM sample_imports)) AS sample,
           count(*) AS records
    FROM cases GROUP BY ALL
    UNION ALL
    SELECT 'sessions', coalesce(forum, ''),
           count(*) FILTER (WHERE import_id IN (SELECT import_id FROM sample_imports)),
           count(*)
    FROM sessions GROUP BY ALL
)
SELECT kind, collection, sample, records FROM counted WHERE sample > 0 ORDER BY kind, collection
"""


def _append(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    con.register("batch", rows)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM batch")  # table: a name from this module
    finally:
        con.unregister("batch")


def _arrow_batch(pf: ParsedFile, entry: ImportEntry, seq: int) -> pa.Table:
    n = pf.rows_loaded
    table = pf.records
    table = table.append_column("import_id", pa.array([entry.import_id] * n, type=pa.string()))
    return table.append_column("import_seq", pa.array([seq] * n, type=pa.int32()))


def _empty_batch(kind: str, fields: tuple[str, ...]) -> pa.Table:
    schema = [(f, field_type(f)) for f in fields] + [
        ("extra", pa.string()),
        ("source_row", pa.int64()),
        ("import_id", pa.string()),
        ("import_seq", pa.int32()),
    ]
    return pa.table({name: pa.array([], type=t) for name, t in schema})


def _load_reference(con: duckdb.DuckDBPyConnection, rules: tuple[TopicRule, ...]) -> None:
    """The reference tables, each inserted in one statement from an Arrow table (row by
    row, the 250 countries alone took a third of a second)."""
    tables = {
        "action_lines": [a.__dict__ for a in tx.action_lines()],
        "sdgs": [s.__dict__ for s in tx.sdgs()],
        "sdg_linkages": [k.__dict__ for k in tx.sdg_linkages()],
        "countries": [c.__dict__ for c in tx.countries().values()],
        "topics": [t.__dict__ for t in topics()],
        "topic_rules": [r.__dict__ for r in rules],
        "practice_terms": [t.__dict__ for t in tx.practice_terms()],
    }
    for table, rows in tables.items():
        _append(con, table, pa.Table.from_pylist(rows))  # columns in table order


# --------------------------------------------------------------------------- read-only access


def connect_readonly(
    db_path: Path, memory_limit: str = "2GB", threads: int = 2, check_schema: bool = True
) -> duckdb.DuckDBPyConnection:
    """The only way the app opens the database: read-only, bounded memory and threads. A file
    built by another version of the dashboard is refused in one sentence (OutdatedDatabaseError)
    unless `check_schema` is off (a writer that only counts records before it rebuilds)."""
    from .errors import DatabaseMissingError

    if not Path(db_path).exists():
        raise DatabaseMissingError(db_path)
    if Path(db_path).is_dir():
        from .errors import UserError

        raise UserError(f"{db_path}: is a folder, not a database file; give the path of the database file.")
    con = duckdb.connect(
        str(db_path),
        read_only=True,
        config={"memory_limit": memory_limit, "threads": threads},
    )
    if check_schema:
        found = schema_version(con)
        if found != SCHEMA_VERSION:
            from .errors import OutdatedDatabaseError

            con.close()
            raise OutdatedDatabaseError(db_path, found)
    return con


def schema_version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The version of the tables a database was built with (None: no dashboard meta at all)."""
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except duckdb.CatalogException:
        return None
    return str(row[0]) if row else None


def is_outdated(db_path: Path) -> bool:
    """Whether `db_path` holds a database of another version than this code builds."""
    con = connect_readonly(db_path, check_schema=False)
    try:
        return schema_version(con) != SCHEMA_VERSION
    finally:
        con.close()
