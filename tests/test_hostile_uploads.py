"""What one upload must never do to everyone else, tried as an attacker with the steward
password (or an honest steward with a bad export) would: a file name the disk cannot take,
previews left behind in the temporary folder."""

from __future__ import annotations

import shutil

import pytest
from builders import CASES_SMALL, write_csv
from streamlit.testing.v1 import AppTest

from ict_response.cli import main as cli
from ict_response.password import hash_password
from ict_response.paths import ROOT
from ict_response.store import ImportStore, shown_name
from ict_response.ui.markdown import literal

PASSWORD = "correct horse battery staple"
# An export the fixture database does not hold yet, so that it can be published.
NEW_EXPORT = [
    ["Case ID", "Project Title", "Country", "Start date"],
    ["Z-1", "Telemedicine for rural clinics", "Kenya", "2020-05-01"],
    ["Z-2", "Radio lessons during school closures", "Ghana", "2020-06-01"],
]


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

    monkeypatch.setattr(imports, "preview", broken)
    steward.file_uploader[0].set_value(("cases.csv", export, "text/csv")).run()
    assert not steward.exception, steward.exception
    errors = [e.value for e in steward.error]
    assert errors == [literal("cases.csv could not be previewed (OSError): the server log has the details.")]
    assert steward.button(key="steward_publish").disabled
