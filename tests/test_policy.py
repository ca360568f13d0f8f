"""The interview's pure decision functions, one behaviour each."""

from __future__ import annotations

from graphs import policy
from graphs.state import AreaProgress, InterviewState, Plan
from interviewer.evidence import SessionEvidence, fold
from interviewer.models import AREAS, Area, Assessment, PointHit
from interviewer.scoring import score
from interviewer.settings import InterviewSettings

SETTINGS = InterviewSettings(question_id="video_recommendations", tier="faang", minutes=45)


def assessment(verdict: str = "solid", area: Area = "data", level: int = 1, *, hits: list[int] | None = None,
               dont_know: bool = False, question: bool = False, problems: list[str] | None = None) -> Assessment:
    levels = hits if hits is not None else ([level] if verdict == "solid" else [])
    return Assessment(
        area=area, level_probed=level, verdict=verdict,  # type: ignore[arg-type]
        points_hit=[PointHit(area=area, level=lv, point=f"p{lv}{n}", quote=f"quote {lv}", explained=True)
                    for lv in levels for n in "ab"],  # two points: enough to show a level
        depth_shown=max(levels, default=0), correctness_problems=problems or [], hedged=False,
        dont_know=dont_know, is_question=question, injection_suspected=False, confidence=0.9, note="",
    )


def state(area: Area = "data", level: int = 1, *, misses: int = 0, elapsed: float = 600.0,
          a: Assessment | None = None, command: str | None = None, settings: InterviewSettings = SETTINGS,
          evidence: SessionEvidence | None = None) -> InterviewState:
    progress = {x: AreaProgress() for x in AREAS}
    for x in AREAS[: AREAS.index(area)]:
        progress[x] = AreaProgress(status="closed", edge=2)
    progress[area] = AreaProgress(status="active", level=level, misses=misses)
    return InterviewState(
        session_id="t", settings=settings, phase="areas", current=area, progress=progress,
        budgets={area: 540.0}, evidence=evidence or SessionEvidence(), assessment=a, command=command,  # type: ignore[arg-type]
        elapsed=elapsed, answer_turn=5, answer="an answer", plan=Plan(kind="deeper", area=area, level=level),
    )


def test_solid_answer_probes_one_level_deeper() -> None:
    d = policy.decide(state(level=2, a=assessment("solid", level=2)), 60)
    assert (d.plan.kind, d.plan.level) == ("deeper", 3)


def test_weak_answer_gets_one_rescue_at_the_same_level() -> None:
    d = policy.decide(state(level=2, a=assessment("weak", level=2)), 60)
    assert (d.plan.kind, d.plan.level, d.progress["data"].misses) == ("rescue", 2, 1)


def test_two_misses_fix_the_edge_and_pivot() -> None:
    ev = fold(SessionEvidence(), 1, assessment("solid", level=1), "x", "data")
    d = policy.decide(state(level=2, misses=1, a=assessment("weak", level=2), evidence=ev), 60)
    assert d.progress["data"].status == "closed" and d.progress["data"].edge == 1
    assert (d.plan.kind, d.plan.area, d.plan.previous_area) == ("pivot", "modeling", "data")


def test_dont_know_fixes_the_edge_at_once() -> None:
    d = policy.decide(state(level=3, a=assessment("dont_know", level=3, dont_know=True)), 60)
    assert d.progress["data"].status == "closed" and d.plan.kind == "pivot"


def test_wrong_answer_is_a_miss_and_is_recorded() -> None:
    a = assessment("wrong", level=2, problems=["data: random split of time-ordered data (quote)"])
    d = policy.decide(state(level=2, a=a), 60)
    assert d.plan.kind == "rescue"
    assert d.evidence.areas["data"].problems[0].problem.startswith("random split")


def test_clarifying_question_is_answered_and_never_counted() -> None:
    d = policy.decide(state(level=2, misses=1, a=assessment("question", level=2, question=True)), 60)
    assert d.plan.kind == "clarify" and d.progress["data"].misses == 1
    assert d.evidence.clarifying_questions == 1 and not d.evidence.areas["data"].probed


