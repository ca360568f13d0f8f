"""Scoring a finished transcript: re-assess every answer with a brain and fold the evidence.

JSONL sessions carry the question, tier and the area each probe was about. Plain-text transcripts
do not: the question is inferred from the opening turns (or, when no bank question fits clearly, the
generic five-area rubric is used and the scorecard says so), and each interviewer turn is mapped to
an area by its words.
"""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel

from interviewer.brains.base import AssessRequest, Brain, ThreadTurn
from interviewer.errors import DataFileError
from interviewer.events import TurnEvent
from interviewer.evidence import SessionEvidence, fold, record_hint
from interviewer.lexicon import Pattern
from interviewer.models import AREAS, Area, Assessment, Role, TeamType, Tier
from interviewer.scoring import Scorecard, score
from interviewer.store import Transcript
from interviewer.text import fold as fold_text
from interviewer.text import make_sentence, split_sentences, stems
from rubrics import load_areas, load_questions, load_scoring
from rubrics.schema import Question

GENERIC = "generic"


class ScoredTurn(BaseModel):
    """One candidate answer as scoring saw it (replay shows these)."""

    turn: int
    area: Area
    level: int
    assessment: Assessment
    edges: dict[Area, int | None]


_STOP = set(stems("the a an and or of to for in on with it is are be we you your our that this how what "
                  "which would will can should do does at by as from per each build design system"))


def infer_question(turns: list[TurnEvent], bank: dict[str, Question]) -> Question | None:
    """The bank question a transcript is about, from the words of its opening turns, or None when no
    question wins clearly (then the generic rubric is the honest choice).

    Each question's own words (title, summary, prompt, tags) are weighted by how specific they are to
    it; the question whose weighted words the opening covers best wins, if it wins clearly."""
    if not bank:
        return None
    cfg = load_scoring().inference
    opening = set(stems(fold_text(" ".join(t.text for t in turns[:cfg.opening_turns]))))
    vocab = {q.id: set(stems(" ".join([q.title, q.summary, q.prompt, *q.tags]))) - _STOP for q in bank.values()}
    spread: dict[str, int] = {}
    for vs in vocab.values():
        for w in vs:
            spread[w] = spread.get(w, 0) + 1
    mass = {qid: sum(1 / spread[w] for w in vs & opening) for qid, vs in vocab.items()}
    share = {qid: mass[qid] / (sum(1 / spread[w] for w in vs) or 1.0) for qid, vs in vocab.items()}
    for scores, least, margin in ((share, cfg.min_score, cfg.min_margin), (mass, cfg.min_mass, cfg.mass_margin)):
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        best, best_score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if best_score >= least and best_score >= margin * runner_up:
            return bank[best]
    return None


@cache
def _area_cues() -> dict[Area, tuple[Pattern, ...]]:
    return {spec.id: tuple(Pattern.compile(k) for k in spec.keywords) for spec in load_areas().areas}


@cache
def _headings() -> dict[str, Area]:
    return {" ".join(stems(h)): spec.id for spec in load_areas().areas for h in spec.headings}


@cache
def _transitions() -> dict[Area, tuple[Pattern, ...]]:
    return {spec.id: tuple(Pattern.compile(k) for k in spec.transitions) for spec in load_areas().areas}


_ASKING = re.compile(r"^\W*(?:(?:so|and|ok|okay|now|then|right|good|great|fine|alright|last one|one more|finally)\W+)*"
                     r"(?:walk|tell|describe|design|explain|sketch|talk|take|give|show|estimate|suppose|imagine|say|"
                     r"let's|lets|let us|go|outline|define|pick|choose|list|propose|justify|assume|think|consider)\b",
                     re.I)


def _probing(sentence_text: str) -> bool:
    """A sentence that asks the candidate something: a question, or a request ("walk me through ...")."""
    return sentence_text.rstrip(" \"')").endswith("?") or _ASKING.match(sentence_text) is not None


def classify(text: str, question: Question | None, previous: Area | None) -> Area:
    """Which area an interviewer turn is about; turns that ask nothing new continue the previous area.

    An explicit move ("let's talk about serving") wins; then the bank's own probes; then the area whose
    cue words the turn's questions and requests use. Statements (facts given back) do not move the area;
    with no previous area (the opening turn), the interview is framing the problem."""
    if previous is None:
        return "problem_framing"
    folded = fold_text(text)
    pieces = [make_sentence(p, 0, i) for i, p in enumerate(split_sentences(folded))]
    for i, s in enumerate(pieces):
        if i <= 1 and s.words <= 3 and not s.asks:  # a heading: "Evaluation." "Fine. Model." "Serving. 40k QPS."
            named = {a for w, a in _headings().items() if f" {w} " in f" {' '.join(s.stems)} "}
            if len(named) == 1:
                return named.pop()
        moved = [a for a, pats in _transitions().items() if any(p.find(s) for p in pats)]
        if len(moved) == 1:
            return moved[0]
    if question is not None:
        for area, ladder in question.ladders.items():
            if any(p in text for lv in ladder.levels for p in lv.probes):
                return area
    counts = {a: 0.0 for a in AREAS}
    for s in pieces:
        if not _probing(s.text):
            continue
        for area, pats in _area_cues().items():
            counts[area] += len({m.start for m in (p.find(s) for p in pats) if m is not None})
    best = max(counts.values())
    if best == 0 or counts[previous] == best:
        return previous
    return max(AREAS, key=lambda a: counts[a])


