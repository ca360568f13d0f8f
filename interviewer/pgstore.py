"""Sessions in PostgreSQL: the transcript store (see `storage.SessionStore`) for many machines sharing
one database.

Tables (ours, created and migrated by the product: `interviewer db upgrade`, or on first use):
`interviewer_schema` (the applied versions), `interviewer_sessions` (the session index: header and what
the session list shows) and `interviewer_events` (append-only, one row per transcript line, keyed by
session and position `n`, with each graph event's `seq` unique per session), so a duplicate or an
interleaved write is refused by the database itself. Each event is one committed transaction (the
event and the index row together) before `append` returns. Only the process holding the session's
advisory lock drives it; the lock lives on the writer's own connection, so it dies with the process.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
from pydantic import BaseModel, ValidationError

from interviewer import __version__
from interviewer.errors import DataFileError, StorageError, UserError
from interviewer.events import BrainEvent, EventLine, ScoreEvent, TurnEvent
from interviewer.files import SessionLocked, parse_json
from interviewer.settings import redact_url
from interviewer.storage import SessionInfo, SessionList, SessionWriter, summarise
from interviewer.store import json_line, jsonl_text
from interviewer.transcript import Header, Transcript, session_id_or_error

SCHEMA_VERSION = 1
MIGRATIONS: dict[int, str] = {
    1: """
CREATE TABLE interviewer_sessions (
    id          text PRIMARY KEY,
    header      text NOT NULL,             -- the JSONL header line (contract), as written
    started_at  text NOT NULL,
    question    text NOT NULL,
    finished    boolean NOT NULL DEFAULT false,
    answers     integer NOT NULL DEFAULT 0,
    brain       text NOT NULL,
    scorecard   text,                      -- the score event's scorecard, JSON
    events      integer NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interviewer_sessions_started ON interviewer_sessions (started_at);
CREATE TABLE interviewer_events (
    session_id  text NOT NULL REFERENCES interviewer_sessions (id) ON DELETE CASCADE,
    n           integer NOT NULL CHECK (n > 0),   -- the line's position after the header
    seq         integer NOT NULL CHECK (seq >= 0),
    kind        text NOT NULL,
    body        text NOT NULL,             -- the JSONL line, as written
    written_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, n)
);
-- graph events are numbered; the session's own (pause, resume, brain) are 0 and may repeat
CREATE UNIQUE INDEX interviewer_events_seq ON interviewer_events (session_id, seq) WHERE seq > 0;
""",
}
"""Each version's DDL, applied in order in one transaction under the schema lock. Add a version; never
edit an applied one."""

SESSION_LOCKS = 0x1A7E
"""Advisory lock class of a session (the object is `hashtext(id)`); a hash collision only makes two
sessions refuse to be driven at the same moment, never mixes them."""
SCHEMA_LOCK = (0x1A7F, 1)
"""Held while our tables are created or upgraded: one upgrader at a time."""
CHECKPOINT_LOCK = (0x1A7F, 2)
"""Held while the checkpointer's tables are created or upgraded (see `exclusively`)."""

CONNECT_TIMEOUT = 5
LOCK_WAIT = 1.0
"""A process killed with -9 leaves its lock until its server backend sees the closed socket (a few ms):
a reopen retries this long before saying the session is open elsewhere."""


def connect(url: str) -> psycopg.Connection[Any]:
    """A connection in autocommit mode; anything that stops it (a bad URL, no server, a wrong password) is
    one `UserError` line naming the database without its password."""
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT, prepare_threshold=None)
    except psycopg.Error as exc:
        raise UserError(f"cannot connect to the database {redact_url(url)}: {reason(exc)}") from None


def reason(exc: BaseException) -> str:
    """The useful line of a psycopg error (its messages span lines and repeat the host)."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    text = next((ln for ln in lines if "FATAL" in ln or "failed:" in ln), lines[0] if lines else type(exc).__name__)
    text = text.split("failed: ")[-1].replace("FATAL:", "").strip()
    return text[:200] or type(exc).__name__


def schema_version(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("SELECT to_regclass('interviewer_schema') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return 0
    row = conn.execute("SELECT coalesce(max(version), 0) FROM interviewer_schema").fetchone()
    return int(row[0]) if row else 0


def upgrade(conn: psycopg.Connection[Any]) -> tuple[int, int]:
    """Apply the migrations this database lacks; (version before, version after)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", SCHEMA_LOCK)
        conn.execute("CREATE TABLE IF NOT EXISTS interviewer_schema (version integer PRIMARY KEY, "
                     "applied_at timestamptz NOT NULL DEFAULT now(), app_version text NOT NULL DEFAULT '')")
        before = schema_version(conn)
        if before > SCHEMA_VERSION:
            raise UserError(f"the database's interviewer schema is version {before}, newer than this interviewer "
                            f"knows ({SCHEMA_VERSION}); upgrade the interviewer")
        for version in range(before + 1, SCHEMA_VERSION + 1):
            conn.execute(MIGRATIONS[version].encode())
            conn.execute("INSERT INTO interviewer_schema (version, app_version) VALUES (%s, %s)",
                         (version, __version__))
    return before, SCHEMA_VERSION


