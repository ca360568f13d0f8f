"""Every decision of the interview, as pure functions: what to ask next, when an area's edge is found,
time per area, hints, skips and the wrap-up.

Edge probing: a level is probed until the candidate shows it; a shown level earns a second point at
the same level (breadth) where time allows, then the next level not yet shown. A pass past the basics
argued in fewer than two sentences is first asked why it holds (verify). A miss or "I don't
know" earns one second try on the same point - a simpler wording, or a challenge of a confident
error - never a deeper question. A second miss at a level confirms the edge: the deepest level shown
below it. The interview ends on time, on /end, or when every area's edge is found, never because a
list ran out. Each decision returns a typed patch of the state and the events it caused.
"""

from __future__ import annotations

from pydantic import BaseModel

from graphs.state import AreaProgress, CandidateCommand, InterviewState, Plan
from graphs.timebox import area_budget, breadth, time_is_up
from interviewer.brains.base import ThreadTurn
from interviewer.brains.followup import verify_claim
from interviewer.brains.reading import ladder_equivalents
from interviewer.events import AreaEvent, CloseReason, EdgeEvent, Event, HintEvent, Phase, PhaseEvent
from interviewer.evidence import SessionEvidence, fold, record_hint
from interviewer.models import AREA_TITLES, AREAS, Area, Assessment, PointKey
from rubrics import load_scoring
from rubrics.schema import Question

COMMANDS: dict[str, CandidateCommand] = {"/hint": "hint", "/skip": "skip", "/end": "end"}


def parse_command(text: str) -> CandidateCommand | None:
    return COMMANDS.get(text.strip().lower())


class Patch(BaseModel):
    """The part of the state a decision changes (unset fields are left as they are)."""

    phase: Phase | None = None
    current: Area | None = None
    progress: dict[Area, AreaProgress] | None = None
    budgets: dict[Area, float] | None = None
    evidence: SessionEvidence | None = None
    plan: Plan | None = None
    elapsed: float | None = None
    summary: str | None = None
    thread: list[ThreadTurn] | None = None
    ended_by: str | None = None

    def update(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in self.model_fields_set}


class Outcome(BaseModel):
    patch: Patch
    events: list[Event] = []


# --- evidence -----------------------------------------------------------------------------------

def shown_levels(evidence: SessionEvidence, area: Area) -> set[int]:
    return evidence.areas[area].shown()


def edge_of(evidence: SessionEvidence, area: Area) -> int:
    return evidence.edge(area)


def covered(evidence: SessionEvidence, question: Question, key: PointKey) -> bool:
    """A ladder point the candidate already explained anywhere in the interview, in its own words or
    as the generic idea it stands for, or a framing point they asked about in a clarifying question."""
    ev = evidence.areas[key.area]
    same = set(equivalents(question, key)) | {key.point}
    return any((p.explained or p.during is None) and p.key.point in same for p in ev.points)


def equivalents(question: Question, key: PointKey) -> tuple[str, ...]:
    """Generic concepts the ladder point's own words express (read by the same reader)."""
    return ladder_equivalents(question, key.area, key.level, key.point)


def next_target(question: Question, evidence: SessionEvidence, prog: AreaProgress, area: Area,
                level: int) -> PointKey | None:
    """The first point of the level not yet covered and not yet aimed at in this area: the question's
    own ladder points first, then the generic rubric's ideas of that level that none of them stands for."""
    ladder = [PointKey(area=area, level=level, point=p.id) for p in question.ladders[area].at(level).points]
    for key in ladder:
        if key not in prog.targets and not covered(evidence, question, key):
            return key
    taken = {c for key in ladder for c in equivalents(question, key)}
    for concept in generic_ideas(area, level):
        key = PointKey(area=area, level=level, point=concept)
        if concept not in taken and key not in prog.targets and not covered(evidence, question, key):
            return key
    return None


def generic_ideas(area: Area, level: int) -> list[str]:
    from rubrics import load_concepts

    return [c.point for c in load_concepts().concepts if c.area == area and c.level == level and c.ask]


