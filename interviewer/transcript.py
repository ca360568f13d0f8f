"""The transcript's shapes (contract): the session header, the transcript, and the session id rule.

The events themselves live in `interviewer.events`. Every field a hostile or damaged file could bend is
bounded at the boundary, so code past the reader can trust it; a session id can never name a path.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_serializer, model_validator

from interviewer.errors import UserError
from interviewer.events import (
    AssessmentEvent,
    BrainEvent,
    Event,
    HintEvent,
    PauseEvent,
    ResumeEvent,
    ScoreEvent,
    Short,
    TurnEvent,
)
from interviewer.models import Assessment, BrainKind, Role, Tier
from interviewer.settings import InterviewSettings

SCHEMA = 2
READABLE_SCHEMAS = (1, 2)
"""Schema 2 numbers events, types assessments and adds the session's pause/resume/brain events;
schema-1 files are still read (and rescored)."""

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


class Header(BaseModel):
    """The session's first line. It holds the interview's settings; on disk they are flat fields
    (`question`, `tier`, `role`, `team`, `minutes`, `focus`, and a drill's `drill` and `start_level`), as
    the transcript contract has them."""

    model_config = ConfigDict(populate_by_name=True)

    kind: Literal["header"] = "header"
    schema_version: int = Field(default=SCHEMA, alias="schema")
    id: SessionId
    settings: InterviewSettings
    brain: BrainKind = "offline"
    model: Short | None = None
    prompt_versions: dict[Short, Short] = Field(default={}, max_length=20)
    started_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"),
                            max_length=40)
    app_version: str = Field(default="", max_length=40)

    @model_validator(mode="before")
    @classmethod
    def _settings_from_flat_fields(cls, data: Any) -> Any:
        if isinstance(data, dict) and "settings" not in data:
            data = dict(data)
            flat = {k: data.pop(k) for k in InterviewSettings.model_fields if k != "question_id" and k in data}
            if "question" in data:
                flat["question_id"] = data.pop("question")
            data["settings"] = flat
        return data

    @model_serializer(mode="wrap")
    def _flat(self, handler: Any) -> dict[str, Any]:
        out = handler(self)
        settings = dict(out.pop("settings"))
        out["question"] = settings.pop("question_id")
        out.update(settings)
        return out

    @property
    def question(self) -> str:
        return self.settings.question_id

    @property
    def tier(self) -> Tier:
        return self.settings.tier

    @property
    def role(self) -> Role:
        return self.settings.role


class Transcript(BaseModel):
    header: Header | None = None
    events: list[Event] = []
    source: str = ""
    format: Literal["jsonl", "text"] = "jsonl"
    torn: str | None = None
    """A session's incomplete last line (a crash or a full disk mid-write), left out of `events`."""

    @property
    def turns(self) -> list[TurnEvent]:
        return [e for e in self.events if isinstance(e, TurnEvent)]

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

    @property
    def brain(self) -> str:
        """The brain in use when the session last ran: the last switch recorded, else the header's."""
        switch = next((e for e in reversed(self.events) if isinstance(e, BrainEvent)), None)
        return switch.brain if switch else self.header.brain if self.header else "offline"

    @property
    def away(self) -> float:
        """Seconds the session spent closed between a stop and a resume (not interview time)."""
        return sum(e.away for e in self.events if isinstance(e, ResumeEvent))

    @property
    def stopped_at(self) -> float | None:
        """Wall-clock time of the last timed event: when the session stopped, if it is not running."""
        return next((t for e in reversed(self.events) if (t := getattr(e, "ts", None)) is not None), None)

    @property
    def draft(self) -> str:
        """The unsent answer saved by the last pause, unless an answer was sent after it."""
        for e in reversed(self.events):
            if isinstance(e, PauseEvent):
                return e.draft
            if isinstance(e, TurnEvent) and e.speaker == "candidate":
                return ""
        return ""

    def for_scoring(self) -> Transcript:
        """The transcript as scoring reads it: each turn cut where the live interview stops reading an
        answer, so rescoring sees what the interview saw and its work stays linear in the file size."""
        from interviewer.brains.reading import MAX_ASSESSED_CHARS

        cut = MAX_ASSESSED_CHARS + 1  # one more than is read lets the reader say it was cut
        events = [e.model_copy(update={"text": e.text[:cut]}) if isinstance(e, TurnEvent) and len(e.text) > cut
                  else e for e in self.events]
        return self.model_copy(update={"events": events})


def render_text(turns: list[TurnEvent]) -> str:
    """Turns in the plain-text format (the inverse of `parse_text` for label-free turn text)."""
    return "".join(f"{t.speaker.capitalize()}: {t.text}\n" for t in turns)
