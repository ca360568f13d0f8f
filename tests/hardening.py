"""Helpers for the hardening tests (issue 15): the CLI in a subprocess, session files made by hand."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graphs.checkpoint import sqlite_checkpointer
from graphs.session import InterviewSession
from interviewer.brains.offline import OfflineBrain
from interviewer.settings import InterviewSettings
from tests.conftest import FakeClock

ESCAPES = "\x1b]52;c;cHduZWQ=\x07\x1b]0;owned\x07\x1b[2J\x1b[H\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\\x9b31m"
"""A clipboard write (OSC 52), a title change, a screen clear, a hyperlink and a C1 CSI."""
FRAMING = "I'd frame it as a ranking problem that maximises long-term watch time on the home feed."


def cli(home: Path, *args: str, stdin: str = "", timeout: float = 120, preexec: Callable[[], None] | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "INTERVIEWER_HOME": str(home), "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], input=stdin, capture_output=True, text=True,
                          env=full, timeout=timeout, preexec_fn=preexec)


def one_clear_line(run: subprocess.CompletedProcess[str], code: int = 2) -> str:
    """The run failed with `code` and said why in exactly one line, without a traceback."""
    assert run.returncode == code, (run.returncode, run.stdout[-500:], run.stderr[-2000:])
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr, run.stderr
    return run.stderr


def unfinished_session(home: Path, answers: int = 1, session_id: str = "good") -> Path:
    """A session with `answers` answers, waiting for the next; its checkpoint is on disk. Closed."""
    home.mkdir(parents=True, exist_ok=True)
    clock = FakeClock()
    s = InterviewSession.create(InterviewSettings(question_id="video_recommendations", tier="faang"), home=home,
                                brain=OfflineBrain(), clock=clock, session_id=session_id,
                                checkpointer=sqlite_checkpointer(home / "checkpoints.sqlite"))
    s.begin()
    for _ in range(answers):
        clock.advance(60)
        s.send(FRAMING)
    path = s.writer.path
    s.close()
    return path


def header(session_id: str = "hand", **overrides: Any) -> dict[str, Any]:
    return {"kind": "header", "schema": 1, "id": session_id, "question": "video_recommendations",
            "tier": "faang", "started_at": "2026-11-30T10:00:00+00:00", **overrides}


def turn(index: int, speaker: str, text: str) -> dict[str, Any]:
    return {"kind": "turn", "index": index, "speaker": speaker, "text": text}


def write_session(folder: Path, name: str, head: dict[str, Any], *lines: dict[str, Any] | str) -> Path:
    """A JSONL file from a header and events (dicts, or raw text for lines no encoder would write)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.jsonl"
    body = [json.dumps(head), *(line if isinstance(line, str) else json.dumps(line) for line in lines)]
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    return path
