"""The keyboard flows a candidate relies on: destructive keys ask first, Esc goes back, focus lands where
typing should go, the sessions list is one key away, and the last settings come back next launch."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, OptionList, Static

from interviewer.store import list_sessions
from tests.conftest import FakeClock
from tests.tui_helpers import FRAMING, GOLDEN, SIZE, answer, app_for, settle, setup_ready
from tui.app import InterviewerApp
from tui.screens.dialogs import Confirm
from tui.screens.interview import InterviewScreen
from tui.screens.replay import ReplayScreen
from tui.screens.scorecard import ScorecardScreen
from tui.screens.setup import SetupScreen
from tui.widgets.choice import Choice
from tui.widgets.conversation import Notice
from tui.widgets.side import SidePanel


async def test_f4_asks_before_ending_and_esc_keeps_the_interview(home: Path) -> None:
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        assert isinstance(app.screen, Confirm) and "End the interview" in app.screen.heading
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen) and not app.screen.session.writer.transcript.finished
        await pilot.press("f4", "enter")  # Enter is on the safe button
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("f4", "y")
        await settle(pilot, 0.5)
        assert isinstance(app.screen, ScorecardScreen)


async def test_typing_slash_end_asks_too(home: Path) -> None:
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await answer(pilot, "/end")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen) and not app.screen.query(Notice)


async def test_typing_slash_help_opens_help_and_esc_returns_to_the_question(home: Path) -> None:
    from tui.screens.help import HelpScreen

    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await answer(pilot, "/help")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen) and app.screen.session.writer.transcript.turns[-1].speaker \
            == "interviewer"  # /help is not an answer


async def test_skipping_an_area_with_nothing_answered_asks_first(home: Path) -> None:
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        assert isinstance(app.screen, Confirm) and "Problem framing" in app.screen.heading
        await pilot.press("y")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert screen.session.state.progress["problem_framing"].status == "closed"
        await answer(pilot, "We would use the impression logs, labelling a long watch as a positive example.")
        await pilot.press("f3")  # something answered in this area: skipping is not destructive, no question
        await settle(pilot)
        assert app.screen is screen and screen.session.state.progress["data"].status == "closed"


async def test_esc_in_the_interview_goes_back_to_setup_with_the_session_resumable(home: Path) -> None:
    app = InterviewerApp(home=home, clock=FakeClock(), session_id="esc-back")
    async with app.run_test(size=SIZE) as pilot:
        setup = await setup_ready(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await answer(pilot, FRAMING)
        await pilot.press("escape")
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await setup_ready(pilot)
        assert app.screen is setup and setup.focused is setup.query_one("#search", Input)
        label = str(setup.query_one("#sessions", OptionList).get_option_at_index(0).prompt)
        assert "resume · 1 answer" in label
    assert [s.id for s in list_sessions(home) if not s.finished] == ["esc-back"]


async def test_esc_on_the_scorecard_and_the_replay_goes_back_to_setup(home: Path) -> None:
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4", "y")
        await settle(pilot, 0.5)
        assert isinstance(app.screen, ScorecardScreen)
        await pilot.press("escape")
        await setup_ready(pilot)
        assert isinstance(app.screen, SetupScreen)
    replay = InterviewerApp(home=home, replay_path=GOLDEN / "g04_search_solid.txt")
    async with replay.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        assert isinstance(replay.screen, ReplayScreen)
        await pilot.press("escape")
        await setup_ready(pilot)
        assert isinstance(replay.screen, SetupScreen)


async def test_after_n_on_the_scorecard_typing_goes_to_the_search_and_starts_that_question(home: Path) -> None:
    app = InterviewerApp(home=home, clock=FakeClock(), session_id="first")
    async with app.run_test(size=SIZE) as pilot:
        setup = await setup_ready(pilot)
        setup.query_one("#sessions", OptionList).focus()  # where focus used to be left
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f4", "y")
        await settle(pilot, 0.5)
        assert isinstance(app.screen, ScorecardScreen)
        await pilot.press("n")
        await setup_ready(pilot)
        await pilot.press(*"fraud")
        await pilot.pause()
        assert setup.query_one("#search", Input).value == "fraud"
        app.fixed_session_id = "second"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.session.settings.question_id == "payment_fraud_detection"


async def test_the_sessions_list_shows_a_highlighted_row_and_ctrl_r_jumps_to_it(home: Path) -> None:
    first = app_for(home)
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q", "y")
    app = InterviewerApp(home=home, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        setup = await setup_ready(pilot)
        sessions = setup.query_one("#sessions", OptionList)
        assert sessions.highlighted == 0
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert setup.focused is sessions
        await pilot.press("escape")
        await pilot.pause()
        assert setup.focused is setup.query_one("#search", Input)


async def test_specialist_shows_the_focus_area_row(home: Path) -> None:
    async with InterviewerApp(home=home, clock=FakeClock()).run_test(size=SIZE) as pilot:
        setup = await setup_ready(pilot)
        focus = setup.query_one("#focus", Choice)
        assert not focus.display
        setup.query_one("#role", Choice).value = "specialist"
        await pilot.pause()
        assert focus.display and focus.region.height == 1
        setup.query_one("#role", Choice).value = "generalist"
        await pilot.pause()
        assert not focus.display


async def test_the_last_settings_come_back_on_the_next_launch(home: Path) -> None:
    app = InterviewerApp(home=home, clock=FakeClock(), session_id="remembered")
    async with app.run_test(size=SIZE) as pilot:
        setup = await setup_ready(pilot)
        await pilot.press(*"delivery")
        await pilot.pause()
        for field, value in (("tier", "research_lab"), ("role", "specialist"), ("focus", "deployment"),
                             ("team", "infra"), ("minutes", "30")):
            setup.query_one(f"#{field}", Choice).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        await app.workers.wait_for_complete()
    saved = json.loads((home / "settings.json").read_text())
    assert saved["question"] == "eta_prediction" and "key" not in json.dumps(saved).lower()
    again = InterviewerApp(home=home, clock=FakeClock())
    async with again.run_test(size=SIZE) as pilot:
        setup = await setup_ready(pilot)
        await pilot.pause()
        values = {f: setup.query_one(f"#{f}", Choice).value for f in ("tier", "role", "focus", "team", "minutes")}
        assert values == {"tier": "research_lab", "role": "specialist", "focus": "deployment", "team": "infra",
                          "minutes": "30"}
        assert setup.query_one("#focus", Choice).display
        assert setup._highlighted().id == "eta_prediction"


async def test_a_damaged_settings_file_means_defaults(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "settings.json").write_text("{not json")
    async with InterviewerApp(home=home, clock=FakeClock()).run_test(size=SIZE) as pilot:
        setup = await setup_ready(pilot)
        assert setup.query_one("#role", Choice).value == "generalist"


async def test_ctrl_b_hides_the_side_panel_and_the_clock_moves_to_the_status_line(home: Path) -> None:
    app = app_for(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        side = screen.query_one(SidePanel)
        assert screen.has_class("narrow") and side.region.width <= 26
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert not side.display
        assert "45:00 left" in screen.query_one("#status-clock", Static).render().plain
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert side.display and screen.query_one("#status-clock", Static).render().plain == ""


async def test_esc_on_a_model_failure_goes_back_and_the_next_answer_asks_again(home: Path) -> None:
    from tests.test_tui import FailingBrain
    from tui.screens.dialogs import ModelFailure
    from tui.widgets.answer import AnswerInput

    app = app_for(home, brain=FailingBrain())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await answer(pilot, FRAMING)
        assert isinstance(app.screen, ModelFailure)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        await answer(pilot, "a second thought")
        assert isinstance(app.screen, ModelFailure)  # nothing is sent past a failed step
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one(AnswerInput).text == "a second thought"


async def test_esc_waits_while_the_interviewer_is_writing(home: Path) -> None:
    from tests.test_tui import SlowBrain
    from tui.widgets.answer import AnswerInput

    app = app_for(home, brain=SlowBrain())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one(AnswerInput).text = FRAMING
        await pilot.press("enter", "escape", "f4")
        screen = app.screen
        assert isinstance(screen, InterviewScreen) and screen.busy  # neither asked nor left mid-reply
        await settle(pilot, 3.0)
        assert not screen.busy and app.screen is screen
