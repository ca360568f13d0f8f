"""The interview's checkpointed state. Bulky text lives in the transcript store, not here; the
`events` field is a short window the session drains into the transcript (see interviewer.events)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel

from interviewer.brains.base import AskKind, ThreadTurn
from interviewer.events import CloseReason, Event, Phase, recent_events
from interviewer.evidence import SessionEvidence
from interviewer.models import AREAS, Area, Assessment, PointKey
from interviewer.scoring import Scorecard
from interviewer.settings import InterviewSettings

CandidateCommand = Literal["hint", "skip", "end"]
"""What the candidate can type instead of an answer: /hint, /skip, /end."""


class AreaProgress(BaseModel):
    """Where probing stands in one area."""

    status: Literal["pending", "active", "closed"] = "pending"
    reason: CloseReason = ""
    level: int = 1
    misses: int = 0
    """Missed probes at the current level: one earns a second try, two fix the edge."""
    passed_here: int = 0
    """Probes passed at the current level (breadth before depth)."""
    edge: int | None = None
    seconds: float = 0.0
    targets: list[PointKey] = []
    """Ladder points already aimed at in this area, never aimed at twice."""
    asked: list[str] = []


class Plan(BaseModel):
    """What the interviewer says next, as decided by the policy."""

    kind: AskKind
    area: Area
    level: int
    target: PointKey | None = None
    reason: str = ""
    previous_area: Area | None = None


class Pending(BaseModel):
    """The interviewer's last message, waiting for the candidate."""

    turn: int
    text: str
    kind: AskKind
    area: Area
    level: int
    target: PointKey | None = None


class InterviewState(BaseModel):
    session_id: str
    settings: InterviewSettings
    phase: Phase = "intro"
    current: Area = "problem_framing"
    progress: dict[Area, AreaProgress] = {a: AreaProgress() for a in AREAS}
    budgets: dict[Area, float] = {}
    evidence: SessionEvidence = SessionEvidence()
    turn: int = 0
    plan: Plan | None = None
    pending: Pending | None = None
    answer: str = ""
    answer_turn: int | None = None
    command: CandidateCommand | None = None
    assessment: Assessment | None = None
    asked_at: float = 0.0
    answer_seconds: float = 0.0
    elapsed: float = 0.0
    thread: list[ThreadTurn] = []
    summary: str = ""
    ended_by: str = ""
    scorecard: Scorecard | None = None
    seq: int = 0
    """The number of the last event emitted."""
    events: Annotated[list[Event], recent_events] = []
