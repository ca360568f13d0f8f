"""The brain protocol: what the interview asks of an interviewer, offline or LLM-backed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from interviewer.events import ProbeKind
from interviewer.models import Area, Assessment, BrainKind, PointKey, Speaker
from rubrics.schema import Question

TextSink = Callable[[str], None]
"""Receives interviewer text as it is produced (streamed chunks for the LLM brain)."""

AskKind = ProbeKind


class ThreadTurn(BaseModel):
    model_config = ConfigDict(frozen=True)

    speaker: Speaker
    text: str


class AssessRequest(BaseModel):
    """One candidate answer to judge, with what the brain may know of the conversation."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    question: Question | None
    """None: a question outside the bank, judged against the generic five-area rubric."""
    area: Area
    level: int
    probe: str
    answer: str
    thread: list[ThreadTurn] = []
    summary: str = ""


class AskRequest(BaseModel):
    """What the interviewer should say next. The policy decided the kind, area, level and the point to
    aim at; the brain only phrases it, building on the candidate's last answer."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    question: Question
    kind: AskKind
    area: Area
    level: int
    turn: int
    target: PointKey | None = None
    previous_area: Area | None = None
    reason: str = ""
    assessment: Assessment | None = None
    """The assessment of the answer just given (what it contained, said back in the follow-up)."""
    candidate_text: str = ""
    """The candidate's last answer, as typed."""
    thread: list[ThreadTurn] = []
    summary: str = ""
    asked: list[str] = []
    """Everything the interviewer has asked so far (no question twice)."""
    covered: list[PointKey] = []
    """Points the candidate already explained anywhere in the interview (never asked about again)."""
    minutes: float = 45
    time_left: float = 0.0


class Brain(Protocol):
    kind: BrainKind
    version: str

    def assess(self, request: AssessRequest) -> Assessment: ...

    def ask(self, request: AskRequest, sink: TextSink | None = None) -> str: ...

    def versions(self) -> dict[str, str]: ...
