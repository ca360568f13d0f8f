"""Run simulated candidates through the real interview graph and measure edge finding."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from evals.sim.candidate import Profile, SimulatedCandidate
from graphs.checkpoint import memory_checkpointer
from graphs.session import InterviewSession
from interviewer.brains.base import Brain
from interviewer.models import AREAS, Area, Tier
from interviewer.scoring import Scorecard
from interviewer.settings import InterviewSettings
from rubrics import get_question

SECONDS_PER_ANSWER = 45.0
MAX_TURNS = 120


class SimResult(BaseModel):
    profile: str
    question: str
    tier: Tier
    true_edges: dict[Area, int]
    found_edges: dict[Area, int | None]
    answers_per_area: dict[Area, int]
    scorecard: Scorecard
    answers: int
    transcript: Path

    def edge_hits(self, tolerance: int = 1) -> int:
        return sum(1 for a in AREAS if self.found_edges[a] is not None
                   and abs(self.found_edges[a] - self.true_edges[a]) <= tolerance)  # type: ignore[operator]


class _Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def simulate(profile: Profile, question_id: str, *, tier: Tier, brain: Brain, home: Path,
             minutes: float = 45, checkpointer: object = None) -> SimResult:
    question = get_question(question_id)
    clock = _Clock()
    settings = InterviewSettings(question_id=question_id, tier=tier, role=profile.role, minutes=minutes)
    session = InterviewSession.create(settings, home=home, brain=brain, clock=clock,
                                      checkpointer=checkpointer or memory_checkpointer())
    candidate = SimulatedCandidate(profile, question)
    step = session.begin()
    answers = 0
    per_area = {a: 0 for a in AREAS}
    while not step.done and answers < MAX_TURNS:
        if step.error:
            step = session.retry()
            continue
        pending = step.pending
        assert pending is not None
        clock.now += SECONDS_PER_ANSWER
        text = candidate.answer(step.phase, pending.area, pending.level, pending.kind)
        answers += 1
        if step.phase != "clarify":
            per_area[pending.area] += 1
        step = session.send(text)
    if not step.done:
        step = session.send("/end")
    assert step.scorecard is not None
    return SimResult(
        profile=profile.id, question=question_id, tier=tier, true_edges=profile.edges, found_edges=step.edges,
        answers_per_area=per_area, scorecard=step.scorecard, answers=answers, transcript=session.writer.path,
    )
