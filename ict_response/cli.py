"""`ict-response`: build the database from exports, inspect what was loaded, run queries.

Exit codes: 0 done (a database was built, even with rejected rows); 2 the user's input is
unusable, the database path cannot take a database, or another writer holds the database
longer than --wait (a one-line message names the file and the problem; the old database is
untouched).

Conventions: an option that takes several values takes them both ways, `--cases a b` and
`--cases a --cases b` (mixed too); `--json` prints the result as JSON on stdout, otherwise
it is printed for people to read (CSV for `query` and `rejected`).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shlex
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import cast

from . import db as database
from . import i18n, provenance, replication, topic_trial
from .errors import UserError
from .filters import Filters
from .paths import SAMPLE_EXPORTS, default_db_path
from .store import (
    DEFAULT_WAIT_SECONDS,
    ImportStore,
    check_db_path,
    is_sample,
    sample_hashes,
    sha256_of,
    shipped_imports,
    writing,
)

EXIT_USER_ERROR = 2


class TerminalProgress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled

    def __call__(self, what: str, fraction: float) -> None:
        if not self.enabled:
            return
        width = 30
        done = int(width * fraction)
        line = f"\r[{'#' * done}{' ' * (width - done)}] {fraction:4.0%} {what[:50]:<50}"
        sys.stderr.write(line + ("\n" if fraction >= 1 else ""))
        sys.stderr.flush()


# --------------------------------------------------------------------------- commands


class WaitNotice:
    """Says on stderr that this command waits for another writer: once, then (on a
    terminal) the same line kept up to date."""

    def __init__(self) -> None:
        self.told = False

    def __call__(self, message: str) -> None:
        if not self.told:
            print(f"{message[0].upper()}{message[1:]}…", file=sys.stderr)
            self.told = True
        elif sys.stderr.isatty():
            sys.stderr.write(f"\x1b[1A\r{message[0].upper()}{message[1:]}…\x1b[K\n")
            sys.stderr.flush()


def cmd_build(args: argparse.Namespace) -> int:
    db_path = Path(args.db)
    check_db_path(db_path)  # before anything else is read
    files = [("cases", Path(p)) for p in args.cases] + [("sessions", Path(p)) for p in args.sessions]
    for _, path in files:
        if not path.is_file():
            raise UserError(f"{path}: no such file.")
    if args.sample or not files:
        # The first real export of a kind replaces the sample of that kind (--keep-sample).
        samples = sample_hashes()
        real = {kind for kind, path in files if sha256_of(path) not in samples}
        left_out = sorted(k for k, _ in SAMPLE_EXPORTS if k in real) if not args.keep_sample else []
        if left_out:
            what = " and ".join(left_out)
            print(
                f"The shipped sample {what} are left out: real {what} exports were given, "
                "and the first real export of a kind replaces its sample (--keep-sample keeps it).",
                file=sys.stderr,
            )
        files = [(k, p) for k, p in SAMPLE_EXPORTS if k not in left_out] + files
    else:
        held = sorted({e.kind for e in ImportStore(db_path).entries() if is_sample(e)})
        if held:
            what = " and ".join(held)
            print(
                f"{db_path}: this build replaces the whole database, and its sample {what} "
                "are not in it (--sample keeps the sample of the kinds given no real export).",
                file=sys.stderr,
            )
    with writing(db_path, args.command_line, args.wait, WaitNotice()) as store:
        shipped = shipped_imports()  # real collections in every build, never kept copies
        entries, seen = [], {(e.kind, e.sha256) for e, _ in shipped}
        for kind, path in files:
            entry = store.new_entry(path, kind, sheet=args.sheet)
            if (kind, entry.sha256) not in seen:  # the same content twice is one import
                seen.add((kind, entry.sha256))
                entries.append((entry, path))
        # Copies, database, then the manifest naming them; copies no manifest names go.
        manifest = None
        try:
            for entry, path in entries:
                store.keep(path, entry)
            manifest = store.prepare_manifest([e for e, _ in entries])
            report = database.build(db_path, shipped + entries, progress=TerminalProgress())
        except BaseException:
            if manifest is not None:
                manifest.unlink(missing_ok=True)
            store.prune()
            raise
        store.commit_manifest(manifest)
        store.prune()
    _print_report(report, args.json)
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from .imports import NewFile, fields_of, ingest, mapping_for, replacement_notice, sample_to_replace

    db_path = Path(args.db)
    check_db_path(db_path)  # before any file is read
    manual = _parse_map(args.map)
    unknown = sorted(set(manual.values()) - set(fields_of(args.kind)))
    if unknown:
        raise UserError(
            f"--map: {', '.join(unknown)} is not a {args.kind} field; known fields: "
            f"{', '.join(fields_of(args.kind))}."
        )

    def warn(message: str) -> None:
        print(f"warning: {one_line(message)}", file=sys.stderr)

    files, remembered = [], []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            raise UserError(f"{path}: no such file.")
        mapping = manual or mapping_for(db_path, args.kind, path, warn=warn)
        if mapping and not manual:
            remembered.append({"file": str(path), "mapping": mapping})
            pairs = ", ".join(f"{h!r} -> {f}" for h, f in mapping.items())
            print(
                one_line(
                    f"{path}: applying the column mapping remembered for files with "
                    f"these headers: {pairs} (give --map to choose otherwise)."
                ),
                file=sys.stderr,
            )
        files.append(NewFile(args.kind, path, mapping=mapping, sheet=args.sheet, remember=bool(manual)))
    if not args.keep_sample:
        replaced = sample_to_replace(db_path, [(f.kind, f.path) for f in files])
        if replaced:  # said before anything changes
            print(one_line(replacement_notice(replaced, "--keep-sample")), file=sys.stderr)
    result = ingest(
        db_path,
        files,
        added_by=args.added_by,
        progress=TerminalProgress(),
        command=args.command_line,
        wait=args.wait,
        on_wait=WaitNotice(),
        keep_sample=args.keep_sample,
    )
    for name in result.unchanged:
        print(f"{name}: already imported (same content); nothing changed.", file=sys.stderr)
    for note in result.notes:
        warn(note)
    extra: dict[str, object] = {
        "remembered_mappings": remembered,
        "replaced_sample": [
            {"import_id": e.import_id, "kind": e.kind, "file_name": e.file_name} for e in result.replaced
        ],
    }
    if result.notes:
        extra["notes"] = result.notes
    if result.report is None:
        if args.json:
            print(json.dumps({"db": str(db_path), "unchanged": result.unchanged, "rebuilt": False, **extra}))
        return 0
    _print_report(result.report, args.json, unchanged=result.unchanged, extra=extra)
    return 0


def _parse_map(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        header, sep, target = pair.rpartition("=")
        if not sep or not header or not target:
            raise UserError(f"--map {pair!r}: write it as 'COLUMN HEADER=field'.")
        mapping[header] = target.strip()
    return mapping


def cmd_withdraw(args: argparse.Namespace) -> int:
    from .imports import withdraw

    check_db_path(Path(args.db))
    gone, report = withdraw(
        Path(args.db),
        args.import_id,
        progress=TerminalProgress(),
        command=args.command_line,
        wait=args.wait,
        on_wait=WaitNotice(),
    )
    if not args.json:
        print(f"Withdrew {gone.file_name} ({gone.import_id}); its kept copy was deleted.")
    _print_report(
        report,
        args.json,
        extra={"withdrawn": {"import_id": gone.import_id, "kind": gone.kind, "file_name": gone.file_name}},
    )
    return 0


def cmd_rebuild(args: argparse.Namespace) -> int:
    from .imports import rebuild

    db_path = Path(args.db)
    check_db_path(db_path)
    if args.if_outdated and (not db_path.exists() or not database.is_outdated(db_path)):
        if args.json:
            print(json.dumps({"db": str(db_path), "rebuilt": False}))
        return 0
    report = rebuild(
        db_path, progress=TerminalProgress(), command=args.command_line, wait=args.wait, on_wait=WaitNotice()
    )
    if not args.json:
        print(f"Rebuilt {db_path} from its kept imports.")
    _print_report(report, args.json, extra={"rebuilt": True})
    return 0


def cmd_hash_password(args: argparse.Namespace) -> int:
    import getpass

    from .password import hash_password

    if sys.stdin.isatty():
        first = getpass.getpass("Steward password: ")
        if getpass.getpass("Again: ") != first:
            raise UserError("The two passwords differ; nothing was printed.")
    else:
        first = sys.stdin.readline().rstrip("\r\n")
    stored = hash_password(first)
    if args.json:
        print(json.dumps({"password_hash": stored}))
        return 0
    print("# Paste into .streamlit/secrets.toml (keep that file out of version control):")
    print("[steward]")
    print(f'password_hash = "{stored}"')
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    con = database.connect_readonly(Path(args.db))
    try:
        imports = con.execute(
            "SELECT import_id, kind, file_name, added_at, format, encoding, rows_read, rows_loaded,"
            " rows_rejected, rows_superseded, warnings, is_sample, shipped FROM imports ORDER BY seq"
        ).df()
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        totals: dict[str, int] = {}
        for k in ("cases", "sessions", "rejected_rows", "import_warnings"):
            counted = con.execute(f"SELECT count(*) FROM {k}").fetchone()
            assert counted is not None  # an aggregate without GROUP BY returns one row
            totals[k] = counted[0]
    finally:
        con.close()
    if args.json:
        print(
            json.dumps(
                {
                    "db": args.db,
                    "meta": meta,
                    "totals": totals,
                    "imports": json.loads(imports.to_json(orient="records")),
                },
                indent=2,
            )
        )
        return 0
    print(f"Database {args.db}, built {meta.get('built_at')}")
    shipped = int(meta.get("initiatives") or 0)
    of_them = f" ({shipped:,} of them ITU's COVID-19 initiatives)" if shipped else ""
    if provenance.sample_footer(meta):
        print(f"  {provenance.sample_footer(meta)}.")
    print(
        f"  {totals['cases']:,} cases{of_them}, {totals['sessions']:,} sessions;"
        f" {totals['rejected_rows']:,} rejected rows, {totals['import_warnings']:,} warnings"
    )
    print(imports.drop(columns=["import_id"]).to_string(index=False))
    return 0


def cmd_rejected(args: argparse.Namespace) -> int:
    con = database.connect_readonly(Path(args.db))
    try:
        frame = con.execute(
            "SELECT i.file_name, r.source_row, r.reason, r.raw FROM rejected_rows r"
            " JOIN imports i USING (import_id) ORDER BY i.seq, r.source_row"
        ).df()
    finally:
        con.close()
    from .export import csv_safe_frame

    if args.out:
        Path(args.out).write_text(csv_safe_frame(frame).to_csv(index=False), encoding="utf-8")
        print(f"{len(frame):,} rejected rows written to {args.out}", file=sys.stderr)
        if args.json:
            print(json.dumps({"out": args.out, "rows": len(frame)}))
    elif args.json:
        rows = json.loads(frame.to_json(orient="records"))
        for row in rows:  # the raw row is JSON text: shown as the object it is
            try:
                row["raw"] = json.loads(row["raw"])
            except (TypeError, ValueError):
                pass
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(csv_safe_frame(frame).to_csv(index=False))
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from .queries import run_path

    filters = Filters.from_pairs(args.filter)
    for note in filters.notes:
        print(note, file=sys.stderr)
    params: dict[str, object] = {}
    if args.rollup:
        params["rollup"] = True
    frame = run_path(Path(args.db), args.name, filters, params)
    if args.json:
        print(frame.to_json(orient="records", date_format="iso", indent=2))
    else:
        from .export import csv_safe_frame

        buffer = io.StringIO()
        csv_safe_frame(frame).to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL)
        sys.stdout.write(buffer.getvalue())
    return 0


def cmd_similar(args: argparse.Namespace) -> int:
    from .db import connect_readonly

    scope = (
        "other_countries" if args.other_countries else "other_regions" if args.other_regions else "anywhere"
    )
    con = connect_readonly(Path(args.db))
    try:
        matches = replication.similar(con, args.case_id, args.k, scope)
    finally:
        con.close()
    return _print_matches(matches, args.json, replication.nothing_like(scope))


def cmd_find(args: argparse.Namespace) -> int:
    from .db import connect_readonly

    filters = Filters.from_pairs(args.filter)
    need, markup = replication.clean_need(args.need)
    for note in [*filters.notes, *([markup] if markup else [])]:
        print(note, file=sys.stderr)
    con = connect_readonly(Path(args.db))
    try:
        matches = replication.find(con, need, filters, args.k)
    finally:
        con.close()
    return _print_matches(matches, args.json, replication.nothing_found(need, filters))


def _print_matches(matches: list[replication.Match], as_json: bool, none: str) -> int:
    """Best first: JSON objects (case_id, title, organisation, country, score, match, why), or
    one block of lines per case."""
    if as_json:
        print(json.dumps([m.as_dict() for m in matches], ensure_ascii=False, indent=2))
    elif not matches:
        print(none)
    for rank, m in enumerate(matches if not as_json else [], start=1):
        where = one_line(m.country) or "no country"
        # The score, and as a share of the highest it can be (what a reader can judge).
        match = f" ({m.match:.0%} of the best possible)" if m.match is not None else ""
        print(f"{rank:>2}. {one_line(m.title)} ({m.case_id}; {where}) score {m.score:.2f}{match}")
        print(f"    why: {m.why}")
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from .sample import generate

    paths = generate(Path(args.out), cases=args.cases, sessions=args.sessions, seed=args.seed)
    if args.json:
        print(json.dumps({kind: str(path) for kind, path in paths.items()}))
        return 0
    for kind, path in paths.items():
        print(f"{kind}: {path}")
    return 0


def cmd_export_chart(args: argparse.Namespace) -> int:
    with i18n.using(args.lang):  # the chart's words; this command's own messages stay English
        return _export_chart(args)


def _export_chart(args: argparse.Namespace) -> int:
    from . import catalog, export

    if args.list or not args.name:
        if args.json:
            print(
                json.dumps(
                    [
                        {"name": name, "description": spec.description}
                        for name, spec in catalog.CATALOG.items()
                    ],
                    indent=2,
                )
            )
            return 0
        for name, spec in catalog.CATALOG.items():
            print(f"{name:<36} {spec.description}")
        return 0
    spec = catalog.get(args.name)
    fmt = args.format or (Path(args.out).suffix.lstrip(".").lower() if args.out else "")
    if fmt not in export.MIME:
        raise UserError(f"Say which format with --format png|svg|pdf|csv|xlsx (got {fmt or 'none'}).")
    out = Path(args.out or export.file_name(spec.name, fmt))
    filters = Filters.from_pairs(args.filter)
    for note in filters.notes:
        print(note, file=sys.stderr)
    params = {"rollup": True} if args.rollup else {}
    with catalog.open_db(Path(args.db), filters) as ctx:
        chart = catalog.render(spec.name, ctx, **params)
    if fmt == "csv":
        data = export.csv_bytes(chart.frame)
    elif fmt == "xlsx":
        data = export.xlsx_bytes(chart.frame, chart.about())
    else:
        info = export.DocumentInfo.of_chart(chart.about())
        data = export.image_bytes(chart.figure, fmt, args.width, args.height, args.scale, info=info)
    out.write_bytes(data)
    print(f"{spec.name}: {len(data):,} bytes written to {out}", file=sys.stderr)
    if args.json:
        print(json.dumps({"chart": spec.name, "format": fmt, "out": str(out), "bytes": len(data)}))
    return 0


def cmd_briefing(args: argparse.Namespace) -> int:
    with i18n.using(args.lang):  # the pack's words; this command's own messages stay English
        return _briefing(args)


def _briefing(args: argparse.Namespace) -> int:
    from . import briefing, catalog

    out = Path(args.out)
    fmt = out.suffix.lstrip(".").lower()
    if fmt not in briefing.FORMATS:
        raise UserError(f"{out}: a briefing is written as .pptx or .docx; name the file so.")
    sections = briefing.parse_sections(",".join(args.sections) if args.sections else None)
    filters = Filters.from_pairs(args.filter)
    for note in filters.notes:
        print(note, file=sys.stderr)
    with catalog.open_db(Path(args.db), filters) as ctx:
        _, data = briefing.build(ctx, fmt, sections, progress=TerminalProgress())
    out.write_bytes(data)
    print(f"Briefing ({', '.join(sections)}): {len(data):,} bytes written to {out}", file=sys.stderr)
    if args.json:
        print(json.dumps({"out": str(out), "format": fmt, "sections": sections, "bytes": len(data)}))
    return 0


# --------------------------------------------------------------------------- wiring


def cmd_topics(args: argparse.Namespace) -> int:
    from .topics import RULES_FILE, read_rules, rules_file, rules_for, topics

    db_path = Path(args.db)
    chosen = [
        flag for flag, on in (("--try", args.try_), ("--apply", args.apply), ("--reset", args.reset)) if on
    ]
    if len(chosen) > 1:
        raise UserError(f"{' and '.join(chosen)}: one at a time.")
    if args.apply or args.reset:
        check_db_path(db_path)
        report = topic_trial.apply_rules(
            db_path,
            None if args.reset else Path(args.apply),
            applied_by=args.added_by,
            progress=TerminalProgress(),
            command=args.command_line,
            wait=args.wait,
            on_wait=WaitNotice(),
        )
        what = "the shipped topic rules" if args.reset else f"the topic rules of {args.apply}"
        if not args.json:
            print(f"Rebuilt with {what}; every later build uses them.")
        _print_report(report, args.json)
        return 0
    if args.try_:
        database.connect_readonly(db_path).close()  # says plainly when there is no database
        path = Path(args.try_)
        trial = topic_trial.try_rules(db_path, read_rules(path), path)
        if args.json:
            print(json.dumps(trial.as_dict()))
        else:
            _print_trial(trial, db_path)
        return 0
    in_use = rules_file(db_path)
    rules = rules_for(db_path)
    if args.json:
        print(json.dumps({"rules": str(in_use), "topics": [t.__dict__ for t in topics()]}))
        return 0
    own = "shipped" if in_use == RULES_FILE else "this deployment's own"
    print(f"Topic rules in use: {in_use} ({own}, {len(rules):,} rules)")
    for t in topics():
        n = sum(r.topic == t.topic for r in rules)
        family = f", in {t.parent}" if t.parent else ""
        print(f"  {t.topic:<20} {t.label}{family}: {n} rules")
    print("Try a changed copy with `ict-response topics --try RULES.csv`, then `--apply RULES.csv`.")
    return 0


def _print_trial(trial: topic_trial.Trial, db_path: Path) -> None:
    print(f"Trying {trial.rules} on {db_path}: nothing changes until you apply it.")
    for kind in ("cases", "sessions"):
        changed = trial.changed(kind)
        if not changed:
            print(f"\n{kind.capitalize()}: no topic would change.")
            continue
        print(f"\n{kind.capitalize():<32}{'now':>9}{'gains':>9}{'loses':>9}{'after':>9}")
        for c in changed:
            print(f"{c.label[:32]:<32}{c.now:>9,}{c.gained:>+9,}{-c.lost:>+9,}{c.after:>9,}")
            for sign, examples in (("+", c.gained_examples), ("-", c.lost_examples)):
                for e in examples:
                    words = f"{e.field}: {one_line(e.matched)!r}"
                    print(f"    {sign} {e.record_id}: {one_line(e.title)[:60]} ({words})")
        same = [c.label for c in trial.changes[kind] if not (c.gained or c.lost)]
        if same:
            print(f"Unchanged: {', '.join(same)}.")
    print(f"\nTo apply (a rebuild): ict-response topics --apply {shlex.quote(str(trial.rules))}")


def _print_report(
    report: database.BuildReport,
    as_json: bool,
    unchanged: Sequence[str] = (),
    extra: dict[str, object] | None = None,
) -> None:
    data = report.as_dict()
    if unchanged:
        data["unchanged"] = list(unchanged)
    data.update(extra or {})
    if as_json:
        print(json.dumps(data, default=str))
        return
    print(f"Built {report.db} in {report.seconds:.1f} s")
    footer = provenance.sample_footer({"sample": json.dumps(report.sample)})
    if footer:
        print(f"  {footer}.")
    for kind in ("cases", "sessions"):
        c = getattr(report, kind)
        print(
            f"  {kind}: {c.rows_read:,} rows read, {c.rows_loaded:,} loaded, "
            f"{c.rows_rejected:,} rejected, {c.warnings:,} warnings, "
            f"{c.rows_superseded:,} superseded -> {c.records:,} in the database"
        )
    if report.shipped.records:
        print(
            f"  and {report.shipped.records:,} cases of ITU's COVID-19 initiatives "
            "(shipped with the dashboard)"
        )
    if report.cases.rows_rejected or report.sessions.rows_rejected:
        print("  See `ict-response rejected` for the rejected rows and their reasons.")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ict-response",
        description="ICT Response Dashboard: build and query the database of COVID-19 ICT cases "
        "and WSIS Forum 2021 sessions. Options that take several values take them both ways "
        "(--cases a b, or --cases a --cases b); --json prints the result as JSON on stdout.",
    )
    sub = p.add_subparsers(dest="command", required=True)

    def with_db(sp: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sp.add_argument(
            "--db",
            default=str(default_db_path()),
            help="database file (default: data/ict_response.duckdb or $ICT_RESPONSE_DB)",
        )
        return sp

    def several(sp: argparse.ArgumentParser, flag: str, metavar: str, help: str) -> None:
        """An option that takes one or more values, and may be repeated: every value counts."""
        sp.add_argument(flag, action="extend", nargs="+", default=[], metavar=metavar, help=help)

    def with_json(sp: argparse.ArgumentParser, what: str = "the result") -> None:
        sp.add_argument("--json", action="store_true", help=f"print {what} as JSON on stdout")

    def with_lang(sp: argparse.ArgumentParser, what: str) -> None:
        sp.add_argument(
            "--lang",
            choices=list(i18n.LANGUAGES),
            default=i18n.SOURCE,
            help=f"write {what} in this language (default {i18n.SOURCE}; ar is written right to left)",
        )

    def writer(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--wait",
            type=float,
            default=DEFAULT_WAIT_SECONDS,
            metavar="SECONDS",
            help="how long to wait for another build, ingest or withdraw of this "
            f"database to finish (default {DEFAULT_WAIT_SECONDS:.0f}; 0: refuse at once)",
        )

    filter_help = "KEY=VALUE (or KEY=V1,V2); repeat or list several"

    b = with_db(sub.add_parser("build", help="rebuild the database from exports (default: the sample)"))
    several(b, "--cases", "FILE", "case exports (several, or repeat the option)")
    several(b, "--sessions", "FILE", "WSIS Forum session exports (several, or repeat the option)")
    b.add_argument(
        "--sample",
        action="store_true",
        help="include the shipped sample exports, of the kinds no real export is given for",
    )
    b.add_argument(
        "--keep-sample",
        action="store_true",
        help="with --sample: keep the sample of a kind even when real exports of it are given",
    )
    b.add_argument("--sheet", help="Excel sheet to read (default: the first with a header row)")
    writer(b)
    with_json(b, "the build report")
    b.set_defaults(func=cmd_build)

    i = with_db(sub.add_parser("ingest", help="add exports to the kept imports and rebuild"))
    i.add_argument("kind", choices=["cases", "sessions"])
    i.add_argument("files", nargs="+", metavar="FILE")
    i.add_argument("--sheet")
    several(
        i,
        "--map",
        "HEADER=FIELD",
        "store an unrecognised column as FIELD, and remember it for files with the same "
        "headers (default: the mapping remembered for those headers)",
    )
    i.add_argument("--added-by", default="", metavar="NAME", help="recorded in the import history")
    i.add_argument(
        "--keep-sample",
        action="store_true",
        help="keep the shipped sample of this kind (default: the first real export replaces it)",
    )
    writer(i)
    with_json(i, "the build report")
    i.set_defaults(func=cmd_ingest)

    w = with_db(sub.add_parser("withdraw", help="remove one import from the kept imports and rebuild"))
    w.add_argument("import_id", metavar="IMPORT_ID", help="as listed by `ict-response report --json`")
    writer(w)
    with_json(w, "the build report")
    w.set_defaults(func=cmd_withdraw)

    r = with_db(sub.add_parser("rebuild", help="rebuild the database from its kept imports as they are"))
    r.add_argument(
        "--if-outdated",
        action="store_true",
        help="only when the database was built by another version of the dashboard",
    )
    writer(r)
    with_json(r, "the build report")
    r.set_defaults(func=cmd_rebuild)

    t = with_db(
        sub.add_parser("topics", help="the topic rules in use; try a changed copy, then apply it (a rebuild)")
    )
    t.add_argument(
        "--try",
        dest="try_",
        metavar="RULES.csv",
        help="show how many records each topic would gain and lose, with examples; changes nothing",
    )
    t.add_argument(
        "--apply", metavar="RULES.csv", help="rebuild with these rules and keep them for later builds"
    )
    t.add_argument("--reset", action="store_true", help="rebuild with the shipped rules again")
    t.add_argument("--added-by", default="", metavar="NAME", help="recorded with the applied rules")
    writer(t)
    with_json(t, "the rules, the trial or the build report")
    t.set_defaults(func=cmd_topics)

    h = sub.add_parser("hash-password", help="print the steward password hash for .streamlit/secrets.toml")
    with_json(h, "the hash")
    h.set_defaults(func=cmd_hash_password)

    r = with_db(sub.add_parser("report", help="what was imported: rows read, loaded, rejected"))
    with_json(r)
    r.set_defaults(func=cmd_report)

    j = with_db(sub.add_parser("rejected", help="the rejected rows with their reasons, as CSV"))
    j.add_argument("--out", metavar="FILE.csv")
    with_json(j, "the rows (with --out: what was written)")
    j.set_defaults(func=cmd_rejected)

    q = with_db(sub.add_parser("query", help="run a named query from queries/ (CSV, or --json)"))
    q.add_argument("name")
    several(q, "--filter", "KEY=VALUE", filter_help)
    q.add_argument("--rollup", action="store_true", help="count C7 sub-lines under C7")
    with_json(q, "the rows")
    q.set_defaults(func=cmd_query)

    m = with_db(
        sub.add_parser("similar", help="the cases most like one case, each with why (replication finder)")
    )
    m.add_argument("case_id", metavar="CASE_ID")
    m.add_argument("--k", type=int, default=replication.DEFAULT_K, metavar="N", help="how many (default 10)")
    where = m.add_mutually_exclusive_group()
    where.add_argument(
        "--other-countries", action="store_true", help="only cases sharing none of its countries"
    )
    where.add_argument(
        "--other-regions", action="store_true", help="only cases sharing none of its ITU regions"
    )
    with_json(m, "the cases")
    m.set_defaults(func=cmd_similar)

    n = with_db(
        sub.add_parser("find", help="the cases that best meet a need in plain words (replication finder)")
    )
    n.add_argument(
        "need", metavar="TEXT", help='the need, e.g. "text message reminders for vaccine appointments"'
    )
    n.add_argument("--k", type=int, default=replication.DEFAULT_K, metavar="N", help="how many (default 10)")
    several(n, "--filter", "KEY=VALUE", filter_help)
    with_json(n, "the cases")
    n.set_defaults(func=cmd_find)

    s = sub.add_parser("sample", help="write synthetic exports (for demos and benchmarks)")
    s.add_argument("--out", required=True, metavar="DIR")
    s.add_argument("--cases", type=int, default=500)
    s.add_argument("--sessions", type=int, default=260)
    s.add_argument("--seed", type=int, default=2021)
    with_json(s, "the files written")
    s.set_defaults(func=cmd_sample)

    x = with_db(
        sub.add_parser(
            "export-chart",
            help="write one dashboard chart as an image or its data (--list names every chart)",
        )
    )
    x.add_argument("name", nargs="?", help="chart name, as listed by --list")
    x.add_argument("--list", action="store_true", help="name every chart and stop")
    x.add_argument(
        "--format",
        choices=["png", "svg", "pdf", "csv", "xlsx"],
        help="default: from the --out file's extension",
    )
    x.add_argument("--out", metavar="FILE", help="default: ict-response_NAME_DATE.FORMAT")
    several(x, "--filter", "KEY=VALUE", filter_help)
    x.add_argument("--rollup", action="store_true", help="count C7 sub-lines under C7")
    x.add_argument("--width", type=int, metavar="PX", help="image width (default 1100)")
    x.add_argument("--height", type=int, metavar="PX", help="image height (default: the chart's)")
    x.add_argument("--scale", type=float, default=2, metavar="N", help="pixel density of PNGs (default 2)")
    with_lang(x, "the chart's words (title, axes, notes, data headers)")
    with_json(x, "the chart list (--list) or what was written")
    x.set_defaults(func=cmd_export_chart)

    f = with_db(
        sub.add_parser(
            "briefing", help="a briefing pack (PowerPoint or Word) of key figures, charts and findings"
        )
    )
    f.add_argument("--out", required=True, metavar="FILE.pptx|FILE.docx")
    several(f, "--filter", "KEY=VALUE", filter_help)
    several(
        f,
        "--sections",
        "SECTION",
        "default: action-lines sdgs sdg-linkages regions topics sessions gaps; also replication "
        "(several, repeated, or comma-separated)",
    )
    with_lang(f, "the pack (findings, headings, methods, the file's language)")
    with_json(f, "what was written")
    f.set_defaults(func=cmd_briefing)
    return p


def one_line(text: str) -> str:
    """The message on one line: a file name or header from data may hold line breaks or
    control characters, shown escaped ("\\n") rather than breaking the line."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


