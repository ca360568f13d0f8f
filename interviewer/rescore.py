"""Scoring a finished transcript: re-assess every answer with a brain and fold the evidence.

JSONL sessions carry the question, tier and the area each probe was about. Plain-text transcripts
do not, so the question is inferred from the opening turns and each interviewer turn is mapped to
an area by its words ("let's move on to evaluation", the areas' keywords, the bank's probes).
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from interviewer.brains.base import AssessRequest, Brain, ThreadTurn
from interviewer.brains.reading import contains, normalise, words
from interviewer.errors import DataFileError
from interviewer.evidence import SessionEvidence, fold, record_hint
from interviewer.models import AREAS, Area, Assessment, Role, TeamType, Tier, Turn
from interviewer.scoring import Scorecard, score
from interviewer.store import Transcript
from rubrics import load_areas, load_questions
from rubrics.schema import Question

_TRANSITION = re.compile(
    r"\b(?:move on to|moving on to|talk about|turn to|switch to|shift to|let's discuss|let us discuss|"
    r"go to|get to|onto)\s+(?:the\s+|your\s+|how\s+you'd\s+|how\s+you\s+would\s+)?([a-z/ -]{3,30})", re.I)
_AREA_NAMES: dict[str, Area] = {
    "framing": "problem_framing", "problem": "problem_framing", "objective": "problem_framing",
    "data": "data", "label": "data", "feature": "data", "training data": "data",
    "model": "modeling", "modeling": "modeling", "modelling": "modeling", "architecture": "modeling",
    "evaluation": "evaluation", "evaluat": "evaluation", "metric": "evaluation", "experiment": "evaluation",
    "a/b": "evaluation", "deploy": "deployment", "serving": "deployment", "production": "deployment",
    "monitoring": "deployment", "infra": "deployment", "rollout": "deployment", "scal": "deployment",
}
_HINT = re.compile(r"\b(hint|nudge)\b", re.I)


class ScoredTurn(BaseModel):
    """One candidate answer as scoring saw it (replay shows these)."""

    turn: int
    area: Area
    level: int
    assessment: Assessment
    edges: dict[Area, int | None]


_STOP = set(words("the a an and or of to for in on with it is are be we you your our that this how what "
                  "which would will can should do does at by as from per each build design system"))


def infer_question(turns: list[Turn], bank: dict[str, Question]) -> Question:
    """The bank question a transcript is about, from the words of its opening turns.

    Each question's own words (title, summary, prompt, tags) are weighted by how specific they are to
    it; the question whose weighted words the opening covers best wins, if it wins clearly.
    """
    opening = set(words(" ".join(t.text for t in turns[:6])))
    vocab = {q.id: set(words(" ".join([q.title, q.summary, q.prompt, *q.tags]))) - _STOP for q in bank.values()}
    spread: dict[str, int] = {}
    for vs in vocab.values():
        for w in vs:
            spread[w] = spread.get(w, 0) + 1
    scores = {}
    for qid, vs in vocab.items():
        total = sum(1 / spread[w] for w in vs) or 1.0
        scores[qid] = sum(1 / spread[w] for w in vs & opening) / total
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best_score < 0.12 or best_score < 1.3 * runner_up:
        raise DataFileError("cannot tell which question this transcript is about; pass --question ID "
                            "(see `interviewer questions`)")
    return bank[best]


def classify(text: str, question: Question, previous: Area) -> Area:
    """Which area an interviewer turn is about; unclear turns continue the previous area."""
    for match in _TRANSITION.finditer(text):
        target_words = match.group(1).lower().split()[:4]
        for name, area in _AREA_NAMES.items():
            if any(w.startswith(name) for w in target_words):
                return area
    for area, ladder in question.ladders.items():
        for lv in ladder.levels:
            if any(p in text for p in lv.probes):
                return area
    norm = normalise(text)
    counts = {spec.id: sum(1 for k in spec.keywords if contains(norm, k)) for spec in load_areas().areas}
    best = max(counts.values())
    if best == 0 or counts[previous] == best:
        return previous
    return max(AREAS, key=lambda a: counts[a])


def walk(transcript: Transcript, question: Question, brain: Brain,
         recorded: dict[int, Assessment] | None = None) -> tuple[list[ScoredTurn], SessionEvidence]:
    """Assess each candidate answer in order, folding the evidence; returns every step and the total.
    `recorded` assessments (a session's own, as they were at the time) are used instead of the brain."""
    steps: list[ScoredTurn] = []
    evidence = SessionEvidence()
    hint_turns = {h.turn for h in transcript.hints}
    area: Area = "problem_framing"
    level, probe = 1, ""
    thread: list[ThreadTurn] = []
    for turn in transcript.turns:
        if turn.speaker == "interviewer":
            area = turn.area or classify(turn.text, question, area)
            level = turn.level or min(4, evidence.edge(area) + 1)
            probe = turn.text
            if turn.index in hint_turns or (transcript.format == "text" and _HINT.search(turn.text)):
                evidence = record_hint(evidence, area, level)
            thread = [*thread, ThreadTurn(speaker="interviewer", text=turn.text[:1200])][-8:]
            continue
        request = AssessRequest(question=question, area=area, level=level, probe=probe, answer=turn.text,
                                thread=thread)
        assessment = recorded[turn.index] if recorded and turn.index in recorded else brain.assess(request)
        evidence = fold(evidence, turn.index, assessment, turn.text,
                        probed=None if assessment.is_question else area, question=question)
        thread = [*thread, ThreadTurn(speaker="candidate", text=turn.text[:1200])][-8:]
        edges = {a: (evidence.edge(a) if evidence.areas[a].probed else None) for a in AREAS}
        steps.append(ScoredTurn(turn=turn.index, area=area, level=level, assessment=assessment, edges=edges))
    return steps, evidence


def resolve_question(transcript: Transcript, question_id: str | None, questions_dir: str | None) -> Question:
    bank = load_questions(questions_dir)
    wanted = question_id or (transcript.header.question if transcript.header else None)
    if wanted:
        if wanted not in bank:
            raise DataFileError(f"unknown question {wanted!r}; known questions: {', '.join(sorted(bank))}")
        return bank[wanted]
    return infer_question(transcript.turns, bank)


def score_transcript(transcript: Transcript, brain: Brain, *, question_id: str | None = None,
                     tier: Tier | None = None, role: Role | None = None, team: TeamType | None = None,
                     questions_dir: str | None = None) -> Scorecard:
    """The scorecard for a transcript. Flags override what the transcript's header says."""
    question = resolve_question(transcript, question_id, questions_dir)
    h = transcript.header
    _, evidence = walk(transcript, question, brain)
    if not any(t.speaker == "candidate" for t in transcript.turns):
        raise DataFileError(f"{transcript.source}: the transcript has no candidate answers to score")
    return score(
        evidence, question_id=question.id, tier=tier or (h.tier if h else question.tier),
        role=role or (h.role if h else "generalist"), team=team or (h.team if h else TeamType()),
        versions=brain.versions(),
    )
