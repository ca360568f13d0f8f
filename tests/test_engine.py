"""The interview graph end to end, driven by simulated candidates who answer from the blind-written
banks: edge finding, monotone scores, resume, hostile answers, injection, both brains."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from pydantic import SecretStr

from evals.fake_openai import FakeOpenAI
from evals.model_sim import SimulatedModel
from evals.sim.candidate import Profile, load_profiles
from evals.sim.run import simulate
from graphs.checkpoint import sqlite_checkpointer
from graphs.session import InterviewSession
from interviewer.brains import make_brain
from interviewer.brains.offline import OfflineBrain
from interviewer.events import AssessmentEvent
from interviewer.models import AREAS
from interviewer.settings import InterviewSettings, LLMSettings
from interviewer.store import load_transcript, session_path

SETTINGS = InterviewSettings(question_id="video_recommendations", tier="faang")


@pytest.mark.parametrize("question", ["video_recommendations", "support_ticket_triage"])
@pytest.mark.parametrize("profile", ["strong", "modeling_specialist", "weak", "bluffer"])
def test_engine_finds_each_simulated_candidates_edge(profile: str, question: str, home: Path) -> None:
    """Within one level in every area, on answers the reader was never tuned to."""
    p = load_profiles()[profile]
    result = simulate(p, question, tier="faang", brain=OfflineBrain(), home=home)
    assert result.edge_hits(tolerance=1) == 5, (result.found_edges, p.edges)
    assert result.deeper_after_miss == 0 and result.wrong_acks == 0, result.examples


def test_a_strong_candidate_gets_a_full_interview(home: Path) -> None:
    result = simulate(load_profiles()["strong"], "video_recommendations", tier="faang", brain=OfflineBrain(),
                      home=home)
    assert result.candidate_turns >= 20 and result.areas_reached == 5
    assert result.found_edges == result.true_edges
    assert result.recommendation == "strong_hire"


@pytest.mark.parametrize("profile", ["modeling_specialist", "infra_heavy"])
def test_a_specialists_focus_area_gets_the_most_depth(profile: str, home: Path) -> None:
    """infra_heavy answers every deployment probe at level 4, so the ladder runs out early: the deep dives
    keep the focus area going while other areas get one point per level."""
    p = load_profiles()[profile]
    result = simulate(p, "video_recommendations", tier="faang", brain=OfflineBrain(), home=home)
    assert p.focus is not None
    others = max(v for a, v in result.probes_per_area.items() if a != p.focus)
    assert result.probes_per_area[p.focus] > others, result.probes_per_area


def test_deep_dives_are_for_a_specialists_focus_area_only(home: Path) -> None:
    def dives(profile: str) -> list[tuple[str | None, str]]:
        result = simulate(load_profiles()[profile], "video_recommendations", tier="faang", brain=OfflineBrain(),
                          home=home)
        return [(e.interviewer.area, e.interviewer.target.point) for e in result.exchanges
                if e.interviewer.target is not None and e.interviewer.target.point.startswith("deep:")]

    asked = dives("infra_heavy")
    assert asked and {a for a, _ in asked} == {"deployment"} and len(set(asked)) == len(asked)
    assert dives("strong") == []


def _with_edges(base: Profile, k: int) -> Profile:
    return base.model_copy(update={"id": f"k{k}", "edges": {a: k for a in AREAS}, "clarifies": 1})


@pytest.mark.parametrize("failure", ["hedge", "dont_know", "wrong"])
def test_a_candidate_who_knows_more_never_scores_lower(failure: str, home: Path) -> None:
    """Same behaviour past the edge, deeper edges everywhere: the score and every area's level never go down."""
    base = load_profiles()["solid"].model_copy(update={"failure": failure, "asks_inside": False})
    results = [simulate(_with_edges(base, k), "video_recommendations", tier="faang", brain=OfflineBrain(), home=home)
               for k in range(1, 5)]
    scores = [r.scorecard.tiers["faang"].score for r in results if r.scorecard]
    assert scores == sorted(scores), scores
    for lower, higher in itertools.pairwise(results):
        assert lower.scorecard and higher.scorecard
        for area in AREAS:
            assert (higher.scorecard.areas[area].level or 0) >= (lower.scorecard.areas[area].level or 0), area


def test_injected_instructions_never_raise_a_score(home: Path) -> None:
    """Every answer of a solid candidate followed by an instruction to the grader: same levels as without."""
    from evals.injection.run import load_attacks

    p = load_profiles()["solid"]
    clean = simulate(p, "video_recommendations", tier="faang", brain=OfflineBrain(), home=home)
    attacked = simulate(p, "video_recommendations", tier="faang", brain=OfflineBrain(), home=home,
                        suffix=load_attacks()[0].text)
    assert clean.scorecard and attacked.scorecard
    assert attacked.scorecard.tiers["faang"].score <= clean.scorecard.tiers["faang"].score
    assert all((attacked.scorecard.areas[a].level or 0) <= (clean.scorecard.areas[a].level or 0) for a in AREAS)
    assert any("ignored" in n for n in attacked.scorecard.notes)


def _answer(session: InterviewSession, text: str, clock) -> object:
    clock.advance(60)
    return session.send(text)


