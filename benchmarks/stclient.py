"""A minimal Streamlit client over the websocket protocol, for load benchmarks without a browser.

It does what a browser tab does on the wire: takes the XSRF cookie from /_stcore/health,
opens /_stcore/stream, asks for script runs (BackMsg.rerun_script with the widget
states), and reads ForwardMsgs until the run has finished. Also a tiny keep-alive HTTP
GET for the JSON routes a board polls.
"""

from __future__ import annotations

import asyncio
import functools
import gzip
import json
import ssl
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.typing import Origin, Subprotocol


@dataclass
class Widget:
    kind: str
    id: str
    label: str
    options: list[str] = field(default_factory=list)


@dataclass
class Run:
    """What one script run sent back."""

    seconds: float
    widgets: list[Widget]
    components: dict[str, dict[str, Any]]  # component name -> {"id": ..., "data": ...}
    query_string: str | None
    exceptions: list[str]
    texts: list[str]


async def http_get(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    host: str,
    path: str,
    body: bytes | None = None,
    token: str | None = None,
    scheme: str = "http",
) -> tuple[int, bytes, float | None]:
    """One GET (or, with a JSON `body`, POST) on a kept-alive connection: (status, body
    gunzipped, the milliseconds the route said it took in `Server-Timing`, if it said).

    `token` goes in X-Samskab-Token, as board.js sends it: budgets are per tablet. `scheme`
    is the page's, for the Origin a browser sends: behind a TLS proxy the app compares it
    with the https the proxy reports.
    """
    method = "GET" if body is None else "POST"
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip\r\nConnection: keep-alive\r\n"
    if token is not None:
        head += f"X-Samskab-Token: {token}\r\n"
    if body is not None:
        head += f"Origin: {scheme}://{host}\r\nContent-Type: application/json\r\n"
        head += f"Content-Length: {len(body)}\r\n"
    writer.write(head.encode() + b"\r\n" + (body or b""))
    await writer.drain()
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    headers: dict[str, str] = {}
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding") == "chunked":
        body = b""
        while True:
            size = int((await reader.readline()).strip(), 16)
            if size == 0:
                await reader.readline()
                break
            body += await reader.readexactly(size)
            await reader.readline()
    else:
        body = await reader.readexactly(int(headers.get("content-length", "0")))
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    timing = headers.get("server-timing", "").partition(";dur=")[2]
    return status, body, float(timing) if timing else None


@functools.cache
def _insecure() -> ssl.SSLContext:
    # One context for every connection, with no CA store: create_default_context() reads the
    # system's CAs each time, tens of ms of CPU that stalled the event loop of 100 tablets.
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # a benchmark's own throwaway certificate
    return context


def tls_for(url: str) -> ssl.SSLContext | None:
    """TLS for an https:// address (certificate unchecked: the benchmark made it), else none."""
    return _insecure() if urlparse(url).scheme == "https" else None


