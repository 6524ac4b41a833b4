"""Several replicas of the dashboard behind one port: `make serve-replicas N=3 PORT=8500`.

    python -m ict_response.replicas --replicas 3 --port 8500 [--bind 127.0.0.1] [--db PATH]

N `streamlit run` processes on the ports after PORT (PORT+1 … PORT+N, loopback only), all
reading the one database file, behind HAProxy (Debian's `haproxy`) on PORT:

- sticky sessions: HAProxy's cookie pins a browser to the replica that served its first page,
  so its websocket session, its downloads and its uploads stay on one process;
- websockets: HAProxy passes the upgrade through (`timeout tunnel` keeps idle sessions open);
- health checks: each replica's `/_stcore/health` every two seconds; a replica that stops
  answering gets no new readers until it answers again.

A publish through any replica (Data page or `ict-response ingest`) swaps in a new database
file; every replica sees it at its readers' next click (ict_response/ui/data.py). Stops
everything on Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError
from .paths import ROOT, default_db_path

HEALTH_PATH = "/_stcore/health"
STICKY_COOKIE = "ict_replica"
START_SECONDS = 90


def haproxy_config(bind: str, port: int, replica_ports: list[int]) -> str:
    """The proxy's configuration: one frontend on bind:port, the replicas as one backend."""
    servers = "\n".join(
        f"    server r{i} 127.0.0.1:{p} check inter 2s fall 2 rise 1 cookie r{i}"
        for i, p in enumerate(replica_ports, start=1)
    )
    return f"""global
    maxconn 4096

defaults
    mode http
    timeout connect 5s
    timeout client 1h
    timeout server 1h
    # Streamlit keeps one websocket per browser tab open for as long as the tab is.
    timeout tunnel 1h
    option forwardfor

frontend dashboard
    bind {bind}:{port}
    default_backend replicas

backend replicas
    balance leastconn
    cookie {STICKY_COOKIE} insert indirect nocache httponly
    option httpchk GET {HEALTH_PATH}
    http-check expect status 200
{servers}
"""


def haproxy_path() -> str | None:
    return shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if os.access(p, os.X_OK)), None
    )


def wait_healthy(url: str, process: subprocess.Popen[bytes], seconds: float = START_SECONDS) -> None:
    deadline = time.time() + seconds
    while True:
        try:
            with urllib.request.urlopen(url + HEALTH_PATH, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.time() > deadline:
            raise UserError(f"{url} did not start (exit status {process.poll()}).")
        time.sleep(0.5)


@dataclass
class Running:
    url: str  # the proxy
    replica_urls: list[str]
    processes: list[subprocess.Popen[bytes]]  # the replicas, then the proxy
    commands: list[list[str]]  # each replica's, to start it again
    env: dict[str, str]

    def restart_ended(self) -> list[str]:
        """Start again every replica that has ended (the proxy's health check sends it
        readers once it answers); the URLs of those restarted."""
        restarted = []
        for i, command in enumerate(self.commands):
            if self.processes[i].poll() is not None:
                self.processes[i] = _start(command, self.env)
                restarted.append(self.replica_urls[i])
        return restarted


def _start(command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@contextmanager
def running(
    replicas: int, port: int, db: Path, bind: str = "127.0.0.1", extra_args: tuple[str, ...] = ()
) -> Iterator[Running]:
    """N replicas and the proxy while the block runs; all stopped after it."""
    if replicas < 1:
        raise UserError("--replicas must be at least 1.")
    proxy = haproxy_path()
    if proxy is None:
        raise UserError(
            "HAProxy is not installed: `make serve-replicas` installs Debian's haproxy where it can "
            "(apt-get, as root); elsewhere install it (Debian or Ubuntu: sudo apt-get install haproxy)."
        )
    if not db.exists():
        raise UserError(f"No database at {db}: build one first (make db, or ict-response build).")
    ports = [port + i for i in range(1, replicas + 1)]
    env = {**os.environ, "ICT_RESPONSE_DB": str(db)}
    commands = [
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py")]
        + ["--server.port", str(p), "--server.address", "127.0.0.1"]
        + ["--server.headless", "true", "--browser.gatherUsageStats", "false", *extra_args]
        for p in ports
    ]
    processes: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory(prefix="ict-replicas-") as run_dir:
        try:
            processes.extend(_start(command, env) for command in commands)
            urls = [f"http://127.0.0.1:{p}" for p in ports]
            for url, process in zip(urls, processes, strict=True):
                wait_healthy(url, process)
            config = Path(run_dir) / "haproxy.cfg"
            config.write_text(haproxy_config(bind, port, ports))
            checked = subprocess.run([proxy, "-c", "-q", "-f", str(config)], capture_output=True, text=True)
            if checked.returncode != 0:
                raise UserError(f"HAProxy refused its configuration: {checked.stderr.strip()[:500]}")
            # -db: stay in the foreground, so stopping this process stops the proxy.
            processes.append(
                subprocess.Popen(
                    [proxy, "-db", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
                )
            )
            proxy_url = f"http://{'127.0.0.1' if bind in ('0.0.0.0', '*') else bind}:{port}"
            wait_healthy(proxy_url, processes[-1], seconds=20)
            yield Running(proxy_url, urls, processes, commands, env)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ict_response.replicas", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--port", type=int, default=8500, help="the proxy's port; replicas use the next ones")
    parser.add_argument("--bind", default="127.0.0.1", help="the proxy's address (0.0.0.0: every interface)")
    parser.add_argument("--db", type=Path, default=None, help="database file (default: as `make run`)")
    args = parser.parse_args(argv)
    db = args.db or default_db_path()
    stop = {"now": False}

    def on_signal(signum: int, frame: object) -> None:
        stop["now"] = True

    signal.signal(signal.SIGTERM, on_signal)
    try:
        with running(args.replicas, args.port, db, args.bind) as served:
            print(f"The dashboard: {served.url} ({args.replicas} replicas behind HAProxy, over {db})")
            for url in served.replica_urls:
                print(f"  replica {url}")
            print("Ctrl-C stops them all.", flush=True)
            while not stop["now"]:
                if served.processes[-1].poll() is not None:
                    print("HAProxy ended: stopping the replicas.", file=sys.stderr)
                    return 1
                for url in served.restart_ended():
                    print(f"Replica {url} had ended: started again.", file=sys.stderr, flush=True)
                time.sleep(1)
    except UserError as e:
        print(e, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
