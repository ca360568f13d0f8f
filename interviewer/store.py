"""The one transcript store: append-only JSONL sessions, and the plain-text import format.

JSONL (contract): a header line `{"kind": "header", "schema": 2, ...}`, then one event per line (the
kinds are the models of `interviewer/events.py`: the graph's, numbered by `seq`, and the session's own
pause, resume and brain events, unnumbered, which scoring ignores), each written whole or not at all,
and fsynced, by the one process holding the session's lock. Plain text (contract): turns start with
`Interviewer:` or `Candidate:` at the start of a line. Shapes live in `transcript`, reading in `reader`;
this module writes sessions and lists the data home.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path
from typing import BinaryIO

from pydantic import BaseModel

from interviewer.errors import DataFileError, StorageError
from interviewer.files import append_all_or_nothing, lock_exclusive
from interviewer.limits import MAX_TRANSCRIPT_BYTES
from interviewer.reader import load_transcript, parse_jsonl, parse_text
from interviewer.storage import SessionInfo, SessionList, SessionWriter, summarise
from interviewer.transcript import (
    Header,
    Transcript,
    check_session_id,
    render_text,
    session_id_or_error,
)

# --- writing ----------------------------------------------------------------------------------

def json_line(model: BaseModel) -> bytes:
    """One transcript line: the JSON of a header or an event, as every store writes and exports it."""
    return (json.dumps(model.model_dump(mode="json", by_alias=True), ensure_ascii=False) + "\n").encode("utf-8")


class TranscriptWriter(SessionWriter):
    """Appends events to one session file, each whole or not at all, fsynced before returning. It holds
    the session's OS-level lock from creation or reopening until `close()` (or the process ends)."""

    def __init__(self, path: Path, transcript: Transcript, file: BinaryIO) -> None:
        super().__init__(transcript, str(path))
        self.path = path
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
            append_all_or_nothing(f, json_line(header))
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

    def _write(self, event: BaseModel) -> None:
        data = json_line(event)
        with self._io:
            self._append(data)

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
    return summarise(session_id, t, path=path, notice=notice)


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


def jsonl_text(transcript: Transcript) -> str:
    """A transcript as the JSONL contract has it: the header line, then one line per event."""
    assert transcript.header is not None
    lines = [json_line(transcript.header), *(json_line(e) for e in transcript.events)]
    return b"".join(lines).decode("utf-8")


class FileStore:
    """The embedded default: one JSONL file per session in the data home's `sessions/` folder, locked by
    the OS while a process drives it (see `SessionStore`)."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.where = str(sessions_dir(home))

    def _existing(self, session_id: str) -> Path:
        path = session_path(self.home, session_id)  # an id that is not one is refused before any file is touched
        if not path.exists():
            raise DataFileError(f"no session {session_id!r} in {self.where}")
        return path

    def create(self, header: Header) -> TranscriptWriter:
        return TranscriptWriter.create(session_path(self.home, header.id), header)

    def reopen(self, session_id: str) -> TranscriptWriter:
        return TranscriptWriter.reopen(session_path(self.home, session_id))

    def exists(self, session_id: str) -> bool:
        return session_path(self.home, session_id).exists()

    def load(self, session_id: str) -> Transcript:
        return load_transcript(self._existing(session_id))

    def info(self, session_id: str) -> SessionInfo:
        return session_info(self._existing(session_id))

    def scan(self) -> SessionList:
        return scan_sessions(self.home)

    def export(self, session_id: str) -> str:
        return jsonl_text(self.load(session_id))

    def close(self) -> None:
        """Nothing to release: each writer holds its own file and lock."""


__all__ = [
    "FileStore", "Header", "SessionInfo", "SessionList", "Transcript", "TranscriptWriter", "json_line", "jsonl_text",
    "list_sessions", "load_transcript", "parse_jsonl", "parse_text", "render_text", "scan_sessions", "session_info",
    "session_path", "sessions_dir",
]
