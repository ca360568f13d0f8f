"""Issue 15 in the app: a malformed session file does not blank the setup screen, and text from a
transcript, a question or a model (streamed in pieces) is shown inert."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList, Static

from interviewer.brains.base import AskRequest, TextSink
from interviewer.brains.offline import OfflineBrain
from interviewer.store import load_transcript
from interviewer.terminal import is_inert
from tests.hardening import ESCAPES, FRAMING, header, turn, unfinished_session, write_session
from tests.tui_helpers import SIZE, answer, app_for, settle, setup_ready
from tui.app import InterviewerApp
from tui.screens.replay import ReplayScreen
from tui.widgets.conversation import CandidateTurn, InterviewerTurn


def _shown(app: InterviewerApp) -> list[str]:
    texts = [t.markdown.source for t in app.screen.query(InterviewerTurn)]
    texts += [t.query_one(".answer", Static).render().plain for t in app.screen.query(CandidateTurn)]
    return texts


class EscapingBrain(OfflineBrain):
    """An interviewer whose questions carry escape sequences, streamed in pieces that split them."""

    def ask(self, request: AskRequest, sink: TextSink | None = None) -> str:
        text = super().ask(request) + " " + ESCAPES
        for i in range(0, len(text), 7):
            if sink is not None:
                sink(text[i:i + 7])
        return text


async def test_a_malformed_session_file_leaves_the_setup_screen_whole(home: Path, monkeypatch: pytest.MonkeyPatch
                                                                      ) -> None:
    unfinished_session(home)
    bad = write_session(home / "sessions", "broken", header("broken"), turn(-1, "candidate", "x"))
    told: list[str] = []
    real = InterviewerApp.notify

    def notify(self: InterviewerApp, message: str, **kwargs: Any) -> None:
        told.append(message)
        real(self, message, **kwargs)

    monkeypatch.setattr(InterviewerApp, "notify", notify)
    app = InterviewerApp(home=home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await setup_ready(pilot)
        assert len(screen.bank) == 14
        sessions = screen.query_one("#sessions", OptionList)
        assert [sessions.get_option_at_index(i).id for i in range(sessions.option_count)] == ["good"]
    assert any(f"skipped {bad}" in m for m in told)


async def test_streamed_interviewer_text_and_candidate_text_are_shown_inert(home: Path) -> None:
    app = app_for(home, brain=EscapingBrain())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await answer(pilot, FRAMING + " " + ESCAPES)
        shown = _shown(app)
        assert len(shown) >= 3 and all(is_inert(t) for t in shown)
        assert all("␛]52;c;cHduZWQ=␇" in t for t in shown)
    said = [t.text for t in load_transcript(home / "sessions" / "tui-test.jsonl").turns if t.speaker == "candidate"]
    assert said == [FRAMING + " " + ESCAPES]  # shown inert, kept exactly as typed


async def test_a_replayed_transcript_is_shown_inert(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text(f"Interviewer: Design YouTube's video recommendations. {ESCAPES}\nCandidate: {FRAMING} {ESCAPES}\n")
    app = InterviewerApp(home=home, replay_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 1.0)
        assert isinstance(app.screen, ReplayScreen)
        await pilot.press("end")
        shown = [*_shown(app), app.screen.query_one("#replay-assessment", Static).render().plain]
        assert all(is_inert(t) for t in shown) and sum("␛" in t for t in shown) >= 2