async def open_http(url: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A connection to `url`'s host and port, TLS if it is https://."""
    parsed = urlparse(url)
    default = 443 if parsed.scheme == "https" else 80
    return await asyncio.open_connection(parsed.hostname, parsed.port or default, ssl=tls_for(url))


def set_cookies(head: str) -> dict[str, str]:
    """Name -> value of every Set-Cookie in a raw HTTP response head (attributes dropped)."""
    cookies: dict[str, str] = {}
    for line in head.split("\r\n"):
        name, sep, value = line.partition(":")
        if sep and name.strip().lower() == "set-cookie":
            pair = value.split(";", 1)[0].strip()
            key, eq, val = pair.partition("=")
            if eq and key.strip():
                cookies[key.strip()] = val.strip()
    return cookies


class Session:
    """One browser tab's connection to a Streamlit server."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.ws: websockets.ClientConnection | None = None
        self.cookies: dict[str, str] = {}
        # The page the last run drew: a browser asks to rerun that page, not the URL's.
        self.page_script_hash = ""

    async def connect(self) -> None:
        parsed = urlparse(self.base_url)
        reader, writer = await open_http(self.base_url)
        writer.write(
            f"GET /_stcore/health HTTP/1.1\r\nHost: {parsed.netloc}\r\nConnection: close\r\n\r\n".encode()
        )
        await writer.drain()
        head = (await reader.read()).decode(errors="replace").split("\r\n\r\n", 1)[0]
        writer.close()
        # Every cookie goes back on the upgrade, as a browser's would: Streamlit's XSRF one,
        # and behind HAProxy its stickiness cookie, without which the websocket could reach
        # another process than the page (which knows neither the session nor that XSRF token).
        self.cookies = set_cookies(head)
        xsrf = self.cookies.get("_streamlit_xsrf", "")
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        scheme = "wss" if parsed.scheme == "https" else "ws"
        self.ws = await websockets.connect(
            f"{scheme}://{parsed.netloc}/_stcore/stream",
            subprotocols=[Subprotocol(p) for p in ("streamlit", xsrf) if p],
            origin=Origin(self.base_url),
            additional_headers={"Cookie": cookie} if cookie else None,
            max_size=None,
            open_timeout=60,
            ssl=tls_for(self.base_url),
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def run(
        self,
        query_string: str = "",
        widgets: list[WidgetState] | None = None,
        path: str = "",
        timeout: float = 60,
    ) -> Run:
        """Ask for a script run and wait until it (and any run it switches to) has finished."""
        ws = self.ws
        if ws is None:
            raise RuntimeError("connect() first")
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query_string
        state.page_script_hash = self.page_script_hash
        state.widget_states.widgets.extend(widgets or [])
        state.context_info.url = f"{self.base_url}/{path}"
        state.context_info.timezone = "Europe/Copenhagen"
        state.context_info.locale = "da-DK"
        started = time.perf_counter()
        await ws.send(msg.SerializeToString())
        found: list[Widget] = []
        components: dict[str, dict[str, Any]] = {}
        exceptions: list[str] = []
        texts: list[str] = []
        query: str | None = None
        while True:
            raw = await asyncio.wait_for(ws.recv(), timeout)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                _collect(fwd.delta.new_element, found, components, exceptions, texts)
            elif kind == "navigation":
                self.page_script_hash = fwd.navigation.page_script_hash
            elif kind == "page_info_changed":
                query = fwd.page_info_changed.query_string
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    # st.switch_page / st.rerun: the next run follows on the same socket.
                    found, components, texts = [], {}, []
                    continue
                return Run(time.perf_counter() - started, found, components, query, exceptions, texts)


def _collect(element, found, components, exceptions, texts) -> None:
    kind = element.WhichOneof("type")
    if kind == "bidi_component":
        proto = element.bidi_component
        which = proto.WhichOneof("data")
        payload = proto.json if which == "json" else proto.mixed.json if which == "mixed" else "{}"
        components[proto.component_name] = {"id": proto.id, "data": json.loads(payload or "{}")}
        return
    if kind == "exception":
        exceptions.append(element.exception.message)
        return
    if kind in ("markdown", "text", "heading", "alert"):
        texts.append(getattr(element, kind).body)
        return
    widget = getattr(element, kind, None)
    if widget is not None and hasattr(widget, "id") and widget.id:
        options = [o.content if hasattr(o, "content") else str(o) for o in getattr(widget, "options", [])]
        found.append(Widget(kind, widget.id, getattr(widget, "label", ""), options))


def trigger(widget_id: str) -> WidgetState:
    return WidgetState(id=widget_id, trigger_value=True)


def component_event(
    component_id: str, event: str, value: Any, state: dict[str, Any] | None = None
) -> list[WidgetState]:
    """What a st.components.v2 element sends for setTriggerValue(event, value).

    A browser sends the element's state values with every run as well; without them
    the trigger does not reach st.session_state.
    """
    fired = WidgetState(id=f"$$STREAMLIT_INTERNAL_KEY_{component_id}__events")
    fired.json_trigger_value = json.dumps([{"event": event, "value": value}])
    return [WidgetState(id=component_id, json_value=json.dumps(state or {})), fired]


def pick(widget_id: str, label: str) -> WidgetState:
    """A single choice in pills / segmented control (sent as the chosen option's label)."""
    widget = WidgetState(id=widget_id)
    widget.string_array_value.data.append(label)
    return widget


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]
