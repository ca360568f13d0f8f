"""Stopping and resuming a session: the clock stops while it is closed, the brain in use and the unsent
answer come back, and the app shows the whole conversation so far."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from graphs.checkpoint import sqlite_checkpointer
from graphs.session import InterviewSession
from interviewer.brains.base import AssessRequest
from interviewer.brains.offline import OfflineBrain
from interviewer.events import BrainEvent, PauseEvent, ResumeEvent
from interviewer.llm import LLMError
from interviewer.models import Assessment
from interviewer.settings import InterviewSettings
from interviewer.store import list_sessions, load_transcript, session_path
from tests.conftest import FakeClock
from tests.tui_helpers import FRAMING, SIZE, answer, app_for, interviewer_texts, settle, setup_ready
from tui.app import InterviewerApp
from tui.screens.interview import InterviewScreen
from tui.widgets.answer import AnswerInput
from tui.widgets.conversation import CandidateTurn, InterviewerTurn

SETTINGS = InterviewSettings(question_id="video_recommendations", tier="faang")
HOUR = 3600.0


def _session(home: Path, clock: FakeClock, sid: str = "r1") -> InterviewSession:
    home.mkdir(parents=True, exist_ok=True)
    return InterviewSession.create(SETTINGS, home=home, brain=OfflineBrain(), clock=clock, session_id=sid,
                                   checkpointer=sqlite_checkpointer(home / "checkpoints.sqlite"))


def _reopen(home: Path, clock: FakeClock, sid: str = "r1") -> InterviewSession:
    return InterviewSession.reopen(sid, home=home, brain=OfflineBrain(), clock=clock,
                                   checkpointer=sqlite_checkpointer(home / "checkpoints.sqlite"))


def test_time_while_closed_is_not_interview_time(home: Path) -> None:
    clock = FakeClock()
    s = _session(home, clock)
    s.begin()
    clock.advance(60)  # a minute thinking about the first question, then the app closes
    s.pause(draft="")
    s.close()  # the app exits, releasing the session
    clock.advance(HOUR)
    r = _reopen(home, clock)
    r.resume_step()
    clock.advance(30)
    r.send(FRAMING)
    assert r.state.elapsed == 90  # 60 s before closing + 30 s after, not the hour in between
    assert [e.away for e in r.writer.transcript.events if isinstance(e, ResumeEvent)] == [HOUR]


def test_after_a_crash_the_clock_restarts_where_the_transcript_stops(home: Path) -> None:
    clock = FakeClock()
    s = _session(home, clock)
    s.begin()
    clock.advance(20)
    s.send(FRAMING)  # its turn is written at this time; then the process dies without a pause
    elapsed = s.state.elapsed
    s.close()  # a dead process holds no lock
    clock.advance(HOUR)
    r = _reopen(home, clock)
    r.resume_step()
    clock.advance(45)
    r.send("We predict expected watch time per impression and track daily active users.")
    assert r.state.elapsed == elapsed + 45


def test_a_switch_to_the_offline_brain_is_recorded_for_the_resume(home: Path) -> None:
    s = _session(home, FakeClock())
    s.begin()
    s.use_brain(OfflineBrain())
    t = load_transcript(session_path(home, "r1"))
    assert [e.brain for e in t.events if isinstance(e, BrainEvent)] == ["offline"]
    assert t.brain == "offline" and list_sessions(home)[0].brain == "offline"


def test_the_draft_is_kept_until_an_answer_is_sent(home: Path) -> None:
    clock = FakeClock()
    s = _session(home, clock)
    s.begin()
    s.pause(draft="half an answer")
    s.close()
    r = _reopen(home, clock)
    r.resume_step()
    assert r.writer.transcript.draft == "half an answer"
    r.send(FRAMING)
    assert r.writer.transcript.draft == ""
    assert any(isinstance(e, PauseEvent) for e in load_transcript(session_path(home, "r1")).events)


# --- in the app ---------------------------------------------------------------------------------

async def _stop_with_a_draft(home: Path, clock: FakeClock) -> None:
    app = app_for(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await answer(pilot, "How many users do we have?")
        await answer(pilot, FRAMING)
        clock.advance(120)  # two minutes on the current question, then the app closes with a draft typed
        app.screen.query_one(AnswerInput).text = "Watch time alone rewards click"
        await pilot.press("ctrl+q", "y")
        await pilot.pause()


async def test_resume_shows_the_whole_conversation_the_draft_and_a_stopped_clock(home: Path) -> None:
    clock = FakeClock()
    await _stop_with_a_draft(home, clock)
    clock.advance(HOUR)
    app = InterviewerApp(home=home, resume_id="tui-test", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        said = [t.text for t in screen.query(CandidateTurn)]
        assert said == ["How many users do we have?", FRAMING]
        asked = interviewer_texts(app)
        assert len(asked) == 3 and "2 billion" in asked[0]  # the problem statement is back, the pending question once
        assert [t.turn for t in screen.query(InterviewerTurn)] == [0, 2, 4]
        assert [t.turn for t in screen.query(CandidateTurn)] == [1, 3]
        assert screen.query_one(AnswerInput).text == "Watch time alone rewards click"
        assert screen.query_one("#clock", Static).render().plain == "43:00"  # the hour closed does not count


class FailingModel(OfflineBrain):
    """Stands in for an LLM brain whose server has gone away."""

    kind = "llm"

    def assess(self, request: AssessRequest) -> Assessment:
        raise LLMError("connection", "The model at http://127.0.0.1:9/v1 could not be reached.")


async def test_a_session_that_switched_to_the_offline_brain_resumes_on_it(home: Path) -> None:
    app = app_for(home, brain=FailingModel())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await answer(pilot, FRAMING)
        await pilot.press("o")  # the failure dialog: continue offline
        await settle(pilot, 0.5)
        await pilot.press("ctrl+q", "y")
    assert list_sessions(home)[0].header.brain == "llm"
    app = InterviewerApp(home=home, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await setup_ready(pilot)
        await pilot.press("ctrl+r", "enter")  # jump to your sessions, resume the highlighted one
        await settle(pilot, 0.5)
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.session.context.brain.kind == "offline" and "offline brain" in app.screen.sub_title
        assert app.screen.session.failed is None
