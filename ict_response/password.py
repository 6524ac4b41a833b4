"""The data steward's password: stored only as a salted scrypt hash, in the form

    scrypt$<n>$<r>$<p>$<salt, base64>$<hash, base64>

so the parameters travel with the hash. `ict-response hash-password` prints one to paste into
`.streamlit/secrets.toml` under `[steward] password_hash = "..."`."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from .errors import UserError
from .i18n import N_, _

SCHEME = "scrypt"
N, R, P = 2**14, 8, 1
KEY_BYTES = 32
# How to turn the steward section on (shown as `secrets_help()`): the lines to paste are the
# same in every language, so they are not part of the message.
SECRETS_EXAMPLE = '```toml\n[steward]\npassword_hash = "scrypt$..."\n```'
# Translators: {example} is a block of configuration lines, shown as they are.
SECRETS_HELP = N_(
    "Run `ict-response hash-password`, type the password twice, and paste the line it prints "
    "into `.streamlit/secrets.toml` beside the app:\n\n{example}\n\n"
    "then reload this page. Keep that file out of version control."
)


def secrets_help() -> str:
    """SECRETS_HELP in this run's language, with the lines to paste."""
    return _(SECRETS_HELP).format(example=SECRETS_EXAMPLE)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None, n: int = N, r: int = R, p: int = P) -> str:
    """A salted scrypt hash of `password` with its parameters, as one string."""
    if not password:
        raise UserError("The steward password cannot be empty.")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES)
    return f"{SCHEME}${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def check_password(password: str, stored: str) -> bool:
    """True when `password` matches the stored hash (compared in constant time).

    Raises UserError when the stored hash is not one this module wrote."""
    try:
        scheme, n_text, r_text, p_text, salt, expected = stored.strip().split("$")
        if scheme != SCHEME:
            raise ValueError(scheme)
        n, r, p = int(n_text), int(r_text), int(p_text)
        salt_bytes, expected_bytes = base64.b64decode(salt), base64.b64decode(expected)
        if not (2 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16 and expected_bytes):
            raise ValueError("parameters out of range")
    except ValueError:
        raise UserError(
            _(
                "The steward password hash in .streamlit/secrets.toml is not in the expected form "
                "(scrypt$n$r$p$salt$hash): make a new one with `ict-response hash-password`."
            )
        ) from None
    digest = hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt_bytes,
        n=n,
        r=r,
        p=p,
        dklen=len(expected_bytes),
        maxmem=256 * 1024 * 1024,
    )
    return hmac.compare_digest(digest, expected_bytes)
