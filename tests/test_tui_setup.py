"""The setup screen: it paints before anything heavy loads, then lets a candidate pick a question and the
interview's shape, resume or replay a session, or open a transcript file."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from textual.widgets import Input, OptionList

from tests.conftest import FakeClock
from tests.tui_helpers import FRAMING, GOLDEN, SIZE, answer, app_for, settle, setup_ready
from tui.app import InterviewerApp
from tui.screens.dialogs import OpenTranscript
from tui.screens.help import HelpScreen
from tui.screens.interview import InterviewScreen
from tui.screens.replay import ReplayScreen
from tui.screens.scorecard import ScorecardScreen
from tui.screens.setup import SetupScreen
from tui.widgets.choice import Choice

PROBE = """
import asyncio, sys
from pathlib import Path
from tui.app import InterviewerApp

seen = {}

class Probe(InterviewerApp):
    def on_ready(self):  # Textual's Ready: the first frame has been laid out
        seen["heavy"] = sorted(m for m in ("pydantic", "yaml", "langgraph", "openai", "rubrics.loader")
                               if m in sys.modules)
        seen["list"] = str(self.screen.query_one("#questions").get_option_at_index(0).prompt)
        super().on_ready()

async def main():
    app = Probe(home=Path(sys.argv[1]))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if app.screen.bank:
                break
        seen["questions"] = len(app.screen.bank)
    print(repr(seen))

