"""Thin graph nodes: read state, call the policy or the brain from the runtime context, return a state
update with the events they caused (numbered, time-stamped) for the session to write."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from graphs import policy, timebox
from graphs.context import InterviewContext
from graphs.state import InterviewState, Pending
from interviewer.brains.base import AskRequest, AssessRequest, ThreadTurn
from interviewer.brains.reading import MAX_ASSESSED_CHARS
from interviewer.events import AssessmentEvent, Event, PhaseEvent, ScoreEvent, TurnEvent, numbered
from interviewer.models import PointKey
from interviewer.scoring import score as score_evidence


def emit(state: InterviewState, events: list[Event], now: float) -> dict[str, Any]:
    """The events as a state update: numbered after the last one, stamped with the wall clock."""
    stamped = [e.model_copy(update={"ts": now}) if getattr(e, "ts", 0) is None else e for e in events]
    out = numbered(stamped, state.seq)
    return {"events": out, "seq": state.seq + len(out)}


def intro(state: InterviewState, runtime: Runtime[InterviewContext]) -> dict[str, Any]:
    done = policy.start(state, runtime.context.question)
    return done.patch.update() | emit(state, done.events, runtime.context.wall())


def _covered(state: InterviewState) -> list[PointKey]:
    return [p.key for ev in state.evidence.areas.values() for p in ev.points if p.explained]


def speak(state: InterviewState, runtime: Runtime[InterviewContext]) -> dict[str, Any]:
    """Phrase the planned message (the LLM brain streams it through the stream writer)."""
    ctx, plan = runtime.context, state.plan
    assert plan is not None
    prog = state.progress[plan.area]
    asked = [a for p in state.progress.values() for a in p.asked]
    request = AskRequest(
        question=ctx.question, kind=plan.kind, area=plan.area, level=plan.level, turn=state.turn,
        target=plan.target, previous_area=plan.previous_area, reason=plan.reason, assessment=state.assessment,
        candidate_text=state.answer, thread=state.thread, summary=state.summary, asked=asked,
        covered=_covered(state), minutes=state.settings.minutes,
        time_left=timebox.time_left(state.settings, state.elapsed),
    )
    text = ctx.brain.ask(request, sink=lambda chunk: runtime.stream_writer({"text": chunk}))
    progress = dict(state.progress)
    targets = [*prog.targets, plan.target] if plan.target and plan.target not in prog.targets else prog.targets
    progress[plan.area] = prog.model_copy(update={"asked": [*prog.asked, text][-12:], "targets": targets})
    now = ctx.clock()
    turn = TurnEvent(index=state.turn, speaker="interviewer", text=text, area=plan.area, level=plan.level,
                     probe=plan.kind, target=plan.target)
    return {
        "pending": Pending(turn=state.turn, text=text, kind=plan.kind, area=plan.area, level=plan.level,
                           target=plan.target),
        "turn": state.turn + 1,
        "progress": progress,
        "thread": policy.trim_thread(state.thread, ThreadTurn(speaker="interviewer", text=text)),
        "asked_at": now,
        "command": None,
    } | emit(state, [turn], ctx.wall())


def listen(state: InterviewState, runtime: Runtime[InterviewContext]) -> dict[str, Any]:
    """Wait for the candidate. Resume with the raw text they typed (commands like /hint included)."""
    pending = state.pending
    assert pending is not None
    raw = interrupt(pending.model_dump() | {"phase": state.phase})
    text = raw.get("text", "") if isinstance(raw, dict) else str(raw)
    ctx = runtime.context
    now = ctx.clock()
    seconds = timebox.clock_seconds(state.asked_at, now, ctx.max_answer_seconds)
    command = policy.parse_command(text)
    if command is not None:
        return {"command": command, "answer": "", "answer_turn": None, "answer_seconds": seconds}
    turn = TurnEvent(index=state.turn, speaker="candidate", text=text, area=state.current)
    return {
        "command": None,
        "answer": text[:MAX_ASSESSED_CHARS + 1],  # the whole answer is in the transcript; one char more
                                                   # than is read lets the reader say it was cut
        "answer_turn": state.turn,
        "turn": state.turn + 1,
        "answer_seconds": seconds,
        "thread": policy.trim_thread(state.thread, ThreadTurn(speaker="candidate", text=text)),
    } | emit(state, [turn], ctx.wall())


def assess(state: InterviewState, runtime: Runtime[InterviewContext]) -> dict[str, Any]:
    ctx, pending = runtime.context, state.pending
    assert pending is not None and state.answer_turn is not None
    request = AssessRequest(
        question=ctx.question, area=state.current, level=state.progress[state.current].level,
        probe=pending.text, answer=state.answer, thread=state.thread, summary=state.summary,
    )
    assessment = ctx.brain.assess(request)
    return {"assessment": assessment} | emit(state, [AssessmentEvent(turn=state.answer_turn, assessment=assessment)],
                                             ctx.wall())


def advance(state: InterviewState, runtime: Runtime[InterviewContext]) -> dict[str, Any]:
    done = policy.decide(state, state.answer_seconds, runtime.context.question)
    update = done.patch.update() | emit(state, done.events, runtime.context.wall())
    if state.command is not None:
        update["assessment"] = None
    return update


def score(state: InterviewState, runtime: Runtime[InterviewContext]) -> dict[str, Any]:
    s = state.settings
    card = score_evidence(state.evidence, question_id=s.question_id, tier=s.tier, role=s.role, team=s.team,
                          versions=runtime.context.brain.versions(), rubric=s.question_id)
    events: list[Event] = [ScoreEvent(scorecard=card.model_dump(mode="json")), PhaseEvent(phase="scored")]
    return {"scorecard": card, "phase": "scored"} | emit(state, events, runtime.context.wall())
