"""What one upload must never do to everyone else, tried as an attacker with the steward
password (or an honest steward with a bad export) would: a file name the disk cannot take,
previews left behind in the temporary folder, one giant shared string that fills a page,
millions of rows read in full before the row limit refuses them."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import time

import pytest
from builders import CASES_SMALL, write_csv
from hostile_data import write_giant_string_workbook, write_tall_workbook
from streamlit.testing.v1 import AppTest

from ict_response import limits, read
from ict_response.cli import main as cli
from ict_response.errors import UnusableFileError
from ict_response.ingest import parse_file
from ict_response.password import hash_password
from ict_response.paths import ROOT
from ict_response.read import read_table
from ict_response.store import ImportStore, shown_name
from ict_response.ui import uploads
from ict_response.ui.markdown import literal

PASSWORD = "correct horse battery staple"
# An export the fixture database does not hold yet, so that it can be published.
NEW_EXPORT = [
    ["Case ID", "Project Title", "Country", "Start date"],
    ["Z-1", "Telemedicine for rural clinics", "Kenya", "2020-05-01"],
    ["Z-2", "Radio lessons during school closures", "Ghana", "2020-06-01"],
]


@pytest.fixture(autouse=True)
def temp_dir(tmp_path, monkeypatch):
    """Upload folders go under this test's own temporary folder."""
    monkeypatch.setattr(uploads, "TEMP_DIR", tmp_path / "tmp")
    return tmp_path / "tmp"


@pytest.fixture
def export(tmp_path) -> bytes:
    return write_csv(tmp_path / "new.csv", NEW_EXPORT).read_bytes()


@pytest.fixture(scope="module")
def built_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("uploads") / "data" / "fixtures.duckdb"
    assert cli(["build", "--db", str(db), "--cases", str(CASES_SMALL)]) == 0
    return db


@pytest.fixture
def db(built_db, tmp_path):
    """A private copy of the database and its kept imports, for one test to publish into."""
    shutil.copytree(built_db.parent, tmp_path / "data")
    return tmp_path / "data" / built_db.name


@pytest.fixture(scope="module")
def password_hash():
    return hash_password(PASSWORD)


@pytest.fixture
def steward(db, monkeypatch, password_hash):
    return signed_in(db, monkeypatch, password_hash)


