"""What one run of the interview graph is given: the brain, a clock and settings (not checkpointed)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from interviewer.brains.base import Brain
from rubrics.schema import Question


@dataclass
class InterviewContext:
    """Pass again on every invoke/resume: LangGraph does not checkpoint the context."""

    brain: Brain
    question: Question
    clock: Callable[[], float] = field(default=time.time)
    max_answer_seconds: float = 480.0
    """An answer never counts for more than this much interview time (breaks, crashes)."""