asyncio.run(main())
"""


def test_first_frame_comes_before_pydantic_yaml_and_the_question_bank(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    seen = ast.literal_eval(run.stdout.strip().splitlines()[-1])
    assert seen["heavy"] == []
    assert seen["list"] == "Loading the question bank…"
    assert seen["questions"] == 14


async def test_search_typed_before_the_bank_loads_still_filters_and_starts(home: Path) -> None:
    app = InterviewerApp(home=home, clock=FakeClock(), session_id="tui-setup")
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SetupScreen)
        await pilot.press(*"fraud")
        await setup_ready(pilot)
        options = app.screen.query_one("#questions", OptionList)
        assert options.option_count == 1
        assert app.screen.query_one("#tier", Choice).value == "growth_startup"  # follows the question
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.session.settings.question_id == "payment_fraud_detection"
        assert app.screen.session.settings.tier == "growth_startup"


async def test_search_with_no_match_says_so(home: Path) -> None:
    async with InterviewerApp(home=home, clock=FakeClock()).run_test(size=SIZE) as pilot:
        await setup_ready(pilot)
        await pilot.press(*"zzz")
        await pilot.pause()
        options = pilot.app.screen.query_one("#questions", OptionList)
        assert "No question matches 'zzz'" in str(options.get_option_at_index(0).prompt)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SetupScreen)  # nothing to start


async def test_choices_change_with_the_keyboard_and_the_mouse_and_shape_the_interview(home: Path) -> None:
    app = InterviewerApp(home=home, clock=FakeClock(), session_id="tui-choices")
    async with app.run_test(size=SIZE) as pilot:
        screen = await setup_ready(pilot)
        role, minutes, team = (screen.query_one(f"#{i}", Choice) for i in ("role", "minutes", "team"))
        role.focus()
        await pilot.press("right")
        assert role.value == "specialist"
        await pilot.press("down")  # Up/Down move between fields; a specialist's focus area comes next
        assert screen.focused is screen.query_one("#focus", Choice)
        await pilot.press("right", "down")
        assert screen.focused is team
        await pilot.press("left")  # wraps: hybrid -> ml
        assert team.value == "ml"
        minutes.focus()
        await pilot.press("right", "left", "left", "left")
        assert minutes.value == "35"
        for _ in range(60):
            await pilot.press("right")
        assert minutes.value == "180"  # a stepper stops at its end
        await pilot.press("enter")
        assert minutes.value == "10"  # Enter cycles
        await pilot.press(*["right"] * 6)
        track = screen.query_one("#track", Choice)
        await pilot.click("#track", offset=(30, 0))  # a click right of the value steps forward
        assert track.value == "research" and screen.focused is track
        tier = screen.query_one("#tier", Choice)
        tier.focus()
        await pilot.press("right")
        await pilot.press("ctrl+s")
        await settle(pilot)
        settings = app.screen.session.settings
        assert (settings.role, settings.minutes, settings.team.focus, settings.team.track, settings.tier) == \
            ("specialist", 40, "ml", "research", "growth_startup")
        assert settings.focus == "evaluation"


async def test_llm_brain_reveals_model_and_server_fields(home: Path, monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_MODEL", "qwen2.5:7b")
    async with InterviewerApp(home=home, clock=FakeClock()).run_test(size=SIZE) as pilot:
        screen = await setup_ready(pilot)
        assert not screen.query("#model")
        brain = screen.query_one("#brain", Choice)
        brain.focus()
        await pilot.press("right")
        await pilot.pause()
        assert screen.query_one("#model", Input).value == "qwen2.5:7b"
        assert screen.query_one("#llm-row").display
        await pilot.press("right")
        await pilot.pause()
        assert brain.value == "offline" and not screen.query_one("#llm-row").display


async def _one_unfinished_and_one_finished(home: Path) -> None:
    first = app_for(home)
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await answer(pilot, FRAMING)
        await pilot.press("ctrl+q", "y")
    done = InterviewerApp(home=home, clock=FakeClock(), session_id="tui-done")
    async with done.run_test(size=SIZE) as pilot:
        await setup_ready(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await answer(pilot, FRAMING)
        await pilot.press("f4", "y")
        await settle(pilot, 0.5)
        assert isinstance(done.screen, ScorecardScreen)


async def test_sessions_list_resumes_the_unfinished_and_replays_the_finished(home: Path) -> None:
    await _one_unfinished_and_one_finished(home)
    app = InterviewerApp(home=home, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await setup_ready(pilot)
        sessions = screen.query_one("#sessions", OptionList)
        labels = [str(sessions.get_option_at_index(i).prompt) for i in range(sessions.option_count)]
        assert len(labels) == 2
        assert labels[0].startswith("▶ Video recommendations at 2B-user scale") and "resume · 1 answer" in labels[0]
        assert labels[1].startswith("↺ ") and "replay · level" in labels[1]
        assert "video_recommendations" not in " ".join(labels)
        sessions.focus()
        sessions.highlighted = 1
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ReplayScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        sessions.highlighted = 0
        await pilot.press("enter")
        await settle(pilot, 0.5)
        assert isinstance(app.screen, InterviewScreen) and app.screen.session.id == "tui-test"
        assert app.screen.session.state.evidence.areas["problem_framing"].answers == 1


async def test_open_transcript_dialog_replays_a_file_and_reports_a_bad_one(home: Path) -> None:
    async with InterviewerApp(home=home, clock=FakeClock()).run_test(size=SIZE) as pilot:
        await setup_ready(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(pilot.app.screen, OpenTranscript)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SetupScreen)
        await pilot.press("ctrl+o", *str(home / "missing.jsonl"), "enter")
        await pilot.pause(0.3)
        assert isinstance(pilot.app.screen, SetupScreen)
        assert any("missing.jsonl" in str(n.message) for n in pilot.app._notifications)
        await pilot.press("ctrl+o", *str(GOLDEN / "g04_search_solid.txt"), "enter")
        await pilot.pause(0.3)
        assert isinstance(pilot.app.screen, ReplayScreen)


async def test_new_interview_returns_to_setup_listing_the_finished_session(home: Path) -> None:
    app = InterviewerApp(home=home, clock=FakeClock(), session_id="tui-again")
    async with app.run_test(size=SIZE) as pilot:
        setup = await setup_ready(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f4", "y")
        await settle(pilot, 0.5)
        assert isinstance(app.screen, ScorecardScreen)
        app.action_new_interview()
        await setup_ready(pilot)
        assert app.screen is setup and len(app.screen_stack) == 1
        sessions = setup.query_one("#sessions", OptionList)
        assert "replay · " in str(sessions.get_option_at_index(0).prompt)


async def test_help_on_setup_lists_its_keys(home: Path) -> None:
    async with InterviewerApp(home=home, clock=FakeClock()).run_test(size=SIZE) as pilot:
        await setup_ready(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        table = pilot.app.screen.query_one("DataTable")
        keys = {table.get_row_at(i)[0] for i in range(table.row_count)}
        assert {"ctrl+s", "ctrl+o", "left / right", "ctrl+q", "ctrl+p"} <= keys
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SetupScreen)