def signed_in(db, monkeypatch, password_hash) -> AppTest:
    """The Data page with a steward signed in."""
    monkeypatch.setenv("ICT_RESPONSE_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.secrets["steward"] = {"password_hash": password_hash}
    at.run()
    at.switch_page("app_pages/data.py").run()
    at.text_input(key="steward_name_input").input("Amina Diallo")
    at.text_input(key="steward_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def everything_shown(at: AppTest) -> list[str]:
    texts = [m.value for m in (*at.markdown, *at.success, *at.info, *at.error, *at.warning, *at.caption)]
    return texts + [w.label for w in (*at.selectbox, *at.checkbox)]


# --------------------------------------------------------------------------- file names


LONG_NAME = "Ministry export " + "x" * 280 + ".csv"  # 300 characters, past a file system's 255


def test_a_300_character_file_name_is_previewed_and_published(steward, db, export):
    at = steward
    assert len(LONG_NAME) == 300
    at.file_uploader[0].set_value((LONG_NAME, export, "text/csv")).run()
    assert not at.exception, at.exception
    shown = shown_name(LONG_NAME)
    assert len(shown) <= 80 and shown.startswith("Ministry export ") and shown.endswith("x.csv")
    assert f"#### {literal(shown)}" in everything_shown(at)
    assert not at.error
    at.button(key="steward_publish").click().run()
    assert not at.exception, at.exception
    assert any(literal(shown) in s.value for s in at.success)
    entry = ImportStore(db).entries()[-1]
    assert entry.file_name == LONG_NAME  # the original name is what is kept
    at.selectbox(key="steward_withdraw_choice").set_value(entry.import_id).run()
    assert any(literal(shown) in c.label for c in at.checkbox)


@pytest.mark.parametrize(
    "name",
    [
        "../../../etc/passwd.csv",
        "..\\..\\windows\\win.ini.csv",
        "tab\tnew\nline\x07bell.csv",
        "é" * 200 + ".csv",  # 400 bytes in UTF-8
        "SHOUTING.CSV",
        "dots.in.the.name.json.csv",
    ],
)
def test_any_upload_name_is_stored_safely(steward, db, export, name):
    at = steward
    at.file_uploader[0].set_value((name, export, "text/csv")).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    at.button(key="steward_publish").click().run()
    assert not at.exception, at.exception
    entry = ImportStore(db).entries()[-1]
    assert entry.file_name == "".join(ch for ch in name if ch >= " ") and entry.stored_name.startswith(
        entry.sha256
    )


def test_a_name_past_the_kept_length_is_cut_in_the_middle():
    name = "a" * 5_000 + ".xlsx"
    assert shown_name(name, 80) == "a" * 70 + "…" + "aaaa.xlsx"
    assert shown_name("short.csv") == "short.csv"


def test_a_failing_preview_says_so_in_one_sentence_without_paths(steward, export, monkeypatch):
    from ict_response import imports

    def broken(*args, **kwargs):
        raise OSError(36, "File name too long", "/srv/secret/place/upload.csv")

    monkeypatch.setattr(imports, "preview_isolated", broken)
    steward.file_uploader[0].set_value(("cases.csv", export, "text/csv")).run()
    assert not steward.exception, steward.exception
    errors = [e.value for e in steward.error]
    assert errors == [literal("cases.csv could not be previewed (OSError): the server log has the details.")]
    assert steward.button(key="steward_publish").disabled


# --------------------------------------------------------------------------- uploads left behind


def upload_files(temp_dir) -> list[str]:
    """Every file under the app's upload folders, relative to them."""
    root = temp_dir / uploads.ROOT_NAME
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_an_upload_waits_in_the_sessions_folder_and_goes_when_cleared(steward, export, temp_dir):
    at = steward
    at.file_uploader[0].set_value(
        [("a.csv", export, "text/csv"), ("b.csv", export + b"\n", "text/csv")]
    ).run()
    assert not at.exception, at.exception
    files = upload_files(temp_dir)
    assert len(files) == 2 and all(
        f.startswith(f"{os.getpid()}-") and f.endswith("/upload.csv") for f in files
    )
    at.file_uploader[0].set_value([("a.csv", export, "text/csv")]).run()
    assert len(upload_files(temp_dir)) == 1  # the file taken off the list is gone
    at.file_uploader[0].set_value([]).run()
    assert not at.exception, at.exception
    assert upload_files(temp_dir) == [] and os.listdir(temp_dir / uploads.ROOT_NAME) == []


def test_publish_removes_the_sessions_uploads(steward, export, temp_dir):
    steward.file_uploader[0].set_value(("a.csv", export, "text/csv")).run()
    assert upload_files(temp_dir)
    steward.button(key="steward_publish").click().run()
    assert not steward.exception, steward.exception
    assert any("Published" in s.value for s in steward.success)
    assert os.listdir(temp_dir / uploads.ROOT_NAME) == []


def test_signing_out_removes_the_sessions_uploads(steward, export, temp_dir):
    steward.file_uploader[0].set_value(("a.csv", export, "text/csv")).run()
    assert upload_files(temp_dir)
    steward.button(key="steward_sign_out").click().run()
    assert not steward.exception, steward.exception
    assert os.listdir(temp_dir / uploads.ROOT_NAME) == []


def test_a_session_that_ends_takes_its_uploads_with_it(db, monkeypatch, password_hash, export, temp_dir):
    """Streamlit frees a session's state once its browser has gone; the folder goes with it."""
    at = signed_in(db, monkeypatch, password_hash)
    at.file_uploader[0].set_value(("a.csv", export, "text/csv")).run()
    assert upload_files(temp_dir)
    del at  # the session and its state
    gc.collect()
    assert os.listdir(temp_dir / uploads.ROOT_NAME) == []


def test_the_sweep_removes_what_no_connected_session_owns(temp_dir):
    """Folders of sessions no longer connected, of servers that are gone, untouched for
    hours, or of earlier versions (made straight in the temporary folder); nothing else."""
    root = uploads.root()
    dead_pid = subprocess.Popen(["true"])  # a server process that is gone
    dead_pid.wait()
    now = time.time()
    old = now - uploads.MAX_AGE_SECONDS - 60

    def folder(path, mtime=None):
        (path / "f").mkdir(parents=True)
        (path / "f" / "upload.csv").write_text("x")
        if mtime:
            os.utime(path, (mtime, mtime))
        return path

    live = folder(root / f"{os.getpid()}-live-session.x1")
    idle = folder(root / f"{os.getpid()}-live-session.x2", old)
    ended = folder(root / f"{os.getpid()}-ended-session.x3")
    dead = folder(root / f"{dead_pid.pid}-some-session.x4")
    legacy_old = folder(temp_dir / f"{uploads.LEGACY_PREFIX}old", old)
    legacy_new = folder(temp_dir / f"{uploads.LEGACY_PREFIX}new")
    other = folder(temp_dir / "someone-elses-folder", old)
    removed = uploads.sweep(connected=lambda session: session == "live-session")
    assert sorted(removed) == sorted([idle, ended, dead, legacy_old])
    assert live.exists() and legacy_new.exists() and other.exists()
    assert not any(p.exists() for p in removed)


def test_the_sessions_folder_is_touched_while_in_use(steward, export, temp_dir):
    steward.file_uploader[0].set_value(("a.csv", export, "text/csv")).run()
    (folder,) = (temp_dir / uploads.ROOT_NAME).iterdir()
    old = time.time() - uploads.MAX_AGE_SECONDS + 60
    os.utime(folder, (old, old))
    steward.run()
    assert time.time() - folder.stat().st_mtime < 60
    assert not uploads.sweep(now=time.time() + 120) and upload_files(temp_dir)


# --------------------------------------------------------------------------- one giant string


def sent_bytes(at: AppTest) -> int:
    """What the page sent to the browser: the size of every element's message."""
    total = 0

    def walk(node) -> None:
        nonlocal total
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ByteSize"):
            total += proto.ByteSize()
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return total


@pytest.fixture(scope="module")
def giant_workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("giant") / "giant.xlsx"
    write_giant_string_workbook(path)
    assert path.stat().st_size < 30_000  # a few KB on disk, a million characters inside
    return path


def test_no_cell_warning_or_rejected_row_carries_more_than_the_limits(giant_workbook):
    parsed = parse_file(giant_workbook, "cases")
    cut = limits.MAX_TEXT_CHARS
    assert max(len(h) for h in parsed.mapping.headers) <= limits.MAX_HEADER_CHARS
    for name, values in parsed.columns.items():
        for value in values:
            for item in value if isinstance(value, list) else [value]:
                assert item is None or len(str(item)) <= cut, name
    extra_columns = len(parsed.mapping.extra)
    assert all(len(e or "") <= extra_columns * (cut + limits.MAX_HEADER_CHARS + 10) for e in parsed.extra)
    assert parsed.warnings, "the cut values are said"
    for _, _, raw, message in parsed.warnings:
        assert len(raw) <= cut and len(message) <= cut + 100, message[:200]
    (rejected,) = parsed.rejected
    assert rejected[2] == "no title"
    assert len(rejected[1]) <= len(parsed.mapping.headers) * (cut + limits.MAX_HEADER_CHARS + 10)
    cut_fields = {f for _, f, _, m in parsed.warnings if m.startswith("cut to")}
    assert {"title", "description", "countries", "url", "extra: Notes"} <= cut_fields


def test_the_data_page_sends_a_bounded_amount(giant_workbook, tmp_path, monkeypatch):
    db = tmp_path / "giant.duckdb"
    assert cli(["build", "--db", str(db), "--cases", str(giant_workbook)]) == 0
    monkeypatch.setenv("ICT_RESPONSE_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/data.py").run()
    assert not at.exception, at.exception
    assert len(at.dataframe) == 3  # imports, rejected rows, warnings
    for frame in at.dataframe[1:]:
        longest = frame.value.map(lambda v: len(v) if isinstance(v, str) else 0).max().max()
        assert longest <= limits.MAX_SHOWN_CHARS + 1
    assert sent_bytes(at) < 200_000


def test_the_preview_sends_a_bounded_amount(steward, giant_workbook):
    at = steward
    at.file_uploader[0].set_value(
        ("giant.xlsx", giant_workbook.read_bytes(), "application/octet-stream")
    ).run()
    assert not at.exception, at.exception
    assert any(m.label == "Will be rejected" and m.value == "1" for m in at.metric)
    for frame in at.dataframe:
        longest = frame.value.map(lambda v: len(v) if isinstance(v, str) else 0).max().max()
        assert longest <= limits.MAX_SHOWN_CHARS + 1
    assert sent_bytes(at) < 200_000


# --------------------------------------------------------------------------- too many rows


def test_a_workbook_past_the_row_limit_is_refused_in_seconds(tmp_path):
    """2.1 million rows in a few MB: refused from a count of the rows in the sheet's XML,
    not after openpyxl has read them all (46 s here before)."""
    path = tmp_path / "tall.xlsx"
    write_tall_workbook(path, 2_100_000)
    started = time.perf_counter()
    with pytest.raises(UnusableFileError, match="more than 2,000,000 rows"):
        read_table(path)
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize("records", [100, 101])
def test_the_row_limit_of_a_workbook_is_exact(tmp_path, monkeypatch, records):
    monkeypatch.setattr(limits, "MAX_ROWS_PER_FILE", 100)
    path = tmp_path / "rows.xlsx"
    write_tall_workbook(path, records)
    if records > 100:
        with pytest.raises(UnusableFileError, match="more than 100 rows"):
            read_table(path)
        # Counted while reading too, when the count before reading finds fewer.
        monkeypatch.setattr(read, "_xlsx_rows", lambda handle: 0)
        with pytest.raises(UnusableFileError, match="more than 100 rows"):
            read_table(path)
    else:
        assert read_table(path).num_rows == 100


def test_json_past_the_row_or_column_limit_is_refused_before_a_table_is_made(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS_PER_FILE", 100)
    monkeypatch.setattr(limits, "MAX_COLUMNS", 50)
    rows = tmp_path / "rows.json"
    rows.write_text(json.dumps([{"Project Title": f"t{i}"} for i in range(101)]))
    with pytest.raises(UnusableFileError, match="more than 100 rows"):
        read_table(rows)
    # Each record a key of its own: 100 records would make a table of 100 x 100 cells.
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps([{"Project Title": "t", f"k{i}": "v"} for i in range(100)]))
    with pytest.raises(UnusableFileError, match="past the 50 limit"):
        read_table(keys)
