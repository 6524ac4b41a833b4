"""The steward's sign-in cookie (ict_response.signin): a good cookie names the steward; a
tampered, expired, foreign-keyed or malformed one is refused without raising; the server
secret is the configured one or a 0600 key file kept beside the database."""

from __future__ import annotations

import base64
import hmac
import json
import os
import stat

import pytest

from ict_response import signin

NOW = 1_900_000_000.0
KEY = signin.signing_key(b"server secret", "scrypt$16384$8$1$salt$hash")


def test_a_good_cookie_names_the_steward_until_it_expires():
    value = signin.sign("Amina Diallo", KEY, now=NOW)
    assert signin.verify(value, KEY, now=NOW + 60) == signin.Verdict(
        "Amina Diallo", expires=int(NOW) + 8 * 3600
    )
    assert signin.verify(value, KEY, now=NOW + 8 * 3600 - 1).name == "Amina Diallo"
    # The value is safe in a cookie: no separator, space or quote to escape.
    assert all(c.isalnum() or c in "-_." for c in value)


def test_a_name_in_any_script_survives_the_cookie():
    value = signin.sign("Zoë Ñúñez 王芳 «Équipe»", KEY, now=NOW)
    assert value.isascii()
    assert signin.verify(value, KEY, now=NOW).name == "Zoë Ñúñez 王芳 «Équipe»"


def test_an_expired_cookie_is_refused():
    value = signin.sign("Amina Diallo", KEY, now=NOW)
    assert signin.verify(value, KEY, now=NOW + 8 * 3600) == signin.Verdict(None, "expired")
    short = signin.sign("Amina Diallo", KEY, now=NOW, lifetime=10)
    assert signin.verify(short, KEY, now=NOW + 11).refused == "expired"


def _payload(value: str) -> dict:
    part = value.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _with_payload(value: str, fields: dict) -> str:
    part = base64.urlsafe_b64encode(json.dumps(fields).encode()).decode().rstrip("=")
    return part + "." + value.split(".")[1]


def test_a_tampered_cookie_is_refused():
    value = signin.sign("Amina Diallo", KEY, now=NOW)
    # Another name, or a later expiry, under the original signature.
    other = _with_payload(value, {**_payload(value), "name": "Someone Else"})
    later = _with_payload(value, {**_payload(value), "exp": int(NOW) + 10**8})
    flipped = value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1]
    for bad in (other, later, flipped):
        assert signin.verify(bad, KEY, now=NOW) == signin.Verdict(None, "signature")


def test_a_cookie_signed_with_another_key_is_refused():
    value = signin.sign("Amina Diallo", KEY, now=NOW)
    other_server = signin.signing_key(b"another server", "scrypt$16384$8$1$salt$hash")
    new_password = signin.signing_key(b"server secret", "scrypt$16384$8$1$salt$otherhash")
    assert signin.verify(value, other_server, now=NOW).refused == "signature"
    assert signin.verify(value, new_password, now=NOW).refused == "signature"


@pytest.mark.parametrize(
    "value",
    ["garbage", "a.b.c", ".", "é.é", "x" * 5000, "%%%.%%%", "eyJ9.AAAA", "\x00.\x00"],
)
def test_a_malformed_cookie_is_refused_without_raising(value):
    verdict = signin.verify(value, KEY, now=NOW)
    assert verdict.name is None and verdict.refused in ("form", "signature")


def test_a_signed_cookie_with_wrong_fields_is_refused():
    for fields in ({"name": "", "exp": int(NOW) + 60}, {"name": "A", "exp": "soon"}, {"who": "A"}, [1, 2]):
        payload = base64.urlsafe_b64encode(json.dumps(fields).encode()).decode().rstrip("=")
        sig = (
            base64.urlsafe_b64encode(hmac.new(KEY, payload.encode(), "sha256").digest()).decode().rstrip("=")
        )
        assert signin.verify(f"{payload}.{sig}", KEY, now=NOW) == signin.Verdict(None, "form")


def test_no_cookie_is_no_one_and_no_refusal():
    assert signin.verify(None, KEY) == signin.Verdict(None) == signin.verify("", KEY)


def test_the_server_secret_is_configured_or_kept_beside_the_database(tmp_path):
    db = tmp_path / "data" / "x.duckdb"
    db.parent.mkdir()
    assert signin.server_secret("from secrets.toml", db) == b"from secrets.toml"
    assert not (db.parent / signin.KEY_FILE_NAME).exists()
    first = signin.server_secret(None, db)
    key_file = db.parent / signin.KEY_FILE_NAME
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert len(first) >= 64
    # A restart reads the same key, so its cookies still verify.
    assert signin.server_secret(None, db) == first


def test_without_a_usable_folder_the_key_lasts_the_process(tmp_path):
    # A "folder" that is a file: no key file can be read or made there (as root too).
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    key = signin.server_secret(None, not_a_folder / "x.duckdb")
    assert key == signin.server_secret(None, not_a_folder / "x.duckdb") and len(key) == 32
