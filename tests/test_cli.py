"""The command line, run in-process through cli.main (and once as `python -m ict_response`)."""

import argparse
import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from builders import CASES_SMALL, FIXTURES, N_INITIATIVES, SESSIONS_SMALL, write_csv

from ict_response.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def built(fixtures_db):
    """A private copy of the fixture exports' database folder for one test."""
    return fixtures_db


def test_build_json_shape(tmp_path, capsys):
    db = tmp_path / "t.duckdb"
    code, out, err = run(
        capsys, "build", "--db", db, "--cases", CASES_SMALL, "--sessions", SESSIONS_SMALL, "--json"
    )
    assert code == 0
    assert err == ""
    data = json.loads(out)
    assert data["db"] == str(db)
    counts = {"rows_read", "rows_loaded", "rows_rejected", "warnings"}
    assert counts <= data["cases"].keys()
    assert counts <= data["sessions"].keys()
    assert {k: data["cases"][k] for k in counts} == {
        "rows_read": 7,
        "rows_loaded": 6,
        "rows_rejected": 1,
        "warnings": 3,
    }
    assert {k: data["sessions"][k] for k in counts} == {
        "rows_read": 3,
        "rows_loaded": 3,
        "rows_rejected": 0,
        "warnings": 0,
    }
    assert db.is_file()


def test_build_text_report_points_at_rejected_rows(tmp_path, capsys):
    code, out, _ = run(capsys, "build", "--db", tmp_path / "t.duckdb", "--cases", CASES_SMALL)
    assert code == 0
    assert "cases: 7 rows read, 6 loaded, 1 rejected, 3 warnings, 1 superseded -> 5 in the database" in out
    assert "ict-response rejected" in out


