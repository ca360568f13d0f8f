"""`interviewer practice`: your progress per area over time and the next session (a short drill on one area,
spaced review); `--start` runs that drill as a normal interview. Also what the setup screen's "Next
practice" line shows. The decisions are in `interviewer.practice`; this module reads the data home and
the data files and prints."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from interviewer.errors import UserError
from interviewer.terminal import inert
from tui.dates import date_labels

if TYPE_CHECKING:
    from interviewer.practice import PracticePlan
    from interviewer.store import SessionInfo
    from rubrics.schema import Question


def practice_plan(sessions: Sequence[SessionInfo], bank: Mapping[str, Question],
                  now: datetime | None = None) -> PracticePlan | None:
    """The plan from your finished sessions, or None when there is none yet (or no question to drill on)."""
    from interviewer.practice import past_session, plan
    from interviewer.scoring import tier_weights
    from rubrics import load_practice, load_tiers

    history = [p for s in sessions if s.finished and (p := past_session(s.id, s.header, s.scorecard)) is not None]
    if not history or not bank:
        return None
    last = max(history, key=lambda p: p.started)
    spec = load_tiers().tier(last.tier)
    return plan(history, bank, load_practice(), tier_weights(spec, last.team), now or datetime.now().astimezone(),
                tier_name=spec.name.split(" (")[0])


def plan_text(p: PracticePlan, titles: Mapping[str, str]) -> str:
    from interviewer.render import table

    nxt = p.next
    out = [f"Next practice: {nxt.line}.", f"  Why: {nxt.why}",
           "  Start it: interviewer practice --start   (--plain for a plain-text interview)", ""]
    labels = date_labels([s.started.isoformat() for s in p.sessions])
    rows = []
    for a in p.areas:
        if a.due is None:
            review = "due now (never assessed)"
        elif a.due <= p.now:
            review = "due now"
        else:
            review = f"{a.due.astimezone().day} {a.due.astimezone():%b}"
        rows.append([a.title, *("—" if lv is None else str(lv) for lv in a.levels), a.trend, review])
    shown = (f"the last {len(p.sessions)} of your {p.finished} finished sessions" if p.finished > len(p.sessions)
             else f"each of your {p.finished} finished session{'s' if p.finished > 1 else ''}")
    out += [f"Progress per area: its level (1-4) in {shown}, oldest first",
            table(rows, ["area", *labels, "trend", "next review"]), ""]
    kinds = [f"{label} {titles.get(s.question, s.question.replace('_', ' '))}"
             + (f" (drill: {s.drill.replace('_', ' ')})" if s.drill else "") for label, s in zip(labels, p.sessions,
                                                                                                strict=True)]
    out += ["Sessions: " + " · ".join(kinds), "", f"Rule: {p.rule}"]
    return "\n".join(out)


def cmd_practice(args: argparse.Namespace) -> int:
    from rubrics import load_questions
    from tui.cli import _home, _store, run_interview, warn

    home = _home(args)
    listing = _store(args).scan()
    warn(listing.notices)
    notices: list[str] = []
    bank = load_questions(args.questions_dir, notices=notices)
    warn(notices)
    p = practice_plan(listing.sessions, bank)
    if p is None:
        raise UserError(f"no finished interviews yet in {home / 'sessions'}; the plan starts from your first "
                        "interview (run `interviewer`)")
    if args.start:
        return run_interview(args, p.next.settings())
    if args.json:
        print(json.dumps(p.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return 0
    print(inert(plan_text(p, {q.id: q.title for q in bank.values()})))
    return 0


__all__ = ["cmd_practice", "plan_text", "practice_plan"]
