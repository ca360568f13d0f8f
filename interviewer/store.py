"""The one transcript store: append-only JSONL sessions, and the plain-text import format.

JSONL (contract): a header line `{"kind": "header", "schema": 1, ...}`, then one event per line
(`turn`, `assessment`, `phase`, `hint`, `edge`, `score`; and the session's own `pause`, `resume` and
`brain` events, which scoring ignores), each flushed and fsynced. Plain text
(contract): turns start with `Interviewer:` or `Candidate:` at the start of a line.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_serializer, model_validator

from interviewer.errors import DataFileError, StorageError
from interviewer.events import (
    AssessmentEvent,
    BrainEvent,
    Event,
    EventLine,
    HintEvent,
    PauseEvent,
    ResumeEvent,
    ScoreEvent,
    TurnEvent,
)
from interviewer.models import Assessment, BrainKind, Role, Speaker, Tier
from interviewer.settings import InterviewSettings

SCHEMA = 2
READABLE_SCHEMAS = (1, 2)
"""Schema 2 numbers events and types assessments; schema-1 files are still read (and rescored)."""
_LABEL = re.compile(r"^(interviewer|candidate)[ \t]*:[ \t]?(.*)$", re.I)


class Header(BaseModel):
    """The session's first line. It holds the interview's settings; on disk they are flat fields
    (`question`, `tier`, `role`, `team`, `minutes`, `focus`), as the transcript contract has them."""

    model_config = ConfigDict(populate_by_name=True)

    kind: Literal["header"] = "header"
    schema_version: int = Field(default=SCHEMA, alias="schema")
    id: str
    settings: InterviewSettings
    brain: BrainKind = "offline"
    model: str | None = None
    prompt_versions: dict[str, str] = {}
    started_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    app_version: str = ""

    @model_validator(mode="before")
    @classmethod
    def _settings_from_flat_fields(cls, data: Any) -> Any:
        if isinstance(data, dict) and "settings" not in data:
            data = dict(data)
            flat = {k: data.pop(k) for k in ("tier", "role", "team", "minutes", "focus") if k in data}
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


# --- writing ----------------------------------------------------------------------------------

def _line(model: BaseModel) -> str:
    return json.dumps(model.model_dump(mode="json", by_alias=True), ensure_ascii=False) + "\n"


class TranscriptWriter:
    """Appends events to one session file; every event is flushed and fsynced before returning."""

    def __init__(self, path: Path, transcript: Transcript) -> None:
        self.path = path
        self.transcript = transcript
        self.last_seq = max((getattr(e, "seq", 0) for e in transcript.events), default=0)
        self.recovered: str | None = None

    @classmethod
    def create(cls, path: Path, header: Header) -> TranscriptWriter:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8") as f:
                f.write(_line(header))
                f.flush()
                os.fsync(f.fileno())
        except FileExistsError:
            raise StorageError(f"{path}: a session with this id already exists") from None
        except OSError as exc:
            raise StorageError(f"{path}: cannot create the transcript ({exc.strerror})") from None
        return cls(path, Transcript(header=header, source=str(path)))

    @classmethod
    def reopen(cls, path: Path) -> TranscriptWriter:
        """Continue a session file. A torn last line (a crash mid-write) is moved to `<file>.torn`
        and reported through `recovered`, never silently dropped."""
        torn: str | None = None
        try:
            transcript = load_transcript(path)
        except DataFileError as exc:
            if "incomplete last line" not in exc.message:
                raise
            raw = path.read_bytes()
            cut = raw.rfind(b"\n") + 1
            torn = raw[cut:].decode("utf-8", "replace")
            try:
                with open(path.with_suffix(path.suffix + ".torn"), "a", encoding="utf-8") as side:
                    side.write(torn + "\n")
                os.truncate(path, cut)
            except OSError as err:
                raise StorageError(f"{path}: cannot repair the torn last line ({err.strerror})") from None
            transcript = load_transcript(path)
        writer = cls(path, transcript)
        if torn is not None:
            writer.recovered = (f"{path.name}: the last line was cut off by a crash; it was kept in "
                                f"{path.name}.torn")
        return writer

    def append(self, event: BaseModel) -> None:
        try:
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(_line(event))
                f.flush()
                os.fsync(f.fileno())
        except OSError as exc:
            raise StorageError(f"{self.path}: cannot save the transcript ({exc.strerror}); "
                               "your last answer is still on screen") from None
        self.transcript.events.append(event)  # type: ignore[arg-type]
        self.last_seq = max(self.last_seq, getattr(event, "seq", 0))

    def write_new(self, events: list[Any]) -> None:
        """Append the events the file does not hold yet (by number), in order."""
        for event in sorted(events, key=lambda e: e.seq):
            if event.seq > self.last_seq:
                self.append(event)


# --- reading ----------------------------------------------------------------------------------

def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataFileError(f"{path}: is a directory, not a transcript") from None
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataFileError(f"{path}:{line}: not UTF-8 text (byte {exc.start})") from None


def parse_jsonl(text: str, name: str) -> Transcript:
    lines = text.split("\n")
    complete = text.endswith("\n")
    header: Header | None = None
    events: list[Any] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        last = number == len(lines) and not complete
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            if last:
                raise DataFileError(f"{name}:{number}: incomplete last line (torn write)") from None
            raise DataFileError(f"{name}:{number}: not valid JSON") from None
        if not isinstance(obj, dict):
            raise DataFileError(f"{name}:{number}: expected a JSON object")
        if header is None:
            if obj.get("kind") != "header":
                raise DataFileError(f"{name}:{number}: not a transcript (the first line must be a header)")
            if obj.get("schema") not in READABLE_SCHEMAS:
                raise DataFileError(f"{name}:{number}: unknown schema version {obj.get('schema')!r} "
                                    f"(this version reads {', '.join(map(str, READABLE_SCHEMAS))})")
            try:
                header = Header.model_validate(obj)
            except ValidationError as exc:
                raise DataFileError(f"{name}:{number}: bad header ({exc.errors()[0]['msg']})") from None
            continue
        try:
            events.append(EventLine.model_validate({"event": obj}).event)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"][1:]) or "event"
            raise DataFileError(f"{name}:{number}: bad event ({where}: {err['msg']})") from None
    if header is None:
        raise DataFileError(f"{name}: empty file, not a transcript")
    return Transcript(header=header, events=events, source=name, format="jsonl")


def parse_text(text: str, name: str) -> Transcript:
    """The plain-text import format. Lines before the first label are an error (unless blank)."""
    turns: list[tuple[Speaker, list[str]]] = []
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        m = _LABEL.match(line)
        if m:
            speaker: Speaker = "interviewer" if m.group(1).lower() == "interviewer" else "candidate"
            turns.append((speaker, [m.group(2)]))
        elif turns:
            turns[-1][1].append(line)
        elif line.strip():
            raise DataFileError(f"{name}:{number}: text before the first 'Interviewer:' or 'Candidate:' label")
    if not turns:
        raise DataFileError(f"{name}: empty file, not a transcript" if not text.strip()
                            else f"{name}: no 'Interviewer:' or 'Candidate:' turns found")
    events = [TurnEvent(index=i, speaker=s, text="\n".join(body).strip()) for i, (s, body) in enumerate(turns)]
    return Transcript(header=None, events=events, source=name, format="text")


def load_transcript(path: Path) -> Transcript:
    """Read a JSONL session or a plain-text transcript; errors name the file and line."""
    text = _decode(path)
    if not text.strip():
        raise DataFileError(f"{path}: empty file, not a transcript")
    if text.lstrip().startswith("{"):
        return parse_jsonl(text, str(path))
    return parse_text(text, str(path))


def render_text(turns: list[TurnEvent]) -> str:
    """Turns in the plain-text format (the inverse of `parse_text` for label-free turn text)."""
    return "".join(f"{t.speaker.capitalize()}: {t.text}\n" for t in turns)


# --- the data home ----------------------------------------------------------------------------

def sessions_dir(home: Path) -> Path:
    return home / "sessions"


def session_path(home: Path, session_id: str) -> Path:
    return sessions_dir(home) / f"{session_id}.jsonl"


class SessionInfo(BaseModel):
    id: str
    path: Path
    header: Header
    finished: bool
    answers: int
    scorecard: dict[str, Any] | None = None
    brain: str = "offline"
    """The brain in use when the session stopped (a switch after a model failure counts)."""


def list_sessions(home: Path) -> list[SessionInfo]:
    """Every readable session, oldest first. Unreadable files are skipped (listing must not fail)."""
    out: list[SessionInfo] = []
    folder = sessions_dir(home)
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.jsonl")):
        try:
            t = load_transcript(path)
        except DataFileError:
            continue
        if t.header is None:
            continue
        score = next((e.scorecard for e in t.events if isinstance(e, ScoreEvent)), None)
        out.append(SessionInfo(
            id=t.header.id, path=path, header=t.header, finished=score is not None,
            answers=sum(1 for turn in t.turns if turn.speaker == "candidate"), scorecard=score, brain=t.brain,
        ))
    out.sort(key=lambda s: s.header.started_at)
    return out
