"""Evidence gathered over an interview: what each area showed, folded in one assessment at a time.

The same fold serves the live interview (the graph keeps it in its state, so it stays small) and
scoring a finished transcript (re-assessing every answer), so both reach the same scorecard. The fold
reads only the typed assessment: the answer was read once, by the brain.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from interviewer.models import AREAS, Area, Assessment, PointKey, Problem
from rubrics import load_scoring
from rubrics.schema import ScoringFile


class PointEvidence(BaseModel):
    """The best evidence so far for one idea: explained beats hedged beats merely named."""

    key: PointKey
    turn: int
    quote: str
    explained: bool
    hedged: bool
    during: Area | None
    """The area being discussed when it was said (None for a clarifying exchange)."""

    def credit(self, cfg: ScoringFile) -> float:
        if self.explained:
            return cfg.hedged_credit if self.hedged else 1.0
        return 0.0 if self.hedged else cfg.named_credit


class ProblemEvidence(BaseModel):
    turn: int
    problem: Problem


class Probe(BaseModel):
    """One answer to a question asked in this area: the level asked and whether the answer showed it."""

    level: int
    passed: bool


class AreaEvidence(BaseModel):
    probed: bool = False
    answers: int = 0
    dont_knows: int = 0
    points: list[PointEvidence] = []
    problems: list[ProblemEvidence] = []
    hints: list[int] = []
    probes: list[Probe] = []
    reasoned: int = 0
    """Sentences of argument in the candidate's own words, said while this area was discussed."""

    def credit_by_level(self, cfg: ScoringFile) -> dict[int, float]:
        out: dict[int, float] = {}
        for p in self.points:
            out[p.key.level] = out.get(p.key.level, 0.0) + p.credit(cfg)
        return out

    def levels(self, cfg: ScoringFile | None = None) -> set[int]:
        """Levels shown: enough credit from distinct ideas of that level (see scoring.yaml)."""
        cfg = cfg or load_scoring()
        return {lv for lv, c in self.credit_by_level(cfg).items() if c >= cfg.points_needed[lv] - 1e-9}

    def shown(self, cfg: ScoringFile | None = None) -> set[int]:
        """Levels shown by enough explained ideas or by a passed question at that level."""
        return self.levels(cfg) | {p.level for p in self.probes if p.passed}

    def confident_problems(self) -> list[ProblemEvidence]:
        return [p for p in self.problems if not p.problem.hedged]

    def probe_cap(self) -> int | None:
        """The edge confirmed by probing: two misses in a row at a level cap the edge below it (at it,
        if that level was passed before), unless a deeper level was passed afterwards."""
        cap: int | None = None
        run = 0
        for i, probe in enumerate(self.probes):
            if probe.passed:
                run = 0
                if cap is not None and probe.level > cap:
                    cap = None
                continue
            prev = self.probes[i - 1] if i else None
            run = run + 1 if prev is not None and not prev.passed and prev.level == probe.level else 1
            if run >= 2:
                shown_here = any(p.passed and p.level == probe.level for p in self.probes[:i])
                level_cap = probe.level if shown_here else probe.level - 1
                cap = level_cap if cap is None else min(cap, level_cap)
        return cap

    def edge(self, cfg: ScoringFile | None = None) -> int:
        """Where the candidate's knowledge ends in this area: the deepest level shown (by enough explained
        ideas or by a passed question at that level), capped where probing confirmed a limit and, after
        a confident error, at the level errors cap the area to."""
        edge = depth_of(self.shown(cfg))
        cfg = cfg or load_scoring()
        cap = self.probe_cap()
        if cap is not None:
            edge = min(edge, cap)
        if self.confident_problems():
            edge = min(edge, cfg.problem_cap)
        return edge


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
    topics: dict[str, int] = {}
    """Requirement topics the candidate asked about or stated an assumption on, with the turn."""
    clarifying_questions: int = 0
    assumptions: int = 0
    phrases_seen: list[str] = []
    injections: int = 0
    filler_answers: int = 0
    answers: int = 0

    @property
    def clarified(self) -> bool:
        return bool(self.topics) or self.clarifying_questions > 0 or self.assumptions > 0

    def edge(self, area: Area) -> int:
        return self.areas[area].edge()


def _rank(p: PointEvidence) -> tuple[bool, bool, bool]:
    return (p.explained and not p.hedged, p.explained, not p.hedged)


def _better(new: PointEvidence, old: PointEvidence) -> bool:
    return _rank(new) > _rank(old)


def fold(evidence: SessionEvidence, turn: int, assessment: Assessment, probed: Area | None) -> SessionEvidence:
    """Add one assessed answer to the evidence (returns a new object; the input is not changed)."""
    ev = evidence.model_copy(deep=True)
    sig = assessment.signals
    if probed in (None, "problem_framing"):  # questions and assumptions while framing the problem
        for topic in sig.topics:
            ev.topics.setdefault(topic, turn)
        ev.assumptions += len(sig.assumptions)
    if assessment.is_question:
        ev.clarifying_questions += 1
        for hit in assessment.points_hit:  # asked about, not explained: no credit, but not asked again
            if hit.area == "problem_framing" and not any(p.key == hit.key for p in ev.areas[hit.area].points):
                ev.areas[hit.area].points.append(PointEvidence(key=hit.key, turn=turn, quote=hit.quote,
                                                               explained=False, hedged=False, during=None))
        return ev
    if assessment.verdict == "empty" and not sig.injected:
        return ev
    ev.answers += 1
    ev.injections += bool(sig.injected)
    ev.filler_answers += sig.filler
    if probed is not None:
        area_ev = ev.areas[probed]
        area_ev.probed = True
        area_ev.answers += 1
        area_ev.dont_knows += assessment.dont_know
        area_ev.reasoned += sig.reasoned
        if assessment.area == probed:
            area_ev.probes.append(Probe(level=assessment.level_probed, passed=assessment.passed))
    for hit in assessment.points_hit:
        item = PointEvidence(key=hit.key, turn=turn, quote=hit.quote, explained=hit.explained, hedged=hit.hedged,
                             during=probed)
        points = ev.areas[hit.area].points
        old = next((i for i, p in enumerate(points) if p.key == hit.key), None)
        if old is None:
            points.append(item)
        elif _better(item, points[old]):
            points[old] = item
    for problem in assessment.problems:
        ev.areas[problem.area].problems.append(ProblemEvidence(turn=turn, problem=problem))
    ev.phrases_seen = sorted(set(ev.phrases_seen) | set(sig.phrases))
    return ev


def record_hint(evidence: SessionEvidence, area: Area, level: int) -> SessionEvidence:
    ev = evidence.model_copy(deep=True)
    ev.areas[area].hints.append(level)
    return ev
