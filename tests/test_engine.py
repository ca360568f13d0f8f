"""The interview graph end to end: edge finding, monotone scores, resume, hostile answers, both brains."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from evals.fake_openai import FakeOpenAI
from evals.model_sim import SimulatedModel
from evals.sim.candidate import dominates, load_profiles
from evals.sim.run import simulate
from graphs.checkpoint import sqlite_checkpointer
from graphs.session import InterviewSession
from interviewer.brains import make_brain
from interviewer.brains.offline import OfflineBrain
from interviewer.models import AREAS
from interviewer.settings import InterviewSettings, LLMSettings
from interviewer.store import AssessmentEvent, load_transcript, session_path

SETTINGS = InterviewSettings(question_id="video_recommendations", tier="faang")


@pytest.mark.parametrize("question", ["video_recommendations", "support_ticket_triage"])
@pytest.mark.parametrize("profile", ["generalist", "modeling_specialist", "weak"])
def test_engine_finds_each_simulated_candidates_edge(profile: str, question: str, home: Path) -> None:
    p = load_profiles()[profile]
    result = simulate(p, question, tier="faang", brain=OfflineBrain(), home=home)
    assert result.found_edges == p.edges


@pytest.mark.parametrize("failure", ["hedge", "dont_know", "wrong"])
def test_a_candidate_who_knows_more_never_scores_lower(failure: str, home: Path) -> None:
    """Same behaviour past the edge, deeper edges: the score never goes down (area by area too)."""
    base = load_profiles()["generalist"]
    ladder = [base.model_copy(update={"id": f"k{k}", "failure": failure, "clarifies": 1,
                                      "edges": {a: k for a in AREAS}}) for k in range(5)]
    mixed = [p.model_copy(update={"failure": failure}) for p in load_profiles().values() if not p.inject]
    profiles = {p.id: p for p in ladder + mixed}
    results = {pid: simulate(p, "video_recommendations", tier="faang", brain=OfflineBrain(), home=home)
               for pid, p in profiles.items()}
    for a in results:
        for b in results:
            if dominates(profiles[a], profiles[b]):
                assert results[a].scorecard.tiers["faang"].score >= results[b].scorecard.tiers["faang"].score, (a, b)
                for area in AREAS:
                    if profiles[a].edges[area] > profiles[b].edges[area]:
                        la, lb = results[a].scorecard.areas[area].level, results[b].scorecard.areas[area].level
                        assert (la or 0) >= (lb or 0), (a, b, area)


def test_injection_never_raises_a_score(home: Path) -> None:
    honest = load_profiles()["injector"].model_copy(update={"inject": False, "id": "honest"})
    attacker = load_profiles()["injector"]
    clean = simulate(honest, "video_recommendations", tier="faang", brain=OfflineBrain(), home=home)
    attacked = simulate(attacker, "video_recommendations", tier="faang", brain=OfflineBrain(), home=home)
    assert attacked.scorecard.tiers["faang"].score == clean.scorecard.tiers["faang"].score
    assert {a: s.level for a, s in attacked.scorecard.areas.items()} == {
        a: s.level for a, s in clean.scorecard.areas.items()}
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
    result = simulate(load_profiles()["generalist"], "video_recommendations", tier="faang",
                      brain=OfflineBrain(), home=home)
    t = load_transcript(result.transcript)
    assert t.finished and t.header.brain == "offline"
    candidate_turns = [x.index for x in t.turns if x.speaker == "candidate"]
    assessed = {e.turn for e in t.events if isinstance(e, AssessmentEvent)}
    assert set(candidate_turns) == assessed and len(candidate_turns) == result.answers


def test_full_interview_with_the_llm_brain_over_http(home: Path) -> None:
    with FakeOpenAI(responder=SimulatedModel(), api_key="sk-local") as server:
        brain = make_brain("llm", LLMSettings(model="fake-model", base_url=server.url, api_key=SecretStr("sk-local")))
        result = simulate(load_profiles()["generalist"], "video_recommendations", tier="faang", brain=brain,
                          home=home)
        calls = server.stats.requests
    assert result.found_edges == load_profiles()["generalist"].edges
    # one assess + one ask per answer, plus the opening question
    assert calls <= 2 * result.answers + 1
    t = load_transcript(result.transcript)
    assert t.header.brain == "llm" and t.header.prompt_versions["assess"].startswith("assess-")
    usage = brain.gateway.usage.calls  # type: ignore[attr-defined]
    assess_tokens = [c.prompt_tokens_counted for c in usage if c.purpose == "assess"]
    assert max(assess_tokens) < 2.0 * min(assess_tokens)  # prompts stay flat as the interview grows
