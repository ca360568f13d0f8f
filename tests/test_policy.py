"""The interview's pure decision functions, one behaviour each."""

from __future__ import annotations

from graphs import policy, timebox
from graphs.state import AreaProgress, InterviewState, Pending, Plan
from interviewer.events import AreaEvent, EdgeEvent, HintEvent, PhaseEvent
from interviewer.evidence import SessionEvidence, fold
from interviewer.models import AREAS, Area, Assessment, PointHit, PointKey, Problem, Signals
from interviewer.scoring import score
from interviewer.settings import InterviewSettings
from rubrics import get_question, load_scoring

Q = get_question("video_recommendations")
SETTINGS = InterviewSettings(question_id="video_recommendations", tier="faang", minutes=45)


def point(area: Area, level: int, n: int = 0) -> str:
    return Q.ladders[area].at(level).points[n].id


def assessment(verdict: str = "solid", area: Area = "data", level: int = 1, *, hits: list[int] | None = None,
               dont_know: bool = False, question: bool = False, problems: list[Problem] | None = None,
               hedged: bool = False, reasoned: int = 2) -> Assessment:
    levels = hits if hits is not None else ([level] if verdict == "solid" else [])
    return Assessment(
        area=area, level_probed=level, verdict=verdict,  # type: ignore[arg-type]
        points_hit=[PointHit(area=area, level=lv, point=point(area, lv, n), quote=f"quote {lv}", explained=True,
                             hedged=hedged) for lv in levels for n in (0, 1)],  # two points: enough to show a level
        problems=problems or [], signals=Signals(dont_know=dont_know, hedged=hedged, reasoned=reasoned),
        depth_shown=max(levels, default=0), confidence=0.9,
    )


def state(area: Area = "data", level: int = 1, *, misses: int = 0, elapsed: float = 600.0,
          a: Assessment | None = None, command: str | None = None, settings: InterviewSettings = SETTINGS,
          evidence: SessionEvidence | None = None, passed: int = 0, target: PointKey | None = None) -> InterviewState:
    progress = {x: AreaProgress() for x in AREAS}
    for x in AREAS[: AREAS.index(area)]:
        progress[x] = AreaProgress(status="closed", edge=2)
    progress[area] = AreaProgress(status="active", level=level, misses=misses, passed_here=passed)
    return InterviewState(
        session_id="t", settings=settings, phase="areas", current=area, progress=progress,
        budgets={area: 540.0}, evidence=evidence or SessionEvidence(), assessment=a, command=command,  # type: ignore[arg-type]
        elapsed=elapsed, answer_turn=5, answer="an answer", plan=Plan(kind="deeper", area=area, level=level),
        pending=Pending(turn=4, text="q?", kind="deeper", area=area, level=level, target=target),
    )


def decide(s: InterviewState):
    out = policy.decide(s, 60, Q)
    p = out.patch
    return p, out.events


def test_a_passed_probe_asks_a_second_point_at_the_same_level_before_going_deeper() -> None:
    p, _ = decide(state(level=2, a=assessment("solid", level=2)))
    assert (p.plan.kind, p.plan.level) == ("breadth", 2)
    assert p.plan.target is not None and p.plan.target.level == 2


def test_after_breadth_the_next_unshown_level_is_probed() -> None:
    p, _ = decide(state(level=2, passed=1, a=assessment("solid", level=2)))
    assert (p.plan.kind, p.plan.level) == ("deeper", 3)


def test_a_miss_gets_one_second_try_on_the_same_point_never_deeper() -> None:
    target = PointKey(area="data", level=2, point=point("data", 2))
    p, _ = decide(state(level=2, a=assessment("weak", level=2), target=target))
    assert (p.plan.kind, p.plan.level, p.plan.target, p.progress["data"].misses) == ("rescue", 2, target, 1)


def test_i_dont_know_gets_a_second_try_not_a_deeper_question() -> None:
    p, _ = decide(state(level=3, a=assessment("dont_know", level=3, dont_know=True)))
    assert p.plan.kind == "rescue" and p.plan.reason == "dont_know" and p.plan.level == 3


def test_two_misses_confirm_the_edge_and_pivot() -> None:
    ev = fold(SessionEvidence(), 1, assessment("solid", level=1), "data")
    p, events = decide(state(level=2, misses=1, a=assessment("weak", level=2), evidence=ev))
    assert p.progress["data"].status == "closed" and p.progress["data"].edge == 1
    assert (p.plan.kind, p.plan.area, p.plan.previous_area) == ("pivot", "modeling", "data")
    assert EdgeEvent(area="data", edge=1, reason="edge") in events


def test_a_thinly_argued_pass_past_the_basics_is_asked_why_before_going_on() -> None:
    p, _ = decide(state(level=2, a=assessment("solid", level=2, reasoned=1)))
    assert (p.plan.kind, p.plan.level, p.plan.target) == ("verify", 2, None)
    assert p.progress["data"].passed_here == 1 and p.progress["data"].misses == 0


