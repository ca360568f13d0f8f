"""The Textual app driven the way a candidate uses it (pilot tests) and its layout (snapshots)."""

from __future__ import annotations

import time
from pathlib import Path

from pydantic import SecretStr
from textual.widgets import Static

from evals.fake_openai import FakeOpenAI
from evals.model_sim import SimulatedModel
from interviewer.brains import make_brain
from interviewer.brains.base import AssessRequest
from interviewer.brains.offline import OfflineBrain
from interviewer.llm import LLMError
from interviewer.models import Assessment
from interviewer.settings import LLMSettings
from interviewer.store import list_sessions
from tests.tui_helpers import FRAMING, GOLDEN, SIZE, answer, app_for, interviewer_texts, quoted, settle
from tui.app import InterviewerApp
from tui.screens.dialogs import ConfirmQuit, ModelFailure
from tui.screens.help import HelpScreen
from tui.screens.interview import InterviewScreen
from tui.screens.replay import ReplayScreen
from tui.screens.scorecard import ScorecardScreen
from tui.widgets.answer import AnswerInput
from tui.widgets.conversation import CandidateTurn, InterviewerTurn


async def test_complete_interview_with_deeper_probes_pivot_hint_and_export(home: Path) -> None:
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        await answer(pilot, FRAMING)
        said = quoted(interviewer_texts(app)[-1])  # the follow-up builds on the candidate's own words
        assert said and said.rstrip("…") in FRAMING
        await answer(pilot, "I don't know.")  # a miss: one second try, never "deeper"
        assert "another angle" in interviewer_texts(app)[-1]
        await answer(pilot, "I don't know.")  # the second miss confirms the edge
        assert "Let's turn to data" in interviewer_texts(app)[-1]
        await pilot.press("f2")
        await settle(pilot)
        assert "nudge" in interviewer_texts(app)[-1]
        assert app.screen.query_one("#hints", Static).render().plain == "1"
        await pilot.press("f4", "y")
        await settle(pilot, 0.5)
        assert isinstance(app.screen, ScorecardScreen)
        assert app.screen.card.areas["data"].hints == 1
        await pilot.press("m")
        await pilot.pause(0.2)
    report = home / "reports" / "tui-test.md"
    assert report.exists() and "## Practise these first" in report.read_text()


async def test_markup_typed_as_an_answer_is_shown_as_typed(home: Path) -> None:
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await answer(pilot, "[bold red]x[/]")
        shown = app.screen.query(CandidateTurn).last().query_one(".answer", Static)
        assert shown.render().plain == "[bold red]x[/]"


class SlowBrain(OfflineBrain):
    def assess(self, request: AssessRequest) -> Assessment:
        time.sleep(3.0)
        return super().assess(request)


async def test_ui_stays_responsive_while_the_brain_is_slow(home: Path) -> None:
    app = app_for(home, brain=SlowBrain())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one(AnswerInput).text = FRAMING
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, InterviewScreen) and screen.busy
        await pilot.press(*"still typing")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        # every key above was handled while the brain was still working in its thread
        assert screen.busy and screen.query_one(AnswerInput).text == "still typing"
        assert "thinking" in screen.query_one("#status", Static).render().plain
        await settle(pilot, 2.0)
        assert not screen.busy and len(screen.query(InterviewerTurn)) == 2


class FailingBrain(OfflineBrain):
    def assess(self, request: AssessRequest) -> Assessment:
        raise LLMError("timeout", "The model at http://127.0.0.1:9/v1 did not answer within 5 s.")


async def test_a_failing_model_shows_a_notice_and_offers_the_offline_brain(home: Path) -> None:
    app = app_for(home, brain=FailingBrain())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await answer(pilot, FRAMING)
        await pilot.pause(0.2)
        assert isinstance(app.screen, ModelFailure)
        await pilot.press("o")
        await settle(pilot, 0.5)
        assert isinstance(app.screen, InterviewScreen)
        said = quoted(interviewer_texts(app)[-1])  # the follow-up builds on the candidate's own words
        assert said and said.rstrip("…") in FRAMING
        assert isinstance(app.screen.session.context.brain, OfflineBrain)


async def test_quit_asks_first_and_leaves_the_session_resumable(home: Path) -> None:
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await answer(pilot, FRAMING)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("escape")
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("ctrl+q")
        await pilot.click("#quit")
        await pilot.pause(0.2)
    assert app.return_code == 0
    unfinished = [s for s in list_sessions(home) if not s.finished]
    assert [s.id for s in unfinished] == ["tui-test"] and unfinished[0].answers == 1


async def test_help_lists_every_interview_binding(home: Path) -> None:
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("DataTable")
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        keys = {r[0] for r in rows}
        assert {"f2", "f3", "f4", "ctrl+q", "ctrl+p"} <= keys


async def test_command_palette_offers_the_interview_commands(home: Path) -> None:
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Hint", "Skip area", "End interview", "Help"} <= titles
        end = next(c for c in app.get_system_commands(app.screen) if c.title == "End interview")
        await end.callback()
        await pilot.press("y")  # ending asks first, from the palette too
        await settle(pilot, 0.5)
        assert isinstance(app.screen, ScorecardScreen)


async def test_replay_steps_through_a_transcript_with_edges(home: Path) -> None:
    app = InterviewerApp(home=home, replay_path=GOLDEN / "g04_search_solid.txt")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        await pilot.press("end")
        last = screen.query_one("#replay-edges", Static).render().plain
        await pilot.press("home", "right")
        assert screen.position == 1
        assert "clarifying question" in screen.query_one("#replay-assessment", Static).render().plain
        assert screen.query_one("#replay-turn", Static).render().plain.startswith("turn 1 · candidate")
        assert "█" in last


async def test_llm_brain_text_streams_into_the_conversation(home: Path) -> None:
    with FakeOpenAI(responder=SimulatedModel()) as server:
        brain = make_brain("llm", LLMSettings(model="fake", base_url=server.url, api_key=SecretStr("k")))
        app = app_for(home, brain=brain)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, 0.5)
            first = interviewer_texts(app)[0]
            assert first.startswith("Hi, thanks for joining.") and "2 billion users" in first
            await answer(pilot, FRAMING, wait=0.5)
            assert len(app.screen.query(InterviewerTurn)) == 2


async def test_turn_numbers_in_the_chat_and_the_replay_are_the_ones_the_evidence_cites(home: Path) -> None:
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await answer(pilot, "How many users do we have?")
        await answer(pilot, FRAMING)
        chat = {t.turn: t.text for t in app.screen.query(CandidateTurn)}
        await pilot.press("f4", "y")
        await settle(pilot, 0.5)
        evidence = [e for s in app.screen.card.areas.values() for e in s.evidence]
    assert evidence
    for e in evidence:
        assert e.quote.rstrip("…") in chat[e.turn]
    replay = InterviewerApp(home=home, replay_path=home / "sessions" / "tui-test.jsonl")
    async with replay.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        shown = {t.turn: t.text for t in replay.screen.query(CandidateTurn)}
        assert all(e.quote.rstrip("…") in shown[e.turn] for e in evidence)
