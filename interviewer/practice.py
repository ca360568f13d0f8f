"""The practice plan across sessions: spaced review of your areas and the next session to run.

Every finished session leaves a level per area. Each area comes back for review after the interval its
latest level earns (weaker: sooner), doubled when it rose at its last practice; the next session is a
short drill on the due area that matters most (tier weight × levels left to climb), started at your edge
there, on a question you have not seen recently. The numbers and their reasons are data
(rubrics/practice.yaml); this module is pure: it is given the history, the bank, the tier weights and
the time, and decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel

from interviewer.models import AREA_TITLES, AREAS, Area, TeamType, Tier
from interviewer.settings import InterviewSettings
from interviewer.teaching import LEVEL_NAMES, standing
from rubrics.practice_schema import PracticeFile
from rubrics.schema import Question


class PastSession(BaseModel):
    """What the plan reads of one finished session."""

    id: str
    started: datetime
    question: str
    tier: Tier
    team: TeamType = TeamType()
    drill: Area | None = None
    levels: dict[Area, int | None]
    edges: dict[Area, int | None]


def past_session(session_id: str, header: Any, scorecard: Mapping[str, Any] | None) -> PastSession | None:
    """A finished session as the plan reads it, or None when it has no readable scorecard or start time.
    `header` is the transcript's `Header`; `scorecard` the stored scorecard (older ones lack some fields)."""
    if not scorecard:
        return None
    try:
        started = datetime.fromisoformat(header.started_at)
    except ValueError:
        return None
    if started.tzinfo is None:
        started = started.astimezone()
    areas = scorecard.get("areas") or {}

    def value(area: Area, key: str) -> int | None:
        got = (areas.get(area) or {}).get(key) if isinstance(areas.get(area), Mapping) else None
        return got if isinstance(got, int) and 0 <= got <= 4 else None

    s = header.settings
    return PastSession(id=session_id, started=started, question=s.question_id, tier=s.tier, team=s.team,
                       drill=s.drill, levels={a: value(a, "level") or None for a in AREAS},
                       edges={a: value(a, "edge") for a in AREAS})


class AreaStatus(BaseModel):
    area: Area
    title: str
    levels: list[int | None]
    """The area's level in each session of the progress table (None: not assessed there)."""
    latest: int | None
    edge: int | None
    last_practised: datetime | None
    improved: bool
    interval_days: float | None
    due: datetime | None
    """None: never assessed, so due now."""
    trend: str
    priority: float


class Proposal(BaseModel):
    """The next session: a drill on one area, at the candidate's edge, on a question not seen recently."""

    area: Area
    title: str
    start_level: int
    question_id: str
    question_title: str
    tier: Tier
    team: TeamType
    minutes: float
    due: bool
    why: str

    def settings(self) -> InterviewSettings:
        return InterviewSettings(question_id=self.question_id, tier=self.tier, team=self.team, minutes=self.minutes,
                                 drill=self.area, start_level=self.start_level)

    @property
    def line(self) -> str:
        """`Evaluation drill at level 3 (solid) on Search ranking, 15 min`."""
        return (f"{self.title} drill from level {self.start_level} ({LEVEL_NAMES[self.start_level]}) on "
                f"{self.question_title}, {self.minutes:g} min")


class PracticePlan(BaseModel):
    now: datetime
    sessions: list[PastSession]
    """The sessions of the progress table, oldest first."""
    finished: int
    areas: list[AreaStatus]
    next: Proposal
    rule: str


def _trend(levels: list[int]) -> str:
    if not levels:
        return "not assessed"
    if len(levels) == 1:
        return "first result"
    change = levels[-1] - levels[0]
    return "steady" if change == 0 else f"{'↑' if change > 0 else '↓'} {change:+d} since the first"