def test_a_thin_pass_of_the_basics_needs_no_why() -> None:
    p, _ = decide(state(level=1, a=assessment("solid", level=1, reasoned=0)))
    assert p.plan.kind == "breadth"


def verifying(a: Assessment, passed: int = 1) -> InterviewState:
    s = state(level=2, passed=passed, a=a)
    return s.model_copy(update={"pending": Pending(turn=4, text="why?", kind="verify", area="data", level=2)})


def test_a_claim_that_holds_up_when_asked_why_goes_on_without_counting_twice() -> None:
    p, _ = decide(verifying(assessment("solid", level=2, hits=[3], reasoned=2)))
    assert p.plan.kind == "breadth" and p.progress["data"].passed_here == 1


def test_a_why_answered_without_argument_is_a_miss_never_a_deeper_question() -> None:
    p, _ = decide(verifying(assessment("solid", level=2, hits=[3], reasoned=1)))
    assert p.plan.kind == "rescue" and p.plan.level == 2 and p.progress["data"].misses == 1


def test_a_claim_is_asked_why_once() -> None:
    s = state(level=2, a=assessment("solid", level=2, reasoned=0))
    s.progress["data"].asked = ["You said “quote 2”. Why does that hold for this problem?"]
    p, _ = decide(s)
    assert p.plan.kind == "breadth"


def test_a_confident_error_is_challenged_and_counts_as_a_miss() -> None:
    error = Problem(area="data", id="random_split_temporal", text="random split", quote="a random split is fine")
    p, _ = decide(state(level=2, a=assessment("solid", level=2, problems=[error])))
    assert p.plan.kind == "challenge" and p.progress["data"].misses == 1


def test_a_hedged_answer_does_not_pass_the_probe() -> None:
    p, _ = decide(state(level=2, a=assessment("partial", level=2, hits=[2], hedged=True)))
    assert p.plan.kind == "rescue"


def test_clarifying_question_is_answered_and_changes_nothing_else() -> None:
    s = state(level=2, a=assessment("question", level=2, question=True))
    p, _ = decide(s)
    assert p.plan.kind == "clarify" and p.progress["data"].misses == 0


def test_hint_is_recorded_and_keeps_the_same_point() -> None:
    target = PointKey(area="data", level=2, point=point("data", 2))
    p, events = decide(state(level=2, command="hint", target=target))
    assert p.plan.kind == "hint" and p.plan.target == target
    assert p.evidence.areas["data"].hints == [2]
    assert any(isinstance(e, HintEvent) for e in events)


def test_skip_closes_the_area_and_moves_on() -> None:
    p, events = decide(state(level=2, command="skip"))
    assert p.progress["data"].reason == "skip" and p.plan.area == "modeling"
    assert any(isinstance(e, EdgeEvent) and e.reason == "skip" for e in events)
    opened = [e for e in events if isinstance(e, AreaEvent)]  # the next area opens with its share of the time
    assert [(e.area, e.level) for e in opened] == [("modeling", 1)]
    assert opened[0].budget == round(p.budgets["modeling"] / 60, 2) > 0


def test_end_command_wraps_up() -> None:
    p, events = decide(state(command="end"))
    assert p.phase == "wrap_up" and p.plan.kind == "wrap_up" and p.ended_by == "candidate"
    assert PhaseEvent(phase="wrap_up") in events


def test_time_box_end_wraps_up() -> None:
    p, _ = decide(state(elapsed=45 * 60 - 30, a=assessment("solid", level=1)))
    assert p.phase == "wrap_up" and p.ended_by == "time"


def test_area_out_of_time_pivots_even_after_a_solid_answer() -> None:
    s = state(level=2, a=assessment("solid", level=2))
    s.progress["data"].seconds = 600
    p, _ = decide(s)
    assert p.progress["data"].reason == "time" and p.plan.area == "modeling"


def test_points_already_covered_are_never_aimed_at_again() -> None:
    ev = fold(SessionEvidence(), 1, assessment("solid", level=2), "data")  # both level-2 points shown
    p, _ = decide(state(level=2, evidence=ev, a=assessment("solid", level=2)))
    covered = {h.point for h in assessment("solid", level=2).points_hit}
    assert p.plan.target is None or p.plan.target.point not in covered


def test_a_second_try_never_aims_at_a_point_the_missed_answer_covered_after_all() -> None:
    """A miss (here a confident error) whose words still explained the pending point: the rescue or challenge
    aims at a point still open, not at the one now covered (the harness counted these as covered asked)."""
    target = PointKey(area="data", level=2, point=point("data", 2))
    error = Problem(area="data", id="random_split_temporal", text="random split", quote="a random split is fine")
    p, _ = decide(state(level=2, a=assessment("wrong", level=2, hits=[2], problems=[error]), target=target))
    assert p.plan.kind == "challenge" and p.plan.target != target
    p, _ = decide(state(level=2, a=assessment("weak", level=2, hits=[]), target=target))
    assert p.plan.target == target  # not covered: the second try stays on the same point


