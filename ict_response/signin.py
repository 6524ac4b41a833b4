"""A steward's sign-in that survives a reload: a cookie holding the steward's name and an
expiry, signed with HMAC-SHA256.

    <payload: base64url of {"name": ..., "exp": unix seconds}>.<base64url of the HMAC>

The signing key is derived from a server secret and the steward password hash, so changing
the password signs every steward out. The server secret is `[steward] cookie_secret` in
`.streamlit/secrets.toml` when set, else a random key generated once and kept in a 0600 file
beside the database (a restart of the server does not sign anyone out). Pure: no Streamlit
here (ui/steward.py draws, and sets and clears the cookie in the browser)."""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import logging
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

COOKIE_NAME = "ict_response_steward"
LIFETIME_SECONDS = 8 * 60 * 60  # a working day
KEY_FILE_NAME = ".steward-cookie-key"
# A cookie longer than this is not one this module wrote (a name is at most a few hundred).
MAX_COOKIE_CHARS = 4096
_process_key = secrets.token_bytes(32)  # used only when no key file can be kept


@dataclass(frozen=True)
class Verdict:
    """What a cookie says: the steward's name and when it ends, or why it is refused
    ('signature', 'form' or 'expired'; '' when there is no cookie)."""

    name: str | None
    refused: str = ""
    expires: int = 0


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def signing_key(server_secret: bytes, password_hash: str) -> bytes:
    """The key cookies are signed with: the server secret bound to the password hash."""
    return hmac.new(server_secret, b"steward-cookie\x00" + password_hash.encode("utf-8"), "sha256").digest()


def sign(name: str, key: bytes, now: float | None = None, lifetime: int = LIFETIME_SECONDS) -> str:
    """A cookie value saying `name` is signed in until `now + lifetime`."""
    expires = int((time.time() if now is None else now) + lifetime)
    payload = _b64(json.dumps({"name": name, "exp": expires}, ensure_ascii=True).encode("ascii"))
    return f"{payload}.{_b64(hmac.new(key, payload.encode('ascii'), 'sha256').digest())}"


def verify(value: str | None, key: bytes, now: float | None = None) -> Verdict:
    """The name a cookie value holds when its signature is right and it has not expired;
    otherwise no name and why. Never raises, whatever the value."""
    if not value:
        return Verdict(None)
    try:
        if len(value) > MAX_COOKIE_CHARS:
            raise ValueError("too long")
        payload, signature = value.split(".")
        expected = hmac.new(key, payload.encode("ascii"), "sha256").digest()
        if not hmac.compare_digest(_unb64(signature), expected):
            return Verdict(None, "signature")
        fields = json.loads(_unb64(payload))
        name, expires = fields["name"], fields["exp"]
        if not isinstance(name, str) or not name.strip() or not isinstance(expires, int):
            raise ValueError("fields")
    except (ValueError, UnicodeError, binascii.Error, KeyError, TypeError):
        return Verdict(None, "form")
    if expires <= (time.time() if now is None else now):
        return Verdict(None, "expired")
    return Verdict(name, expires=expires)


def server_secret(configured: str | None, db_path: Path) -> bytes:
    """The configured secret, else the key kept in a 0600 file beside the database (made on
    first use), else (that folder cannot be written) a key for this process only."""
    if configured:
        return configured.encode("utf-8")
    path = Path(db_path).resolve().parent / KEY_FILE_NAME
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    except OSError as e:
        log.warning("The steward cookie key %s cannot be read (%s): sign-ins last this server's run", path, e)
        return _process_key
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs once written
        for _ in range(20):
            try:
                return _read_key(path)
            except OSError:
                time.sleep(0.05)
        return _process_key
    except OSError as e:
        log.warning(
            "The steward cookie key cannot be kept in %s (%s): sign-ins last this server's run", path, e
        )
        return _process_key
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secrets.token_hex(32) + "\n")
    return _read_key(path)


def _read_key(path: Path) -> bytes:
    text = path.read_text(encoding="ascii").strip()
    if len(text) < 32:
        raise OSError(f"{path.name} holds no key")
    return text.encode("ascii")
