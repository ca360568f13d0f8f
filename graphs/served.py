"""The interview graph as LangGraph's Agent Server serves it (`langgraph.json` names `make_graph`).

The server fills the runtime context from the JSON a client sent, so the context here is plain fields;
the brain and the question are built from them inside the server, once per run. A model's key and
server URL come from the server's own environment (`OPENAI_API_KEY`, `OPENAI_BASE_URL`), never from the
client. The interview's settings (tier, role, minutes…) travel in the thread's input state, where they
are checkpointed with it, so any client can continue a thread knowing only its id.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from graphs.context import InterviewClock
from graphs.interview import build_graph
from interviewer.brains.base import Brain
from interviewer.models import BrainKind
from rubrics.schema import Question


@dataclass
class ServedContext:
    """The runtime context a client sends (JSON); it offers nodes what `InterviewContext` offers."""

    brain_kind: BrainKind = "offline"
    model: str | None = None
    """The model for the llm brain; the server's `OPENAI_MODEL` (or the default) when not given."""
    question_id: str = ""
    away: float = 0.0
    """Seconds the session spent closed before this run (not interview time), as the client's transcript
    records them."""
    max_answer_seconds: float = 480.0

    @cached_property
    def brain(self) -> Brain:
        from interviewer.brains import make_brain
        from interviewer.settings import llm_from_env

        return make_brain(self.brain_kind, llm_from_env(self.model) if self.brain_kind == "llm" else None)

    @cached_property
    def question(self) -> Question:
        from rubrics import get_question

        return get_question(self.question_id, os.environ.get("INTERVIEWER_QUESTIONS") or None)

    @cached_property
    def clock(self) -> InterviewClock:
        return InterviewClock(time.time, self.away)

    def wall(self) -> float:
        return self.clock.wall()


def served_context(brain: Brain, question: Question, away: float = 0.0) -> dict[str, Any]:
    """What a client sends for a run: plain fields only (the key stays on the server)."""
    return {"brain_kind": brain.kind, "model": brain.versions().get("model") if brain.kind == "llm" else None,
            "question_id": question.id, "away": away}


def make_graph() -> Any:
    """The graph factory for `langgraph.json`: no checkpointer (the server brings its own)."""
    return build_graph(None, context_schema=ServedContext)
