"""Thin graph nodes: read state, call the policy or the brain from the runtime context, return an update."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from graphs import policy
from graphs.context import InterviewContext
from graphs.state import InterviewState, Pending
from interviewer.brains.base import AskRequest, AssessRequest, ThreadTurn
from interviewer.brains.reading import MAX_ASSESSED_CHARS
from interviewer.scoring import score as score_evidence


def intro(state: InterviewState) -> dict[str, Any]:
    return policy.start(state.settings)


def speak(state: InterviewState, runtime: Runtime[InterviewContext]) -> dict[str, Any]:
    """Phrase the planned message (the LLM brain streams it through the stream writer)."""
    ctx, plan = runtime.context, state.plan
    assert plan is not None
    prog = state.progress[plan.area]
    request = AskRequest(
        question=ctx.question, kind=plan.kind, area=plan.area, level=plan.level, turn=state.turn,
        previous_area=plan.previous_area, reason=plan.reason, assessment=state.assessment,
        candidate_text=state.answer if plan.kind == "clarify" else "", thread=state.thread,
        summary=state.summary, asked=prog.asked,
    )
    text = ctx.brain.ask(request, sink=lambda chunk: runtime.stream_writer({"text": chunk}))
    progress = dict(state.progress)
    if plan.kind in ("open", "deeper", "rescue", "pivot", "hint"):
        progress[plan.area] = prog.model_copy(update={"asked": [*prog.asked, text]})
    return {
        "pending": Pending(turn=state.turn, text=text, kind=plan.kind, area=plan.area, level=plan.level),
        "turn": state.turn + 1,
        "progress": progress,
        "thread": policy.trim_thread(state.thread, ThreadTurn(speaker="interviewer", text=text)),
        "asked_at": ctx.clock(),
        "command": None,
    }


def listen(state: InterviewState, runtime: Runtime[InterviewContext]) -> dict[str, Any]:
    """Wait for the candidate. Resume with the raw text they typed (commands like /hint included)."""
    pending = state.pending
    assert pending is not None
    raw = interrupt(pending.model_dump() | {"phase": state.phase})
    text = raw.get("text", "") if isinstance(raw, dict) else str(raw)
    ctx = runtime.context
    seconds = max(0.0, min(ctx.clock() - state.asked_at, ctx.max_answer_seconds))
    command = policy.parse_command(text)
    if command is not None:
        return {"command": command, "answer": "", "answer_turn": None, "answer_seconds": seconds}
    return {
        "command": None,
        "answer": text[:MAX_ASSESSED_CHARS + 1],  # the whole answer is in the transcript; one char more
                                                   # than is read lets the reader say it was cut
        "answer_turn": state.turn,
        "turn": state.turn + 1,
        "answer_seconds": seconds,
        "thread": policy.trim_thread(state.thread, ThreadTurn(speaker="candidate", text=text)),
    }


def assess(state: InterviewState, runtime: Runtime[InterviewContext]) -> dict[str, Any]:
    ctx, pending = runtime.context, state.pending
    assert pending is not None
    request = AssessRequest(
        question=ctx.question, area=state.current, level=state.progress[state.current].level,
        probe=pending.text, answer=state.answer, thread=state.thread, summary=state.summary,
    )
    return {"assessment": ctx.brain.assess(request)}


def advance(state: InterviewState, runtime: Runtime[InterviewContext]) -> dict[str, Any]:
    update = policy.decide(state, state.answer_seconds, runtime.context.question).update()
    if state.command is not None:
        update["assessment"] = None
    return update


def score(state: InterviewState, runtime: Runtime[InterviewContext]) -> dict[str, Any]:
    s = state.settings
    card = score_evidence(state.evidence, question_id=s.question_id, tier=s.tier, role=s.role, team=s.team,
                          versions=runtime.context.brain.versions())
    return {"scorecard": card, "phase": "scored"}
