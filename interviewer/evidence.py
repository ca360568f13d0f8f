"""Evidence gathered over an interview: what each area showed, folded in one answer at a time.

The same fold serves the live interview (the graph keeps it in its state, so it stays small) and
scoring a finished transcript (re-assessing every answer), so both reach the same scorecard.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, Field

from interviewer.brains.reading import contains, matching_facts, question_sentences, read
from interviewer.models import AREAS, Area, Assessment, Evidence
from rubrics import load_language, load_scoring, load_tiers
from rubrics.schema import Question

QUOTE_CHARS = 240


class ProblemEvidence(BaseModel):
    turn: int
    problem: str


class AreaEvidence(BaseModel):
    probed: bool = False
    hits: dict[str, Evidence] = {}
    """First evidence for each talking point, keyed "level:point"; explained hits only."""
    mentions: list[str] = []
    """Talking points only name-dropped (no explanation), keyed "level:point"."""
    problems: list[ProblemEvidence] = []
    hints: list[int] = []
    answers: int = 0
    dont_knows: int = 0

    def levels(self) -> set[int]:
        """Levels shown: enough distinct explained talking points of that level (see scoring.yaml)."""
        need = load_scoring().points_needed
        counts: dict[int, int] = {}
        for key in self.hits:
            level = int(key.split(":", 1)[0])
            counts[level] = counts.get(level, 0) + 1
        return {lv for lv, n in counts.items() if n >= need[lv]}


def depth_of(levels: set[int]) -> int:
    """The deepest level shown. Above level 2 one skipped level below is allowed (interviewers skip
    basics too), but level 2 alone, without the basics, is not enough to claim depth."""
    best = 0
    for k in sorted(levels):
        missing = sum(1 for j in range(1, k) if j not in levels)
        if missing == 0 or (k >= 3 and missing <= 1):
            best = k
    return best


class SessionEvidence(BaseModel):
    areas: dict[Area, AreaEvidence] = Field(default_factory=lambda: {a: AreaEvidence() for a in AREAS})
    clarifying_questions: int = 0
    questions_asked: int = 0
    """Question sentences anywhere in the candidate's words (clarifying turns or inside answers)."""
    assumptions_stated: bool = False
    phrases_seen: list[str] = []
    injections: int = 0
    answers: int = 0

    @property
    def clarified(self) -> bool:
        return self.clarifying_questions > 0 or self.questions_asked > 0 or self.assumptions_stated

    def edge(self, area: Area) -> int:
        return depth_of(self.areas[area].levels())


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


@cache
def watched_phrases() -> tuple[str, ...]:
    """Phrases whose presence anywhere in the candidate's words decides a red flag."""
    phrases = {p for t in load_tiers().tiers for f in t.red_flags for p in f.rule.phrases}
    phrases.update(load_language().trade_offs)
    return tuple(sorted(phrases))


def fold(evidence: SessionEvidence, turn: int, assessment: Assessment, answer: str,
         probed: Area | None, question: Question | None = None) -> SessionEvidence:
    """Add one assessed answer to the evidence (returns a new object; the input is not changed).

    With the question given, only questions about the problem (ones its facts sheet answers) count
    as clarifying; "can I go into the towers?" does not."""
    ev = evidence.model_copy(deep=True)
    lang = load_language()
    reading = read(answer, lang)  # injected passages never count
    norm = reading.norm
    if probed in (None, "problem_framing"):  # questions and assumptions while framing the problem
        ev.questions_asked += sum(1 for s in question_sentences(reading, lang)
                                  if question is None or matching_facts(question, s.text))
        ev.assumptions_stated = ev.assumptions_stated or any(contains(norm, p) for p in lang.assumptions)
    if assessment.is_question:
        if question is None or matching_facts(question, answer):
            ev.clarifying_questions += 1
        return ev
    if assessment.verdict == "empty" and not assessment.injection_suspected:
        return ev
    ev.answers += 1
    if assessment.injection_suspected:
        ev.injections += 1
    if probed is not None:
        area_ev = ev.areas[probed]
        area_ev.probed = True
        area_ev.answers += 1
        if assessment.dont_know:
            area_ev.dont_knows += 1
    for hit in assessment.points_hit:
        key = f"{hit.level}:{hit.point}"
        area_ev = ev.areas[hit.area]
        if hit.explained and key not in area_ev.hits:
            area_ev.hits[key] = Evidence(turn=turn, quote=_quote(hit.quote))
        elif not hit.explained and key not in area_ev.mentions and key not in area_ev.hits:
            area_ev.mentions.append(key)
    for problem in assessment.correctness_problems:
        area_name, _, text = problem.partition(": ")
        target = area_name if area_name in AREAS else (probed or "problem_framing")
        ev.areas[target].problems.append(  # type: ignore[index]
            ProblemEvidence(turn=turn, problem=text or problem))
    seen = set(ev.phrases_seen)
    seen.update(p for p in watched_phrases() if p not in seen and contains(norm, p))
    ev.phrases_seen = sorted(seen)
    return ev


def record_hint(evidence: SessionEvidence, area: Area, level: int) -> SessionEvidence:
    ev = evidence.model_copy(deep=True)
    ev.areas[area].hints.append(level)
    return ev
