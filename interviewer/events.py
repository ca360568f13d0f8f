"""The transcript's events: what the interview graph emits and the session appends to the JSONL file.

Graph nodes return events in a reducer field of the state; each is numbered (`seq`) in the order the
interview produced it, so the session writes exactly the ones the file does not hold yet. Adding an
event kind means one model here and one place that emits it.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from interviewer.models import Area, Assessment, BrainKind, PointKey, Speaker

ProbeKind = Literal["open", "deeper", "breadth", "rescue", "challenge", "pivot", "hint", "clarify", "wrap_up"]
CloseReason = Literal["", "edge", "top", "time", "skip", "end"]
Phase = Literal["intro", "clarify", "areas", "wrap_up", "scored"]


class TurnEvent(BaseModel):
    kind: Literal["turn"] = "turn"
    seq: int = 0
    index: int
    speaker: Speaker
    text: str
    ts: float | None = None
    area: Area | None = None
    level: int | None = None
    probe: ProbeKind | None = None
    target: PointKey | None = None
    """The ladder point an interviewer probe aimed at, when it aimed at one."""


class AssessmentEvent(BaseModel):
    kind: Literal["assessment"] = "assessment"
    seq: int = 0
    turn: int
    assessment: Assessment


class PhaseEvent(BaseModel):
    kind: Literal["phase"] = "phase"
    seq: int = 0
    phase: Phase
    ts: float | None = None


class HintEvent(BaseModel):
    kind: Literal["hint"] = "hint"
    seq: int = 0
    turn: int
    area: Area
    level: int
    ts: float | None = None


class EdgeEvent(BaseModel):
    """An area closed: where the candidate's knowledge ended, and why probing stopped."""

    kind: Literal["edge"] = "edge"
    seq: int = 0
    area: Area
    edge: int | None
    reason: CloseReason
    ts: float | None = None


class BrainEvent(BaseModel):
    """The interview switched brains (e.g. to the offline one after a model failure); resume keeps it."""

    kind: Literal["brain"] = "brain"
    seq: int = 0
    brain: BrainKind
    model: str | None = None
    ts: float | None = None


class PauseEvent(BaseModel):
    """The app closed mid-interview: when (wall clock), and the answer that was being typed."""

    kind: Literal["pause"] = "pause"
    seq: int = 0
    ts: float
    draft: str = ""


class ResumeEvent(BaseModel):
    """The session was reopened; `away` is how long it was closed, which is not interview time."""

    kind: Literal["resume"] = "resume"
    seq: int = 0
    ts: float
    away: float = Field(ge=0)


class ScoreEvent(BaseModel):
    kind: Literal["score"] = "score"
    seq: int = 0
    scorecard: dict[str, Any]


Event = Annotated[
    TurnEvent | AssessmentEvent | PhaseEvent | HintEvent | EdgeEvent | BrainEvent | PauseEvent | ResumeEvent
    | ScoreEvent,
    Field(discriminator="kind"),
]

EVENT_WINDOW = 64
"""The state keeps this many recent events: enough to cover what a crash could leave unwritten (one
exchange emits a handful), without the checkpoint growing with the whole interview."""


def recent_events(existing: list[Any], new: list[Any]) -> list[Any]:
    """Reducer for the state's `events` field: append, keep the most recent window."""
    return operator.add(list(existing or []), list(new or []))[-EVENT_WINDOW:]


def numbered(events: list[Any], after: int) -> list[Any]:
    """Give events consecutive `seq` numbers after `after`."""
    return [e.model_copy(update={"seq": after + i}) for i, e in enumerate(events, start=1)]


class EventLine(BaseModel):
    event: Event
