"""Who may look and who is a steward (ict_response.access), then the router and the Data page
with AppTest and a seeded `st.user`: the members-only gate on every page, the steward section
for a steward's verified identity and for nobody else, one-sentence configuration errors."""

from __future__ import annotations

import shutil
import time

import pytest
from streamlit.testing.v1 import AppTest

from ict_response import access
from ict_response.cli import main as cli
from ict_response.pages import PAGES
from ict_response.paths import ROOT
from ict_response.ui.markdown import literal

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a long random cookie secret",
    "client_id": "dashboard",
    "client_secret": "s3cret",
    "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
}
NOW = 1_900_000_000.0


def _person(email="amina.diallo@itu.int", verified=True, name="Amina Diallo", at=NOW) -> access.Identity:
    return access.Identity(name, email, verified, at)


# --------------------------------------------------------------------------- configuration


def test_no_secrets_is_the_public_default_without_sign_in():
    cfg = access.read_config({})
    assert cfg == access.Config(mode="public", auth=False, stewards=(), session_hours=12, problem=None)
    assert not cfg.members_only and not cfg.stewards_by_identity


def test_a_full_configuration_reads_mode_roles_and_hours():
    cfg = access.read_config(
        {
            "access": {"mode": "Members", "session_hours": 8},
            "roles": {"stewards": ["Alice@Example.org", " @itu.int "]},
            "auth": AUTH,
        },
        authlib_installed=True,
    )
    assert cfg.members_only and cfg.auth and cfg.problem is None
    assert cfg.stewards == ("alice@example.org", "@itu.int") and cfg.stewards_by_identity
    assert cfg.session_hours == 8


@pytest.mark.parametrize(
    ("secrets", "says"),
    [
        ({"auth": {**AUTH, "client_secret": ""}}, "[auth] lacks client_secret."),
        (
            {"auth": {"redirect_uri": AUTH["redirect_uri"]}},
            "[auth] lacks cookie_secret, client_id, client_secret, server_metadata_url.",
        ),
        ({"auth": {**AUTH, "redirect_uri": "http://localhost:8501/"}}, 'must end with "/oauth2callback"'),
        ({"access": {"mode": "members"}}, "Members-only access needs an [auth] section"),
        ({"roles": {"stewards": ["a@b.org"]}}, "[roles] stewards needs an [auth] section"),
        ({"access": {"mode": "privat"}, "auth": AUTH}, 'it must be "public" or "members"'),
        ({"access": {"session_hours": "a day"}}, "session_hours must be a number"),
        ({"roles": {"stewards": ["alice", "@"]}, "auth": AUTH}, "[roles] stewards has 'alice', '@'"),
        ({"roles": {"stewards": {"a": 1}}, "auth": AUTH}, "[roles] stewards must be a list"),
    ],
)
def test_a_half_configuration_is_one_sentence_and_no_sign_in(secrets, says):
    cfg = access.read_config(secrets, authlib_installed=True)
    assert cfg.problem is not None and says in cfg.problem
    assert cfg.problem.startswith("Sign-in is misconfigured in .streamlit/secrets.toml: ")
    assert "\n" not in cfg.problem and not cfg.auth


def test_a_mistyped_mode_fails_closed():
    assert access.read_config({"access": {"mode": "membres"}, "auth": AUTH}).members_only


def test_without_authlib_sign_in_is_unavailable_and_says_so():
    cfg = access.read_config({"auth": AUTH}, authlib_installed=False)
    assert not cfg.auth and "Authlib is not installed" in (cfg.problem or "")


# --------------------------------------------------------------------------- identities and roles


def test_identity_from_the_id_token_claims():
    user = {
        "is_logged_in": True,
        "name": " Amina   Diallo ",
        "email": "Amina.Diallo@example.org",
        "email_verified": True,
        "iat": 1_900_000_100,
        "auth_time": 1_900_000_000,
    }
    person = access.identity(user)
    assert person == access.Identity("Amina Diallo", "Amina.Diallo@example.org", True, 1_900_000_000.0)
    assert person.recorded == "Amina Diallo <Amina.Diallo@example.org>"
    assert access.identity({"is_logged_in": False, "email": "x@y.org"}) is None
    assert access.identity({}) is None
    no_name = access.identity({"is_logged_in": True, "email": "x@y.org", "email_verified": "false"})
    assert no_name == access.Identity("", "x@y.org", False, None) and no_name.recorded == "x@y.org"
    assert access.identity({"is_logged_in": True, "sub": "1234"}).recorded == "1234"


@pytest.mark.parametrize(
    ("email", "verified", "steward"),
    [
        ("alice@example.org", True, True),
        ("ALICE@Example.ORG", None, True),  # case-insensitive; the provider did not say
        ("alice@example.org", False, False),  # the provider says unverified: does not count
        ("bob@example.org", True, False),
        ("anyone@itu.int", True, True),  # a domain entry
        ("Anyone@ITU.int", True, True),
        ("anyone@sub.itu.int", True, False),  # not that domain
        ("anyone@evil-itu.int", True, False),
        ("itu.int@evil.org", True, False),
        ("", True, False),
        ("a@b@itu.int", True, False),
    ],
)
def test_who_is_a_steward(email, verified, steward):
    assert access.is_steward(_person(email, verified), ("alice@example.org", "@itu.int")) is steward


def test_a_sign_in_older_than_the_session_hours_has_expired():
    cfg = access.Config(session_hours=12)
    assert not access.expired(_person(at=NOW), cfg, NOW + 12 * 3600)
    assert access.expired(_person(at=NOW), cfg, NOW + 12 * 3600 + 1)
    assert access.expired(_person(at=None), cfg, NOW)


