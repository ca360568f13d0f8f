"""The transcript's shapes (contract): the session header, the events, and the session id rule.

Every field a hostile or damaged file could bend is bounded here, at the boundary, so code past the
reader can trust it: turn indexes are non-negative, levels are 1–4, numbers are finite, a session id
can never name a path.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from interviewer.errors import UserError
from interviewer.limits import MAX_MINUTES, MAX_TURNS
from interviewer.models import Area, Assessment, BrainKind, Recommendation, Role, Speaker, TeamType, Tier, Turn

SCHEMA = 1

_SESSION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
SESSION_ID_RULE = "letters, digits, '.', '_' and '-', at most 64, starting with a letter or digit"


def check_session_id(value: str) -> str:
    """The one session-id validator: an id names a file in the sessions folder, never a path."""
    if not _SESSION_ID.fullmatch(value):
        raise ValueError(f"{value[:40]!r} is not a session id ({SESSION_ID_RULE})")
    return value


def session_id_or_error(value: str) -> str:
    """`check_session_id` for ids a user typed: a bad one is a one-line user error."""
    try:
        return check_session_id(value)
    except ValueError as exc:
        raise UserError(str(exc)) from None


SessionId = Annotated[str, AfterValidator(check_session_id)]
TurnIndex = Annotated[int, Field(ge=0, lt=MAX_TURNS)]
Level = Annotated[int, Field(ge=1, le=4)]
Timestamp = Annotated[float, Field(allow_inf_nan=False)]
Short = Annotated[str, Field(max_length=200)]


class Header(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    kind: Literal["header"] = "header"
    schema_version: int = Field(default=SCHEMA, alias="schema")
    id: SessionId
    question: Short
    tier: Tier
    role: Role = "generalist"
    team: TeamType = TeamType()
    minutes: float = Field(default=45, gt=0, le=MAX_MINUTES, allow_inf_nan=False)
    focus: Area | None = None
    brain: BrainKind = "offline"
    model: Short | None = None
    prompt_versions: dict[Short, Short] = Field(default={}, max_length=20)
    started_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"),
                            max_length=40)
    app_version: str = Field(default="", max_length=40)


class TurnEvent(BaseModel):
    kind: Literal["turn"] = "turn"
    index: TurnIndex
    speaker: Speaker
    text: str
    ts: Timestamp | None = None
    area: Area | None = None
    level: Level | None = None
    probe: str | None = Field(default=None, max_length=20)


class AssessmentEvent(BaseModel):
    kind: Literal["assessment"] = "assessment"
    turn: TurnIndex
    assessment: Assessment


class PhaseEvent(BaseModel):
    kind: Literal["phase"] = "phase"
    phase: str = Field(max_length=20)
    ts: Timestamp | None = None


class HintEvent(BaseModel):
    kind: Literal["hint"] = "hint"
    turn: TurnIndex
    area: Area
    level: Level
    ts: Timestamp | None = None


class EdgeEvent(BaseModel):
    kind: Literal["edge"] = "edge"
    area: Area
    edge: int | None = Field(ge=0, le=4)
    reason: str = Field(max_length=40)
    ts: Timestamp | None = None


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
    scorecard: dict[str, Any]

    @field_validator("scorecard")
    @classmethod
    def _readable(cls, value: dict[str, Any]) -> dict[str, Any]:
        ScoreSummary.model_validate(value)
        return value


Event = Annotated[
    TurnEvent | AssessmentEvent | PhaseEvent | HintEvent | EdgeEvent | ScoreEvent,
    Field(discriminator="kind"),
]


class EventLine(BaseModel):
    event: Event


class Transcript(BaseModel):
    header: Header | None = None
    events: list[Event] = []
    source: str = ""
    format: Literal["jsonl", "text"] = "jsonl"
    torn: str | None = None
    """A session's incomplete last line (a crash or a full disk mid-write), left out of `events`."""

    @property
    def turns(self) -> list[Turn]:
        return [
            Turn(index=e.index, speaker=e.speaker, text=e.text, ts=e.ts, area=e.area, level=e.level, kind=e.probe)
            for e in self.events if isinstance(e, TurnEvent)
        ]

    @property
    def assessments(self) -> dict[int, Assessment]:
        return {e.turn: e.assessment for e in self.events if isinstance(e, AssessmentEvent)}

    @property
    def hints(self) -> list[HintEvent]:
        return [e for e in self.events if isinstance(e, HintEvent)]

    @property
    def finished(self) -> bool:
        return any(isinstance(e, ScoreEvent) for e in self.events)

    @property
    def scorecard(self) -> dict[str, Any] | None:
        return next((e.scorecard for e in self.events if isinstance(e, ScoreEvent)), None)

    def for_scoring(self) -> Transcript:
        """The transcript as scoring reads it: each turn cut where the live interview stops reading an
        answer, so rescoring sees what the interview saw and its work stays linear in the file size."""
        from interviewer.brains.reading import MAX_ASSESSED_CHARS

        cut = MAX_ASSESSED_CHARS + 1  # one more than is read lets the reader say it was cut
        events = [e.model_copy(update={"text": e.text[:cut]}) if isinstance(e, TurnEvent) and len(e.text) > cut
                  else e for e in self.events]
        return self.model_copy(update={"events": events})


def render_text(turns: list[Turn]) -> str:
    """Turns in the plain-text format (the inverse of `parse_text` for label-free turn text)."""
    return "".join(f"{t.speaker.capitalize()}: {t.text}\n" for t in turns)
