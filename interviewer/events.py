"""The transcript's events: what the interview graph emits and the session appends to the JSONL file.

Graph nodes return events in a reducer field of the state; each is numbered (`seq`) in the order the
interview produced it, so the session writes exactly the ones the file does not hold yet. Adding an
event kind means one model here and one place that emits it.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from interviewer.limits import MAX_TURNS
from interviewer.models import Area, Assessment, BrainKind, PointKey, Recommendation, Speaker

ProbeKind = Literal["open", "deeper", "breadth", "verify", "rescue", "challenge", "pivot", "hint", "clarify",
                    "wrap_up"]
CloseReason = Literal["", "edge", "top", "time", "skip", "end"]
Phase = Literal["intro", "clarify", "areas", "wrap_up", "scored"]

# Every field a hostile or damaged file could bend is bounded here, at the boundary, so code past the
# reader can trust it: numbers are non-negative and finite, levels are 1-4.
TurnIndex = Annotated[int, Field(ge=0, lt=MAX_TURNS)]
Seq = Annotated[int, Field(ge=0, le=10**9)]
Level = Annotated[int, Field(ge=1, le=4)]
Timestamp = Annotated[float, Field(allow_inf_nan=False)]
Short = Annotated[str, Field(max_length=200)]


class TurnEvent(BaseModel):
    kind: Literal["turn"] = "turn"
    seq: Seq = 0
    index: TurnIndex
    speaker: Speaker
    text: str
    ts: Timestamp | None = None
    area: Area | None = None
    level: Level | None = None
    probe: ProbeKind | None = None
    target: PointKey | None = None
    """The ladder point an interviewer probe aimed at, when it aimed at one."""


class AssessmentEvent(BaseModel):
    kind: Literal["assessment"] = "assessment"
    seq: Seq = 0
    turn: TurnIndex
    assessment: Assessment


class PhaseEvent(BaseModel):
    kind: Literal["phase"] = "phase"
    seq: Seq = 0
    phase: Phase
    ts: Timestamp | None = None


class HintEvent(BaseModel):
    kind: Literal["hint"] = "hint"
    seq: Seq = 0
    turn: TurnIndex
    area: Area
    level: Level
    ts: Timestamp | None = None


class EdgeEvent(BaseModel):
    """An area closed: where the candidate's knowledge ended, and why probing stopped."""

    kind: Literal["edge"] = "edge"
    seq: Seq = 0
    area: Area
    edge: int | None = Field(ge=0, le=4)
    reason: CloseReason
    ts: Timestamp | None = None


class AreaEvent(BaseModel):
    """An area opened: the level probing starts at and the minutes of interview time it was given."""

    kind: Literal["area"] = "area"
    seq: Seq = 0
    area: Area
    level: Level
    budget: float = Field(ge=0, allow_inf_nan=False)
    ts: Timestamp | None = None


class BrainEvent(BaseModel):
    """The interview switched brains (e.g. to the offline one after a model failure); resume keeps it."""

    kind: Literal["brain"] = "brain"
    seq: Seq = 0
    brain: BrainKind
    model: Short | None = None
    ts: Timestamp | None = None


class PauseEvent(BaseModel):
    """The app closed mid-interview: when (wall clock), and the answer that was being typed."""

    kind: Literal["pause"] = "pause"
    seq: Seq = 0
    ts: Timestamp
    draft: str = ""


class ResumeEvent(BaseModel):
    """The session was reopened; `away` is how long it was closed, which is not interview time."""

    kind: Literal["resume"] = "resume"
    seq: Seq = 0
    ts: Timestamp
    away: float = Field(ge=0, allow_inf_nan=False)


class AreaLevel(BaseModel):
    model_config = ConfigDict(extra="allow")

    level: Level | None = None


class OverallLevel(BaseModel):
    model_config = ConfigDict(extra="allow")

    level: Level
    recommendation: Recommendation


class ScoreSummary(BaseModel):
    """The parts of a stored scorecard that history and the session list read; the rest is kept as is."""

    model_config = ConfigDict(extra="allow")

    areas: dict[Area, AreaLevel] = {}
    overall: OverallLevel | None = None


class ScoreEvent(BaseModel):
    kind: Literal["score"] = "score"
    seq: Seq = 0
    scorecard: dict[str, Any]

    @field_validator("scorecard")
    @classmethod
    def _readable(cls, value: dict[str, Any]) -> dict[str, Any]:
        ScoreSummary.model_validate(value)
        return value


Event = Annotated[
    TurnEvent | AssessmentEvent | PhaseEvent | HintEvent | EdgeEvent | AreaEvent | BrainEvent | PauseEvent
    | ResumeEvent | ScoreEvent,
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
