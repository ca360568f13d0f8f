"""`interviewer export` and `interviewer db`: a session's transcript out of its store, and the session
database's tables (created or upgraded by the product itself)."""

from __future__ import annotations

import argparse
import sys

from interviewer.errors import UserError
from interviewer.terminal import inert
from tui.cli import _home, _store


def cmd_export(args: argparse.Namespace) -> int:
    """The JSONL transcript (contract) of a session, from the database or the data folder."""
    text = _store(args).export(args.id)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    from interviewer.files import write_atomic

    write_atomic(args.output, text)
    print(f"exported: {inert(str(args.output))}")
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    """`db upgrade`: our tables and the checkpointer's, created or brought to this version's schema (safe to
    run any number of times, from any number of machines at once). `db status`: the versions and counts."""
    from interviewer.storage import database_url

    url = database_url(args.database_url)
    if url is None:
        raise UserError("no database: set INTERVIEWER_DATABASE_URL or pass --database-url postgresql://… "
                        f"(without one, sessions are files in {_home(args) / 'sessions'})")
    store = _store(args)
    from interviewer.pgstore import SCHEMA_VERSION, connect, schema_version

    if args.action == "upgrade":
        before, after = store.upgrade()
        from graphs.checkpoint import postgres_checkpointer

        postgres_checkpointer(url)  # creates or upgrades the checkpoint tables under the same lock
        change = f"upgraded from version {before}" if before != after else "already current"
        print(f"{store.where}: interviewer schema version {after} ({change}); checkpoint tables ready")
        return 0
    conn = connect(url)
    try:
        version = schema_version(conn)
        sessions = conn.execute("SELECT count(*), count(*) FILTER (WHERE finished) FROM interviewer_sessions"
                                ).fetchone() if version else (0, 0)
    finally:
        conn.close()
    total, finished = sessions or (0, 0)
    state = ("current" if version == SCHEMA_VERSION else "not created yet; run `interviewer db upgrade`"
             if version == 0 else f"this interviewer knows {SCHEMA_VERSION}")
    print(f"{store.where}: interviewer schema version {version} ({state}); {total} sessions, {finished} finished")
    return 0
