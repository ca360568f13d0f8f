"""The app on a session database: its session list reads the database (found through
INTERVIEWER_DATABASE_URL), a finished session replays and an unfinished one resumes from another machine."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from graphs.session import InterviewSession
from interviewer.brains.offline import OfflineBrain
from interviewer.settings import InterviewSettings
from interviewer.storage import open_store
from tests.conftest import FakeClock
from tests.tui_helpers import FRAMING, SIZE, settle, setup_ready
from tui.app import InterviewerApp
from tui.screens.interview import InterviewScreen
from tui.screens.replay import ReplayScreen


async def test_the_session_list_reads_the_database(database_url: str, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "laptop-a"
    store = open_store(elsewhere, database_url)
    settings = InterviewSettings(question_id="video_recommendations", tier="faang")
    for sid, end in (("db-open", False), ("db-done", True)):
        s = InterviewSession.create(settings, home=elsewhere, brain=OfflineBrain(), store=store, session_id=sid,
                                    clock=FakeClock())
        s.begin()
        s.send(FRAMING)
        if end:
            s.send("/end")
        s.close()
    monkeypatch.setenv("INTERVIEWER_DATABASE_URL", database_url)
    app = InterviewerApp(home=tmp_path / "laptop-b", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await setup_ready(pilot)
        sessions = screen.query_one("#sessions", OptionList)
        labels = [str(sessions.get_option_at_index(i).prompt) for i in range(sessions.option_count)]
        assert len(labels) == 2 and sum("resume · 1 answer" in x for x in labels) == 1, labels
        done = next(i for i, x in enumerate(labels) if "replay" in x)
        sessions.focus()
        sessions.highlighted = done
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ReplayScreen)
        await pilot.press("escape")
        await pilot.pause()
        sessions.highlighted = 1 - done
        await pilot.press("enter")
        await settle(pilot, 0.5)
        assert isinstance(app.screen, InterviewScreen) and app.screen.session.id == "db-open"
    assert not (tmp_path / "laptop-b" / "sessions").exists()
