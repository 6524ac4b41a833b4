"""Replicas behind one port (`make serve-replicas`, ict_response/replicas.py): HAProxy accepts
the configuration; three replicas and the proxy start over one database; a steward publishes
through the proxy (so through one replica) and every replica serves the new data at its
readers' next click."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from served_app import free_port
from streamlit_client import Session

from ict_response import replicas
from ict_response.cli import main as cli
from ict_response.password import hash_password

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PASSWORD = "replica-test steward"


def test_the_proxy_configuration_is_one_haproxy_accepts(tmp_path):
    text = replicas.haproxy_config("127.0.0.1", 8500, [8501, 8502, 8503])
    for i, port in enumerate((8501, 8502, 8503), start=1):
        assert f"server r{i} 127.0.0.1:{port} check" in text and f"cookie r{i}" in text
    assert f"option httpchk GET {replicas.HEALTH_PATH}" in text
    assert f"cookie {replicas.STICKY_COOKIE} insert" in text and "timeout tunnel" in text
    proxy = replicas.haproxy_path()
    assert proxy, "make test installs Debian's haproxy (apt-get) before the tests"
    config = tmp_path / "haproxy.cfg"
    config.write_text(text)
    checked = subprocess.run([proxy, "-c", "-q", "-f", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def _sessions_shown(url: str) -> str:
    async def read() -> str:
        async with Session(url) as session:
            run = await session.open("", "")
        assert not run.error, run.error
        return run.metrics["WSIS Forum sessions"]

    # In a thread of its own: the session's Chromium keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, read()).result()


@pytest.mark.browser
def test_a_publish_through_one_replica_is_seen_by_all(tmp_path, browser):
    db = tmp_path / "replicas.duckdb"
    assert cli(["build", "--sample", "--db", str(db)]) == 0
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[steward]\npassword_hash = "{hash_password(PASSWORD)}"\n')
    with replicas.running(3, free_port(), db, extra_args=("--secrets.files", str(secrets))) as served:
        before = {url: _sessions_shown(url) for url in served.replica_urls}
        assert len(set(before.values())) == 1 and before[served.replica_urls[0]] != "3", before
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{served.url}/data")
        page.get_by_label("Your name (recorded with every import you publish)").fill("Replica Steward")
        page.get_by_label("Steward password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_selector("text=Signed in as", timeout=60_000)
        page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(
            str(FIXTURES / "sessions_small.csv")
        )
        page.wait_for_selector("text=First rows as they will be stored", timeout=60_000)
        page.get_by_text("Sessions (WSIS Forum workshops, TalkX and more)").click()
        page.wait_for_timeout(1000)
        page.get_by_role("button", name="Publish 1 file").click()
        page.wait_for_selector("text=Published.", timeout=90_000)
        page.close()
        # The three sessions of the export replace the sample's, on every replica.
        after = {url: _sessions_shown(url) for url in served.replica_urls}
        assert set(after.values()) == {"3"}, after
        assert all(p.poll() is None for p in served.processes)


def test_a_missing_haproxy_is_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(replicas.os, "access", lambda path, mode: False)
    db = tmp_path / "x.duckdb"
    with pytest.raises(replicas.UserError, match="HAProxy is not installed"):
        with replicas.running(2, free_port(), db):
            pass
