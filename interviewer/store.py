"""The one transcript store: append-only JSONL sessions, and the plain-text import format.

JSONL (contract): a header line `{"kind": "header", "schema": 2, ...}`, then one event per line
(`turn`, `assessment`, `phase`, `hint`, `edge`, `score`, numbered by `seq`; and the session's own
`pause`, `resume` and `brain` events, unnumbered, which scoring ignores), each written whole or not at
all, and fsynced, by the one process holding the session's lock. Plain text (contract): turns start with
`Interviewer:` or `Candidate:` at the start of a line. Shapes live in `transcript`, reading in `reader`;
this module writes sessions and lists the data home.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import BaseModel

from interviewer.errors import DataFileError, StorageError
from interviewer.events import AssessmentEvent, TurnEvent
from interviewer.files import append_all_or_nothing, lock_exclusive
from interviewer.limits import MAX_TRANSCRIPT_BYTES
from interviewer.reader import load_transcript, parse_jsonl, parse_text
from interviewer.transcript import (
    Header,
    Transcript,
    check_session_id,
    render_text,
    session_id_or_error,
)

# --- writing ----------------------------------------------------------------------------------

def _line(model: BaseModel) -> bytes:
    return (json.dumps(model.model_dump(mode="json", by_alias=True), ensure_ascii=False) + "\n").encode("utf-8")


class TranscriptWriter:
    """Appends events to one session file, each whole or not at all, fsynced before returning. It holds
    the session's OS-level lock from creation or reopening until `close()` (or the process ends)."""

    def __init__(self, path: Path, transcript: Transcript, file: BinaryIO) -> None:
        self.path = path
        self.transcript = transcript
        self.turns = {t.index for t in transcript.turns}
        self.assessed = set(transcript.assessments)
        self.last_seq = max((getattr(e, "seq", 0) for e in transcript.events), default=0)
        self.recovered: str | None = None
        self._file = file
        self._io = threading.Lock()  # the app's worker may still be appending when the app closes the session

    @classmethod
    def create(cls, path: Path, header: Header) -> TranscriptWriter:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            f = open(path, "xb", buffering=0)  # noqa: SIM115 - held open for the lock
        except FileExistsError:
            raise StorageError(f"{path}: a session with this id already exists") from None
        except OSError as exc:
            raise StorageError(f"{path}: cannot create the transcript ({exc.strerror})") from None
        lock_exclusive(f, header.id)
        writer = cls(path, Transcript(header=header, source=str(path)), f)
        try:
            append_all_or_nothing(f, _line(header))
        except OSError as exc:
            f.close()
            path.unlink(missing_ok=True)
            raise StorageError(f"{path}: cannot create the transcript ({exc.strerror})") from None
        return writer

    @classmethod
    def reopen(cls, path: Path) -> TranscriptWriter:
        """Continue a session file, under its lock. A torn last line (a crash mid-write) is moved to
        `<file>.torn` and reported through `recovered`, never silently dropped."""
        session_id = path.name.removesuffix(".jsonl")
        try:  # never through a symlink: a session is a file in the data home, not a door out of it
            flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
            f = os.fdopen(os.open(path, flags), "ab", buffering=0)
        except FileNotFoundError:
            raise DataFileError(f"{path}: no such session") from None
        except OSError as exc:
            if path.is_symlink():
                raise StorageError(f"{path}: is a symbolic link; a session must be a file in the data home") from None
            raise StorageError(f"{path}: cannot open the session ({exc.strerror})") from None
        try:
            lock_exclusive(f, session_id)
            transcript = load_transcript(path, tolerate_torn=True)
            recovered = cls._repair(path, f, transcript)
        except BaseException:
            f.close()
            raise
        writer = cls(path, transcript.model_copy(update={"torn": None}), f)
        writer.recovered = recovered
        return writer

    @staticmethod
    def _repair(path: Path, f: BinaryIO, transcript: Transcript) -> str | None:
        """Cut a torn tail off (kept in `<file>.torn`), or end an unterminated last line, before appending."""
        size = os.fstat(f.fileno()).st_size
        cut = _after_last_newline(path, size)
        if cut == size:
            return None
        side = path.with_name(path.name + ".torn")
        try:
            if transcript.torn is None:  # a whole event that lost only its newline
                append_all_or_nothing(f, b"\n")
                return None
            with open(path, "rb") as r:
                r.seek(cut)
                tail = r.read(size - cut)
            with open(side, "ab") as out:
                out.write(tail + b"\n")
                out.flush()
                os.fsync(out.fileno())
            os.ftruncate(f.fileno(), cut)
            os.fsync(f.fileno())
        except OSError as err:
            raise StorageError(f"{path}: cannot repair the torn last line ({err.strerror})") from None
        return (f"{path.name}: the last line was cut off (a crash or a full disk); everything before it was "
                f"kept, and the cut-off part is in {side.name}")

    def append(self, event: BaseModel) -> None:
        data = _line(event)
        with self._io:
            self._append(data)
        self.transcript.events.append(event)  # type: ignore[arg-type]
        self.last_seq = max(self.last_seq, getattr(event, "seq", 0))
        if isinstance(event, TurnEvent):
            self.turns.add(event.index)
        if isinstance(event, AssessmentEvent):
            self.assessed.add(event.turn)

    def _append(self, data: bytes) -> None:
        if self._file.closed:
            raise StorageError(f"{self.path}: the session was closed; `interviewer resume` continues it")
        try:
            if os.fstat(self._file.fileno()).st_size + len(data) > MAX_TRANSCRIPT_BYTES:
                raise StorageError(f"{self.path}: the transcript has reached its size limit; end the interview "
                                   "with /end")
            append_all_or_nothing(self._file, data)
        except OSError as exc:
            raise StorageError(f"{self.path}: cannot save the transcript ({exc.strerror}); "
                               "your last answer is still on screen") from None

    def write_new(self, events: list[Any]) -> None:
        """Append the graph's events the file does not hold yet (by number), in order. A turn or an
        assessment the file already holds (an answer written before a crash) is never written twice."""
        for event in sorted(events, key=lambda e: e.seq):
            held = (isinstance(event, TurnEvent) and event.index in self.turns) or (
                isinstance(event, AssessmentEvent) and event.turn in self.assessed)
            if event.seq > self.last_seq and not held:
                self.append(event)

    def close(self) -> None:
        """Release the session (and its lock)."""
        with self._io:
            self._file.close()