def _unusable_inputs(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    no_title = write_csv(tmp_path / "no_title.csv", [["Foo", "Bar"], ["1", "2"]])
    return {
        "empty": (empty, "is empty"),
        "no title": (no_title, "has no title column"),
        "missing": (tmp_path / "missing.csv", "no such file"),
    }


@pytest.mark.parametrize("which", ["empty", "no title", "missing"])
@pytest.mark.parametrize("command", ["build", "ingest"])
def test_unusable_input_exits_2_and_leaves_the_database(built, tmp_path, capsys, which, command):
    path, problem = _unusable_inputs(tmp_path)[which]
    before = built.read_bytes()
    manifest = built.parent / "imports" / "manifest.json"
    manifest_before = manifest.read_bytes()
    argv = (
        ["build", "--db", built, "--cases", path]
        if command == "build"
        else ["ingest", "cases", path, "--db", built]
    )
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(path) in lines[0] and problem in lines[0]
    assert "Traceback" not in err
    assert built.read_bytes() == before
    assert manifest.read_bytes() == manifest_before
    assert not list(built.parent.glob("*.building*"))


def test_ingest_keeps_a_copy_named_by_sha256(tmp_path, capsys):
    db = tmp_path / "t.duckdb"
    code, _, _ = run(capsys, "ingest", "cases", CASES_SMALL, "--db", db)
    assert code == 0
    sha = hashlib.sha256(CASES_SMALL.read_bytes()).hexdigest()
    kept = tmp_path / "imports" / f"{sha}.csv"
    assert kept.read_bytes() == CASES_SMALL.read_bytes()
    manifest = json.loads((tmp_path / "imports" / "manifest.json").read_text())
    assert [(e["kind"], e["sha256"], e["file_name"], e["stored_name"]) for e in manifest["imports"]] == [
        ("cases", sha, "cases_small.csv", f"{sha}.csv"),
    ]


def test_ingest_same_file_twice_changes_nothing(tmp_path, capsys):
    db = tmp_path / "t.duckdb"
    assert run(capsys, "ingest", "cases", CASES_SMALL, "--db", db)[0] == 0
    before, stat = db.read_bytes(), db.stat()
    copy = tmp_path / "renamed copy.csv"  # same content under another name
    copy.write_bytes(CASES_SMALL.read_bytes())
    for path in (CASES_SMALL, copy):
        code, out, err = run(capsys, "ingest", "cases", path, "--db", db)
        assert code == 0
        assert f"{path.name}: already imported (same content); nothing changed." in err
        assert out == ""
    assert db.read_bytes() == before
    assert (db.stat().st_ino, db.stat().st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)

    code, out, _ = run(capsys, "ingest", "cases", CASES_SMALL, "--db", db, "--json")
    assert json.loads(out) == {
        "db": str(db),
        "unchanged": ["cases_small.csv"],
        "rebuilt": False,
        "remembered_mappings": [],
        "replaced_sample": [],
    }


def test_later_ingest_supersedes_and_report_shows_it(tmp_path, capsys):
    db = tmp_path / "t.duckdb"
    assert run(capsys, "ingest", "cases", CASES_SMALL, "--db", db)[0] == 0
    update = write_csv(
        tmp_path / "update.csv",
        [
            ["ID", "Project Title", "Countries", "WSIS Action Lines", "Status"],
            ["2", "School radio lessons (2021)", "Kenya, Uganda, Rwanda", "C7 E-learning; C4", "Completed"],
            ["9", "New case", "Ghana", "C3", "Ongoing"],
        ],
    )
    code, out, _ = run(capsys, "ingest", "cases", update, "--db", db, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["cases"]["records"] == 6  # 5 before, ID 2 replaced, ID 9 added
    assert data["cases"]["rows_superseded"] == 2  # fixture row 1 (ID 1) and row 2 (ID 2)

    code, out, _ = run(capsys, "report", "--db", db, "--json")
    assert code == 0
    report = json.loads(out)
    assert report["totals"] == {
        "cases": 6 + N_INITIATIVES,
        "sessions": 0,
        "rejected_rows": 1,
        "import_warnings": 3,
    }
    assert [
        (i["file_name"], i["rows_read"], i["rows_loaded"], i["rows_superseded"])
        for i in report["imports"]
        if not i["shipped"]
    ] == [("cases_small.csv", 7, 6, 2), ("update.csv", 2, 2, 0)]

    code, out, _ = run(capsys, "query", "case_list", "--db", db, "--filter", "country=RWA", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["case_id"], r["title"], r["action_lines"]) for r in rows] == [
        ("2", "School radio lessons (2021)", "C7-ELEARN; C4"),
    ]


def test_report_text(built, capsys):
    code, out, _ = run(capsys, "report", "--db", built)
    assert code == 0
    assert (
        f"{5 + N_INITIATIVES} cases ({N_INITIATIVES} of them ITU's COVID-19 initiatives), 3 sessions;" in out
    )
    assert "1 rejected rows, 3 warnings" in out
    assert "cases_small.csv" in out and "sessions_small.csv" in out


def test_rejected_out_writes_the_rejected_rows(built, tmp_path, capsys):
    out_file = tmp_path / "rejected.csv"
    code, out, err = run(capsys, "rejected", "--db", built, "--out", out_file)
    assert code == 0
    assert "1 rejected rows written to" in err
    with open(out_file, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 1
    assert {k: rows[0][k] for k in ("file_name", "source_row", "reason")} == {
        "file_name": "cases_small.csv",
        "source_row": "4",
        "reason": "no title",
    }
    assert json.loads(rows[0]["raw"])["Organisation"] == "No title org"

    code, out, _ = run(capsys, "rejected", "--db", built)  # to stdout
    assert code == 0
    assert out.splitlines()[0] == "file_name,source_row,reason,raw"


def test_query_with_filters_as_json(built, capsys):
    code, out, err = run(
        capsys,
        "query",
        "cases_by_country",
        "--db",
        built,
        "--filter",
        "country=Kenya",
        "--filter",
        "country=Viet Nam",
        "--json",
    )
    assert code == 0
    assert err == ""
    # Only the chosen countries: case 2 also names Uganda, which is outside the selection.
    assert json.loads(out) == [
        {"country": "KEN", "name": "Kenya", "region": "Africa", "cases": 2},
        {"country": "VNM", "name": "Vietnam", "region": "Asia-Pacific", "cases": 1},
    ]


def test_query_csv_rollup_and_notes(built, capsys):
    code, out, err = run(
        capsys,
        "query",
        "cases_by_action_line",
        "--db",
        built,
        "--rollup",
        "--filter",
        "collection=WSIS Stocktaking COVID-19",  # the fixture's cases, not the initiatives
        "--filter",
        "action_line=C7",
        "--filter",
        "bogus=1",
        "--filter",
        "sdg=SDG 99",
    )
    assert code == 0
    rows = list(csv.DictReader(out.splitlines()))
    assert len(rows) == 11
    assert {r["action_line"]: int(r["cases"]) for r in rows if r["cases"] != "0"} == {"C5": 1, "C7": 3}
    assert "Ignored unknown filter 'bogus'." in err
    assert "Ignored sdg='SDG 99'" in err


def test_unknown_query_exits_2(built, capsys):
    code, out, err = run(capsys, "query", "no_such_query", "--db", built)
    assert code == 2
    assert out == ""
    assert err.startswith("error: No query named 'no_such_query'.")
    assert len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "query", "../etc/passwd", "--db", built)
    assert code == 2 and "No query named" in err


def test_missing_database_exits_2(tmp_path, capsys):
    code, out, err = run(capsys, "report", "--db", tmp_path / "none.duckdb")
    assert code == 2
    assert "no database here yet" in err
    assert not (tmp_path / "none.duckdb").exists()


def test_module_entry_point(tmp_path):
    """`python -m ict_response` is the same program."""
    db = tmp_path / "t.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("ICT_RESPONSE_DB", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ict_response",
            "build",
            "--db",
            str(db),
            "--cases",
            str(CASES_SMALL),
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["cases"]["rows_loaded"] == 6

    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    done = subprocess.run(
        [sys.executable, "-m", "ict_response", "build", "--db", str(db), "--cases", str(empty)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: {empty}: is empty: export the data again and check the download."


# --------------------------------------------------------------------------- several values


def _exports(folder: Path, kind: str, n: int) -> list[Path]:
    """`n` small exports of `kind` whose records all differ (no record supersedes another):
    file i holds i + 1 rows."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        if kind == "cases":
            rows = [["ID", "Project Title", "Countries", "WSIS Action Lines"]] + [
                [f"F{i}-{j}", f"Case {j} of file {i}", "Kenya", "C4"] for j in range(i + 1)
            ]
        else:
            rows = [["Session ID", "Title", "Date", "Session type"]] + [
                [f"S{i}-{j}", f"Session {j} of file {i}", "2021-03-22", "Thematic workshop"]
                for j in range(i + 1)
            ]
        paths.append(write_csv(folder / f"{kind}_{i}.csv", rows))
    return paths


def _counts(db: Path) -> tuple[int, int, int]:
    from ict_response.db import connect_readonly

    con = connect_readonly(db)
    try:
        return tuple(
            con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("cases", "sessions", "imports")
        )
    finally:
        con.close()


def _both_ways(option: str, values: list) -> dict[str, list[str]]:
    """The option given once with every value, once per value, and mixed."""
    values = [str(v) for v in values]
    mixed = [option, *values[:2]] + [a for v in values[2:] for a in (option, v)]
    return {
        "one option": [option, *values],
        "repeated": [a for v in values for a in (option, v)],
        "mixed": mixed,
    }


@pytest.mark.parametrize("form", ["one option", "repeated", "mixed"])
def test_build_reads_every_file_given_either_way(tmp_path, capsys, form):
    cases = _exports(tmp_path / "in", "cases", 3)  # 1 + 2 + 3 rows
    sessions = _exports(tmp_path / "in", "sessions", 3)
    db = tmp_path / "t.duckdb"
    argv = [
        "build",
        "--db",
        db,
        *_both_ways("--cases", cases)[form],
        *_both_ways("--sessions", sessions)[form],
        "--json",
    ]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    data = json.loads(out)
    assert (data["cases"]["rows_read"], data["sessions"]["rows_read"]) == (6, 6)
    assert _counts(db) == (6 + N_INITIATIVES, 6, 6 + 1)  # + the initiatives' one import
    manifest = json.loads((tmp_path / "imports" / "manifest.json").read_text())
    assert sorted(e["file_name"] for e in manifest["imports"]) == sorted(p.name for p in cases + sessions)


@pytest.mark.parametrize("form", ["one option", "repeated"])
def test_ingest_reads_every_file_and_every_map(tmp_path, capsys, form):
    db = tmp_path / "t.duckdb"
    more = write_csv(
        tmp_path / "more.csv",
        [
            ["Ref. no", "Project Title", "Lead agency", "Country"],
            ["Y-1", "Telecentres", "Rural Agency", "Mali"],
        ],
    )
    maps = _both_ways("--map", ["Ref. no=case_id", "Lead agency=organisation"])[form]
    code, out, err = run(
        capsys, "ingest", "cases", FIXTURES / "cases_unmapped.csv", more, "--db", db, *maps, "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert [i["file_name"] for i in data["imports"] if not i["shipped"]] == ["cases_unmapped.csv", "more.csv"]
    assert data["cases"]["rows_loaded"] == 5 + 1
    from ict_response.db import connect_readonly

    con = connect_readonly(db)
    try:
        found = con.execute(
            "SELECT case_id, organisation FROM cases WHERE case_id IN ('X-102', 'Y-1') ORDER BY 1"
        ).fetchall()
    finally:
        con.close()
    assert found == [("X-102", "Education Board"), ("Y-1", "Rural Agency")]


@pytest.mark.parametrize("form", ["one option", "repeated", "mixed"])
def test_query_uses_every_filter_given_either_way(built, capsys, form):
    filters = _both_ways("--filter", ["country=Kenya", "country=Viet Nam", "action_line=C7"])
    code, out, err = run(capsys, "query", "cases_by_country", "--db", built, *filters[form], "--json")
    assert code == 0, err
    # Only the chosen countries are counted (case 2's Uganda is outside the selection).
    assert [(r["country"], r["cases"]) for r in json.loads(out)] == [("KEN", 2), ("VNM", 1)]


@pytest.mark.parametrize("form", ["one option", "repeated"])
def test_export_chart_uses_every_filter_given_either_way(built, tmp_path, capsys, form):
    out_file = tmp_path / f"{form}.csv"
    filters = _both_ways("--filter", ["country=Kenya", "country=Viet Nam"])[form]
    code, _, err = run(
        capsys, "export-chart", "cases-by-country-map", "--db", built, "--out", out_file, *filters
    )
    assert code == 0, err
    rows = list(csv.DictReader(out_file.read_text(encoding="utf-8-sig").splitlines()))
    assert sorted(r["country"] for r in rows) == ["KEN", "VNM"]


@pytest.mark.parametrize("form", ["one option", "repeated", "mixed"])
def test_briefing_uses_every_filter_and_section_given_either_way(built, tmp_path, capsys, monkeypatch, form):
    from ict_response import briefing

    seen = {}

    def fake_build(ctx, fmt, sections, progress=None):
        seen.update(filters=ctx.filters, sections=sections)
        return None, b"pack"

    monkeypatch.setattr(briefing, "build", fake_build)
    code, out, err = run(
        capsys,
        "briefing",
        "--db",
        built,
        "--out",
        tmp_path / "b.pptx",
        *_both_ways("--filter", ["country=Kenya", "sdg=3", "sdg=4"])[form],
        *_both_ways("--sections", ["sdgs", "regions", "topics"])[form],
        "--json",
    )
    assert code == 0, err
    assert seen["sections"] == ["sdgs", "regions", "topics"]
    assert seen["filters"].country == ("KEN",) and set(seen["filters"].sdg) == {3, 4}
    assert json.loads(out) == {
        "out": str(tmp_path / "b.pptx"),
        "format": "pptx",
        "sections": ["sdgs", "regions", "topics"],
        "bytes": 4,
    }


def test_every_multi_value_option_takes_both_forms():
    """Every option of every command that takes several values accumulates them all."""
    from ict_response.cli import parser

    p = parser()
    commands = {name: sp for action in p._subparsers._group_actions for name, sp in action.choices.items()}
    several = [
        (name, action)
        for name, sp in commands.items()
        for action in sp._actions
        if action.option_strings and action.nargs == "+"
    ]
    assert {(name, a.option_strings[0]) for name, a in several} >= {
        ("build", "--cases"),
        ("build", "--sessions"),
        ("ingest", "--map"),
        ("query", "--filter"),
        ("export-chart", "--filter"),
        ("briefing", "--filter"),
        ("briefing", "--sections"),
    }
    for name, action in several:
        required = {
            "ingest": ["cases", "f.csv"],
            "query": ["q"],
            "briefing": ["--out", "b.pptx"],
            "find": ["radio lessons"],
        }.get(name, [])
        for form in _both_ways(action.option_strings[0], ["a", "b", "c"]).values():
            args = p.parse_args([name, *required, *form])
            assert getattr(args, action.dest) == ["a", "b", "c"], (name, form)
    # Options that could only ever take one value at a time are not silently "last wins".
    for name, sp in commands.items():
        for action in sp._actions:
            assert not isinstance(action, argparse._AppendAction) or action.nargs == "+", (
                name,
                action.option_strings,
            )


# --------------------------------------------------------------------------- --json everywhere


def test_every_command_that_prints_results_has_json():
    from ict_response.cli import parser

    p = parser()
    commands = {name: sp for action in p._subparsers._group_actions for name, sp in action.choices.items()}
    for name, sp in commands.items():
        assert "--json" in sp._option_string_actions, name


def test_json_output_of_each_command(built, tmp_path, capsys, monkeypatch):
    def as_json(*argv) -> object:
        code, out, err = run(capsys, *argv, "--json")
        assert code == 0, (argv, err)
        return json.loads(out)

    report = as_json("report", "--db", built)
    assert report["totals"]["cases"] == 5 + N_INITIATIVES
    rows = as_json("rejected", "--db", built)
    assert [(r["file_name"], r["reason"]) for r in rows] == [("cases_small.csv", "no title")]
    assert rows[0]["raw"]["Organisation"] == "No title org"
    assert as_json("rejected", "--db", built, "--out", tmp_path / "r.csv") == {
        "out": str(tmp_path / "r.csv"),
        "rows": 1,
    }
    assert [
        (r["country"], r["cases"])
        for r in as_json("query", "cases_by_country", "--db", built, "--filter", "country=KEN")
    ] == [("KEN", 2)]
    charts = as_json("export-chart", "--list")
    assert {"name", "description"} <= charts[0].keys() and len(charts) > 5
    written = as_json("export-chart", "cases-by-country-map", "--db", built, "--out", tmp_path / "c.csv")
    assert written["out"] == str(tmp_path / "c.csv") and written["format"] == "csv"
    assert written["bytes"] == (tmp_path / "c.csv").stat().st_size
    assert as_json("sample", "--out", tmp_path / "s", "--cases", "5", "--sessions", "3") == {
        "cases": str(tmp_path / "s" / "cases.csv"),
        "sessions": str(tmp_path / "s" / "sessions.csv"),
    }
    monkeypatch.setattr("sys.stdin", io.StringIO("secret words\n"))
    assert as_json("hash-password")["password_hash"].startswith("scrypt$")
    built_report = as_json("build", "--db", tmp_path / "b.duckdb", "--cases", CASES_SMALL)
    assert built_report["cases"]["rows_read"] == 7
    entries = json.loads((tmp_path / "imports" / "manifest.json").read_text())["imports"]
    ingested = as_json("ingest", "sessions", SESSIONS_SMALL, "--db", tmp_path / "b.duckdb")
    assert ingested["sessions"]["rows_read"] == 3 and ingested["remembered_mappings"] == []
    withdrawn = as_json("withdraw", entries[0]["import_id"], "--db", tmp_path / "b.duckdb")
    assert withdrawn["withdrawn"]["file_name"] == "cases_small.csv"
    assert withdrawn["cases"]["records"] == 0


def test_ingest_says_which_remembered_mapping_it_applied(tmp_path, capsys):
    db = tmp_path / "t.duckdb"
    unmapped = FIXTURES / "cases_unmapped.csv"
    code, _, err = run(capsys, "ingest", "cases", CASES_SMALL, "--db", db)
    assert code == 0, err
    code, _, err = run(
        capsys,
        "ingest",
        "cases",
        unmapped,
        "--db",
        db,
        "--map",
        "Ref. no=case_id",
        "Lead agency=organisation",
    )
    assert code == 0 and "remembered" not in err, err
    # The same headers, another file: the remembered mapping is applied and said so.
    later = write_csv(
        tmp_path / "later.csv",
        [
            unmapped.read_text(encoding="utf-8").splitlines()[0].split(","),
            ["Z-1", "Telecentres", "Rural Agency", "Mali", "C3", "4", ""],
        ],
    )
    code, out, err = run(capsys, "ingest", "cases", later, "--db", db, "--json")
    assert code == 0, err
    line = next(x for x in err.splitlines() if "remembered" in x)
    assert str(later) in line and "'Ref. no' -> case_id" in line
    assert "'Lead agency' -> organisation" in line
    assert json.loads(out)["remembered_mappings"] == [
        {"file": str(later), "mapping": {"Ref. no": "case_id", "Lead agency": "organisation"}}
    ]
