"""Shared fixtures: an isolated data home, a fake clock, no network, no model configured."""

from __future__ import annotations

import itertools
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest


class FakeClock:
    """Time that moves only when a test says so."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data home and no model configuration from the developer's shell."""
    home = tmp_path / "home"
    monkeypatch.setenv("INTERVIEWER_HOME", str(home))
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "INTERVIEWER_QUESTIONS",
                "INTERVIEWER_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANGGRAPH_STRICT_MSGPACK", "true")
    return home


@pytest.fixture
def home(isolated_env: Path) -> Path:
    return isolated_env


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[object, ...]]]:
    """Any attempt to open a non-loopback connection fails the test loudly."""
    attempts: list[tuple[object, ...]] = []
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "localhost", "::1"):
            attempts.append((host,))
            raise OSError(f"network blocked in tests: {address!r}")
        real_connect(self, address)  # type: ignore[arg-type]

    def no_dns(*args: object, **kwargs: object) -> object:
        attempts.append(args)
        raise OSError("DNS blocked in tests")

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    monkeypatch.setattr(socket, "create_connection", no_dns)
    yield attempts


# --- PostgreSQL: one throwaway cluster per test run, a fresh database per test -------------------------

@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[object]:
    """A PostgreSQL cluster started for this test run on a free loopback port, stopped at the end."""
    from tests.pgcluster import cluster, missing

    why = missing()
    if why is not None:
        pytest.skip(f"no PostgreSQL here: {why}")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("the 'postgres' extra is not installed: pip install -e '.[postgres]'")
    with cluster() as c:
        yield c


_databases = itertools.count(1)


@pytest.fixture
def database_url(pg_cluster: object) -> str:
    """The URL of a new, empty database on the test run's cluster."""
    return pg_cluster.create_database(f"t{next(_databases)}")  # type: ignore[attr-defined, no-any-return]