def _after_last_newline(path: Path, size: int) -> int:
    """The length of the file up to and including its last newline (0 when it has none)."""
    with open(path, "rb") as f:
        pos = size
        while pos > 0:
            step = min(65536, pos)
            f.seek(pos - step)
            chunk = f.read(step)
            cut = chunk.rfind(b"\n")
            if cut >= 0:
                return pos - step + cut + 1
            pos -= step
    return 0


# --- the data home ----------------------------------------------------------------------------

def sessions_dir(home: Path) -> Path:
    return home / "sessions"


def session_path(home: Path, session_id: str) -> Path:
    """The file of a session; the id is checked first, so it can never point outside the data home."""
    return sessions_dir(home) / f"{session_id_or_error(session_id)}.jsonl"


class SessionInfo(BaseModel):
    id: str
    path: Path
    header: Header
    finished: bool
    answers: int
    scorecard: dict[str, Any] | None = None
    notice: str | None = None
    """What is wrong with the file but does not stop it being resumed (a torn last line)."""
    brain: str = "offline"
    """The brain in use when the session stopped (a switch after a model failure counts)."""


class SessionList(BaseModel):
    sessions: list[SessionInfo] = []
    skipped: list[str] = []
    """One line per session file that could not be read, naming it and why."""

    @property
    def notices(self) -> list[str]:
        return [*self.skipped, *(s.notice for s in self.sessions if s.notice)]


def session_info(path: Path) -> SessionInfo:
    """One session's listing entry; a file that cannot be read is a `DataFileError` naming it."""
    session_id = path.name.removesuffix(".jsonl")
    try:
        check_session_id(session_id)
    except ValueError as exc:
        raise DataFileError(f"{path}: {exc}") from None
    if not stat.S_ISREG(os.lstat(path).st_mode):  # a link out of the data home, a pipe that would block
        raise DataFileError(f"{path}: not a regular file, so not a session")
    t = load_transcript(path, tolerate_torn=True)
    if t.header is None:
        raise DataFileError(f"{path}: not a session (no header line)")
    notice = (f"{path.name}: the last line is incomplete (a crash or a full disk); `interviewer resume "
              f"{session_id}` repairs it") if t.torn is not None else None
    return SessionInfo(id=session_id, path=path, header=t.header, finished=t.finished,
                       answers=sum(1 for e in t.events if isinstance(e, TurnEvent) and e.speaker == "candidate"),
                       scorecard=t.scorecard, notice=notice, brain=t.brain)


def scan_sessions(home: Path) -> SessionList:
    """Every readable session, oldest first. The file name, not the header, names a session. A file that
    cannot be read is skipped with one line in `skipped`: listing never fails because of one file."""
    out = SessionList()
    folder = sessions_dir(home)
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.jsonl")):
        try:
            out.sessions.append(session_info(path))
        except DataFileError as exc:
            out.skipped.append(f"skipped {exc.message}")
        except Exception as exc:  # a reader bug must not hide every other session; say which file
            out.skipped.append(f"skipped {path}: unreadable ({type(exc).__name__})")
    out.sessions.sort(key=lambda s: s.header.started_at)
    return out


def list_sessions(home: Path) -> list[SessionInfo]:
    """The readable sessions, oldest first (`scan_sessions` also says which files were skipped)."""
    return scan_sessions(home).sessions


__all__ = [
    "Header", "SessionInfo", "SessionList", "Transcript", "TranscriptWriter", "list_sessions",
    "load_transcript", "parse_jsonl", "parse_text", "render_text", "scan_sessions", "session_info", "session_path",
    "sessions_dir",
]
