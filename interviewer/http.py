"""The HTTP client under the LLM gateway, with the bounds the openai client lacks.

httpx's timeouts apply to each network read, so a server that drips one byte every half second is
never timed out. Here every connect, write and read is given only the time left in the attempt's
budget: an attempt (one HTTP request, headers and the whole body, streamed or not) must finish within
the budget's seconds, however slowly the bytes come. The openai client's retries are attempts of their
own, so a call ends within (retries + 1) x that time plus the waits the server asks for (Retry-After,
which the client caps). Each response may bring at most a given number of bytes; past that the read
stops with `ReplyTooLarge`.

The budget is set by the gateway around each call (`budget(...)`), in a context variable, so threads
sharing one client each have their own. It works at httpcore's network-backend level, the one place
every byte passes; the backend is swapped into the pool the transport builds (httpx has no parameter
for it), which `tests/test_gateway_bounds.py` checks against a dripping server.
"""

from __future__ import annotations

import contextlib
import time
import urllib.request
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any
from urllib.parse import urlsplit

import httpcore2
import httpx2


class ReplyTooLarge(Exception):
    """The model server sent more bytes than one reply may have."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the reply is over {limit // 1024} KB")
        self.limit = limit


class Budget:
    """Time and bytes left for the current HTTP attempt of a gateway call."""

    def __init__(self, attempt_seconds: float, max_bytes: int) -> None:
        self.attempt_seconds = attempt_seconds
        self.max_bytes = max_bytes
        self.start_attempt()

    def start_attempt(self) -> None:
        self.attempt_end = time.monotonic() + self.attempt_seconds
        self.bytes_left = self.max_bytes

    def seconds_left(self, timeout: float | None, error: type[Exception]) -> float:
        left = self.attempt_end - time.monotonic()
        if left <= 0:
            raise error("the model call ran out of time")
        return left if timeout is None else min(timeout, left)

    def took(self, count: int) -> None:
        self.bytes_left -= count
        if self.bytes_left < 0:
            raise ReplyTooLarge(self.max_bytes)


_BUDGET: ContextVar[Budget | None] = ContextVar("model_call_budget", default=None)


@contextlib.contextmanager
def budget(attempt_seconds: float, max_bytes: int) -> Iterator[Budget]:
    """Bound every HTTP request made inside the block (by this thread) to the given time and size."""
    token = _BUDGET.set(Budget(attempt_seconds, max_bytes))
    try:
        yield _BUDGET.get()  # type: ignore[misc]
    finally:
        _BUDGET.reset(token)


class _Stream(httpcore2.NetworkStream):
    def __init__(self, inner: httpcore2.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        b = _BUDGET.get()
        if b is None:
            return self._inner.read(max_bytes, timeout)
        data = self._inner.read(max_bytes, b.seconds_left(timeout, httpcore2.ReadTimeout))
        b.took(len(data))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        b = _BUDGET.get()
        self._inner.write(buffer, timeout if b is None else b.seconds_left(timeout, httpcore2.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore2.NetworkStream:
        b = _BUDGET.get()
        left = timeout if b is None else b.seconds_left(timeout, httpcore2.ConnectTimeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore2.NetworkBackend):
    def __init__(self, inner: httpcore2.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore2.NetworkStream:
        b = _BUDGET.get()
        left = timeout if b is None else b.seconds_left(timeout, httpcore2.ConnectTimeout)
        return _Stream(self._inner.connect_tcp(host, port, left, local_address, socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore2.NetworkStream:
        b = _BUDGET.get()
        left = timeout if b is None else b.seconds_left(timeout, httpcore2.ConnectTimeout)
        return _Stream(self._inner.connect_unix_socket(path, left, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _Transport(httpx2.HTTPTransport):
    """httpx's transport with every network operation bounded by the current budget."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        pool = self._pool
        pool._network_backend = _Backend(pool._network_backend)  # type: ignore[union-attr]

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        b = _BUDGET.get()
        if b is not None:
            b.start_attempt()
        return super().handle_request(request)


def _env_proxy(url: str) -> str | None:
    """The proxy the environment names for `url` (HTTPS_PROXY and friends, NO_PROXY honoured)."""
    parts = urlsplit(url)
    proxies = urllib.request.getproxies()
    proxy = proxies.get(parts.scheme) or proxies.get("all")
    if not proxy or urllib.request.proxy_bypass_environment(parts.hostname or "", proxies):  # type: ignore[attr-defined]
        return None
    return proxy


def bounded_client(base_url: str, timeout: float) -> httpx2.Client:
    """An HTTP client for the openai client whose requests obey `budget(...)`."""
    transport = _Transport(proxy=_env_proxy(base_url), limits=httpx2.Limits(max_connections=100,
                                                                            max_keepalive_connections=20))
    return httpx2.Client(transport=transport, timeout=httpx2.Timeout(timeout, connect=min(timeout, 10.0)),
                         follow_redirects=True)
