"""The scorecard: per-area levels with evidence, the three tier views, role verdict and overall."""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel

from interviewer.evidence import PointEvidence, SessionEvidence
from interviewer.models import (
    AREAS,
    RECOMMENDATIONS,
    TIERS,
    Area,
    Evidence,
    PointKey,
    Problem,
    Recommendation,
    Role,
    TeamType,
    Tier,
)
from rubrics import load_areas, load_scoring, load_tiers
from rubrics.schema import RedFlag, ScoringFile, Thresholds, TierSpec

Coverage = Literal["probed", "in_passing", "none"]


class AreaScore(BaseModel):
    area: Area
    level: int | None
    edge: int | None
    score: float | None
    coverage: Coverage
    """probed: the interviewer asked about it; in_passing: only mentioned while discussing other areas;
    none: not enough evidence to grade (level and edge are null)."""
    evidence: list[Evidence]
    problems: list[Problem]
    notes: list[str] = []
    hints: int
    anchor: str


class Adjustment(BaseModel):
    """A rule that moved a tier's recommendation away from what its weighted score alone gives."""

    rule: Literal["must_have", "coverage", "red_flags"]
    to: Recommendation
    areas: list[Area] = []
    """must_have: the areas below the tier's minimum level."""


class TierView(BaseModel):
    tier: Tier
    name: str
    score: float
    coverage: float
    recommendation: Recommendation
    red_flags: list[str]
    not_assessed: list[str]
    weights: dict[Area, float]
    by_score: Recommendation | None = None
    """What the weighted score alone gives against the tier's thresholds (None in older scorecards)."""
    adjustments: list[Adjustment] = []


class RoleVerdict(BaseModel):
    role: Role
    expectation: str
    met: bool
    detail: str


class Overall(BaseModel):
    level: int
    recommendation: Recommendation


class Scorecard(BaseModel):
    question_id: str
    rubric: str = ""
    """The bank question whose ladders scored it, or "generic" for the generic five-area rubric."""
    tier: Tier
    role: Role
    team: TeamType
    areas: dict[Area, AreaScore]
    tiers: dict[Tier, TierView]
    role_verdict: RoleVerdict
    overall: Overall
    versions: dict[str, str] = {}
    notes: list[str] = []

    def contract(self, teaching: BaseModel | None = None) -> dict[str, Any]:
        """The `interviewer score --json` object (a contract other tools read), plus a `meta` key and, when
        given, a `teaching` key (what to practise; see interviewer/teaching.py)."""
        extra = {"teaching": teaching.model_dump(mode="json")} if teaching is not None else {}
        return {
            "areas": {
                a: {"level": s.level, "edge": s.edge,
                    "evidence": [e.model_dump() for e in s.evidence]}
                for a, s in self.areas.items()
            },
            "tiers": {
                t: {"score": v.score, "recommendation": v.recommendation, "red_flags": v.red_flags}
                for t, v in self.tiers.items()
            },
            "overall": self.overall.model_dump(),
            "rubric": self.rubric or self.question_id,
            "meta": {
                "question": self.question_id, "tier": self.tier, "role": self.role,
                "team": self.team.model_dump(), "role_verdict": self.role_verdict.model_dump(),
                "versions": self.versions, "notes": self.notes,
            },
            **extra,
        }


def round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


def evidence_quotes(points: list[PointEvidence], area: Area, in_passing: bool, limit: int = 3) -> list[Evidence]:
    """Quotes that show the deepest ideas, one per sentence, in interview order. Only answers given
    while this area was discussed, unless the area came up only in passing."""
    usable = [p for p in points if p.explained and (in_passing or p.during == area)]
    usable.sort(key=lambda p: (p.hedged, -p.key.level, p.turn))
    picked: list[Evidence] = []
    for p in usable:
        ev = Evidence(turn=p.turn, quote=p.quote)
        if ev not in picked:
            picked.append(ev)
        if len(picked) == limit:
            break
    return sorted(picked, key=lambda e: e.turn)


def framing_points(evidence: SessionEvidence, cfg: ScoringFile) -> list[PointEvidence]:
    """Clarifying questions and stated assumptions count the same for problem framing: one requirement
    topic shows level 1; several show part of level 3 (targeted questions). No single turn is worth more."""
    out = []
    turns = sorted(set(evidence.topics.values()))
    for level, need in sorted(cfg.framing_topics.items()):
        if len(evidence.topics) >= need and len(turns) >= min(need, 2):
            out.append(PointEvidence(key=PointKey(area="problem_framing", level=level, point=f"topics:{level}"),
                                     turn=turns[0], quote="", explained=True, hedged=False, during=None))
    return out