def test_resume_after_a_stop_keeps_every_answered_turn(home: Path, clock) -> None:
    db = home / "checkpoints.sqlite"
    home.mkdir(parents=True)
    session = InterviewSession.create(SETTINGS, home=home, brain=OfflineBrain(), clock=clock,
                                      checkpointer=sqlite_checkpointer(db))
    session.begin()
    answers = ["What latency budget do we have?",
               "I'd frame it as a ranking problem that maximises long-term watch time on the home feed.",
               "We predict expected watch time per impression and track daily active users as the business metric.",
               "I'm not sure, maybe clicks."]
    for text in answers:
        _answer(session, text, clock)
    pending_before = session.state.pending
    del session

    resumed = InterviewSession.reopen(load_transcript(session_path(home, _only_session(home))).header.id,
                                      home=home, brain=OfflineBrain(), clock=clock,
                                      checkpointer=sqlite_checkpointer(db))
    step = resumed.resume_step()
    assert step.pending == pending_before and step.text == pending_before.text
    said = [t.text for t in resumed.writer.transcript.turns if t.speaker == "candidate"]
    assert said == answers
    assert resumed.state.evidence.clarifying_questions == 1 and resumed.state.evidence.answers == 3
    step = _answer(resumed, "/end", clock)
    assert step.done and step.scorecard is not None


def _only_session(home: Path) -> str:
    (path,) = (home / "sessions").glob("*.jsonl")
    return path.stem


@pytest.mark.parametrize("answer", [
    "",
    "word " * 10_000 + "we would sample negatives from impressions that were shown but not watched by the user",
    "Nous utiliserions les journaux d'impressions 📺 — 我们会用曝光日志 — and split by time to avoid leakage.",
    "\x1b[2J\x1b[31m\x00\x07 control characters \u202e and [bold red]markup[/] ",
])
def test_hostile_answers_do_not_break_the_interview(answer: str, home: Path, clock) -> None:
    session = InterviewSession.create(SETTINGS, home=home, brain=OfflineBrain(), clock=clock)
    session.begin()
    step = _answer(session, answer, clock)
    assert step.error is None and step.pending is not None
    step = _answer(session, "/end", clock)
    assert step.done
    said = [t.text for t in load_transcript(session.writer.path).turns if t.speaker == "candidate"]
    assert said == [answer]


def test_full_interview_with_the_offline_brain_writes_a_complete_transcript(home: Path) -> None:
    result = simulate(load_profiles()["solid"], "video_recommendations", tier="faang", brain=OfflineBrain(),
                      home=home)
    assert result.transcript is not None
    t = load_transcript(result.transcript)
    assert t.finished and t.header.brain == "offline"
    candidate_turns = [x.index for x in t.turns if x.speaker == "candidate"]
    assessed = {e.turn for e in t.events if isinstance(e, AssessmentEvent)}
    assert set(candidate_turns) == assessed and len(candidate_turns) == result.candidate_turns
    seqs = [e.seq for e in t.events]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)


def test_full_interview_with_the_llm_brain_over_http(home: Path) -> None:
    with FakeOpenAI(responder=SimulatedModel(), api_key="sk-local") as server:
        brain = make_brain("llm", LLMSettings(model="fake-model", base_url=server.url, api_key=SecretStr("sk-local")))
        result = simulate(load_profiles()["solid"], "video_recommendations", tier="faang", brain=brain, home=home)
        calls = server.stats.requests
    assert result.edge_hits(tolerance=1) == 5
    assert calls <= 2 * result.candidate_turns + 1  # one assess + one ask per answer, plus the opening
    assert result.transcript is not None
    t = load_transcript(result.transcript)
    assert t.header.brain == "llm" and t.header.prompt_versions["assess"].startswith("assess-")
    usage = brain.gateway.usage.calls  # type: ignore[attr-defined]
    assess_tokens = [c.prompt_tokens_counted for c in usage if c.purpose == "assess"]
    assert max(assess_tokens) < 2.0 * min(assess_tokens)  # prompts stay flat as the interview grows


def test_the_llm_brain_asks_why_of_a_thin_claim_with_the_claim_and_the_minutes_in_its_prompt() -> None:
    from evals.fake_openai import Reply
    from interviewer.brains.base import AskRequest, AssessRequest
    from rubrics import get_question

    q = get_question("video_recommendations")
    answer = "Negatives are impressions that were shown but skipped, because random videos would be too easy."
    a = OfflineBrain().assess(AssessRequest(question=q, area="data", level=2, probe="(probe)", answer=answer))
    with FakeOpenAI([Reply("Why would skipped impressions make better negatives here?")], api_key="sk-local") as server:
        brain = make_brain("llm", LLMSettings(model="fake-model", base_url=server.url, api_key=SecretStr("sk-local")))
        text = brain.ask(AskRequest(question=q, kind="verify", area="data", level=2, turn=6, assessment=a,
                                    candidate_text=answer, minutes=30))
        prompt = "\n".join(m["content"] for m in server.requests[-1]["messages"])
    assert text == "Why would skipped impressions make better negatives here?"
    assert "ask why it holds" in prompt and f"The claim to question: {answer.rstrip('.')}" in prompt
    assert "30" in prompt and "Ask: " not in prompt  # no challenge of an error: the claim is not wrong