@contextlib.contextmanager
def exclusively(conn: psycopg.Connection[Any], key: tuple[int, int], poll: float = 0.05) -> Iterator[None]:
    """Hold an advisory lock on `conn` for the block. It is polled for, never waited on inside a statement: a
    waiting statement holds a snapshot, and the checkpointer's `CREATE INDEX CONCURRENTLY` (run by the holder)
    would wait for it in turn, a deadlock the server does not see."""
    while not conn.execute("SELECT pg_try_advisory_lock(%s, %s)", key).fetchone()[0]:  # type: ignore[index]
        time.sleep(poll)
    try:
        yield
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s, %s)", key)


class PostgresWriter(SessionWriter):
    """One session, driven by this process: appends go through the connection that holds its lock."""

    def __init__(self, store: PostgresStore, conn: psycopg.Connection[Any], transcript: Transcript, lines: int,
                 session_id: str) -> None:
        super().__init__(transcript, store.session_where(session_id))
        self.id = session_id
        self._store = store
        self._conn = conn
        self._lines = lines
        self._io = threading.Lock()  # the app's worker may still be appending when the app closes the session

    def _write(self, event: BaseModel) -> None:
        line = json_line(event).decode("utf-8")
        kind, seq = str(getattr(event, "kind", "")), int(getattr(event, "seq", 0))
        answer = int(isinstance(event, TurnEvent) and event.speaker == "candidate")
        brain = event.brain if isinstance(event, BrainEvent) else None
        scorecard = line_field(line, "scorecard") if isinstance(event, ScoreEvent) else None
        with self._io:
            if self._conn.closed:
                raise StorageError(f"{self.where}: the session was closed; `interviewer resume` continues it")
            try:
                with self._conn.transaction():
                    self._conn.execute("INSERT INTO interviewer_events (session_id, n, seq, kind, body) "
                                       "VALUES (%s, %s, %s, %s, %s)", (self.id, self._lines + 1, seq, kind, line))
                    self._conn.execute(
                        "UPDATE interviewer_sessions SET answers = answers + %s, events = events + 1, "
                        "finished = finished OR %s, brain = coalesce(%s, brain), scorecard = coalesce(%s, scorecard), "
                        "updated_at = now() WHERE id = %s", (answer, scorecard is not None, brain, scorecard, self.id))
            except psycopg.errors.UniqueViolation:
                raise StorageError(f"{self.where}: event {self._lines + 1} (seq {seq}) is already stored; was the "
                                   "session written by two processes at once?") from None
            except psycopg.Error as exc:
                kept = self._store.keep_unsaved(self.id, line)
                raise StorageError(f"{self.where}: cannot save the transcript ({reason(exc)}); {kept}") from None
            self._lines += 1

    def close(self) -> None:
        with self._io, contextlib.suppress(psycopg.Error):
            self._conn.close()  # ends the backend, and with it the session's lock


def line_field(line: str, name: str) -> str:
    """One field of a JSONL line, as JSON text (the scorecard the session index keeps)."""
    return json.dumps(json.loads(line)[name], ensure_ascii=False)


