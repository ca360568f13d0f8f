"""The transcript store interface: what the interview, the CLI and the app need of a session store, and
how the store is chosen (the data home's files by default, PostgreSQL with a database URL).

Two stores satisfy it, and one contract test suite runs on both: `store.FileStore` (JSONL files in the
data home, the embedded default) and `pgstore.PostgresStore` (tables in one database, so any machine can
resume any session). Both append events whole, in order, each exactly once, by the one process holding
the session's lock; the listing entry of a session (`SessionInfo`) is built in one place, `summarise`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel

from interviewer.errors import UserError
from interviewer.events import AssessmentEvent, TurnEvent
from interviewer.transcript import Header, Transcript

DATABASE_ENV = "INTERVIEWER_DATABASE_URL"


class SessionInfo(BaseModel):
    id: str
    path: Path | None = None
    """The session's file (file store); None for a session in a database."""
    where: str = ""
    """Where the session lives, fit to show: its file, or the session in the (redacted) database URL."""
    header: Header
    finished: bool
    answers: int
    scorecard: dict[str, Any] | None = None
    notice: str | None = None
    """What is wrong with the session but does not stop it being resumed (a torn last line)."""
    brain: str = "offline"
    """The brain in use when the session stopped (a switch after a model failure counts)."""


class SessionList(BaseModel):
    sessions: list[SessionInfo] = []
    skipped: list[str] = []
    """One line per session that could not be read, naming it and why."""

    @property
    def notices(self) -> list[str]:
        return [*self.skipped, *(s.notice for s in self.sessions if s.notice)]


def summarise(session_id: str, t: Transcript, *, path: Path | None = None, where: str = "",
              notice: str | None = None) -> SessionInfo:
    """A session's listing entry from its transcript (the one place both stores build it)."""
    assert t.header is not None
    answers = sum(1 for e in t.events if isinstance(e, TurnEvent) and e.speaker == "candidate")
    return SessionInfo(id=session_id, path=path, where=where or str(path or ""), header=t.header,
                       finished=t.finished, answers=answers, scorecard=t.scorecard, notice=notice, brain=t.brain)


class SessionWriter:
    """One open session: its transcript so far, appended to by the one process holding its lock. A store
    supplies `_write` (the event whole, durable before it returns, or an error and nothing written) and
    `close`; the bookkeeping of what the session holds is here, once."""

    def __init__(self, transcript: Transcript, where: str) -> None:
        self.transcript = transcript
        self.where = where
        self.turns = {t.index for t in transcript.turns}
        self.assessed = set(transcript.assessments)
        self.last_seq = max((getattr(e, "seq", 0) for e in transcript.events), default=0)
        self.recovered: str | None = None
        """What was repaired when the session was reopened (a torn last line), to tell the candidate."""

    def _write(self, event: BaseModel) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release the session and its lock."""
        raise NotImplementedError

    def append(self, event: BaseModel) -> None:
        self._write(event)
        self.transcript.events.append(event)  # type: ignore[arg-type]
        self.last_seq = max(self.last_seq, getattr(event, "seq", 0))
        if isinstance(event, TurnEvent):
            self.turns.add(event.index)
        if isinstance(event, AssessmentEvent):
            self.assessed.add(event.turn)

    def write_new(self, events: list[Any]) -> None:
        """Append the graph's events the store does not hold yet (by `seq`), in order. A turn or an
        assessment the store already holds (an answer written before a crash) is never written twice."""
        for event in sorted(events, key=lambda e: e.seq):
            held = (isinstance(event, TurnEvent) and event.index in self.turns) or (
                isinstance(event, AssessmentEvent) and event.turn in self.assessed)
            if event.seq > self.last_seq and not held:
                self.append(event)


class SessionStore(Protocol):
    """Where sessions live. `create` and `reopen` take the session's lock (`SessionLocked` when another
    process holds it); reading and listing never need it."""

    where: str
    """The store, fit to show in a message (a database URL has its password redacted)."""

    def create(self, header: Header) -> SessionWriter: ...

    def reopen(self, session_id: str) -> SessionWriter: ...

    def exists(self, session_id: str) -> bool: ...

    def load(self, session_id: str) -> Transcript:
        """The whole transcript; a missing session is a `DataFileError`."""

    def info(self, session_id: str) -> SessionInfo: ...

    def scan(self) -> SessionList:
        """Every readable session, oldest first; one that cannot be read is skipped with a line."""

    def export(self, session_id: str) -> str:
        """The session as the JSONL transcript (contract), header first."""

    def close(self) -> None: ...


def database_url(flag: str | None = None) -> str | None:
    """The database to keep sessions in: `--database-url`, else `$INTERVIEWER_DATABASE_URL`, else none
    (the data home's files)."""
    url = flag if flag is not None else os.environ.get(DATABASE_ENV)
    return url.strip() or None if url else None


def open_store(home: Path, url: str | None = None) -> SessionStore:
    """The session store: PostgreSQL when a database URL is given (or set in the environment), else the
    data home. Nothing is connected yet: the first call that needs the database connects (and creates or
    upgrades its tables)."""
    url = database_url(url)
    if url is None:
        from interviewer.store import FileStore

        return FileStore(home)
    if not url.startswith(("postgresql://", "postgres://")):
        from interviewer.settings import redact_url

        raise UserError(f"{redact_url(url)}: not a PostgreSQL URL (expected postgresql://user@host:port/database)")
    require_extra("psycopg", "postgres", "a database URL")
    from interviewer.pgstore import PostgresStore

    return PostgresStore(url, home=home)


def load_ref(ref: str | Path, store: SessionStore | None) -> Transcript:
    """A transcript from a file, or, when no such file exists and `ref` is a session id, the session in
    the store (a database's sessions have no file). A missing file stays the file's own error."""
    from interviewer.reader import load_transcript
    from interviewer.transcript import check_session_id

    path = Path(ref)
    if store is not None and not path.exists() and str(ref) == path.name:
        try:
            check_session_id(str(ref))
        except ValueError:
            pass
        else:
            if store.exists(str(ref)):
                return store.load(str(ref))
    return load_transcript(path)


def require_extra(module: str, extra: str, what: str) -> None:
    """One line naming the extra to install when an optional dependency is missing."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise UserError(f"{what} needs the optional {extra!r} dependencies: pip install 'ml-interviewer[{extra}]' "
                        f"(or `pip install -e '.[{extra}]'` in a checkout)")


__all__ = ["DATABASE_ENV", "SessionInfo", "SessionList", "SessionStore", "SessionWriter", "database_url",
           "load_ref", "open_store", "require_extra", "summarise"]
