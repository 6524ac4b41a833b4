"""Loading a new export from the browser: the data steward's section of the Data page, driven
with AppTest from sign-in to withdraw, and the library and CLI it shares with `ict-response
ingest` (preview counts equal to the CLI's, remembered mappings, withdraw, password hash)."""

from __future__ import annotations

import html
import io
import json
import shutil

import pytest
from builders import CASES_SMALL, FIXTURES, N_INITIATIVES, SESSIONS_SMALL, write_csv
from streamlit.testing.v1 import AppTest

from ict_response import imports, isolated
from ict_response.cli import main as cli
from ict_response.db import connect_readonly
from ict_response.errors import UserError
from ict_response.password import check_password, hash_password
from ict_response.paths import ROOT
from ict_response.store import ImportStore
from ict_response.ui.markdown import literal

UNMAPPED = FIXTURES / "cases_unmapped.csv"
PASSWORD = "correct horse battery staple"
MAPPING = {"Ref. no": "case_id", "Lead agency": "organisation"}
COUNTS = ("rows_read", "rows_loaded", "rows_rejected", "warnings")


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("steward") / "data" / "sample.duckdb"
    assert cli(["build", "--sample", "--db", str(db)]) == 0
    return db


@pytest.fixture
def db(sample_db, tmp_path):
    """A private copy of the sample database and its kept imports."""
    shutil.copytree(sample_db.parent, tmp_path / "data")
    return tmp_path / "data" / sample_db.name


@pytest.fixture(scope="module")
def password_hash():
    return hash_password(PASSWORD)


