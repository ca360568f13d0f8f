"""Run simulated candidates through the real interview graph and grade the interviewer, not only the
candidate: does it build on what was said, avoid asking what was answered, never go deeper after a
miss, acknowledge only what deserved it, answer clarifying questions, fill its time and reach every
area, and find each candidate's edge?"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from evals.sim.candidate import Answer, Profile, SimulatedCandidate, load_bank
from graphs.checkpoint import memory_checkpointer
from graphs.policy import covered
from graphs.session import InterviewSession
from graphs.timebox import area_budget
from interviewer.brains.base import Brain
from interviewer.brains.followup import NO_FACT, near_duplicate
from interviewer.events import AssessmentEvent, TurnEvent
from interviewer.evidence import SessionEvidence, fold
from interviewer.models import AREAS, Area, Tier
from interviewer.scoring import Scorecard
from interviewer.settings import InterviewSettings
from interviewer.text import fold as fold_text
from interviewer.text import stems
from rubrics import get_question
from rubrics.schema import Question

MAX_TURNS = 120
FAILURES = {"dont_know", "hedge", "wrong", "bluff"}
PRAISE = ("good", "great", "nice", "excellent", "exactly", "perfect", "that covers", "right,", "right.", "well done")


def answer_seconds(text: str) -> float:
    """Interview time one answer takes: reading the question and thinking (30 s) plus speaking (2 words/s)."""
    return 30.0 + len(text.split()) / 2


class _Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


class Exchange(BaseModel):
    interviewer: TurnEvent
    answer: Answer | None = None


class SimResult(BaseModel):
    profile: str
    question: str
    brain: str
    true_edges: dict[Area, int]
    found_edges: dict[Area, int | None]
    exchanges: list[Exchange]
    minutes: float
    ended_by: str
    followups: int
    built_on: int
    covered_asked: int
    near_duplicates: int
    deeper_after_miss: int
    wrong_acks: int
    clarifying_asked: int
    clarifying_answered: int
    areas_reached: int
    candidate_turns: int
    probes_per_area: dict[Area, int]
    recommendation: str
    examples: list[str]
    over_budget: int = 0
    """Questions asked in an area after its time budget was used up (the policy should have moved on)."""
    scorecard: Scorecard | None = None
    transcript: Path | None = None

    def edge_hits(self, tolerance: int = 1) -> int:
        return sum(1 for a in AREAS if self.found_edges[a] is not None
                   and abs(self.found_edges[a] - self.true_edges[a]) <= tolerance)  # type: ignore[operator]


def _grams(text: str, n: int = 3) -> set[tuple[str, ...]]:
    words = stems(fold_text(text))
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _numbers(text: str) -> set[str]:
    return {w for w in stems(fold_text(text)) if w.isdigit()}


def question_file_text(q: Question) -> str:
    parts = [q.prompt, *(f.answer for f in q.facts)]
    for ladder in q.ladders.values():
        for lv in ladder.levels:
            parts += [*lv.probes, lv.hint, lv.stronger, *(p.text for p in lv.points), *(p.ask for p in lv.points),
                      *(p.simpler for p in lv.points), *(s for p in lv.points for s in p.synonyms)]
    return " ".join(parts)


def builds_on(followup: str, answer: str, bank_grams: set[tuple[str, ...]], bank_numbers: set[str]) -> bool:
    """The follow-up says back a phrase (three words in a row) or a number of the candidate's answer
    that the question file does not contain."""
    shared = (_grams(followup) & _grams(answer)) - bank_grams
    numbers = (_numbers(followup) & _numbers(answer)) - bank_numbers
    return bool(shared or numbers)


def simulate(profile: Profile, question_id: str, *, tier: Tier, brain: Brain, home: Path,
             minutes: float = 45, checkpointer: object = None, suffix: str = "", start: int = 0) -> SimResult:
    """One whole interview. `suffix` is added to every answer (e.g. an injection attack); `start` is where
    the candidate starts in each list of the bank."""
    question = get_question(question_id)
    clock = _Clock()
    settings = InterviewSettings(question_id=question_id, tier=tier, role=profile.role, minutes=minutes,
                                 focus=profile.focus)
    session = InterviewSession.create(settings, home=home, brain=brain, clock=clock,
                                      checkpointer=checkpointer or memory_checkpointer())
    candidate = SimulatedCandidate(profile, load_bank(question_id), start=start)
    step = session.begin()
    answers: dict[int, Answer] = {}
    while not step.done and len(answers) < MAX_TURNS:
        if step.error:
            step = session.retry()
            continue
        pending = step.pending
        assert pending is not None
        given = candidate.answer(step.phase, pending.area, pending.level)
        clock.now += answer_seconds(given.text)
        answers[pending.turn + 1] = given
        step = session.send(f"{given.text}\n\n{suffix}" if suffix else given.text)
    if not step.done:
        step = session.send("/end")
    assert step.scorecard is not None
    result = grade(session.writer.transcript.events, answers, question, profile, brain.kind,
                   {a: s.edge for a, s in step.scorecard.areas.items()}, step.scorecard.overall.recommendation,
                   (clock.now - 1_800_000_000.0) / 60, session.state.ended_by if session.state else "")
    return result.model_copy(update={"scorecard": step.scorecard, "transcript": session.writer.path,
                                     "over_budget": over_budget(session.writer.transcript.turns, settings)})


def over_budget(turns: list[TurnEvent], settings: InterviewSettings) -> int:
    """Probes asked in an area once the time the policy gave it (its weighted share of the time left
    when it started) was used up."""
    start = (turns[0].ts or 0.0) if turns else 0.0
    opened: dict[Area, tuple[float, float]] = {}
    count = 0
    for t in turns:
        if t.speaker != "interviewer" or t.area is None or t.ts is None or t.probe in ("wrap_up", "clarify", "hint"):
            continue
        if t.area not in opened:
            remaining = [a for a in AREAS if a not in opened]
            opened[t.area] = (t.ts, area_budget(settings, t.area, t.ts - start, remaining))
            continue
        began, budget = opened[t.area]
        if t.ts - began > budget:
            count += 1
    return count


def grade(events: list[object], answers: dict[int, Answer], question: Question, profile: Profile, brain: str,
          found: dict[Area, int | None], recommendation: str, minutes: float, ended_by: str) -> SimResult:
    bank_text = question_file_text(question)
    bank_grams, bank_numbers = _grams(bank_text), _numbers(bank_text)
    facts = [" ".join(stems(fold_text(f.answer))) for f in question.facts] + [" ".join(stems(NO_FACT))]
    turns = [e for e in events if isinstance(e, TurnEvent)]
    assessments = {e.turn: e.assessment for e in events if isinstance(e, AssessmentEvent)}
    exchanges: list[Exchange] = []
    evidence = SessionEvidence()
    counts = dict.fromkeys(("followups", "built_on", "covered_asked", "near_duplicates", "deeper_after_miss",
                            "wrong_acks", "clarifying_asked", "clarifying_answered"), 0)
    probes: dict[Area, int] = {a: 0 for a in AREAS}
    asked: list[str] = []
    examples: list[str] = []
    last_answer: TurnEvent | None = None
    for t in turns:
        if t.speaker == "candidate":
            last_answer = t
            a = assessments.get(t.index)
            if a is not None:
                evidence = fold(evidence, t.index, a, None if a.is_question else t.area)
            continue
        given = answers.get(t.index + 1)
        exchanges.append(Exchange(interviewer=t, answer=given))
        if t.probe in ("open", "deeper", "breadth", "verify", "rescue", "challenge", "pivot"):
            probes[t.area or "problem_framing"] += 1  # type: ignore[index]
            if t.target is not None and covered(evidence, question, t.target):
                counts["covered_asked"] += 1
            if near_duplicate(t.text.split("\n")[-1], asked):
                counts["near_duplicates"] += 1
                examples.append(f"near-duplicate: {t.text[:100]}")
            asked.append(t.text.split("\n")[-1])
        if last_answer is None:
            continue
        prev = answers.get(last_answer.index)
        lower = t.text.lower()
        if prev is not None and (prev.kind == "question" or "?" in prev.text.strip()[-1:]):
            counts["clarifying_asked"] += 1
            norm = " ".join(stems(fold_text(t.text)))
            if any(f in norm for f in facts):
                counts["clarifying_answered"] += 1
        if t.probe in ("clarify", "wrap_up", "hint", "open") or prev is None or prev.kind == "question":
            continue
        counts["followups"] += 1
        if builds_on(t.text, last_answer.text, bank_grams, bank_numbers):
            counts["built_on"] += 1
        if prev.kind in FAILURES:
            if t.probe in ("deeper", "breadth"):
                counts["deeper_after_miss"] += 1
                examples.append(f"deeper after {prev.kind}: {t.text[:100]}")
            if lower.startswith(PRAISE):
                counts["wrong_acks"] += 1
                examples.append(f"ack after {prev.kind}: {t.text[:100]}")
    return SimResult(
        profile=profile.id, question=question.id, brain=brain, true_edges=dict(profile.edges), found_edges=found,
        exchanges=exchanges, minutes=round(minutes, 1), ended_by=ended_by, **counts,
        areas_reached=sum(1 for a in AREAS if probes[a]), candidate_turns=len(answers), probes_per_area=probes,
        recommendation=recommendation, examples=examples,
    )