def area_status(area: Area, history: Sequence[PastSession], shown: Sequence[PastSession], cfg: PracticeFile,
                weight: float) -> AreaStatus:
    assessed = [s for s in history if s.levels[area] is not None]
    levels = [s.levels[area] for s in assessed]
    latest = levels[-1] if levels else None
    improved = len(levels) > 1 and levels[-1] > levels[-2]  # type: ignore[operator]
    last = assessed[-1].started if assessed else None
    interval = None
    due = None
    if latest is not None and last is not None:
        interval = cfg.review.days[latest] * (cfg.review.improved if improved else 1.0)
        due = last + timedelta(days=interval)
    gap = 4 - (latest if latest is not None else cfg.ranking.unreached_level)
    return AreaStatus(area=area, title=AREA_TITLES[area], levels=[s.levels[area] for s in shown], latest=latest,
                      edge=assessed[-1].edges[area] if assessed else None, last_practised=last, improved=improved,
                      interval_days=interval, due=due, trend=_trend([lv for lv in levels if lv is not None]),
                      priority=round(weight * gap, 4))


def _date(t: datetime) -> str:
    return f"{t.astimezone().day} {t.astimezone():%b}"


def choose_question(history: Sequence[PastSession], bank: Mapping[str, Question], tier: Tier,
                    recent: int) -> Question:
    """A question not among the last `recent` sessions' questions: of the candidate's tier where one is left,
    never seen before seen, then the one seen longest ago."""
    avoid = {s.question for s in history[-recent:]} if recent else set()
    last_seen = {s.question: i for i, s in enumerate(history)}
    fresh = [q for q in bank.values() if q.id not in avoid] or list(bank.values())
    return min(fresh, key=lambda q: (q.tier != tier, last_seen.get(q.id, -1), q.id))


def _why(chosen: AreaStatus, due: bool, tier_name: str, weight: float, cfg: PracticeFile, now: datetime) -> str:
    if chosen.latest is None or chosen.last_practised is None:
        return (f"{chosen.title} has not been assessed in your sessions yet; it counts {round(weight * 100)}% "
                f"at {tier_name}.")
    days = cfg.review.days[chosen.latest]
    spacing = f"{LEVEL_NAMES[chosen.latest]} areas come back after {days:g} day{'s' if days != 1 else ''}"
    if chosen.improved:
        spacing += ", twice that after an improvement"
    when = "is due for review" if due else f"is the next due ({_date(chosen.due or now)}), so this is early practice"
    return (f"{chosen.title} {when}: last practised {_date(chosen.last_practised)} at "
            f"{standing(chosen.latest)}, and {spacing}; it counts {round(weight * 100)}% at {tier_name}.")


def plan(history: Sequence[PastSession], bank: Mapping[str, Question], cfg: PracticeFile,
         weights: Mapping[Area, float], now: datetime, *, tier_name: str = "") -> PracticePlan:
    """The plan from finished sessions (oldest first; at least one). `weights` are the area weights of the
    latest session's tier and team, which the drill keeps."""
    history = sorted(history, key=lambda s: s.started)
    last = history[-1]
    shown = history[-cfg.review.progress_columns:]
    statuses = [area_status(a, history, shown, cfg, weights[a]) for a in AREAS]
    due = [s for s in statuses if s.due is None or s.due <= now]
    if due:
        chosen = min(due, key=lambda s: (-s.priority, s.due or datetime.min.replace(tzinfo=now.tzinfo),
                                         AREAS.index(s.area)))
    else:
        chosen = min(statuses, key=lambda s: (s.due or now, -s.priority, AREAS.index(s.area)))
    question = choose_question(history, bank, last.tier, cfg.drill.recent_questions)
    start = max(1, min(4, chosen.edge or 1))
    name = tier_name or last.tier
    why = _why(chosen, bool(due), name, weights[chosen.area], cfg, now)
    if cfg.drill.recent_questions:
        why += f" The question is not one of your last {cfg.drill.recent_questions}."
    proposal = Proposal(area=chosen.area, title=chosen.title, start_level=start, question_id=question.id,
                        question_title=question.title, tier=last.tier, team=last.team, minutes=cfg.drill.minutes,
                        due=bool(due), why=why)
    days = ", ".join(f"{LEVEL_NAMES[lv]} {d:g}" for lv, d in sorted(cfg.review.days.items()))
    rule = (f"Each area comes back after a number of days set by its latest level ({days}), twice that when it "
            f"improved at its last practice; of the areas due, the drill takes the one that counts most at "
            f"{name} × levels left to climb, starting at your edge there.")
    return PracticePlan(now=now, sessions=shown, finished=len(history), areas=statuses, next=proposal, rule=rule)