def _framing_capped(score: float, topics: int, cfg: ScoringFile) -> tuple[float, list[str]]:
    """Framing a problem nobody asked or assumed anything about: the score is held at the cap, and the
    scorecard says so when that changed the level."""
    cap = cfg.framing_cap.base + cfg.framing_cap.per_topic * topics
    if score <= cap:
        return score, []
    if round_half_up(score) == round_half_up(cap):
        return cap, []
    asked = f"only {topics} requirement" if topics else "no requirement"
    return cap, [f"held at {round_half_up(cap)}: {asked} asked about or stated as an assumption (users, scale, "
                 "latency, labels, costs of errors); each one lifts the cap by a level"]


def area_scores(evidence: SessionEvidence, cfg: ScoringFile | None = None) -> dict[Area, AreaScore]:
    cfg = cfg or load_scoring()
    specs = {a.id: a for a in load_areas().areas}
    out: dict[Area, AreaScore] = {}
    for area in AREAS:
        ev = evidence.areas[area]
        if area == "problem_framing":
            ev = ev.model_copy(update={"points": [*ev.points, *framing_points(evidence, cfg)]})
        credit = sum(p.credit(cfg) for p in ev.points)
        in_passing = not ev.probed and credit >= cfg.covered_min_points
        problems = [p.problem for p in ev.problems]
        if not ev.probed and not in_passing:
            out[area] = AreaScore(area=area, level=None, edge=None, score=None, coverage="none", evidence=[],
                                  problems=problems, notes=["not enough evidence"], hints=len(ev.hints),
                                  anchor="not enough evidence")
            continue
        edge = ev.edge(cfg)
        confident = ev.confident_problems()
        penalty = min(cfg.max_problem_penalty, cfg.problem_penalty * len(confident))
        penalty += min(cfg.max_hint_penalty, cfg.hint_penalty * len(ev.hints))
        by_level = ev.credit_by_level(cfg)
        earned = sum(w * min(by_level.get(lv, 0.0), cfg.credit_cap) for lv, w in cfg.level_weights.items())
        if not confident:
            earned += cfg.reasoning.credit * min(ev.reasoned, cfg.reasoning.cap)
        score = max(1.0, min(4.0, cfg.evidence_base + earned - penalty))
        if confident:
            score = min(score, float(cfg.problem_cap))
        notes = ["shown only in passing, while discussing other areas"] if in_passing else []
        if area == "problem_framing":
            score, held = _framing_capped(score, len(evidence.topics), cfg)
            notes += held
        level = max(1, min(4, round_half_up(score)))
        out[area] = AreaScore(
            area=area, level=level, edge=edge, score=round(score, 2), coverage="in_passing" if in_passing else "probed",
            evidence=evidence_quotes(ev.points, area, in_passing), problems=problems, notes=notes,
            hints=len(ev.hints), anchor=specs[area].anchor(level).description,
        )
    return out


def tier_weights(spec: TierSpec, team: TeamType) -> dict[Area, float]:
    """The tier's area weights shifted by the team type and renormalised."""
    tiers = load_tiers()
    mult: dict[str, float] = {a: 1.0 for a in AREAS}
    for options, chosen in ((tiers.team_focus, team.focus), (tiers.team_track, team.track)):
        option = next(o for o in options if o.id == chosen)
        for area, m in option.multipliers.items():
            mult[area] *= m
    raw = {a: spec.weights[a] * mult[a] for a in AREAS}
    total = sum(raw.values())
    return {a: round(w / total, 4) for a, w in raw.items()}


def _flag_found(flag: RedFlag, areas: dict[Area, AreaScore], evidence: SessionEvidence) -> bool | None:
    """True/False when the transcript decides the flag; None when it cannot be assessed."""
    rule, cfg = flag.rule, load_scoring()
    seen = set(evidence.phrases_seen)
    if rule.kind == "not_assessable":
        return None
    if rule.kind == "area_below":
        level = areas[rule.area].level if rule.area else None
        return None if level is None else level < (rule.below or 0)
    if rule.kind == "phrases_any":
        return any(p in seen for p in rule.phrases)
    if evidence.answers < cfg.min_answers_for_absence_flags:
        return None
    if rule.kind == "phrases_none":
        return not any(p in seen for p in rule.phrases)
    return not evidence.clarified  # no_clarifying_questions


def _step(rec: Recommendation, steps: int) -> Recommendation:
    return RECOMMENDATIONS[max(0, RECOMMENDATIONS.index(rec) - steps)]


def _cap(rec: Recommendation, cap: Recommendation) -> Recommendation:
    return RECOMMENDATIONS[min(RECOMMENDATIONS.index(rec), RECOMMENDATIONS.index(cap))]


