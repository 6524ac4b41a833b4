"""Who may see the dashboard and who is a data steward, from `.streamlit/secrets.toml`:

    [access]  mode = "public" | "members"   (public: anyone; members: sign in first)
              session_hours = 12            (a sign-in older than this is refused)
    [roles]   stewards = ["alice@example.org", "@itu.int"]   (an e-mail, or @ and a domain)
    [auth]    Streamlit's OpenID Connect settings (redirect_uri, cookie_secret, client_id,
              client_secret, server_metadata_url)

A steward is a signed-in person whose provider-given e-mail matches an entry of
`[roles] stewards` (compared without regard to case) and which the provider does not say is
unverified. Pure: no Streamlit here; ui/access.py draws and ui/steward.py asks `steward_of`.
Every configuration mistake is one sentence (`Config.problem`), never a traceback."""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import i18n
from .i18n import _, ngettext

MODES = ("public", "members")
DEFAULT_SESSION_HOURS = 12
AUTH_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
SECRETS = ".streamlit/secrets.toml"


@dataclass(frozen=True)
class Config:
    """The access settings as read. `problem` is a sentence saying what is wrong; with one,
    sign-in is unavailable, and a members-only deployment admits nobody (it fails closed)."""

    mode: str = "public"
    auth: bool = False  # [auth] is present and complete: sign-in is offered
    stewards: tuple[str, ...] = ()
    session_hours: float = DEFAULT_SESSION_HOURS
    problem: str | None = None

    @property
    def members_only(self) -> bool:
        return self.mode == "members"

    @property
    def stewards_by_identity(self) -> bool:
        """Stewards are named in [roles] and sign in with the identity provider (the shared
        steward password, if also set, is then not offered)."""
        return self.auth and bool(self.stewards)


def _section(secrets: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = secrets.get(name)
    return value if isinstance(value, Mapping) else {}


def read_config(secrets: Mapping[str, Any], authlib_installed: bool | None = None) -> Config:
    """The access settings in `secrets` (the parsed secrets.toml)."""
    access, roles, auth = _section(secrets, "access"), _section(secrets, "roles"), _section(secrets, "auth")
    problems: list[str] = []

    mode = str(access.get("mode", "public")).strip().lower()
    if mode not in MODES:
        # Translators: keep the setting's name [access] mode and its values "public", "members" as
        # they are: they are typed in a configuration file.
        wrong_mode = _('[access] mode is "{mode}"; it must be "public" or "members".')
        problems.append(wrong_mode.format(mode=access.get("mode")))
        mode = "members"  # fail closed: a typo must not open a members-only deployment

    hours = access.get("session_hours", DEFAULT_SESSION_HOURS)
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 < hours <= 24 * 31:
        problems.append(
            _("[access] session_hours must be a number of hours between {least} and {most}.").format(
                least=i18n.number(0), most=i18n.number(24 * 31)
            )
        )
        hours = DEFAULT_SESSION_HOURS

    raw = roles.get("stewards", [])
    if isinstance(raw, str):
        raw = [raw]
    stewards = tuple(str(s).strip().lower() for s in raw if str(s).strip()) if isinstance(raw, list) else ()
    if not isinstance(raw, list):
        problems.append(
            _('[roles] stewards must be a list, e.g. stewards = ["alice@example.org", "@itu.int"].')
        )
    bad = [s for s in stewards if not _valid_entry(s)]
    if bad:
        # Translators: {entries} are the entries of the setting [roles] stewards that are neither
        # an e-mail address nor a domain, e.g. 'alice', 'itu.int'.
        problems.append(
            ngettext(
                '[roles] stewards has {entries}: give e-mail addresses ("alice@example.org") or domains '
                'with a leading @ ("@itu.int").',
                '[roles] stewards has {entries}: give e-mail addresses ("alice@example.org") or domains '
                'with a leading @ ("@itu.int").',
                len(bad),
            ).format(entries=", ".join(repr(s) for s in bad))
        )

    has_auth = bool(auth)
    if has_auth:
        missing = [k for k in AUTH_KEYS if not auth.get(k)]
        if missing:
            # Translators: {settings} are setting names of the [auth] section, e.g. "client_id,
            # client_secret".
            problems.append(
                ngettext("[auth] lacks {settings}.", "[auth] lacks {settings}.", len(missing)).format(
                    settings=", ".join(missing)
                )
            )
        uri = str(auth.get("redirect_uri", ""))
        if uri and not uri.rstrip("/").endswith("/oauth2callback"):
            problems.append(_('[auth] redirect_uri must end with "/oauth2callback".'))
        if authlib_installed is None:
            authlib_installed = importlib.util.find_spec("authlib") is not None
        if not authlib_installed:
            problems.append(_("Authlib is not installed (pip install -e . installs it)."))
    else:
        if mode == "members":
            problems.append(_("Members-only access needs an [auth] section naming the identity provider."))
        if stewards:
            problems.append(_("[roles] stewards needs an [auth] section naming the identity provider."))

    problem = None
    if problems:
        # Translators: {file} is the settings file; {problems} are one or more sentences.
        problem = _("Sign-in is misconfigured in {file}: {problems}").format(
            file=SECRETS, problems=" ".join(problems)
        )
    return Config(
        mode=mode,
        auth=has_auth and problem is None,
        stewards=stewards,
        session_hours=float(hours),
        problem=problem,
    )


def _valid_entry(entry: str) -> bool:
    __, at, domain = entry.rpartition("@")
    return bool(at) and "." in domain.strip(".") and " " not in entry and entry.count("@") == 1


@dataclass(frozen=True)
class Identity:
    """A signed-in person as the provider vouched for them."""

    name: str
    email: str
    email_verified: bool | None  # None: the provider did not say
    signed_in_at: float | None  # unix seconds (auth_time, else the ID token's iat)

    @property
    def recorded(self) -> str:
        """How a steward is recorded in the import history: verified name and e-mail."""
        if self.name and self.email and self.name.lower() != self.email.lower():
            return f"{self.name} <{self.email}>"
        return self.email or self.name


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def identity(user: Mapping[str, Any]) -> Identity | None:
    """The identity in Streamlit's `st.user` (the ID token's claims), or None when nobody is
    signed in."""
    if not user.get("is_logged_in"):
        return None
    email = str(user.get("email") or "").strip()
    name = " ".join(str(user.get("name") or "").split())
    if not (email or name):
        name = str(user.get("sub") or "").strip()
    signed_in_at = _number(user.get("auth_time"))
    if signed_in_at is None:
        signed_in_at = _number(user.get("iat"))
    return Identity(name, email, _flag(user.get("email_verified")), signed_in_at)


def expired(person: Identity, config: Config, now: float) -> bool:
    """True when the sign-in is older than [access] session_hours (or has no time at all)."""
    if person.signed_in_at is None:
        return True
    return now - person.signed_in_at > config.session_hours * 3600


def is_steward(person: Identity, stewards: tuple[str, ...]) -> bool:
    """The person's e-mail matches an entry (an address, or @domain), case-insensitively, and
    the provider does not say it is unverified."""
    if person.email_verified is False or not person.email or person.email.count("@") != 1:
        return False
    email = person.email.strip().lower()
    domain = "@" + email.rpartition("@")[2]
    return any(entry == email or (entry.startswith("@") and entry == domain) for entry in stewards)
