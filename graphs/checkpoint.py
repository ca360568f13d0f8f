"""Checkpointers for the interview: SQLite on disk, with our state types allowed to deserialise."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, get_args

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from pydantic import BaseModel


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