def test_hint_is_recorded_and_the_level_stays() -> None:
    d = policy.decide(state(level=2, command="hint"), 30)
    assert (d.plan.kind, d.plan.level, d.hints) == ("hint", 2, 1)
    assert d.evidence.areas["data"].hints == [2]


def test_skip_closes_the_area_and_moves_on() -> None:
    d = policy.decide(state(level=2, command="skip"), 30)
    assert d.progress["data"].reason == "skip" and d.plan.area == "modeling"


def test_end_command_wraps_up() -> None:
    d = policy.decide(state(level=2, command="end"), 30)
    assert d.phase == "wrap_up" and d.plan.kind == "wrap_up" and d.ended_by == "candidate"


def test_time_box_end_wraps_up() -> None:
    d = policy.decide(state(level=2, a=assessment("solid", level=2), elapsed=45 * 60 - 10), 60)
    assert d.phase == "wrap_up" and d.ended_by == "time"


def test_area_out_of_time_pivots_even_after_a_solid_answer() -> None:
    s = state(level=2, a=assessment("solid", level=2))
    s.progress["data"].seconds = 530
    d = policy.decide(s, 60)
    assert d.progress["data"].reason == "time" and d.plan.kind == "pivot"


def test_levels_already_shown_are_not_asked_again() -> None:
    ev = fold(SessionEvidence(), 1, assessment("solid", area="modeling", hits=[1, 2]), "x", None)
    assert policy.first_unshown_level(ev, "modeling") == 3


def test_time_follows_tier_weights() -> None:
    faang = policy.area_weights(SETTINGS)
    research = policy.area_weights(SETTINGS.model_copy(update={"tier": "research_lab"}))
    assert faang["deployment"] > faang["problem_framing"]
    assert max(research, key=research.__getitem__) == "modeling"


def test_a_specialist_gets_more_time_in_their_focus() -> None:
    base = policy.area_weights(SETTINGS)
    spec = policy.area_weights(SETTINGS.model_copy(update={"role": "specialist", "focus": "evaluation"}))
    assert spec["evaluation"] > base["evaluation"]


def test_infra_team_shifts_time_to_deployment() -> None:
    from interviewer.models import TeamType

    infra = policy.area_weights(SETTINGS.model_copy(update={"team": TeamType(focus="infra")}))
    assert infra["deployment"] > policy.area_weights(SETTINGS)["deployment"]


def test_commands_are_recognised_only_on_their_own() -> None:
    assert policy.parse_command(" /HINT ") == "hint"
    assert policy.parse_command("use /hint later") is None


def test_an_area_never_reached_scores_null_not_one() -> None:
    ev = fold(SessionEvidence(), 1, assessment("solid", area="data", hits=[1, 2]), "x", "data")
    card = score(ev, question_id="video_recommendations", tier="faang")
    assert card.areas["deployment"].level is None and card.areas["deployment"].edge is None
    assert card.areas["data"].level is not None


def test_one_point_is_not_enough_to_show_a_level_above_one() -> None:
    one = assessment("solid", area="data", level=2).model_copy(
        update={"points_hit": [PointHit(area="data", level=2, point="p2", quote="q", explained=True)]})
    d = policy.decide(state(level=2, a=one), 60)
    assert (d.plan.kind, d.plan.level) == ("rescue", 2)


def test_a_hint_costs_score() -> None:
    ev = fold(SessionEvidence(), 1, assessment("solid", area="data", hits=[1, 2, 3]), "x", "data")
    plain = score(ev, question_id="video_recommendations", tier="faang")
    hinted = score(policy.record_hint(ev, "data", 3), question_id="video_recommendations", tier="faang")
    assert hinted.areas["data"].score < plain.areas["data"].score  # type: ignore[operator]
    assert hinted.areas["data"].hints == 1