class PostgresStore:
    """Sessions in one PostgreSQL database (see the module docstring). Connects on first use, and then
    creates or upgrades its tables if they are missing or old."""

    def __init__(self, url: str, *, home: Path | None = None) -> None:
        self.url = url
        self.where = redact_url(url)
        self.home = home
        """Where an event the database refused is kept (`unsaved/`), so nothing typed is lost."""
        self._conn: psycopg.Connection[Any] | None = None
        self._io = threading.Lock()

    # --- connections ----------------------------------------------------------------------------

    def session_where(self, session_id: str) -> str:
        return f"session {session_id} in {self.where}"

    def _reader(self) -> psycopg.Connection[Any]:
        if self._conn is None or self._conn.closed:
            self._conn = self.ready(connect(self.url))
        return self._conn

    def ready(self, conn: psycopg.Connection[Any]) -> psycopg.Connection[Any]:
        """`conn`, once the tables are there and current (created or upgraded now if not)."""
        try:
            version = schema_version(conn)
            if version != SCHEMA_VERSION:
                upgrade(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._io:
            try:
                return self._reader().execute(sql, params).fetchall()
            except psycopg.OperationalError as exc:  # the server went away: one reconnect, then say so
                self.close()
                try:
                    return self._reader().execute(sql, params).fetchall()
                except psycopg.Error:
                    raise StorageError(f"{self.where}: {reason(exc)}") from None

    def upgrade(self) -> tuple[int, int]:
        conn = connect(self.url)
        try:
            return upgrade(conn)
        finally:
            conn.close()

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(psycopg.Error):
                self._conn.close()
            self._conn = None

    def keep_unsaved(self, session_id: str, line: str) -> str:
        """An event the database refused, appended to `unsaved/<id>.jsonl` in the data home; says where."""
        if self.home is None:
            return "it was not saved"
        from interviewer.files import append_all_or_nothing

        path = self.home / "unsaved" / f"{session_id}.jsonl"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "ab", buffering=0) as f:
                append_all_or_nothing(f, line.encode("utf-8"))
        except OSError:
            return "it could not be kept locally either"
        return f"it was kept in {path}"

    # --- driving a session ----------------------------------------------------------------------

    def _locked(self, session_id: str) -> psycopg.Connection[Any]:
        conn = self.ready(connect(self.url))
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            row = conn.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", (SESSION_LOCKS, session_id)).fetchone()
            if row and row[0]:
                return conn
            if time.monotonic() > deadline:
                conn.close()
                raise SessionLocked(f"session {session_id} is open in another process")
            time.sleep(0.05)

    def create(self, header: Header) -> PostgresWriter:
        conn = self._locked(header.id)
        try:
            cur = conn.execute(
                "INSERT INTO interviewer_sessions (id, header, started_at, question, brain) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
                (header.id, json_line(header).decode("utf-8"), header.started_at, header.question, header.brain))
            if cur.rowcount != 1:
                raise StorageError(f"{self.session_where(header.id)}: a session with this id already exists")
        except BaseException:
            conn.close()
            raise
        return PostgresWriter(self, conn, Transcript(header=header, source=self.session_where(header.id)), 0, header.id)

    def reopen(self, session_id: str) -> PostgresWriter:
        session_id_or_error(session_id)
        conn = self._locked(session_id)
        try:
            transcript, lines = self._read(conn, session_id)
        except BaseException:
            conn.close()
            raise
        return PostgresWriter(self, conn, transcript, lines, session_id)

    # --- reading --------------------------------------------------------------------------------

    def _read(self, conn: psycopg.Connection[Any] | None, session_id: str) -> tuple[Transcript, int]:
        where = self.session_where(session_id)
        run = (lambda sql, p: conn.execute(sql, p).fetchall()) if conn is not None else self._query
        rows = run("SELECT header FROM interviewer_sessions WHERE id = %s", (session_id,))
        if not rows:
            raise DataFileError(f"no session {session_id!r} in {self.where}")
        header = _header(rows[0][0], where)
        events: list[Any] = []
        body = run("SELECT n, body FROM interviewer_events WHERE session_id = %s ORDER BY n", (session_id,))
        for n, text in body:
            try:
                events.append(EventLine.model_validate({"event": parse_json(text, f"{where}, event {n}")}).event)
            except ValidationError:
                raise DataFileError(f"{where}, event {n}: not a transcript event") from None
        return Transcript(header=header, events=events, source=where), len(body)

    def exists(self, session_id: str) -> bool:
        return bool(self._query("SELECT 1 FROM interviewer_sessions WHERE id = %s", (session_id_or_error(session_id),)))

    def load(self, session_id: str) -> Transcript:
        return self._read(None, session_id_or_error(session_id))[0]

    def info(self, session_id: str) -> SessionInfo:
        return summarise(session_id, self.load(session_id), where=self.session_where(session_id))

    def scan(self) -> SessionList:
        """Every session from the index (no event is read), oldest first."""
        out = SessionList()
        rows = self._query("SELECT id, header, finished, answers, brain, scorecard FROM interviewer_sessions "
                           "ORDER BY started_at, id")
        for sid, header, finished, answers, brain, scorecard in rows:
            where = self.session_where(sid)
            try:
                h = _header(header, where)
                card = parse_json(scorecard, where) if scorecard else None
                out.sessions.append(SessionInfo(id=sid, where=where, header=h, finished=finished, answers=answers,
                                                scorecard=card, brain=brain))
            except (DataFileError, ValidationError) as exc:
                out.skipped.append(f"skipped {where}: {getattr(exc, 'message', 'unreadable')}")
        return out

    def export(self, session_id: str) -> str:
        return jsonl_text(self.load(session_id))


def _header(text: str, where: str) -> Header:
    try:
        return Header.model_validate(parse_json(text, where))
    except ValidationError:
        raise DataFileError(f"{where}: not a session header") from None


__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "PostgresStore", "PostgresWriter", "connect", "upgrade"]
