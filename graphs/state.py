"""The interview's checkpointed state. Bulky text lives in the transcript store, not here."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from interviewer.brains.base import AskKind, ThreadTurn
from interviewer.evidence import SessionEvidence
from interviewer.models import AREAS, Area, Assessment
from interviewer.scoring import Scorecard
from interviewer.settings import InterviewSettings

Phase = Literal["intro", "clarify", "areas", "wrap_up", "scored"]
Command = Literal["hint", "skip", "end"]
CloseReason = Literal["", "edge", "top", "time", "skip", "end"]


class AreaProgress(BaseModel):
    """Where probing stands in one area."""

    status: Literal["pending", "active", "closed"] = "pending"
    reason: CloseReason = ""
    level: int = 1
    misses: int = 0
    edge: int | None = None
    seconds: float = 0.0
    asked: list[str] = []


class Plan(BaseModel):
    """What the interviewer says next, as decided by the policy."""

    kind: AskKind
    area: Area
    level: int
    reason: str = ""
    previous_area: Area | None = None


class Pending(BaseModel):
    """The interviewer's last message, waiting for the candidate."""

    turn: int
    text: str
    kind: AskKind
    area: Area
    level: int


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
    command: Command | None = None
    assessment: Assessment | None = None
    asked_at: float = 0.0
    answer_seconds: float = 0.0
    elapsed: float = 0.0
    hints: int = 0
    thread: list[ThreadTurn] = []
    summary: str = ""
    ended_by: str = ""
    scorecard: Scorecard | None = None