def walk(transcript: Transcript, question: Question | None, brain: Brain,
         recorded: dict[int, Assessment] | None = None) -> tuple[list[ScoredTurn], SessionEvidence]:
    """Assess each candidate answer in order, folding the evidence; returns every step and the total.
    `recorded` assessments (a session's own, as they were at the time) are used instead of the brain."""
    steps: list[ScoredTurn] = []
    evidence = SessionEvidence()
    hint_turns = {h.turn for h in transcript.hints}
    area: Area | None = None
    level, probe = 1, ""
    thread: list[ThreadTurn] = []
    window = load_scoring().thread_turns
    for turn in transcript.turns:
        if turn.speaker == "interviewer":
            area = turn.area or classify(turn.text, question, area)
            level = turn.level or min(4, evidence.edge(area) + 1)
            probe = turn.text
            if turn.index in hint_turns or (transcript.format == "text" and _is_hint(turn.text)):
                evidence = record_hint(evidence, area, level)
            thread = [*thread, ThreadTurn(speaker="interviewer", text=turn.text[:1200])][-window:]
            continue
        area = area or "problem_framing"
        request = AssessRequest(question=question, area=area, level=level, probe=probe, answer=turn.text,
                                thread=thread)
        assessment = recorded[turn.index] if recorded and turn.index in recorded else brain.assess(request)
        evidence = fold(evidence, turn.index, assessment, probed=None if assessment.is_question else area)
        thread = [*thread, ThreadTurn(speaker="candidate", text=turn.text[:1200])][-window:]
        edges = {a: (evidence.edge(a) if evidence.areas[a].probed else None) for a in AREAS}
        steps.append(ScoredTurn(turn=turn.index, area=area, level=level, assessment=assessment, edges=edges))
    return steps, evidence


def _is_hint(text: str) -> bool:
    words = set(stems(text))
    return bool(words & {"hint", "nudg"})


def resolve_question(transcript: Transcript, question_id: str | None, questions_dir: str | None) -> Question | None:
    """The bank question to score against: given, in the header, or inferred; None for the generic rubric.
    A named question that is not in the bank is an error (a typo should not silently go generic)."""
    bank = load_questions(questions_dir)
    wanted = question_id or (transcript.header.settings.question_id if transcript.header else None)
    if wanted:
        if wanted in bank:
            return bank[wanted]
        if question_id:
            raise DataFileError(f"unknown question {wanted!r}; known questions: {', '.join(sorted(bank))}")
        return None  # a session recorded on a question this bank no longer has
    return infer_question(transcript.turns, bank)


class Rescored(BaseModel):
    """A transcript's scorecard with what it was scored from: the evidence, and the question (None: the
    generic rubric). Teaching needs all three."""

    card: Scorecard
    evidence: SessionEvidence
    question: Question | None


def rescore(transcript: Transcript, brain: Brain, *, question_id: str | None = None, tier: Tier | None = None,
            role: Role | None = None, team: TeamType | None = None, questions_dir: str | None = None,
            question: Question | None = None, generic: bool = False) -> Rescored:
    """Score a transcript. Flags override what the transcript's header says."""
    if not any(t.speaker == "candidate" for t in transcript.turns):
        raise DataFileError(f"{transcript.source}: the transcript has no candidate answers to score")
    if question is None and not generic:
        question = resolve_question(transcript, question_id, questions_dir)
    h = transcript.header
    _, evidence = walk(transcript, question, brain)
    card = score(
        evidence, question_id=question.id if question else (h.settings.question_id if h else GENERIC),
        tier=tier or (h.settings.tier if h else question.tier if question else "faang"),
        role=role or (h.settings.role if h else "generalist"), team=team or (h.settings.team if h else TeamType()),
        versions=brain.versions(), rubric=question.id if question else GENERIC,
    )
    return Rescored(card=card, evidence=evidence, question=question)


def score_transcript(transcript: Transcript, brain: Brain, *, question_id: str | None = None,
                     tier: Tier | None = None, role: Role | None = None, team: TeamType | None = None,
                     questions_dir: str | None = None, question: Question | None = None,
                     generic: bool = False) -> Scorecard:
    """The scorecard for a transcript (see `rescore`, which also returns its evidence and question)."""
    return rescore(transcript, brain, question_id=question_id, tier=tier, role=role, team=team,
                   questions_dir=questions_dir, question=question, generic=generic).card
