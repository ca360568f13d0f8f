"""Checkpointers for the interview: SQLite on disk, with our state types allowed to deserialise."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

STATE_TYPES = [
    ("interviewer.settings", "InterviewSettings"),
    ("interviewer.models", "TeamType"),
    ("interviewer.models", "Assessment"),
    ("interviewer.models", "PointHit"),
    ("interviewer.models", "Evidence"),
    ("interviewer.evidence", "SessionEvidence"),
    ("interviewer.evidence", "AreaEvidence"),
    ("interviewer.evidence", "ProblemEvidence"),
    ("interviewer.brains.base", "ThreadTurn"),
    ("interviewer.scoring", "Scorecard"),
    ("interviewer.scoring", "AreaScore"),
    ("interviewer.scoring", "TierView"),
    ("interviewer.scoring", "RoleVerdict"),
    ("interviewer.scoring", "Overall"),
    ("graphs.state", "InterviewState"),
    ("graphs.state", "AreaProgress"),
    ("graphs.state", "Plan"),
    ("graphs.state", "Pending"),
]


def serializer() -> JsonPlusSerializer:
    return JsonPlusSerializer(allowed_msgpack_modules=STATE_TYPES)


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
