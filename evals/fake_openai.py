"""A real local HTTP server speaking the OpenAI chat completions API, for tests and offline evals.

It listens on 127.0.0.1 on a random port, answers `/v1/chat/completions` (streaming or not) from a
queue of scripted replies or a responder function (e.g. recorded cassettes), and injects faults:
delays, timeouts, slow first tokens, 429 with Retry-After, 500/503, malformed JSON, cut streams,
schema-invalid content, refused connections, replies dripped a byte at a time, and HTML pages with
status 200. Every request body is kept for assertions.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

FaultKind = Literal[
    "delay", "slow_first_token", "status", "malformed_json", "cut_stream", "schema_invalid", "drop", "drip", "html",
]


@dataclass(frozen=True)
class Fault:
    """`status` answers with an HTTP error (429 carries Retry-After); `delay` sleeps before
    answering (longer than the client's timeout makes a timeout); `drop` closes the connection;
    `drip` sends the reply one byte every `seconds`, headers included; `html` answers 200 with a web page."""

    kind: FaultKind
    status: int = 500
    retry_after: float | None = None
    ms_header: bool = True
    """Also send `retry-after-ms` (sub-second waits); without it only the standard header goes out."""
    seconds: float = 0.0


@dataclass(frozen=True)
class Reply:
    content: str = ""
    fault: Fault | None = None
    finish_reason: str = "stop"

    @staticmethod
    def json(obj: Any) -> Reply:
        return Reply(content=json.dumps(obj))


Responder = Callable[[dict[str, Any]], Reply]


@dataclass
class Stats:
    requests: int = 0
    faults: dict[str, int] = field(default_factory=dict)


class FakeOpenAI:
    """Use as a context manager; `url` is the base URL to give the openai client."""

    def __init__(self, replies: list[Reply] | None = None, *, responder: Responder | None = None,
                 api_key: str | None = None, schema_support: bool = True, model: str = "fake-model",
                 fault_plan: Callable[[int, dict[str, Any]], Fault | None] | None = None) -> None:
        self.queue: deque[Reply] = deque(replies or [])
        self.responder = responder
        self.api_key = api_key
        self.schema_support = schema_support
        self.model = model
        self.fault_plan = fault_plan
        self.requests: list[dict[str, Any]] = []
        self.stats = Stats()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -----------------------------------------------------------------------------

    def start(self, port: int = 0) -> FakeOpenAI:
        """Listen on `port` (0: a random free one). Restarting on the same port after `stop()` makes
        the server look down for a while (connection refused) and then come back."""
        handler = _make_handler(self)
        self._server = _Server(("127.0.0.1", port), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-openai", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def push(self, *replies: Reply) -> None:
        with self._lock:
            self.queue.extend(replies)

    # --- behaviour -----------------------------------------------------------------------------

    def next_reply(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(body)
            self.stats.requests += 1
            index = self.stats.requests
            planned = self.fault_plan(index, body) if self.fault_plan else None
            if planned is not None:
                self.stats.faults[planned.kind] = self.stats.faults.get(planned.kind, 0) + 1
                return Reply(fault=planned)
            queued = self.queue.popleft() if self.queue else None
        # The responder runs outside the lock, so slow replies are served concurrently.
        if queued is not None:
            reply = queued
        elif self.responder is not None:
            reply = self.responder(body)
        else:
            reply = Reply(fault=Fault("status", status=500))
        if reply.fault is not None:
            with self._lock:
                self.stats.faults[reply.fault.kind] = self.stats.faults.get(reply.fault.kind, 0) + 1
        return reply


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that time out or hang up mid-reply are part of the fault tests


def closed_port() -> int:
    """A localhost port with nothing listening, for connection-refused tests."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _completion(model: str, content: str, finish: str, body: dict[str, Any]) -> dict[str, Any]:
    prompt = sum(len(str(m.get("content", ""))) for m in body.get("messages", [])) // 4
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content, "refusal": None},
                     "finish_reason": finish, "logprobs": None}],
        "usage": {"prompt_tokens": prompt, "completion_tokens": max(1, len(content) // 4),
                  "total_tokens": prompt + max(1, len(content) // 4)},
    }


def _chunk(model: str, delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def _make_handler(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # small writes would otherwise wait ~40 ms for delayed ACKs

        def log_message(self, format: str, *args: Any) -> None:  # silence the default stderr log
            pass

        def _json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(obj).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
            kind = {401: "invalid_request_error", 429: "rate_limit_exceeded"}.get(status, "server_error")
            self._json(status, {"error": {"message": message, "type": kind, "code": None}}, headers)

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._json(200, {"object": "list", "data": [{"id": fake.model, "object": "model"}]})
            else:
                self._error(404, "not found")

        def do_POST(self) -> None:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._handle()

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._error(404, f"no route {self.path}")
                return
            if fake.api_key is not None and self.headers.get("Authorization") != f"Bearer {fake.api_key}":
                self._error(401, "Incorrect API key provided.")
                return
            body = json.loads(raw or b"{}")
            rf = body.get("response_format") or {}
            if rf.get("type") == "json_schema" and not fake.schema_support:
                self._error(400, "response_format json_schema is not supported by this server")
                return
            reply = fake.next_reply(body)
            fault = reply.fault
            if fault is not None and fault.kind == "delay":
                time.sleep(fault.seconds)
                fault = None
            if fault is not None and self._fault(fault, body):
                return
            content = reply.content
            if fault is not None and fault.kind == "schema_invalid":
                content = json.dumps({"unexpected": "shape", "verdict": 7})
            if body.get("stream"):
                self._stream(content, reply.finish_reason, body, fault)
            else:
                self._json(200, _completion(fake.model, content, reply.finish_reason, body))

        def _fault(self, fault: Fault, body: dict[str, Any]) -> bool:
            """Answer with the fault; False when the fault shapes a normal reply instead."""
            if fault.kind == "status":
                headers = None
                if fault.retry_after is not None:  # seconds, and the millisecond form the openai client prefers
                    headers = {"Retry-After": f"{max(1, round(fault.retry_after)):d}"}
                    if fault.ms_header:
                        headers["retry-after-ms"] = f"{fault.retry_after * 1000:.0f}"
                self._error(fault.status, f"injected {fault.status}", headers)
                return True
            if fault.kind == "malformed_json":
                data = b'{"id": "chatcmpl-fake", "choices": [ {"index": 0, "mess'
                if body.get("stream"):
                    self._start_chunked("text/event-stream")
                    self._write_chunk(b"data: {not json at all\n\n")
                    self._write_chunk(b"")
                    return True
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return True
            if fault.kind == "drop":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return True
            if fault.kind == "html":
                page = b"<!doctype html><html><head><title>Sign in</title></head><body>Sign in</body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)
                return True
            if fault.kind == "drip":
                self._drip(body, fault.seconds)
                return True
            return False

        def _drip(self, body: dict[str, Any], seconds: float) -> None:
            """A server that never stops sending, one byte at a time: status line, headers, then an
            endless reply, until the client hangs up."""
            self.close_connection = True
            head = (b"HTTP/1.1 200 OK\r\nContent-Type: " +
                    (b"text/event-stream" if body.get("stream") else b"application/json") + b"\r\n\r\n")
            event = b"data: " + json.dumps(_chunk(fake.model, {"content": "drip "}, None)).encode() + b"\n\n"
            data = head + (event * 100_000 if body.get("stream") else b'{"id": "' + b"x" * 10_000_000)
            for i in range(len(data)):
                self.wfile.write(data[i:i + 1])
                self.wfile.flush()
                time.sleep(seconds)

        def _start_chunked(self, ctype: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()

        def _write_chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

        def _stream(self, content: str, finish: str, body: dict[str, Any], fault: Fault | None) -> None:
            self._start_chunked("text/event-stream")
            if fault is not None and fault.kind == "slow_first_token":
                time.sleep(fault.seconds)
            pieces = [content[i:i + 12] for i in range(0, len(content), 12)] or [""]
            self._write_chunk(b"data: " + json.dumps(_chunk(fake.model, {"role": "assistant"}, None)).encode()
                              + b"\n\n")
            for n, piece in enumerate(pieces):
                if fault is not None and fault.kind == "cut_stream" and n >= max(1, len(pieces) // 2):
                    self.close_connection = True
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                event = _chunk(fake.model, {"content": piece}, None)
                self._write_chunk(b"data: " + json.dumps(event).encode() + b"\n\n")
            self._write_chunk(b"data: " + json.dumps(_chunk(fake.model, {}, finish)).encode() + b"\n\n")
            if (body.get("stream_options") or {}).get("include_usage"):
                usage = _completion(fake.model, content, finish, body)["usage"]
                event = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0,
                         "model": fake.model, "choices": [], "usage": usage}
                self._write_chunk(b"data: " + json.dumps(event).encode() + b"\n\n")
            self._write_chunk(b"data: [DONE]\n\n")
            self._write_chunk(b"")

    return Handler
