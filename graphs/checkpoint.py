"""Checkpointers for the interview: SQLite in the data home, or PostgreSQL beside the sessions in a database;
both with our state types allowed to deserialise."""

from __future__ import annotations

import atexit
import functools
import logging
import sqlite3
import sys
from pathlib import Path
from typing import Any, get_args

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from pydantic import BaseModel

from interviewer.errors import StorageError


def _reachable(model: type[BaseModel], seen: dict[type, None]) -> dict[type, None]:
    """Every pydantic model a state field can hold, found from the annotations (no list to keep)."""
    if model in seen:
        return seen
    seen[model] = None
    stack = [f.annotation for f in model.model_fields.values()]
    while stack:
        tp = stack.pop()
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            _reachable(tp, seen)
        stack.extend(get_args(tp))
    return seen


def state_types() -> list[tuple[str, str]]:
    from graphs.state import InterviewState

    return [(m.__module__, m.__qualname__) for m in _reachable(InterviewState, {})]


def serializer() -> JsonPlusSerializer:
    return JsonPlusSerializer(allowed_msgpack_modules=state_types())


def memory_checkpointer() -> Any:
    from langgraph.checkpoint.memory import InMemorySaver

    return InMemorySaver(serde=serializer())


def sqlite_checkpointer(path: Path) -> Any:
    """A SqliteSaver on `path`; the connection is shared with worker threads (the TUI's)."""
    from langgraph.checkpoint.sqlite import SqliteSaver

    conn = sqlite3.connect(str(path), check_same_thread=False, timeout=5.0)
    saver = SqliteSaver(conn, serde=serializer())
    saver.setup()
    return saver


@functools.cache
def postgres_checkpointer(url: str) -> Any:
    """A PostgresSaver on a small psycopg pool (one per database per process), its tables created or
    upgraded first by one process at a time, so many processes starting at once do not race."""
    from langgraph.checkpoint.postgres import PostgresSaver
    from psycopg.rows import dict_row
    from psycopg_pool import ConnectionPool

    from interviewer.pgstore import CHECKPOINT_LOCK, connect, exclusively

    setup = connect(url)  # an unreachable database or a wrong password is one line here, before any pool
    try:
        logging.getLogger("psycopg.pool").setLevel(logging.ERROR)  # a lost server is reported by the session
        pool = ConnectionPool(url, min_size=1, max_size=4, timeout=30, open=True, name="interviewer-checkpoints",
                              kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row,
                                      "connect_timeout": 5})
        atexit.register(pool.close)
        saver = PostgresSaver(pool, serde=serializer())  # type: ignore[arg-type]
        if _checkpoint_version(setup) < len(saver.MIGRATIONS) - 1:
            with exclusively(setup, CHECKPOINT_LOCK):
                saver.setup()
    finally:
        setup.close()
    return saver


def _checkpoint_version(conn: Any) -> int:
    """The last checkpointer migration applied here (-1 for none): when current, nobody runs `setup`, whose
    `CREATE INDEX CONCURRENTLY` waits for every open transaction."""
    if not conn.execute("SELECT to_regclass('checkpoint_migrations') IS NOT NULL").fetchone()[0]:
        return -1
    row = conn.execute("SELECT max(v) FROM checkpoint_migrations").fetchone()
    return -1 if row[0] is None else int(row[0])


def checkpointer_for(store: Any, home: Path) -> Any:
    """The checkpointer that goes with a session store: the same database for the Postgres store, the data
    home's SQLite file for the file store."""
    url = getattr(store, "url", None)
    if url:
        return postgres_checkpointer(url)
    try:
        home.mkdir(parents=True, exist_ok=True)
        return sqlite_checkpointer(home / "checkpoints.sqlite")
    except OSError as exc:
        raise StorageError(f"{home}: cannot use the data folder ({exc.strerror}); "
                           "set INTERVIEWER_HOME to a writable folder") from None
    except sqlite3.Error as exc:  # locked or unreadable database
        raise StorageError(f"{home / 'checkpoints.sqlite'}: cannot open the checkpoint database ({exc})") from None


def checkpoint_errors() -> tuple[type[BaseException], ...]:
    """What a checkpointer raises when its database fails: SQLite's errors, and psycopg's once it is loaded
    (it is imported only with a database URL)."""
    psycopg = sys.modules.get("psycopg")
    return (sqlite3.Error, psycopg.Error) if psycopg is not None else (sqlite3.Error,)
