"""Domain vocabulary shared by every layer: areas, tiers, roles, assessments and turns."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rubrics.vocabulary import AREAS, TIERS, Area, Role, TeamFocus, TeamTrack, Tier

__all__ = ["AREAS", "TIERS", "Area", "Role", "TeamFocus", "TeamTrack", "Tier"]

AREA_TITLES: dict[str, str] = {
    "problem_framing": "Problem framing",
    "data": "Data",
    "modeling": "Modeling",
    "evaluation": "Evaluation",
    "deployment": "Deployment",
}

Recommendation = Literal["strong_no_hire", "no_hire", "lean_hire", "hire", "strong_hire"]
RECOMMENDATIONS: tuple[Recommendation, ...] = ("strong_no_hire", "no_hire", "lean_hire", "hire", "strong_hire")
Speaker = Literal["interviewer", "candidate"]
BrainKind = Literal["offline", "llm"]

Verdict = Literal["solid", "partial", "weak", "wrong", "dont_know", "question", "empty"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PointHit(Frozen):
    """A ladder talking point the candidate covered, with the words that show it."""

    area: Area
    level: int = Field(ge=1, le=4)
    point: str
    quote: str
    explained: bool


class Assessment(Frozen):
    """The brain's judgement of one candidate answer.

    Every field is required (no defaults) so the model doubles as a strict JSON schema for the
    LLM brain's structured output.
    """

    area: Area
    level_probed: int = Field(ge=1, le=4)
    verdict: Verdict
    points_hit: list[PointHit]
    depth_shown: int = Field(ge=0, le=4)
    correctness_problems: list[str]
    hedged: bool
    dont_know: bool
    is_question: bool
    injection_suspected: bool
    confidence: float = Field(ge=0.0, le=1.0)
    note: str


class Turn(Frozen):
    """One utterance in a transcript. `area`/`level`/`kind` describe interviewer probes when known."""

    index: int = Field(ge=0)
    speaker: Speaker
    text: str
    ts: float | None = None
    area: Area | None = None
    level: int | None = None
    kind: str | None = None


class Evidence(Frozen):
    turn: int
    quote: str


class TeamType(Frozen):
    """Where the team sits on the two axes: infra vs ML focus, research vs application."""

    focus: TeamFocus = "hybrid"
    track: TeamTrack = "mixed"