# --------------------------------------------------------------------------- the app


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("access") / "data" / "sample.duckdb"
    assert cli(["build", "--sample", "--db", str(path)]) == 0
    return path


@pytest.fixture
def private_db(db, tmp_path):
    shutil.copytree(db.parent, tmp_path / "data")
    return tmp_path / "data" / db.name


def _user(email: str, name: str, hours_ago: float = 0.5) -> dict:
    signed_in = int(time.time() - hours_ago * 3600)
    return {
        "is_logged_in": True,
        "name": name,
        "email": email,
        "email_verified": True,
        "iat": signed_in,
        "auth_time": signed_in,
    }


def _app(db, monkeypatch, secrets: dict, user: dict | None = None) -> AppTest:
    monkeypatch.setenv("ICT_RESPONSE_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in secrets.items():
        at.secrets[key] = value
    if user is not None:
        at.user = user
    return at


MEMBERS = {"access": {"mode": "members"}, "roles": {"stewards": ["@itu.int"]}, "auth": AUTH}
PUBLIC_STEWARDS = {"access": {"mode": "public"}, "roles": {"stewards": ["@itu.int"]}, "auth": AUTH}


def _gated(at: AppTest) -> bool:
    return any("This dashboard is for members" in m.value for m in at.markdown)


def test_members_only_shows_every_page_only_after_sign_in(db, monkeypatch):
    at = _app(db, monkeypatch, MEMBERS)
    at.run()
    assert not at.exception and _gated(at)
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.metric and not at.dataframe and not at.get("download_button")
    for page in PAGES:
        at.switch_page(page.file).run()
        assert not at.exception, (page.file, at.exception)
        assert _gated(at), page.file
        assert not at.metric and not at.dataframe and not at.get("download_button"), page.file
    member = _app(db, monkeypatch, MEMBERS, user=_user("reader@member-state.gov", "Una Reader"))
    member.run()
    assert not member.exception and not _gated(member) and member.metric
    assert any("Signed in as **Una Reader**" in m.value for m in member.sidebar.markdown)
    member.switch_page("app_pages/data.py").run()
    assert not member.exception and member.dataframe
    assert not any("Load a new export" in s.value for s in member.subheader), "a reader is no steward"


def test_members_only_refuses_a_sign_in_older_than_the_session_hours(db, monkeypatch):
    at = _app(db, monkeypatch, MEMBERS, user=_user("reader@member-state.gov", "Una Reader", hours_ago=13))
    at.run()
    assert not at.exception and _gated(at)
    assert any("Your sign-in ended after 12 hours" in i.value for i in at.info)


def test_a_half_configured_members_deployment_admits_nobody_in_one_sentence(db, monkeypatch):
    at = _app(db, monkeypatch, {"access": {"mode": "members"}, "auth": {**AUTH, "client_id": ""}})
    at.run()
    assert not at.exception and not at.metric
    assert [e.value for e in at.error] == [
        "Sign-in is misconfigured in .streamlit/secrets.toml: [auth] lacks client_id."
    ]


def test_a_half_configured_public_deployment_still_serves_and_says_why_no_sign_in(db, monkeypatch):
    at = _app(db, monkeypatch, {"auth": {"redirect_uri": AUTH["redirect_uri"]}})
    at.run()
    assert not at.exception and at.metric
    assert any("[auth] lacks cookie_secret" in w.value for w in at.sidebar.warning)
    assert not [b for b in at.button if b.label == "Sign in"]


def test_a_steward_publishes_under_the_verified_identity(private_db, monkeypatch):
    at = _app(private_db, monkeypatch, PUBLIC_STEWARDS, user=_user("Amina.Diallo@ITU.int", "Amina Diallo"))
    at.run()
    at.switch_page("app_pages/data.py").run()
    assert not at.exception, at.exception
    assert any("Load a new export" in s.value for s in at.subheader)
    shown = f"Signed in as **{literal('Amina Diallo <Amina.Diallo@ITU.int>')}**"
    assert any(shown in m.value for m in at.markdown)
    assert len(at.main.text_input) == 0, "no typed name, no password"
    sessions = ROOT / "tests" / "fixtures" / "sessions_small.csv"
    at.file_uploader[0].set_value((sessions.name, sessions.read_bytes(), "text/csv")).run()
    at.radio(key=next(r.key for r in at.radio if r.key and r.key.startswith("steward_kind_"))).set_value(
        "sessions"
    ).run()
    at.button(key="steward_publish").click().run()
    assert not at.exception, at.exception
    history = next(d.value for d in at.dataframe if "added_by" in d.value.columns)
    assert list(history["added_by"])[-1] == "Amina Diallo <Amina.Diallo@ITU.int>"


@pytest.mark.parametrize(
    "user",
    [
        None,  # anonymous
        _user("bo.viewer@example.org", "Bo Viewer"),
        {**_user("amina@itu.int", "Not Verified"), "email_verified": False},
    ],
)
def test_no_steward_section_for_anyone_but_a_steward(db, monkeypatch, user):
    at = _app(db, monkeypatch, PUBLIC_STEWARDS, user=user)
    at.run()
    at.switch_page("app_pages/data.py").run()
    assert not at.exception, at.exception
    assert at.dataframe, "the Data page itself is public"
    assert not any("Load a new export" in s.value for s in at.subheader)
    assert not at.file_uploader and len(at.main.text_input) == 0
