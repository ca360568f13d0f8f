"""The brain protocol: what the interview asks of an interviewer, offline or LLM-backed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

from interviewer.models import Area, Assessment, BrainKind, Speaker
from rubrics.schema import Question

TextSink = Callable[[str], None]
"""Receives interviewer text as it is produced (streamed chunks for the LLM brain)."""

AskKind = Literal["open", "deeper", "rescue", "pivot", "hint", "clarify", "wrap_up"]


class ThreadTurn(BaseModel):
    model_config = ConfigDict(frozen=True)

    speaker: Speaker
    text: str


class AssessRequest(BaseModel):
    """One candidate answer to judge, with what the brain may know of the conversation."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    question: Question
    area: Area
    level: int
    probe: str
    answer: str
    thread: list[ThreadTurn] = []
    summary: str = ""


class AskRequest(BaseModel):
    """What the interviewer should say next; the policy decided the kind, area and level."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    question: Question
    kind: AskKind
    area: Area
    level: int
    turn: int
    previous_area: Area | None = None
    reason: str = ""
    assessment: Assessment | None = None
    candidate_text: str = ""
    thread: list[ThreadTurn] = []
    summary: str = ""
    asked: list[str] = []


class Brain(Protocol):
    kind: BrainKind
    version: str

    def assess(self, request: AssessRequest) -> Assessment: ...

    def ask(self, request: AskRequest, sink: TextSink | None = None) -> str: ...

    def versions(self) -> dict[str, str]: ...
