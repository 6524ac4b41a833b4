"""Remembered column mappings (imports/mappings.json): written only when a file is
published (the steward's Publish, `ingest --map`), whole and atomically, holding the
writers' lock, so that writers at once keep every entry; a damaged file is never silently
replaced; entries of the kind's earlier name still apply."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest
from builders import CASES_SMALL, FIXTURES, write_csv

from ict_response import imports, store
from ict_response.cli import main as cli
from ict_response.paths import ROOT
from ict_response.store import ImportStore, WriterBusyError, writing

UNMAPPED = FIXTURES / "cases_unmapped.csv"
HEADERS = UNMAPPED.read_text(encoding="utf-8").splitlines()[0].split(",")
MAPPING = {"Ref. no": "case_id", "Lead agency": "organisation"}


def run(capsys, *argv):
    code = cli([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _mappings(db) -> object:
    return ImportStore(db).dir / imports.MAPPINGS


def _kept_as_listed(db) -> None:
    """The kept copies are exactly those the manifest names."""
    kept = ImportStore(db)
    copies = {
        p.name
        for p in kept.dir.iterdir()
        if p.name not in (store.MANIFEST, store.LOCK) and not p.name.startswith(imports.MAPPINGS)
    }
    assert copies == {e.stored_name for e in kept.entries()}


# --------------------------------------------------------------------------- remembered mappings


def test_concurrent_mapping_writes_from_threads_keep_every_entry(tmp_path):
    db = tmp_path / "t.duckdb"
    per_writer, errors = 300, []
    torn_reads = []
    done = threading.Event()

    def write(w: int) -> None:
        try:
            for i in range(per_writer):
                header = f"writer {w} column {i}"
                imports.remember_mapping(db, "cases", ["Title", header], {header: "organisation"})
        except Exception as e:  # noqa: BLE001 - counted below
            errors.append(repr(e))

    def read() -> None:
        while not done.is_set():
            try:
                imports.remembered_mapping(db, "cases", ["Title", "writer 0 column 0"])
            except imports.DamagedMappingsError as e:
                torn_reads.append(str(e))

    writers = [threading.Thread(target=write, args=(w,)) for w in range(2)]
    reader = threading.Thread(target=read)
    reader.start()
    for t in writers:
        t.start()
    for t in writers:
        t.join()
    done.set()
    reader.join()
    assert errors == [] and torn_reads == []
    data = json.loads(_mappings(db).read_text(encoding="utf-8"))
    assert len(data) == 2 * per_writer
    for w in range(2):
        for i in (0, per_writer - 1):
            header = f"writer {w} column {i}"
            assert imports.remembered_mapping(db, "cases", ["Title", header]) == {header: "organisation"}
    assert not list(ImportStore(db).dir.glob("*.partial"))


def test_concurrent_mapping_writes_from_processes_keep_every_entry(tmp_path):
    db = tmp_path / "t.duckdb"
    script = (
        "import sys\n"
        "from ict_response import imports\n"
        "db, w = sys.argv[1], sys.argv[2]\n"
        "for i in range(300):\n"
        "    h = f'writer {w} column {i}'\n"
        "    imports.remember_mapping(db, 'cases', ['Title', h], {h: 'organisation'})\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(db), str(w)], cwd=ROOT, stderr=subprocess.PIPE, text=True
        )
        for w in range(2)
    ]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    data = json.loads(_mappings(db).read_text(encoding="utf-8"))
    assert len(data) == 600
    assert {tuple(v["mapping"].values()) for v in data.values()} == {("organisation",)}


def test_mappings_are_written_only_when_a_file_is_published(tmp_path, capsys):
    db = tmp_path / "t.duckdb"
    assert run(capsys, "build", "--db", db, "--cases", CASES_SMALL)[0] == 0
    pv = imports.preview(db, "cases", UNMAPPED, mapping=MAPPING)  # what the page shows
    assert pv.parsed.rows_loaded == 5 and not _mappings(db).exists()
    result = imports.ingest(db, [imports.NewFile("cases", UNMAPPED, mapping=MAPPING, remember=True)])
    assert result.notes == []
    assert imports.remembered_mapping(db, "cases", HEADERS) == MAPPING
    # A file published without `remember` (the CLI applying a remembered mapping) writes
    # nothing; publishing the same headers with no mapping chosen forgets it.
    before = _mappings(db).read_bytes()
    other = write_csv(tmp_path / "other.csv", [HEADERS, ["X-900", "A title", "Org", "Mali", "C3", "4", ""]])
    imports.ingest(db, [imports.NewFile("cases", other, mapping=MAPPING)])
    assert _mappings(db).read_bytes() == before
    third = write_csv(tmp_path / "third.csv", [HEADERS, ["X-901", "A title", "Org", "Mali", "C3", "4", ""]])
    imports.ingest(db, [imports.NewFile("cases", third, mapping=None, remember=True)])
    assert imports.remembered_mapping(db, "cases", HEADERS) == {}
    _kept_as_listed(db)


@pytest.mark.parametrize("damage", ["torn", "not a table", "binary"])
def test_a_damaged_mappings_file_is_never_silently_replaced(tmp_path, capsys, damage):
    db = tmp_path / "t.duckdb"
    assert run(capsys, "build", "--db", db, "--cases", CASES_SMALL)[0] == 0
    imports.remember_mapping(db, "cases", HEADERS, MAPPING)
    imports.remember_mapping(db, "sessions", ["Session", "Host"], {"Host": "organisers"})
    whole = _mappings(db).read_bytes()
    damaged = {
        "torn": whole[: len(whole) // 2],
        "not a table": b'["a", "b"]',
        "binary": b"\xff\xfe\x00garbage",
    }[damage]
    _mappings(db).write_bytes(damaged)

    # Reading: says so, applies nothing, leaves the file as it is.
    with pytest.raises(imports.DamagedMappingsError, match="mappings.json"):
        imports.remembered_mapping(db, "cases", HEADERS)
    pv = imports.preview(db, "cases", UNMAPPED)
    assert pv.mapping == {} and not pv.remembered
    assert pv.notes and "mappings.json" in pv.notes[0] and "kept as it is" in pv.notes[0]
    code, out, err = run(capsys, "ingest", "cases", UNMAPPED, "--db", db, "--json")
    assert code == 0
    assert "warning:" in err and "mappings.json" in err and "No remembered column mapping" in err
    assert json.loads(out)["remembered_mappings"] == []
    assert _mappings(db).read_bytes() == damaged

    # Writing (a mapping published): the damaged file is moved aside, whole, and said so.
    later = write_csv(
        tmp_path / "later.csv", [HEADERS, ["Z-1", "Telecentres", "Rural Agency", "Mali", "C3", "4", ""]]
    )
    code, out, err = run(
        capsys,
        "ingest",
        "cases",
        later,
        "--db",
        db,
        "--json",
        *[a for h, f in MAPPING.items() for a in ("--map", f"{h}={f}")],
    )
    assert code == 0, err
    aside = list(ImportStore(db).dir.glob(f"{imports.MAPPINGS}.damaged-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    notes = json.loads(out)["notes"]
    assert len(notes) == 1 and aside[0].name in notes[0] and aside[0].name in err
    assert imports.remembered_mapping(db, "cases", HEADERS) == MAPPING
    _kept_as_listed(db)


def test_remember_mapping_on_a_damaged_file_moves_it_aside(tmp_path):
    db = tmp_path / "t.duckdb"
    imports.remember_mapping(db, "cases", HEADERS, MAPPING)
    _mappings(db).write_text('{"abc": {"kind": "cases", "mapping": {"Ref', encoding="utf-8")
    notes = imports.remember_mapping(db, "cases", ["Other", "Title"], {"Other": "organisation"})
    assert len(notes) == 1 and "moved aside" in notes[0]
    assert [p.read_text(encoding="utf-8") for p in ImportStore(db).dir.glob("*.damaged-*")] == [
        '{"abc": {"kind": "cases", "mapping": {"Ref'
    ]
    assert imports.remembered_mapping(db, "cases", ["Other", "Title"]) == {"Other": "organisation"}
    # Forgetting a mapping of a damaged file changes nothing: there is nothing to write.
    _mappings(db).write_text("{", encoding="utf-8")
    assert imports.remember_mapping(db, "cases", ["Nothing", "Title"], {}) == []
    assert _mappings(db).read_text(encoding="utf-8") == "{"


def test_mappings_remembered_under_the_earlier_kind_name_are_found(tmp_path):
    """Entries written when sessions were called workshops apply to sessions, and are kept
    under the current name when the mappings are next written."""
    db = tmp_path / "t.duckdb"
    headers = ["Session", "Host", "Date"]
    ImportStore(db).dir.mkdir(parents=True)
    _mappings(db).write_text(
        json.dumps(
            {
                imports.headers_key("workshops", headers): {
                    "kind": "workshops",
                    "headers": headers,
                    "mapping": {"Host": "organisers"},
                }
            }
        ),
        encoding="utf-8",
    )
    assert imports.remembered_mapping(db, "sessions", headers) == {"Host": "organisers"}
    assert imports.remembered_mapping(db, "cases", headers) == {}
    imports.remember_mapping(db, "cases", ["A", "Title"], {"A": "organisation"})
    data = json.loads(_mappings(db).read_text(encoding="utf-8"))
    assert len(data) == 2  # the old entry is kept as it was
    imports.remember_mapping(db, "sessions", headers, {"Host": "organisers", "Date": "held_on"})
    data = json.loads(_mappings(db).read_text(encoding="utf-8"))
    assert imports.headers_key("workshops", headers) not in data
    assert data[imports.headers_key("sessions", headers)]["kind"] == "sessions"
    assert imports.remembered_mapping(db, "sessions", headers) == {"Host": "organisers", "Date": "held_on"}


def test_remember_mapping_takes_the_writers_lock(tmp_path):
    db = tmp_path / "t.duckdb"
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        with writing(db, "a build (a test)"):
            taken.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert taken.wait(10)
        with pytest.raises(WriterBusyError, match=f"pid {os.getpid()} \\(a build \\(a test\\)\\)"):
            imports.remember_mapping(db, "cases", HEADERS, MAPPING, wait=0)
    finally:
        release.set()
        thread.join()
    assert not _mappings(db).exists()
    imports.remember_mapping(db, "cases", HEADERS, MAPPING, wait=0)
    assert imports.remembered_mapping(db, "cases", HEADERS) == MAPPING