class Terminated(BaseException):
    """SIGTERM, raised where the main thread is so that a build in progress unwinds and
    removes its temporary file (the default action would end the process on the spot)."""


# The signals that arrived during this command: DuckDB may turn the exception a handler
# raises into its own "Query interrupted" error mid-query, so the signal is noted as well.
_RECEIVED: set[int] = set()


def _on_signal(signum: int, frame: FrameType | None) -> None:
    _RECEIVED.add(signum)
    raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt


def _interrupted() -> int:
    print("interrupted; the database was not changed.", file=sys.stderr)
    return 130


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser().parse_args(argv)
    # What this run is, in words, for writers that wait for it (see store.writing).
    args.command_line = one_line(shlex.join(["ict-response", *argv]))
    _RECEIVED.clear()
    handled = (signal.SIGTERM, signal.SIGINT) if threading.current_thread() is threading.main_thread() else ()
    previous = {sig: signal.signal(sig, _on_signal) for sig in handled}
    try:
        return cast(int, args.func(args))  # each command returns its exit status
    except UserError as e:
        print(f"error: {one_line(str(e))}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return _interrupted()
    except (Terminated, Exception):
        if signal.SIGTERM not in _RECEIVED:
            if signal.SIGINT in _RECEIVED:
                return _interrupted()
            raise  # a bug, not a signal: the traceback is wanted
        print("terminated; the database is as it was or fully rebuilt, never half-built.", file=sys.stderr)
        return 128 + signal.SIGTERM
    finally:
        for sig, handler in previous.items():
            if handler is not None:
                signal.signal(sig, handler)
