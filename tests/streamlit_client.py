"""A client of the served app that speaks Streamlit's own websocket protocol, as a browser
tab does (BackMsg out, ForwardMsg in), without a browser: the load test (bench/load.py)
runs hundreds of them, and the replica test reads what each replica shows."""

from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.request
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

N_IN_SUBTITLE = re.compile(r"n = ([\d,]+) cases")


@dataclass
class Run:
    """What one script run showed: its time, whether it failed, and the case figures seen."""

    seconds: float
    error: str = ""
    metrics: dict[str, str] = field(default_factory=dict)
    chart_ns: list[int] = field(default_factory=list)
    download_url: str = ""


class Session:
    """A websocket session of the app, as a browser tab holds one."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.ws: websockets.ClientConnection | None = None
        self.cookie = ""

    async def __aenter__(self) -> Session:
        # The page first, as a browser loads it: behind the replicas' proxy its answer pins
        # this reader to one replica (a cookie), which the websocket and downloads then carry.
        self.cookie = await asyncio.to_thread(_first_page_cookie, self.base_url)
        self.ws = await websockets.connect(
            self.base_url.replace("http", "ws", 1) + "/_stcore/stream",
            subprotocols=[websockets.Subprotocol("streamlit")],
            origin=websockets.Origin(self.base_url),
            additional_headers={"Cookie": self.cookie} if self.cookie else None,
            max_size=2**28,
            open_timeout=60,
            ping_interval=None,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def open(self, page: str, query_string: str) -> Run:
        """Open `page` with the URL's query string, as following a link or a click does."""
        assert self.ws is not None
        message = BackMsg()
        message.rerun_script.page_name = page
        message.rerun_script.query_string = query_string
        started = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        run = Run(0.0)
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await self.ws.recv())
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                _read_element(forward.delta.new_element, run)
            elif kind == "script_finished":
                if forward.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    run.error = run.error or f"script finished with status {forward.script_finished}"
                break
        run.seconds = time.perf_counter() - started
        return run

    async def download(self, url: str) -> tuple[float, str]:
        started = time.perf_counter()
        try:
            body = await asyncio.to_thread(_get, self.base_url + url, self.cookie)
        except OSError as e:
            return time.perf_counter() - started, f"download failed: {e}"
        error = "" if body else "empty download"
        return time.perf_counter() - started, error


def _get(url: str, cookie: str = "") -> bytes:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return bytes(response.read())


def _first_page_cookie(base_url: str) -> str:
    with urllib.request.urlopen(base_url + "/", timeout=60) as response:
        response.read()
        cookies = response.headers.get_all("Set-Cookie") or []
    return "; ".join(c.split(";", 1)[0] for c in cookies)


def _read_element(element: object, run: Run) -> None:
    kind = element.WhichOneof("type")  # type: ignore[attr-defined]
    if kind == "exception":
        run.error = "exception on the page: " + element.exception.message[:200]  # type: ignore[attr-defined]
    elif kind == "metric":
        run.metrics[element.metric.label] = element.metric.body  # type: ignore[attr-defined]
    elif kind == "plotly_chart":
        title = json.loads(element.plotly_chart.spec).get("layout", {}).get("title", {})  # type: ignore[attr-defined]
        found = N_IN_SUBTITLE.search(title.get("text", "") if isinstance(title, dict) else "")
        if found:
            run.chart_ns.append(int(found.group(1).replace(",", "")))
    elif kind == "download_button" and element.download_button.url.endswith(".csv"):  # type: ignore[attr-defined]
        run.download_url = element.download_button.url  # type: ignore[attr-defined]