def by_threshold(score: float, t: Thresholds) -> Recommendation:
    """The recommendation a weighted score earns against a tier's thresholds, before any other rule."""
    return ("strong_hire" if score >= t.strong_hire else "hire" if score >= t.hire
            else "lean_hire" if score >= t.lean_hire else "no_hire" if score >= t.no_hire else "strong_no_hire")


def tier_view(spec: TierSpec, areas: dict[Area, AreaScore], evidence: SessionEvidence,
              team: TeamType) -> TierView:
    cfg = load_scoring()
    weights = tier_weights(spec, team)
    covered = {a: s for a, s in areas.items() if s.score is not None}
    coverage = sum(weights[a] for a in covered)
    score = sum(weights[a] * s.score for a, s in covered.items()) / coverage if coverage else 1.0  # type: ignore[operator]
    rec = base = by_threshold(score, spec.thresholds)
    adjustments: list[Adjustment] = []

    def apply(rule: Literal["must_have", "coverage", "red_flags"], to: Recommendation, short: list[Area]) -> None:
        nonlocal rec
        if to != rec:
            rec = to
            adjustments.append(Adjustment(rule=rule, to=to, areas=short))

    short = [a for a, minimum in spec.must_have.items() if (lv := areas[a].level) is not None and lv < minimum]
    if short:
        apply("must_have", _cap(rec, "no_hire"), short)
    if coverage < cfg.min_coverage_for_hire:
        apply("coverage", _cap(rec, "lean_hire"), [])
    found, unknown = [], []
    for flag in spec.red_flags:
        verdict = _flag_found(flag, areas, evidence)
        if verdict is None:
            unknown.append(flag.text)
        elif verdict:
            found.append(flag.text)
    apply("red_flags", _step(rec, min(cfg.max_red_flag_steps, cfg.red_flag_steps * len(found))), [])
    return TierView(tier=spec.id, name=spec.name, score=round(score, 2), coverage=round(coverage, 2),
                    recommendation=rec, red_flags=found, not_assessed=unknown, weights=weights, by_score=base,
                    adjustments=adjustments)


def role_verdict(role: Role, areas: dict[Area, AreaScore]) -> RoleVerdict:
    spec = load_tiers().role(role)
    levels = {a: s.level for a, s in areas.items()}
    if spec.expectation == "breadth":
        short = [a for a, lv in levels.items() if lv is None or lv < spec.min_level]
        met = not short
        detail = ("every area at a solid level or better" if met
                  else "below solid in: " + ", ".join(short))
    else:
        deep = [a for a, lv in levels.items() if lv is not None and lv >= spec.min_level]
        met = bool(deep)
        detail = ("excellent depth in: " + ", ".join(deep)) if met else "no area reached the excellent level"
    return RoleVerdict(role=role, expectation=spec.expectation, met=met, detail=detail)


OVERALL_LEVEL: dict[Recommendation, int] = {
    "strong_no_hire": 1, "no_hire": 2, "lean_hire": 3, "hire": 3, "strong_hire": 4,
}
"""The overall level follows the recommendation, so the two never contradict each other: 1 clear no,
2 below the bar, 3 at the bar, 4 clearly above it (the labelling guide's reading of the thresholds)."""


def score(evidence: SessionEvidence, *, question_id: str, tier: Tier, role: Role = "generalist",
          team: TeamType | None = None, versions: dict[str, str] | None = None, rubric: str = "") -> Scorecard:
    team = team or TeamType()
    tiers = load_tiers()
    areas = area_scores(evidence)
    views = {t: tier_view(tiers.tier(t), areas, evidence, team) for t in TIERS}
    mine = views[tier]
    notes = []
    if evidence.injections:
        notes.append(f"{evidence.injections} answer(s) contained instructions aimed at the grader; "
                     "that text was ignored.")
    if all(s.level is None for s in areas.values()):
        notes.append("No area was discussed; the scores carry no evidence.")
    if evidence.filler_answers:
        notes.append(f"{evidence.filler_answers} answer(s) listed terms without saying anything about them; "
                     "named terms earn no credit.")
    all_versions = {"rubric": load_areas().version, "tiers": tiers.version,
                    "scoring": load_scoring().version, **(versions or {})}
    return Scorecard(
        question_id=question_id, rubric=rubric or question_id, tier=tier, role=role, team=team, areas=areas,
        tiers=views,
        role_verdict=role_verdict(role, areas),
        overall=Overall(level=OVERALL_LEVEL[mine.recommendation], recommendation=mine.recommendation),
        versions=all_versions, notes=notes,
    )
