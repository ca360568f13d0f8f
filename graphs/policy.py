"""Pure decision functions of the interview: probe deeper, rescue, pivot, hint, wrap up, time.

Edge probing: a solid answer at level k earns a probe at the next level not yet shown; a weak or
wrong answer earns one rescue probe at the same level; a second miss, or "I don't know", fixes the
area's edge at the deepest level shown below the one that failed, and the interview pivots.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphs.state import AreaProgress, CloseReason, Command, InterviewState, Phase, Plan
from interviewer.brains.base import ThreadTurn
from interviewer.evidence import SessionEvidence, depth_of, fold, record_hint
from interviewer.models import AREA_TITLES, AREAS, Area
from interviewer.scoring import tier_weights
from interviewer.settings import InterviewSettings
from rubrics import load_tiers
from rubrics.schema import Question

SPECIALIST_FOCUS_BOOST = 1.6
THREAD_TURNS = 6
THREAD_CHARS = 1200
COMMANDS: dict[str, Command] = {"/hint": "hint", "/skip": "skip", "/end": "end"}


def parse_command(text: str) -> Command | None:
    return COMMANDS.get(text.strip().lower())


def area_weights(settings: InterviewSettings) -> dict[Area, float]:
    """Share of interview time per area: tier weights, shifted by team type and a specialist's focus."""
    weights = dict(tier_weights(load_tiers().tier(settings.tier), settings.team))
    if settings.role == "specialist" and settings.focus in weights:
        weights[settings.focus] *= SPECIALIST_FOCUS_BOOST  # type: ignore[index]
    total = sum(weights.values())
    return {a: w / total for a, w in weights.items()}


def area_budget(settings: InterviewSettings, area: Area, elapsed: float, remaining: list[Area]) -> float:
    """Seconds for `area`: its weighted share of the time left among the areas still to come."""
    weights = area_weights(settings)
    left = max(0.0, settings.minutes * 60 - elapsed)
    share = sum(weights[a] for a in remaining) or 1.0
    return left * weights[area] / share


def time_is_up(settings: InterviewSettings, elapsed: float) -> bool:
    return elapsed >= settings.minutes * 60


def first_unshown_level(evidence: SessionEvidence, area: Area, above: int = 0) -> int | None:
    """The shallowest level above `above` the candidate has not yet shown in this area."""
    shown = evidence.areas[area].levels()
    return next((lv for lv in range(above + 1, 5) if lv not in shown), None)


def passed(evidence: SessionEvidence, area: Area, level: int) -> bool:
    """The probed level (or a deeper one) is now shown by the evidence gathered so far."""
    return any(lv >= level for lv in evidence.areas[area].levels())


def closing_edge(evidence: SessionEvidence, area: Area, failed_level: int | None) -> int:
    """The edge when an area closes: deepest level shown, below the level that failed if one did."""
    levels = evidence.areas[area].levels()
    if failed_level is not None:
        levels = {lv for lv in levels if lv < failed_level}
    return depth_of(levels)


def next_pending(progress: dict[Area, AreaProgress]) -> Area | None:
    return next((a for a in AREAS if progress[a].status == "pending"), None)


def trim_thread(thread: list[ThreadTurn], turn: ThreadTurn) -> list[ThreadTurn]:
    text = turn.text if len(turn.text) <= THREAD_CHARS else turn.text[:THREAD_CHARS] + " […]"
    return [*thread, ThreadTurn(speaker=turn.speaker, text=text)][-THREAD_TURNS:]


def summary_line(area: Area, progress: AreaProgress, evidence: SessionEvidence) -> str:
    points = sorted(evidence.areas[area].hits)
    shown = ", ".join(p.split(":", 1)[1] for p in points) or "nothing concrete"
    return f"{AREA_TITLES[area]}: edge {progress.edge}/4 ({progress.reason}); covered {shown}."


@dataclass
class Decision:
    """A state update: everything the policy changed after one answer or command."""

    phase: Phase
    current: Area
    progress: dict[Area, AreaProgress]
    budgets: dict[Area, float]
    evidence: SessionEvidence
    plan: Plan
    elapsed: float
    summary: str
    thread: list[ThreadTurn]
    hints: int
    ended_by: str

    def update(self) -> dict[str, object]:
        return dict(self.__dict__)


def _close(d: Decision, area: Area, reason: CloseReason, failed_level: int | None) -> None:
    prog = d.progress[area]
    prog.status, prog.reason = "closed", reason
    prog.edge = closing_edge(d.evidence, area, failed_level)
    d.summary = "\n".join(filter(None, [d.summary, summary_line(area, prog, d.evidence)]))