def _app(db, monkeypatch, secrets: dict) -> AppTest:
    monkeypatch.setenv("ICT_RESPONSE_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in secrets.items():
        at.secrets[key] = value
    at.run()
    at.switch_page("app_pages/data.py").run()
    assert not at.exception, at.exception
    return at


def _cli_json(capsys, *argv) -> dict:
    capsys.readouterr()
    assert cli([str(a) for a in argv]) == 0
    return json.loads(capsys.readouterr().out)


def _records(db, sql: str, params: dict | None = None) -> list:
    # The app under test keeps a read-only connection open: open the file the same way.
    con = connect_readonly(db)
    try:
        return con.execute(sql, params or {}).fetchall()
    finally:
        con.close()


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# --------------------------------------------------------------------------- the page


def test_section_is_off_without_a_password_hash(db, monkeypatch):
    # A secret of another section, so AppTest does not fall back to a local secrets.toml.
    at = _app(db, monkeypatch, {"other": {"setting": "1"}})
    off = [i.value for i in at.info if "off" in i.value]
    assert off and "ict-response hash-password" in off[0] and "secrets.toml" in off[0]
    assert "password_hash" in off[0]
    assert len(at.file_uploader) == 0 and len(at.main.text_input) == 0  # the sidebar has the search box


def test_steward_flow_sign_in_preview_map_publish_remember_withdraw(
    db, tmp_path, monkeypatch, capsys, password_hash
):
    at = _app(db, monkeypatch, {"steward": {"password_hash": password_hash}})
    assert len(at.file_uploader) == 0, "nothing to upload before signing in"

    # Sign-in: refused with a wrong password, accepted with the right one.
    at.text_input(key="steward_name_input").input("Amina Diallo")
    at.text_input(key="steward_password").input("not the password")
    at.button[0].click().run()
    assert any("Wrong password" in e.value for e in at.error)
    assert len(at.file_uploader) == 0
    at.text_input(key="steward_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.error
    assert any("Signed in as **Amina Diallo**" in m.value for m in at.markdown)

    # Preview of an export with columns the aliases do not know.
    at.file_uploader[0].set_value((UNMAPPED.name, UNMAPPED.read_bytes(), "text/csv")).run()
    assert not at.exception, at.exception
    columns = next(d.value for d in at.dataframe if "column in the file" in d.value.columns)
    assert (
        dict(zip(columns["column in the file"], columns["stored as"], strict=True))["Lead agency"] == "extra"
    )

    # Map them by hand: the counts then equal the CLI's for the same file and mapping.
    for header, field in MAPPING.items():
        box = next(s for s in at.selectbox if f"“{literal(header)}”" in s.label)
        box.set_value(field).run()
        assert not at.exception, at.exception
    shown = _metrics(at)
    # Said before publishing: this real export would replace the sample cases. Kept here,
    # so that the file's records supersede sample records (the replacement: a test below).
    assert any("replaces the shipped sample cases" in w.value for w in at.warning)
    at.checkbox(key="steward_keep_sample").check().run()
    cli_db = tmp_path / "cli" / db.name
    shutil.copytree(db.parent, cli_db.parent)
    before = _cli_json(capsys, "report", "--db", cli_db, "--json")
    out = _cli_json(
        capsys,
        "ingest",
        "cases",
        UNMAPPED,
        "--db",
        cli_db,
        "--json",
        "--keep-sample",
        *[a for h, f in MAPPING.items() for a in ("--map", f"{h}={f}")],
    )
    new = out["imports"][-1]
    assert new["file_name"] == UNMAPPED.name
    # Records already in the database that the file replaces: the rows of earlier imports
    # that the CLI's rebuild marks superseded, beyond those superseded before.
    replaced = sum(i["rows_superseded"] for i in out["imports"][:-1]) - sum(
        i["rows_superseded"] for i in before["imports"]
    )
    assert shown == {
        "Rows read": f"{new['rows_read']:,}",
        "Will load": f"{new['rows_loaded']:,}",
        "Will be rejected": f"{new['rows_rejected']:,}",
        "Warnings": f"{new['warnings']:,}",
        "Replaces existing": f"{replaced:,}",
    }
    assert (new["rows_read"], new["rows_rejected"], new["warnings"], replaced) == (6, 1, 2, 1)
    # Reasons and raw values are shown.
    tables = [d.value for d in at.dataframe]
    rejected = next(t for t in tables if "reason" in t.columns)
    assert list(rejected["reason"]) == ["no title"] and "X-104" in rejected["raw"].iloc[0]
    warnings = next(t for t in tables if "raw value" in t.columns)
    assert set(warnings["raw value"]) == {"Atlantis", "SDG 18"}
    first = next(t for t in tables if "case_id" in t.columns)
    assert list(first["case_id"])[:2] == ["C19-000001", "X-101"]
    assert list(first["organisation"])[1] == "Finance Ministry"
    assert _records(db, "SELECT count(*) FROM cases WHERE case_id = 'X-101'") == [(0,)], (
        "nothing changes before Publish"
    )

    # Publish: the database now holds the rows, the history names the steward.
    at.button(key="steward_publish").click().run()
    assert not at.exception, at.exception
    assert any("Published" in s.value and literal(UNMAPPED.name) in s.value for s in at.success)
    assert _records(db, "SELECT organisation, extra FROM cases WHERE case_id = $id", {"id": "X-101"}) == [
        ("Finance Ministry", '{"Internal note": "checked"}')
    ]
    history = next(d.value for d in at.dataframe if "added_by" in d.value.columns)
    assert list(history["added_by"])[-1] == "Amina Diallo"
    assert list(history["file_name"])[-1] == UNMAPPED.name
    entry = ImportStore(db).entries()[-1]
    assert entry.mapping == MAPPING and entry.added_by == "Amina Diallo"
    assert ImportStore(db).path_of(entry).is_file()

    # A second file with the same headers: the mapping is remembered.
    second = write_csv(
        tmp_path / "cases_unmapped_march.csv",
        [
            UNMAPPED.read_text(encoding="utf-8").splitlines()[0].split(","),
            ["X-101", "Mobile cash transfers (extended)", "Finance Ministry", "Ghana", "C7", "1", ""],
            ["X-200", "Community radio health messages", "Radio Network", "Mali", "C9", "3", ""],
        ],
    )
    at.file_uploader[0].set_value((second.name, second.read_bytes(), "text/csv")).run()
    assert not at.exception, at.exception
    for header, field in MAPPING.items():
        assert next(s for s in at.selectbox if f"“{literal(header)}”" in s.label).value == field
    assert any("applied again" in c.value for c in at.caption)
    assert _metrics(at)["Replaces existing"] == "1"  # X-101, published just above

    # Withdraw the first import: nothing happens without the confirmation; then its rows go.
    at.selectbox(key="steward_withdraw_choice").set_value(entry.import_id).run()
    assert at.button(key="steward_withdraw").disabled
    at.checkbox(key=f"steward_withdraw_confirm_{entry.import_id}").check().run()
    assert not at.button(key="steward_withdraw").disabled
    at.button(key="steward_withdraw").click().run()
    assert not at.exception, at.exception
    assert any("Withdrew" in s.value for s in at.success)
    assert _records(db, "SELECT count(*) FROM cases WHERE case_id IN ('X-101', 'X-102')") == [(0,)]
    # The record it had replaced is back.
    assert (
        _records(db, "SELECT title FROM cases WHERE case_id = 'C19-000001'")[0][0]
        != "Remote work platform (second phase)"
    )
    assert entry.import_id not in {e.import_id for e in ImportStore(db).entries()}
    assert not ImportStore(db).path_of(entry).exists()


def test_wrong_passwords_from_every_session_count_together(db, monkeypatch, password_hash):
    """Five sessions (new tabs) each fail once; a sixth then waits, even with the right password."""
    monkeypatch.setenv("ICT_RESPONSE_THROTTLE_SECONDS", "30")
    for _ in range(5):
        at = _app(db, monkeypatch, {"steward": {"password_hash": password_hash}})
        at.text_input(key="steward_name_input").input("Guesser")
        at.text_input(key="steward_password").input("a guess")
        at.button[0].click().run()
        assert any("Wrong password" in e.value for e in at.error)
    assert any(
        "Too many wrong passwords on this server: the next try is possible in 30 s" in e.value
        for e in at.error
    )
    at = _app(db, monkeypatch, {"steward": {"password_hash": password_hash}})
    at.text_input(key="steward_name_input").input("Amina Diallo")
    at.text_input(key="steward_password").input(PASSWORD)
    at.button[0].click().run()
    assert any("Too many wrong passwords on this server" in e.value for e in at.error)
    assert len(at.file_uploader) == 0, "not signed in while the server makes guessers wait"


def test_publishing_real_cases_replaces_the_sample_cases_and_says_so_first(db, monkeypatch, password_hash):
    at = _app(db, monkeypatch, {"steward": {"password_hash": password_hash}})
    assert any(
        literal("the WSIS Stocktaking COVID-19 cases and the WSIS Forum 2021 sessions") in i.value
        for i in at.info
    )
    at.text_input(key="steward_name_input").input("Amina Diallo")
    at.text_input(key="steward_password").input(PASSWORD)
    at.button[0].click().run()
    at.file_uploader[0].set_value((CASES_SMALL.name, CASES_SMALL.read_bytes(), "text/csv")).run()
    warning = next(w.value for w in at.warning if "replaces the shipped sample cases" in w.value)
    assert literal("cases.csv") in warning and "initiatives stay" in warning
    assert _records(db, "SELECT count(*) FROM cases WHERE collection = 'WSIS Stocktaking COVID-19'")[0][0] > 5
    at.button(key="steward_publish").click().run()
    assert not at.exception, at.exception
    assert any("Replaced the shipped sample" in s.value for s in at.success)
    # The sample cases are gone, the initiatives stay, the sample sessions stay.
    assert _records(db, "SELECT collection, count(*) FROM cases GROUP BY ALL ORDER BY 1") == [
        ("ITU COVID-19 initiatives", N_INITIATIVES),
        ("WSIS Stocktaking COVID-19", 5),
    ]
    assert _records(db, "SELECT count(*) FROM sessions")[0][0] == 260
    assert not any(e.file_name == "cases.csv" for e in ImportStore(db).entries())
    # Every page now names only the sessions as sample data.
    at.switch_page("app_pages/overview.py").run()
    notice = next(i.value for i in at.info if "Sample data" in i.value)
    assert "the WSIS Forum 2021 sessions" in notice and "cases" not in notice.split("synthetic")[0]


def test_file_names_and_headers_from_an_upload_are_shown_as_text(db, tmp_path, monkeypatch, password_hash):
    """An export whose name and headers are crafted Markdown (a link, emphasis, an autolink)
    shows them as the characters they are in the heading, column choices, the published
    message and the withdraw confirmation: never as a link."""
    name = "[click](javascript:alert(1)) **now** www.evil.example.csv"
    header = "[x](https://evil.example) _note_"
    crafted = write_csv(
        tmp_path / "crafted.csv",
        [
            ["Case ID", "Project Title", "Country", header],
            ["Z-1", "Telemedicine for rural clinics", "Kenya", "kept in extra"],
        ],
    )
    at = _app(db, monkeypatch, {"steward": {"password_hash": password_hash}})
    at.text_input(key="steward_name_input").input("**Eve** [me](https://evil.example)")
    at.text_input(key="steward_password").input(PASSWORD)
    at.button[0].click().run()
    at.file_uploader[0].set_value((name, crafted.read_bytes(), "text/csv")).run()
    assert not at.exception, at.exception

    def shown() -> list[str]:
        texts = [m.value for m in (*at.markdown, *at.success, *at.info, *at.error, *at.warning)]
        return texts + [w.label for w in (*at.selectbox, *at.checkbox)]

    assert f"#### {literal(name)}" in shown()
    assert any(f"“{literal(header)}”" in label for label in (s.label for s in at.selectbox))
    assert any(f"Signed in as **{literal('**Eve** [me](https://evil.example)')}**" in t for t in shown())
    at.button(key="steward_publish").click().run()
    assert not at.exception, at.exception
    assert any(f"**{literal(name)}**" in s.value for s in at.success)
    entry = ImportStore(db).entries()[-1]
    assert entry.file_name == name  # kept as given, shown escaped
    at.selectbox(key="steward_withdraw_choice").set_value(entry.import_id).run()
    assert any(literal(name) in c.label for c in at.checkbox)
    texts = shown()
    assert texts and not [t for t in texts if "](" in t or "www." in t or "https:" in t]


# --------------------------------------------------------------------------- library and CLI


@pytest.mark.parametrize(("kind", "path"), [("cases", CASES_SMALL), ("sessions", SESSIONS_SMALL)])
def test_preview_counts_equal_the_cli_build_counts(tmp_path, capsys, kind, path):
    out = _cli_json(capsys, "build", "--db", tmp_path / "t.duckdb", f"--{kind}", path, "--json")
    shown = imports.preview(tmp_path / "none.duckdb", kind, path).counts
    assert {k: shown[k] for k in COUNTS} == {k: out[kind][k] for k in COUNTS}
    assert shown["rows_read"] > 0


def test_remembered_mapping_is_keyed_by_headers_and_used_by_cli_ingest(db, tmp_path, capsys):
    headers = UNMAPPED.read_text(encoding="utf-8").splitlines()[0].split(",")
    imports.remember_mapping(db, "cases", headers, MAPPING)
    # The same headers in another case and spacing are the same headers, spelled as given;
    # other headers or another kind: nothing remembered.
    assert imports.remembered_mapping(db, "cases", [h.upper() + " " for h in headers]) == {
        "REF. NO ": "case_id",
        "LEAD AGENCY ": "organisation",
    }
    assert imports.remembered_mapping(db, "cases", headers[:-1]) == {}
    assert imports.remembered_mapping(db, "sessions", headers) == {}
    assert imports.remembered_mapping(db, "cases", headers) == MAPPING
    out = _cli_json(capsys, "ingest", "cases", UNMAPPED, "--db", db, "--json")
    assert out["imports"][-1]["rows_loaded"] == 5
    assert _records(db, "SELECT organisation FROM cases WHERE case_id = 'X-102'") == [("Education Board",)]
    # A rebuild from the kept imports reproduces the mapping (it is in the manifest).
    other = tmp_path / "other.duckdb"
    shutil.copytree(ImportStore(db).dir, ImportStore(other).dir, dirs_exist_ok=True)
    (ImportStore(other).dir / imports.MAPPINGS).unlink()
    imports.withdraw(other, ImportStore(other).entries()[0].import_id)
    assert _records(other, "SELECT organisation FROM cases WHERE case_id = 'X-102'") == [("Education Board",)]


def test_cli_withdraw(db, capsys):
    entries = ImportStore(db).entries()
    sessions = next(e for e in entries if e.kind == "sessions")
    out = _cli_json(capsys, "withdraw", sessions.import_id, "--db", db, "--json")
    assert out["sessions"]["records"] == 0 and out["cases"]["records"] > 0
    assert [e.import_id for e in ImportStore(db).entries()] == [
        e.import_id for e in entries if e is not sessions
    ]
    assert not ImportStore(db).path_of(sessions).exists()

    last = ImportStore(db).entries()[0]
    before = db.read_bytes()
    assert cli(["withdraw", last.import_id, "--db", str(db)]) == 2
    assert "only import left" in capsys.readouterr().err
    assert cli(["withdraw", "c-000000000000", "--db", str(db)]) == 2
    assert "No import 'c-000000000000'" in capsys.readouterr().err
    assert db.read_bytes() == before and ImportStore(db).path_of(last).exists()


def test_a_failed_withdraw_leaves_everything_as_it_was(db, monkeypatch):
    store = ImportStore(db)
    manifest, database_bytes = store.manifest_path.read_bytes(), db.read_bytes()
    entry = store.entries()[0]

    def broken_build(*args, **kwargs):
        raise UserError("simulated: a kept import could not be read.")

    monkeypatch.setattr(imports.database, "build", broken_build)
    with pytest.raises(UserError):
        imports.withdraw(db, entry.import_id)
    assert store.manifest_path.read_bytes() == manifest
    assert db.read_bytes() == database_bytes
    assert store.path_of(entry).is_file()
    assert not list(store.dir.glob("*.partial"))


def test_cli_ingest_refuses_an_unknown_mapped_field(db, capsys):
    assert cli(["ingest", "cases", str(UNMAPPED), "--db", str(db), "--map", "Lead agency=boss"]) == 2
    assert "boss is not a cases field" in capsys.readouterr().err


def test_password_hash(monkeypatch, capsys):
    stored = hash_password(PASSWORD)
    assert stored.startswith("scrypt$") and PASSWORD not in stored
    assert hash_password(PASSWORD) != stored  # salted
    assert check_password(PASSWORD, stored)
    assert not check_password(PASSWORD + " ", stored)
    with pytest.raises(UserError, match="hash-password"):
        check_password(PASSWORD, "plain text")
    with pytest.raises(UserError):
        hash_password("")

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli(["hash-password"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("password_hash"))
    assert check_password(PASSWORD, line.split('"')[1])


# --------------------------------------------------------------------------- writers


def _signed_in(db, monkeypatch, password_hash) -> AppTest:
    at = _app(db, monkeypatch, {"steward": {"password_hash": password_hash}})
    at.text_input(key="steward_name_input").input("Amina Diallo")
    at.text_input(key="steward_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def test_a_mapping_is_remembered_when_published_not_when_chosen(db, monkeypatch, password_hash):
    mappings = ImportStore(db).dir / imports.MAPPINGS
    assert not mappings.exists()
    at = _signed_in(db, monkeypatch, password_hash)
    at.file_uploader[0].set_value((UNMAPPED.name, UNMAPPED.read_bytes(), "text/csv")).run()
    for header, field in MAPPING.items():
        next(s for s in at.selectbox if f"“{literal(header)}”" in s.label).set_value(field).run()
        assert not at.exception, at.exception
    # A change of mind before publishing leaves no trace.
    box = next(s for s in at.selectbox if f"“{literal('Lead agency')}”" in s.label)
    box.set_value("(keep in extra)").run()
    box = next(s for s in at.selectbox if f"“{literal('Lead agency')}”" in s.label)
    box.set_value("organisation").run()
    assert not mappings.exists(), "nothing is remembered before Publish"
    assert _metrics(at)["Will load"] == "5"
    at.button(key="steward_publish").click().run()
    assert not at.exception, at.exception
    assert any("Published" in s.value for s in at.success)
    assert (
        imports.remembered_mapping(
            db, "cases", list(UNMAPPED.read_text(encoding="utf-8").splitlines()[0].split(","))
        )
        == MAPPING
    )


def test_a_damaged_mappings_file_is_shown_not_replaced(db, monkeypatch, password_hash):
    mappings = ImportStore(db).dir / imports.MAPPINGS
    mappings.write_text('{"torn": {"kind": "cases", "mapp', encoding="utf-8")
    at = _signed_in(db, monkeypatch, password_hash)
    at.file_uploader[0].set_value((UNMAPPED.name, UNMAPPED.read_bytes(), "text/csv")).run()
    assert not at.exception, at.exception
    shown = [html.unescape(w.value) for w in at.warning]
    assert any("mappings.json" in w and "is damaged" in w and "kept as it is" in w for w in shown)
    assert mappings.read_text(encoding="utf-8") == '{"torn": {"kind": "cases", "mapp'


def test_publish_to_an_unusable_database_path_says_so_in_one_sentence(db, monkeypatch, password_hash):
    import os

    from ict_response import store

    at = _signed_in(db, monkeypatch, password_hash)
    at.file_uploader[0].set_value((CASES_SMALL.name, CASES_SMALL.read_bytes(), "text/csv")).run()
    before, manifest = db.read_bytes(), ImportStore(db).manifest_path.read_bytes()
    real = os.access
    monkeypatch.setattr(
        store.os, "access", lambda p, mode, **kw: False if str(p) == str(db.parent) else real(p, mode, **kw)
    )
    monkeypatch.setattr(isolated, "INLINE", True)  # the publish must see the replaced os.access
    at.button(key="steward_publish").click().run()
    assert not at.exception, at.exception
    errors = [html.unescape(e.value) for e in at.error]
    assert len(errors) == 1 and f"cannot write in {db.parent}" in errors[0]
    assert errors[0].endswith("The dashboard is unchanged.") and "\n" not in errors[0]
    assert db.read_bytes() == before and ImportStore(db).manifest_path.read_bytes() == manifest


def test_publish_while_another_writer_holds_the_database_names_it(db, monkeypatch, password_hash):
    import os
    import threading

    from ict_response import store
    from ict_response.ui import steward

    at = _signed_in(db, monkeypatch, password_hash)
    at.file_uploader[0].set_value((CASES_SMALL.name, CASES_SMALL.read_bytes(), "text/csv")).run()
    monkeypatch.setattr(steward, "WAIT_SECONDS", 0.5)
    taken, release = threading.Event(), threading.Event()

    def hold():
        with store.writing(db, "ict-response build --sample (another terminal)"):
            taken.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert taken.wait(10)
        at.button(key="steward_publish").click().run()
    finally:
        release.set()
        holder.join()
    assert not at.exception, at.exception
    errors = [html.unescape(e.value) for e in at.error]
    assert len(errors) == 1 and "ict-response build --sample (another terminal)" in errors[0]
    assert f"pid {os.getpid()} " in errors[0] and "\n" not in errors[0]
    assert "The dashboard is unchanged." in errors[0]


def test_the_same_file_twice_in_one_publish_is_said_not_a_failure(tmp_path):
    """Two uploads of one file: the second is already imported when its turn comes. The
    message names it; nothing fails (the files and the entries no longer pair one to one)."""
    from types import SimpleNamespace

    from ict_response.ui.markdown import literal
    from ict_response.ui.steward import _published_message

    db = tmp_path / "d.duckdb"
    copies = [tmp_path / "a.csv", tmp_path / "b.csv"]
    for copy in copies:
        shutil.copyfile(CASES_SMALL, copy)
    new = [
        (SimpleNamespace(name=p.name), p, imports.preview(db, "cases", p, file_name=p.name)) for p in copies
    ]
    files = [imports.NewFile("cases", p, file_name=p.name) for p in copies]
    result = imports.ingest(db, files)
    assert len(result.added) == 1 and result.unchanged == ["b.csv"]
    message = _published_message(result, new)
    assert message.startswith(f"Published. **{literal('a.csv')}** (cases)")
    assert message.endswith(f"unchanged: {literal('b.csv')}.")
    # Another steward published both meanwhile: nothing new, said in one sentence.
    again = imports.ingest(db, files)
    names = f"{literal('a.csv')}, {literal('b.csv')}"
    assert (
        _published_message(again, new)
        == f"Nothing new was published. Already imported, so unchanged: {names}."
    )