def next_deep_dive(prog: AreaProgress, area: Area) -> PointKey | None:
    """The first deep dive of the area not yet asked (see `deep_dives` in rubrics/concepts.yaml)."""
    from rubrics import load_concepts

    for dive in load_concepts().deep_dives:
        key = PointKey(area=area, level=4, point=dive.point)
        if dive.area == area and key not in prog.targets:
            return key
    return None


def first_unshown_level(evidence: SessionEvidence, area: Area, above: int = 0) -> int | None:
    shown = shown_levels(evidence, area)
    return next((lv for lv in range(above + 1, 5) if lv not in shown), None)


# --- decisions ----------------------------------------------------------------------------------

class _Draft:
    """The state being changed by one decision, and the events it causes."""

    def __init__(self, state: InterviewState, answer_seconds: float) -> None:
        self.settings = state.settings
        self.phase: Phase = state.phase
        self.current: Area = state.current
        self.progress = {a: p.model_copy(deep=True) for a, p in state.progress.items()}
        self.budgets = dict(state.budgets)
        self.evidence = state.evidence
        self.plan = state.plan or Plan(kind="open", area=state.current, level=1)
        self.elapsed = state.elapsed + answer_seconds
        self.summary = state.summary
        self.thread = list(state.thread)
        self.ended_by = state.ended_by
        self.events: list[Event] = []
        self.progress[self.current].seconds += answer_seconds

    def outcome(self) -> Outcome:
        patch = Patch(phase=self.phase, current=self.current, progress=self.progress, budgets=self.budgets,
                      evidence=self.evidence, plan=self.plan, elapsed=self.elapsed, summary=self.summary,
                      thread=self.thread, ended_by=self.ended_by)
        return Outcome(patch=patch, events=self.events)

    def set_phase(self, phase: Phase) -> None:
        if phase != self.phase:
            self.phase = phase
            self.events.append(PhaseEvent(phase=phase))

    def close(self, area: Area, reason: CloseReason) -> None:
        prog = self.progress[area]
        prog.status, prog.reason = "closed", reason
        prog.edge = edge_of(self.evidence, area) if self.evidence.areas[area].answers else None
        self.events.append(EdgeEvent(area=area, edge=prog.edge, reason=reason))
        shown = sorted({p.key.point.split(":")[-1] for p in self.evidence.areas[area].points if p.explained})
        line = f"{AREA_TITLES[area]}: edge {prog.edge}/4 ({reason}); covered {', '.join(shown) or 'nothing concrete'}."
        self.summary = "\n".join(filter(None, [self.summary, line]))

    def wrap(self, why: str) -> None:
        for a in AREAS:
            if self.progress[a].status == "active":
                self.close(a, "time" if why == "time" else "end")
        self.set_phase("wrap_up")
        self.ended_by = self.ended_by or why
        self.plan = Plan(kind="wrap_up", area=self.current, level=self.progress[self.current].level, reason=why)

    def pivot(self, question: Question, closed: Area, reason: str) -> None:
        """Start the next area that still has something to find, or wrap up."""
        while True:
            nxt = next((a for a in AREAS if self.progress[a].status == "pending"), None)
            if nxt is None:
                self.wrap("complete")
                return
            if time_is_up(self.settings, self.elapsed):
                self.wrap("time")
                return
            start = first_unshown_level(self.evidence, nxt)
            if start is None:  # everything already shown in passing: nothing left to find here
                self.progress[nxt].status = "active"
                self.close(nxt, "top")
                continue
            self.open_area(nxt, start, [a for a in AREAS if self.progress[a].status == "pending"])
            prog = self.progress[nxt]
            prog.status, prog.level, prog.misses, prog.passed_here = "active", start, 0, 0
            self.current, self.thread = nxt, []
            self.set_phase("areas")
            target = next_target(question, self.evidence, prog, nxt, start)
            self.plan = Plan(kind="pivot", area=nxt, level=start, target=target, reason=reason, previous_area=closed)
            return

    def open_area(self, area: Area, level: int, remaining: list[Area]) -> None:
        """Give `area` its share of the time left (among `remaining`) and record that it opened."""
        self.budgets[area] = area_budget(self.settings, area, self.elapsed, remaining)
        self.events.append(AreaEvent(area=area, level=level, budget=round(self.budgets[area] / 60, 2)))

    def aim(self, kind: str, area: Area, level: int, target: PointKey | None, reason: str = "") -> None:
        self.plan = Plan(kind=kind, area=area, level=level, target=target, reason=reason)  # type: ignore[arg-type]