def _pivot_or_wrap(d: Decision, settings: InterviewSettings, closed: Area, reason: str) -> None:
    """Start the next area that still has something to probe, or wrap up."""
    while True:
        nxt = next_pending(d.progress)
        if nxt is None or time_is_up(settings, d.elapsed):
            _wrap(d, closed, "complete" if nxt is None else "time")
            return
        start = first_unshown_level(d.evidence, nxt)
        if start is None:  # everything already shown in passing: nothing left to find here
            d.progress[nxt].level = 4
            _close(d, nxt, "top", None)
            continue
        remaining = [a for a in AREAS if d.progress[a].status == "pending"]
        d.budgets[nxt] = area_budget(settings, nxt, d.elapsed, remaining)
        d.progress[nxt].status, d.progress[nxt].level, d.progress[nxt].misses = "active", start, 0
        d.current, d.thread, d.phase = nxt, [], "areas"
        d.plan = Plan(kind="pivot", area=nxt, level=start, reason=reason, previous_area=closed)
        return


def _wrap(d: Decision, area: Area, why: str) -> None:
    for a in AREAS:
        if d.progress[a].status == "active":
            _close(d, a, "end" if why != "time" else "time", d.progress[a].level)
    d.phase, d.ended_by = "wrap_up", d.ended_by or why
    d.plan = Plan(kind="wrap_up", area=area, level=d.progress[area].level, reason=why)


def decide(state: InterviewState, answer_seconds: float, question: Question | None = None) -> Decision:
    """The policy's response to the candidate's last input (an answer or a command)."""
    settings, area = state.settings, state.current
    d = Decision(
        phase=state.phase, current=area,
        progress={a: p.model_copy(deep=True) for a, p in state.progress.items()},
        budgets=dict(state.budgets), evidence=state.evidence, plan=state.plan or Plan(
            kind="open", area=area, level=1),
        elapsed=state.elapsed + answer_seconds, summary=state.summary, thread=list(state.thread),
        hints=state.hints, ended_by=state.ended_by,
    )
    prog = d.progress[area]
    prog.seconds += answer_seconds
    if state.command == "end":
        d.ended_by = "candidate"
        _wrap(d, area, "candidate")
        return d
    if state.command == "hint":
        d.evidence = record_hint(d.evidence, area, prog.level)
        d.hints += 1
        d.plan = Plan(kind="hint", area=area, level=prog.level)
        return d
    if state.command == "skip":
        if d.phase == "clarify":
            d.phase = "areas"
        _close(d, area, "skip", prog.level)
        _pivot_or_wrap(d, settings, area, "skip")
        return d
    a = state.assessment
    assert a is not None, "decide() needs an assessment when no command was given"
    d.evidence = fold(d.evidence, state.answer_turn or 0, a, state.answer,
                      probed=None if a.is_question else area, question=question)
    if a.is_question:
        reason = "clarify_phase" if d.phase == "clarify" else "reask"
        d.plan = Plan(kind="clarify", area=area, level=prog.level, reason=reason)
        return d
    if d.phase == "clarify":
        d.phase = "areas"
        prog.status = "active"
    if time_is_up(settings, d.elapsed):
        _wrap(d, area, "time")
        return d
    ok = passed(d.evidence, area, prog.level)
    if a.dont_know and not ok:
        _close(d, area, "edge", prog.level)
        _pivot_or_wrap(d, settings, area, "edge")
        return d
    if ok:
        prog.misses = 0
        nxt = first_unshown_level(d.evidence, area, above=prog.level)
        if nxt is None:
            prog.level = 4
            _close(d, area, "top", None)
            _pivot_or_wrap(d, settings, area, "top")
            return d
        prog.level = nxt
        if area in d.budgets and prog.seconds >= d.budgets[area]:
            _close(d, area, "time", nxt)
            _pivot_or_wrap(d, settings, area, "time")
            return d
        d.plan = Plan(kind="deeper", area=area, level=nxt)
        return d
    prog.misses += 1
    if prog.misses >= 2:
        _close(d, area, "edge", prog.level)
        _pivot_or_wrap(d, settings, area, "edge")
        return d
    if area in d.budgets and prog.seconds >= d.budgets[area]:
        _close(d, area, "time", prog.level)
        _pivot_or_wrap(d, settings, area, "time")
        return d
    d.plan = Plan(kind="rescue", area=area, level=prog.level, reason=a.verdict)
    return d


def start(settings: InterviewSettings) -> dict[str, object]:
    """The opening: budgets for the first area and the plan to state the problem."""
    progress = {a: AreaProgress() for a in AREAS}
    progress["problem_framing"].status = "active"
    return {
        "phase": "clarify",
        "current": "problem_framing",
        "progress": progress,
        "budgets": {"problem_framing": area_budget(settings, "problem_framing", 0.0, list(AREAS))},
        "plan": Plan(kind="open", area="problem_framing", level=1),
    }


def edge_map(state: InterviewState) -> dict[Area, int | None]:
    """Edges so far: fixed for closed areas, the live estimate for the active one, None if unreached."""
    out: dict[Area, int | None] = {}
    for area in AREAS:
        prog = state.progress[area]
        if not state.evidence.areas[area].probed:
            out[area] = None
        elif prog.status == "closed":
            out[area] = prog.edge
        else:
            out[area] = state.evidence.edge(area)
    return out
