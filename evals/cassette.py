"""Recorded model responses ("cassettes") replayed through the local fake server.

A cassette maps a request (its messages, streaming flag and response format) to the reply content.
`replayer()` answers from it (an unknown request is an HTTP 500 naming the problem, so a changed
prompt shows up as a failure, not as silent drift); `recorder(upstream)` forwards each request to
another responder - a real endpoint through `upstream()`, or the simulated model - and stores it.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

import httpx

from evals.fake_openai import Fault, Reply, Responder
from interviewer.errors import UserError


def request_key(body: dict[str, Any]) -> str:
    fmt = (body.get("response_format") or {}).get("type", "text")
    canonical = json.dumps({"messages": body.get("messages", []), "stream": bool(body.get("stream")), "format": fmt},
                           sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


class Cassette:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, str] = {}
        self.misses = 0
        self._lock = threading.Lock()
        if path.exists():
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                self.entries = dict(raw["entries"])
            except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError):
                raise UserError(f"{path}: not a cassette file") from None

    def save(self) -> None:
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        tmp.write_text(json.dumps({"version": 1, "entries": self.entries}, indent=0, sort_keys=True,
                                  ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.path)

    def replayer(self) -> Responder:
        def respond(body: dict[str, Any]) -> Reply:
            content = self.entries.get(request_key(body))
            if content is None:
                with self._lock:
                    self.misses += 1
                return Reply(fault=Fault("status", status=500))
            return Reply(content)
        return respond

    def recorder(self, upstream: Responder) -> Responder:
        def respond(body: dict[str, Any]) -> Reply:
            reply = upstream(body)
            if reply.fault is None:
                with self._lock:
                    self.entries[request_key(body)] = reply.content
            return reply
        return respond


def upstream(base_url: str, api_key: str | None, model: str, timeout: float = 120.0) -> Responder:
    """Forward a request to a real OpenAI-compatible endpoint (non-streaming) and return its content."""
    client = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout,
                          headers={"Authorization": f"Bearer {api_key}"} if api_key else {})

    def respond(body: dict[str, Any]) -> Reply:
        payload = {k: v for k, v in body.items() if k not in ("stream", "stream_options")} | {"model": model}
        r = client.post("/chat/completions", json=payload)
        if r.status_code != 200:
            return Reply(fault=Fault("status", status=r.status_code))
        return Reply(r.json()["choices"][0]["message"].get("content") or "")
    return respond