def _out_of_budget(d: _Draft, area: Area) -> bool:
    return area in d.budgets and d.progress[area].seconds >= d.budgets[area]


def decide(state: InterviewState, answer_seconds: float, question: Question) -> Outcome:
    """The policy's response to the candidate's last input (an answer or a command)."""
    d = _Draft(state, answer_seconds)
    area = state.current
    prog = d.progress[area]
    if state.command == "end":
        d.ended_by = "candidate"
        d.wrap("candidate")
        return d.outcome()
    if state.command == "hint":
        d.evidence = record_hint(d.evidence, area, prog.level)
        d.events.append(HintEvent(turn=state.turn, area=area, level=prog.level))
        target = state.pending.target if state.pending else None
        d.aim("hint", area, prog.level, target)
        return d.outcome()
    if state.command == "skip":
        d.close(area, "skip")
        d.pivot(question, area, "skip")
        return d.outcome()
    a = state.assessment
    assert a is not None, "decide() needs an assessment when no command was given"
    return _after_answer(d, state, a, question)


def _after_answer(d: _Draft, state: InterviewState, a: Assessment, question: Question) -> Outcome:
    area = state.current
    prog = d.progress[area]
    d.evidence = fold(d.evidence, state.answer_turn or 0, a, probed=None if a.is_question else area)
    if a.is_question:
        d.aim("clarify", area, prog.level, state.pending.target if state.pending else None,
              "clarify_phase" if d.phase == "clarify" else "reask")
        return d.outcome()
    if d.phase == "clarify":
        d.set_phase("areas")
        prog.status = "active"
    if time_is_up(d.settings, d.elapsed):
        d.wrap("time")
        return d.outcome()
    target = state.pending.target if state.pending else None
    verifying = state.pending is not None and state.pending.kind == "verify"
    thin = thinly_argued(a)
    if a.passed and not (verifying and thin):
        prog.misses = 0
        if verifying:  # the claim held up when asked why
            return _go_on(d, question, area)
        prog.passed_here += 1
        claim = verify_claim(a, area)
        if thin and claim and not _out_of_budget(d, area) and not any(
                claim in said for p in d.progress.values() for said in p.asked):  # one "why" per claim
            d.aim("verify", area, prog.level, None, "thin")
            return d.outcome()
        return _go_on(d, question, area)
    if target is not None and target.point.startswith("deep:"):  # missed past every talking point: the top
        d.close(area, "top")  # level stands, and nothing is left to find here
        d.pivot(question, area, "top")
        return d.outcome()
    prog.misses += 1
    if prog.misses >= 2:  # the second miss at this level confirms the edge
        d.close(area, "edge")
        d.pivot(question, area, "edge")
        return d.outcome()
    if _out_of_budget(d, area):
        d.close(area, "time")
        d.pivot(question, area, "time")
        return d.outcome()
    if any(p.area == area and not p.hedged for p in a.problems):
        kind, why = "challenge", "confident_error"
    elif a.signals.absolutes and not a.dont_know:
        kind, why = "challenge", "absolute"
    else:
        kind, why = "rescue", "dont_know" if a.dont_know else a.verdict
    if target is not None and covered(d.evidence, question, target):
        target = None  # the answer covered the point after all (in other words): ask about one still open
    d.aim(kind, area, prog.level, target or next_target(question, d.evidence, prog, area, prog.level), why)
    return d.outcome()


