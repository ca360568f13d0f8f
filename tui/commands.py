"""`interviewer replay`, `report` and `history`: what a candidate does after the interview."""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any

from interviewer.errors import UserError
from interviewer.models import AREA_TITLES, AREAS
from interviewer.render import table
from interviewer.store import SessionInfo, load_transcript, scan_sessions
from interviewer.terminal import inert
from tui.cli import _brain, _home, _scorecard, warn


def cmd_replay(args: argparse.Namespace) -> int:
    from interviewer.replay import load_replay, replay_text

    transcript = load_transcript(args.file)  # errors (bad file) surface before any screen opens
    if not args.plain and sys.stdin.isatty() and sys.stdout.isatty():
        from tui.app import run_app

        return run_app(home=_home(args), replay_path=args.file, questions_dir=args.questions_dir)
    question, steps = load_replay(transcript, _brain(args), args.question, args.questions_dir)
    print(inert(replay_text(question, steps)))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from interviewer.report import export
    from interviewer.rescore import resolve_question

    transcript = load_transcript(args.file)
    card = _scorecard(args, args.file, transcript)
    question = resolve_question(transcript, card.question_id, args.questions_dir)
    header = transcript.header
    out = export(card, question, args.output, args.format, session=header.id if header else args.file.name,
                 started=header.started_at if header else "")
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
    listing = scan_sessions(_home(args))
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
        raise UserError(f"no finished interviews yet in {_home(args) / 'sessions'}; start one with `interviewer`")
    if args.plot:
        print(history_plot(sessions))
        return 0
    rows = []
    for s in sessions:
        levels = _levels(s)
        overall = _overall(s)
        rows.append([s.header.started_at[:16].replace("T", " "), s.id, s.header.question, s.header.tier,
                     *["—" if levels[a] is None else str(levels[a]) for a in AREAS],
                     f"{overall.get('level', '—')} {_recommendation(overall)}"])
    heads = ["started", "session", "question", "tier", *[AREA_TITLES[a].split()[-1][:7].lower() for a in AREAS],
             "overall"]
    print(inert(table(rows, heads)))
    return 0


def history_plot(sessions: list[SessionInfo], width: int = 100, height: int = 22) -> str:
    """Each area's level over the finished interviews, drawn in the terminal with plotext."""
    import plotext as plt

    plt.clear_figure()
    plt.plotsize(width, height)
    plt.theme("clear")
    xs = list(range(1, len(sessions) + 1))
    for area in AREAS:
        points = [(x, lv) for x, s in zip(xs, sessions, strict=True) if (lv := _levels(s)[area]) is not None]
        if points:
            plt.plot([p[0] for p in points], [p[1] for p in points], label=AREA_TITLES[area], marker="dot")
    plt.ylim(0.5, 4.5)
    plt.yticks([1, 2, 3, 4], ["1 poor", "2 weak", "3 solid", "4 excellent"])
    plt.xticks(xs, [inert(s.header.started_at[5:10]) for s in sessions])  # the plot keeps its colour codes
    plt.title("Level per area, interview by interview")
    drawn = str(plt.build())
    return drawn if sys.stdout.isatty() else re.sub(r"\x1b\[[0-9;]*m", "", drawn)


__all__ = ["cmd_history", "cmd_replay", "cmd_report"]
