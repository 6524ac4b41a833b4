"""Serving the dashboard for a browser test: `streamlit run` on a free port against a given
database, and Debian's Chromium for Playwright (its own browser download cannot work here)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ict_response.paths import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(db: Path, *extra_args: str, port: int | None = None) -> Iterator[str]:
    """The app's base URL while it runs; raises RuntimeError (with its output) if it never starts.
    `port`: a free port chosen beforehand (an identity provider must know the app's address)."""
    with serve_process(db, *extra_args, port=port) as (url, _pid):
        yield url


@contextmanager
def serve_process(db: Path, *extra_args: str, port: int | None = None) -> Iterator[tuple[str, int]]:
    """The app's base URL and the server's process id (the load test reads its memory)."""
    port = port or free_port()
    env = {**os.environ, "ICT_RESPONSE_DB": str(db)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "serve.py"),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            *extra_args,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    proc.kill()
                    raise RuntimeError(
                        "streamlit did not start: " + proc.stdout.read().decode()[-2000:]
                    ) from None
                time.sleep(0.5)
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def chromium_browser() -> Iterator[object]:
    """Playwright's Chromium launched from Debian's binary with the flags this closed
    network needs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
