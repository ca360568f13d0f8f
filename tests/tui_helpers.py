"""Shared pieces of the Textual pilot tests: the app under test, typing an answer, waiting for the UI."""

from __future__ import annotations

from pathlib import Path

from interviewer.brains.offline import OfflineBrain
from interviewer.settings import InterviewSettings
from tests.conftest import FakeClock
from tui.app import InterviewerApp
from tui.screens.interview import InterviewScreen
from tui.screens.setup import SetupScreen
from tui.widgets.answer import AnswerInput
from tui.widgets.conversation import InterviewerTurn

SIZE = (120, 40)
SETTINGS = InterviewSettings(question_id="video_recommendations", tier="faang")
GOLDEN = Path(__file__).parent.parent / "evals" / "golden"

FRAMING = ("I'd frame it as a ranking problem: rank videos on the home feed to maximise long-term watch time, "
           "predicting the expected watch time for each impression, because raw clicks reward clickbait and "
           "watch time is closer to what users value.")


def quoted(text: str) -> str:
    """The candidate's words the interviewer quoted back ("You said “…”"), or ""."""
    return text.split("“", 1)[1].split("”", 1)[0] if "“" in text and "”" in text else ""
TARGET = ("We predict expected watch time per impression, and we'd track daily active users and retention as the "
          "business metric, with the model metric as a proxy for it.")


def app_for(home: Path, brain=None, clock=None, **kw) -> InterviewerApp:
    return InterviewerApp(home=home, settings=SETTINGS, brain=brain or OfflineBrain(), session_id="tui-test",
                          clock=clock or FakeClock(), **kw)


async def answer(pilot, text: str, wait: float = 0.0) -> None:
    box = pilot.app.screen.query_one(AnswerInput)
    box.text = text
    await pilot.press("enter")
    await settle(pilot, wait)


async def settle(pilot, wait: float = 0.0) -> None:
    """Let the app finish what the last key started: its workers complete and the messages they posted
    are handled (`wait` adds a pause for things outside a worker, e.g. a slow fake model server)."""
    await pilot.pause(wait or None)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    for box in screen.query(AnswerInput):
        box.cursor_blink = False  # a blinking cursor makes snapshots depend on timing
    for _ in range(50):
        if not isinstance(screen, InterviewScreen) or not screen.busy:
            return
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)


async def setup_ready(pilot) -> SetupScreen:
    """Wait until the setup screen has loaded the question bank and the session list (a worker)."""
    screen = pilot.app.screen
    assert isinstance(screen, SetupScreen)
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if screen.bank and not any(w.is_running for w in pilot.app.workers):
            break
    screen.query_one("#search").cursor_blink = False
    return screen


def interviewer_texts(app: InterviewerApp) -> list[str]:
    return [t.text or t.markdown.source for t in app.screen.query(InterviewerTurn)]
