"""What one run of the interview graph is given: the brain, a clock and settings (not checkpointed)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from interviewer.brains.base import Brain
from rubrics.schema import Question


class InterviewClock:
    """Interview time: the wall clock less the time the session spent closed. A question asked before
    the app closed and answered after it reopened counts only the minutes the app was open."""

    def __init__(self, wall: Callable[[], float] = time.time, away: float = 0.0) -> None:
        self.wall = wall
        self.away = away

    def __call__(self) -> float:
        return self.wall() - self.away


@dataclass
class InterviewContext:
    """Pass again on every invoke/resume: LangGraph does not checkpoint the context."""

    brain: Brain
    question: Question
    clock: Callable[[], float] = field(default=time.time)
    max_answer_seconds: float = 480.0
    """An answer never counts for more than this much interview time (breaks, crashes)."""

    def wall(self) -> float:
        """Wall-clock time, for the transcript's time stamps (the interview clock skips closed time)."""
        return self.clock.wall() if isinstance(self.clock, InterviewClock) else self.clock()