def thinly_argued(a: Assessment) -> bool:
    """A pass past the basics resting on at most one sentence of argument: before going on, the
    interviewer asks why it holds, as a person would of a claim that is named rather than argued (on the
    dev answer banks 91 % of bluffs and wrong answers that passed a level-2/3 probe argued in fewer
    than two sentences; honest answers that passed, 46 %)."""
    return a.level_probed >= 2 and a.signals.reasoned < load_scoring().reasoning.argued


def _go_on(d: _Draft, question: Question, area: Area) -> Outcome:
    """After a passed probe: another point at this level, or the next level not yet shown."""
    prog = d.progress[area]
    if _out_of_budget(d, area):
        d.close(area, "time")
        d.pivot(question, area, "time")
        return d.outcome()
    if prog.passed_here < breadth(d.settings, area):
        target = next_target(question, d.evidence, prog, area, prog.level)
        if target is not None:
            d.aim("breadth", area, prog.level, target)
            return d.outcome()
    nxt = first_unshown_level(d.evidence, area, above=prog.level)
    while nxt is not None and next_target(question, d.evidence, prog, area, nxt) is None:
        nxt = first_unshown_level(d.evidence, area, above=nxt)  # a level with nothing left to ask
    if nxt is not None:
        prog.level, prog.passed_here, prog.misses = nxt, 0, 0
        d.aim("deeper", area, nxt, next_target(question, d.evidence, prog, area, nxt))
        return d.outcome()
    focus = d.settings.role == "specialist" and d.settings.focus == area
    for level in (4, 3, 2) if focus else (4, 3):  # everything shown: while the area's time lasts, confirm
        target = next_target(question, d.evidence, prog, area, level)  # the depth on another point (a
        if target is not None and (focus or level >= prog.level - 1):  # specialist's focus: any point left)
            prog.level, prog.misses = level, 0
            d.aim("breadth", area, level, target)
            return d.outcome()
    dive = next_deep_dive(prog, area) if focus else None  # a specialist's own area: past the talking points
    if dive is not None:
        prog.level, prog.misses = 4, 0
        d.aim("breadth", area, 4, dive)
        return d.outcome()
    d.close(area, "top")
    d.pivot(question, area, "top")
    return d.outcome()


def start(state: InterviewState, question: Question) -> Outcome:
    """The opening: the problem is stated, framing is the first area, its budget is set. A drill opens
    straight on its one area at its starting level, with all the time; the other areas are not part of it."""
    d = _Draft(state, 0.0)
    drill = state.settings.drill
    area: Area = drill or "problem_framing"
    level = state.settings.start_level if drill else 1
    if drill:
        for other in AREAS:
            if other != drill:
                d.progress[other].status = "closed"
    d.progress[area].status, d.progress[area].level = "active", level
    d.current = area
    d.budgets = {}
    d.open_area(area, level, [area] if drill else list(AREAS))
    d.set_phase("areas" if drill else "clarify")
    d.plan = Plan(kind="open", area=area, level=level,
                  target=next_target(question, state.evidence, d.progress[area], area, level))
    return d.outcome()


def trim_thread(thread: list[ThreadTurn], turn: ThreadTurn) -> list[ThreadTurn]:
    cfg = load_scoring()
    text = turn.text if len(turn.text) <= cfg.thread_chars else turn.text[:cfg.thread_chars] + " […]"
    return [*thread, ThreadTurn(speaker=turn.speaker, text=text)][-cfg.thread_turns:]


def edge_map(state: InterviewState) -> dict[Area, int | None]:
    """Edges so far: fixed for closed areas, the live estimate for the active one, None if unreached."""
    out: dict[Area, int | None] = {}
    for area in AREAS:
        prog = state.progress[area]
        if not state.evidence.areas[area].answers:
            out[area] = None
        elif prog.status == "closed":
            out[area] = prog.edge
        else:
            out[area] = edge_of(state.evidence, area)
    return out