def test_a_framing_point_the_candidate_asked_about_is_not_asked_back_and_earns_no_credit() -> None:
    asked = assessment("question", area="problem_framing", level=1, hits=[1])
    ev = fold(SessionEvidence(), 1, asked, None)
    key = PointKey(area="problem_framing", level=1, point=point("problem_framing", 1))
    assert policy.covered(ev, Q, key)
    assert ev.areas["problem_framing"].credit_by_level(load_scoring()) == {1: 0.0}
    data_key = PointKey(area="data", level=1, point=point("data", 1))
    asked_data = assessment("question", area="data", level=1, hits=[1])
    assert not policy.covered(fold(SessionEvidence(), 1, asked_data, None), Q, data_key)  # asking is not knowing


def test_time_follows_tier_weights() -> None:
    w = timebox.area_weights(SETTINGS)
    assert w["deployment"] > w["problem_framing"]
    growth = timebox.area_weights(SETTINGS.model_copy(update={"tier": "growth_startup"}))
    assert growth["problem_framing"] > w["problem_framing"]


def test_a_specialist_gets_more_time_in_their_focus() -> None:
    spec = SETTINGS.model_copy(update={"role": "specialist", "focus": "modeling"})
    assert timebox.area_weights(spec)["modeling"] > timebox.area_weights(SETTINGS)["modeling"]


def test_infra_team_shifts_time_to_deployment() -> None:
    from interviewer.models import TeamType

    infra = SETTINGS.model_copy(update={"team": TeamType(focus="infra")})
    assert timebox.area_weights(infra)["deployment"] > timebox.area_weights(SETTINGS)["deployment"]


def test_commands_are_recognised_only_on_their_own() -> None:
    assert policy.parse_command(" /HINT ") == "hint"
    assert policy.parse_command("/hint me please") is None


def test_the_interview_clock_never_counts_a_break() -> None:
    assert timebox.clock_seconds(100.0, 160.0, cap=480) == 60
    assert timebox.clock_seconds(100.0, 100_000.0, cap=480) == 480


def test_an_area_never_reached_scores_null_not_one() -> None:
    ev = fold(SessionEvidence(), 1, assessment("solid", area="data", level=1), "data")
    card = score(ev, question_id="video_recommendations", tier="faang")
    assert card.areas["deployment"].level is None and card.areas["deployment"].edge is None
    assert card.areas["data"].level is not None


def test_a_hint_costs_score() -> None:
    from interviewer.evidence import record_hint

    ev = fold(SessionEvidence(), 1, assessment("solid", level=2, hits=[1, 2]), "data")
    with_hint = record_hint(ev, "data", 2)
    plain = score(ev, question_id="q", tier="faang").areas["data"].score
    hinted = score(with_hint, question_id="q", tier="faang").areas["data"].score
    assert hinted < plain


def test_framing_without_a_question_or_assumption_is_capped_one_level_per_topic() -> None:
    """Framing ideas alone (a task, a target, costs of errors) with nothing asked or assumed stay at the cap;
    each requirement topic asked about or assumed lifts the cap by one level, never more."""
    deep = assessment("solid", area="problem_framing", level=4, hits=[1, 2, 3, 4])
    ev = fold(SessionEvidence(), 1, deep, "problem_framing")
    cap = load_scoring().framing_cap
    levels = []
    for topics in ({}, {"scale": 1}, {"scale": 1, "latency": 1}):
        card = score(ev.model_copy(update={"topics": topics}), question_id="q", tier="faang")
        levels.append(card.areas["problem_framing"].level)
    assert levels[0] == cap.base and levels[1] == cap.base + 1 and levels[2] == 4
    held = score(ev, question_id="q", tier="faang").areas["problem_framing"].notes
    assert any("no requirement asked about or stated as an assumption" in n for n in held)  # the card says why


def test_a_drill_opens_on_its_area_at_its_level_and_ends_when_that_area_closes() -> None:
    settings = InterviewSettings(question_id=Q.id, tier="faang", minutes=12, drill="evaluation", start_level=2)
    out = policy.start(InterviewState(session_id="d", settings=settings), Q)
    assert out.patch.current == "evaluation" and out.patch.plan and out.patch.plan.level == 2
    assert out.patch.phase == "areas" and out.patch.budgets == {"evaluation": 12 * 60}
    assert [(e.area, e.level, e.budget) for e in out.events if isinstance(e, AreaEvent)] == [("evaluation", 2, 12.0)]
    assert {a for a, p in (out.patch.progress or {}).items() if p.status == "closed"} == set(AREAS) - {"evaluation"}
    s = InterviewState(session_id="d", settings=settings).model_copy(update=out.patch.update())
    s = s.model_copy(update={"assessment": assessment("dont_know", "evaluation", 2, hits=[]), "answer_turn": 1})
    s = s.model_copy(update=policy.decide(s, 60, Q).patch.update())
    s = s.model_copy(update={"assessment": assessment("dont_know", "evaluation", 2, hits=[]), "answer_turn": 3})
    done = policy.decide(s, 60, Q)
    assert done.patch.phase == "wrap_up" and done.patch.plan and done.patch.plan.reason == "complete"
