"""`interviewer replay`, `report` and `history`: what a candidate does after the interview."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from typing import Any

from interviewer.errors import UserError
from interviewer.models import AREAS
from interviewer.render import table
from interviewer.storage import SessionInfo
from interviewer.terminal import inert
from tui.cli import _brain, _home, _lesson, _rescored, _store, transcript_of, warn
from tui.dates import stamp


def cmd_replay(args: argparse.Namespace) -> int:
    from interviewer.replay import load_replay, replay_text

    transcript = transcript_of(args, args.file)  # errors (bad file) surface before any screen opens
    if not args.plain and sys.stdin.isatty() and sys.stdout.isatty():
        from tui.app import run_app

        return run_app(home=_home(args), replay_path=args.file, questions_dir=args.questions_dir, store=_store(args))
    question, steps = load_replay(transcript, _brain(args), args.question, args.questions_dir)
    print(inert(replay_text(question, steps)))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from interviewer.report import export

    transcript = transcript_of(args, args.file)
    scored = _rescored(args, args.file, transcript)
    header = transcript.header
    opening = next((t.text for t in transcript.turns if t.speaker == "interviewer"), "")
    out = export(scored.card, _lesson(scored, transcript), scored.question, args.output, args.format,
                 session=header.id if header else args.file.name, started=header.started_at if header else "",
                 opening=opening)
    print(f"report: {inert(str(out))}")
    return 0


def _levels(info: SessionInfo) -> dict[str, int | None]:
    areas: dict[str, Any] = (info.scorecard or {}).get("areas", {})
    return {a: (areas.get(a) or {}).get("level") for a in AREAS}


def _overall(info: SessionInfo) -> dict[str, Any]:
    return dict((info.scorecard or {}).get("overall") or {})


def _recommendation(overall: dict[str, Any]) -> str:
    return str(overall.get("recommendation", "unfinished")).replace("_", " ")


def cmd_history(args: argparse.Namespace) -> int:
    store = _store(args)
    listing = store.scan()
    warn(listing.notices)
    sessions = [s for s in listing.sessions if args.all or s.finished]
    if args.json:
        print(json.dumps([{
            "id": s.id, "started_at": s.header.started_at, "question": s.header.question, "tier": s.header.tier,
            "role": s.header.role, "brain": s.header.brain, "finished": s.finished, "answers": s.answers,
            "levels": _levels(s), "overall": _overall(s),
        } for s in sessions], indent=2))
        return 0
    if not sessions:
        raise UserError(f"no finished interviews yet in {store.where}; start one with `interviewer`")
    if args.plot:
        from tui.charts import history_plot

        drawn = str(history_plot([_levels(s) for s in sessions], [s.header.started_at for s in sessions],
                                 width=min(100, shutil.get_terminal_size((100, 24)).columns)))
        print(drawn if sys.stdout.isatty() else re.sub(r"\x1b\[[0-9;]*m", "", drawn))
        return 0
    print(inert(history_table(sessions, _titles(args), shutil.get_terminal_size((120, 24)).columns)))
    return 0


TIER_SHORT = {"faang": "FAANG+", "growth_startup": "startup", "research_lab": "research"}
AREA_HEADS = {"problem_framing": "frame", "data": "data", "modeling": "model", "evaluation": "eval",
              "deployment": "deploy"}


def _titles(args: argparse.Namespace) -> dict[str, str]:
    from interviewer.errors import USER_ERRORS
    from rubrics import load_questions

    try:
        return {q.id: q.title for q in load_questions(args.questions_dir).values()}
    except USER_ERRORS:
        return {}  # the history still lists by question id


def history_table(sessions: list[SessionInfo], titles: dict[str, str], width: int = 120) -> str:
    """One row per interview; the question column takes what the others leave of `width`. (The session id
    holds the start time, so the date column does not.)"""
    heads = ["date", "question", "tier", *[AREA_HEADS[a] for a in AREAS], "overall", "session"]
    rows = []
    for s in sessions:
        levels, overall = _levels(s), _overall(s)
        result = f"{overall['level']} {_recommendation(overall)}" if "level" in overall else "unfinished"
        rows.append([stamp(s.header.started_at)[:10], titles.get(s.header.question, s.header.question),
                     TIER_SHORT.get(s.header.tier, s.header.tier),
                     *["—" if levels[a] is None else str(levels[a]) for a in AREAS], result, s.id])
    others = sum(max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads) if i != 1)
    room = max(12, width - 1 - others - 2 * (len(heads) - 1))
    for r in rows:
        if len(r[1]) > room:
            r[1] = r[1][:room - 1] + "…"
    return table(rows, heads)


__all__ = ["cmd_history", "cmd_replay", "cmd_report"]
