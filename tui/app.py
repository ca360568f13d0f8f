"""The Textual app: setup → interview → scorecard, plus replay. It drives the graph through the
session; it owns no interview logic."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui.literal import tell
from tui.screens.setup import SetupScreen

if TYPE_CHECKING:  # the domain (pydantic), the graph, the LLM client and the other screens load when first needed
    from graphs.session import InterviewSession, Step
    from interviewer.brains.base import Brain
    from interviewer.settings import InterviewSettings
    from tui.screens.interview import InterviewScreen


class InterviewerApp(App[int]):
    # The setup screen is the default screen, whose CSS_PATH Textual does not read, so the app loads it.
    CSS_PATH = [Path(__file__).parent / "app.tcss", Path(__file__).parent / "screens" / "setup.tcss"]
    TITLE = "ML system design mock interview"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),  # in Help and the palette; the footer is full
        Binding("f1", "help", "Help"),
    ]

    def __init__(self, *, home: Path, settings: InterviewSettings | None = None, brain: Brain | None = None,
                 resume_id: str | None = None, replay_path: Path | None = None, questions_dir: str | None = None,
                 clock: Callable[[], float] = time.time, session_id: str | None = None,
                 checkpointer: Any = None, store: Any = None, server: str | None = None) -> None:
        super().__init__()
        self.home = home
        self.initial_settings = settings
        self.initial_brain = brain
        self.resume_id = resume_id
        self.replay_path = replay_path
        self.questions_dir = questions_dir
        self.clock = clock
        self.fixed_session_id = session_id
        self.checkpointer = checkpointer
        self._store = store
        self.server = server
        self.session: InterviewSession | None = None
        self.theme = "textual-dark"
        self.first_frame_shown = False

    @property
    def store(self) -> Any:
        """Where sessions live (opened when first needed, after the first paint): the data home, or the
        database of `$INTERVIEWER_DATABASE_URL`."""
        if self._store is None:
            from interviewer.storage import open_store

            self._store = open_store(self.home)
        return self._store

    def on_ready(self) -> None:
        """Textual's Ready: the first frame is out. The setup screen fills itself in only now."""
        self.first_frame_shown = True
        if isinstance(self.screen, SetupScreen):
            self.screen.begin_loading()

    def get_default_screen(self) -> Screen[Any]:
        if self.replay_path is None and self.resume_id is None and self.initial_settings is None:
            return SetupScreen(self.home, questions_dir=self.questions_dir, store=lambda: self.store)
        return super().get_default_screen()

    def on_unmount(self) -> None:
        """Leaving the app releases the open session and its lock. A worker still finishing a reply stops
        writing; `resume` fills in from the checkpoint what it had not written yet."""
        if self.session is not None:
            self.session.close()

    def on_mount(self) -> None:
        if isinstance(self.screen, SetupScreen):
            return
        from interviewer.brains import make_brain

        if self.replay_path is not None:
            self.open_replay(self.replay_path, standalone=True)
        elif self.resume_id is not None:
            from graphs.session import InterviewSession

            self.open_session(lambda: InterviewSession.reopen(
                self.resume_id or "", home=self.home, brain=self.initial_brain or make_brain("offline"),
                clock=self.clock, checkpointer=self.checkpointer, questions_dir=self.questions_dir, store=self.store,
                server=self.server), resume=True)
        elif self.initial_settings is not None:
            settings, brain = self.initial_settings, self.initial_brain or make_brain("offline")
            self.open_session(lambda: self._create(settings, brain))

    # --- screens --------------------------------------------------------------------------------

    def show_setup(self) -> None:
        """Back to the setup screen: the one under the current screens (its session list refreshed), or a new
        one when the app started straight into an interview or a replay."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, SetupScreen):
            self.pop_screen()
        if isinstance(self.screen, SetupScreen):
            self.screen.returned()
        else:
            self.push_screen(SetupScreen(self.home, questions_dir=self.questions_dir, store=lambda: self.store))

    def _create(self, settings: InterviewSettings, brain: Brain) -> InterviewSession:
        from graphs.session import InterviewSession

        return InterviewSession.create(settings, home=self.home, brain=brain, clock=self.clock,
                                       checkpointer=self.checkpointer, questions_dir=self.questions_dir,
                                       session_id=self.fixed_session_id, store=self.store, server=self.server)

    def open_session(self, build: Callable[[], InterviewSession], resume: bool = False) -> None:
        from interviewer.errors import USER_ERRORS
        from tui.screens.interview import InterviewScreen

        try:
            session = build()
        except USER_ERRORS as exc:
            tell(self, str(exc), title="Cannot start", severity="error", timeout=10)
            if not isinstance(self.screen, SetupScreen):
                self.show_setup()
            return
        self.session = session
        opening = session.resume_step if resume else session.begin
        self.push_screen(InterviewScreen(session, opening, resumed=resume))

    def on_interview_screen_finished(self, message: InterviewScreen.Finished) -> None:
        self.show_scorecard(message.session, message.step)

    def on_interview_screen_leave(self, message: InterviewScreen.Leave) -> None:
        self.session = None
        if message.exit_app:
            self.exit(0, message=f"Session saved. Continue with: interviewer resume {message.session_id}")
        else:
            self.show_setup()

    def show_scorecard(self, session: InterviewSession, step: Step) -> None:
        from tui.lessons import lesson
        from tui.screens.scorecard import ScorecardScreen

        assert step.scorecard is not None and session.state is not None
        transcript = session.writer.transcript
        header = transcript.header
        teaching = lesson(step.scorecard, session.state.evidence, session.context.question, turns=transcript.turns,
                          drill=session.settings.drill)
        self.switch_screen(ScorecardScreen(step.scorecard, session.context.question, teaching, session_id=session.id,
                                           reports_dir=self.home / "reports",
                                           started=header.started_at if header else ""))
        session.close()
        self.session = None

    def open_replay(self, path: Path, standalone: bool = False) -> None:
        """Replay a transcript file, or a session of the store by its id (a database's have no file)."""
        from interviewer.brains import make_brain
        from interviewer.errors import USER_ERRORS
        from interviewer.replay import load_replay
        from interviewer.storage import load_ref
        from tui.screens.replay import ReplayScreen

        try:
            question, steps = load_replay(load_ref(path, self.store), make_brain("offline"),
                                          questions_dir=self.questions_dir)
        except USER_ERRORS as exc:
            tell(self, str(exc), title="Cannot replay", severity="error", timeout=10)
            if standalone:
                self.show_setup()
            return
        self.push_screen(ReplayScreen(question, steps, str(path)))

    # --- setup messages -------------------------------------------------------------------------

    @on(SetupScreen.Start)
    def start(self, message: SetupScreen.Start) -> None:
        from interviewer.brains import make_brain
        from interviewer.settings import llm_from_env

        if message.brain == "llm":
            llm = llm_from_env(message.model or None, message.base_url or None)
            brain = make_brain("llm", llm)
        else:
            brain = make_brain("offline")
        self.open_session(lambda: self._create(message.settings, brain))

    @on(SetupScreen.Resume)
    def resume(self, message: SetupScreen.Resume) -> None:
        from graphs.session import InterviewSession
        from interviewer.brains import make_brain
        from interviewer.errors import USER_ERRORS
        from interviewer.settings import llm_from_env

        try:
            info = self.store.info(message.session_id)
        except USER_ERRORS as exc:
            tell(self, str(exc), title="Cannot resume", severity="error", timeout=10)
            return
        kind = info.brain  # the brain in use when it stopped, a switch included
        brain = make_brain("llm", llm_from_env(info.header.model)) if kind == "llm" \
            else make_brain("offline")
        self.open_session(lambda: InterviewSession.reopen(message.session_id, home=self.home, brain=brain,
                                                          clock=self.clock, questions_dir=self.questions_dir,
                                                          store=self.store, server=self.server), resume=True)

    @on(SetupScreen.Replay)
    def replay(self, message: SetupScreen.Replay) -> None:
        self.open_replay(message.path)

    # --- actions --------------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The command palette (Ctrl+P): Textual's own commands plus the interview's."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Every key binding", self.action_help)
        yield SystemCommand("Light / dark theme", "Toggle between the light and dark themes", self.action_toggle_theme)
        if type(screen).__name__ == "InterviewScreen":
            for name, help_text, action in (("Hint", "A nudge for the current question (recorded)", "hint"),
                                            ("Skip area", "Leave the current area and move on", "skip"),
                                            ("End interview", "Wrap up now and see the scorecard", "end")):
                yield SystemCommand(name, help_text, partial(screen.run_action, action))
        if type(screen).__name__ == "ScorecardScreen":
            yield SystemCommand("Export Markdown", "Save the report as Markdown",
                                partial(screen.run_action, "export('md')"))
            yield SystemCommand("Export JSON", "Save the scorecard as JSON",
                                partial(screen.run_action, "export('json')"))
            yield SystemCommand("New interview", "Back to the setup screen", self.action_new_interview)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_new_interview(self) -> None:
        self.show_setup()

    def action_back(self) -> None:
        """Esc on a screen opened from setup (a replay): back to setup as it was, focus included."""
        if len(self.screen_stack) > 1 and isinstance(self.screen_stack[-2], SetupScreen):
            self.pop_screen()
        else:
            self.show_setup()

    async def action_quit(self) -> None:
        in_interview = type(self.screen).__name__ == "InterviewScreen"
        if not in_interview:
            self.exit(0)
            return

        def decided(leave: bool | None) -> None:
            if leave:
                sid = self.session.id if self.session else ""
                if type(self.screen).__name__ == "InterviewScreen":
                    self.screen.pause()  # type: ignore[attr-defined]  # the clock stops, the draft is kept
                self.exit(0, message=f"Session saved. Continue with: interviewer resume {sid}")

        from tui.screens.dialogs import ConfirmQuit

        self.push_screen(ConfirmQuit(self.session.id if self.session else None), decided)


def run_app(*, home: Path, settings: InterviewSettings | None = None, brain: Brain | None = None,
            resume_id: str | None = None, replay_path: Path | None = None, questions_dir: str | None = None,
            store: Any = None, server: str | None = None) -> int:
    app = InterviewerApp(home=home, settings=settings, brain=brain, resume_id=resume_id, replay_path=replay_path,
                         questions_dir=questions_dir, store=store, server=server)
    result = app.run()
    return result or 0
