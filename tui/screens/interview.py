"""The interview: conversation, answer box and side panel. Brain calls run in a thread worker, so the
UI never freezes; a failing model opens a dialog with a way forward instead of crashing."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static
from textual.widgets.markdown import MarkdownStream

from graphs.session import InterviewSession, Step
from interviewer.brains import make_brain
from interviewer.models import AREA_TITLES
from interviewer.terminal import inert
from tui.literal import tell
from tui.screens.dialogs import ModelFailure
from tui.widgets.answer import AnswerInput
from tui.widgets.conversation import Conversation, InterviewerTurn
from tui.widgets.side import SidePanel
from tui.widgets.titlebar import TitleBar


class InterviewScreen(Screen[None]):
    CSS_PATH = "interview.tcss"
    AUTO_FOCUS = "#answer"
    BINDINGS = [
        Binding("f2", "hint", "Hint"),
        Binding("f3", "skip", "Skip area"),
        Binding("f4", "end", "End interview"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, session: InterviewSession, opening: Callable[[], Step], *,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.session = session
        self.opening = opening
        self.clock = clock
        self.busy = False
        self.step: Step | None = None
        self._turn: InterviewerTurn | None = None
        self._stream: MarkdownStream | None = None
        self._streamed = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="interview"):
            with Vertical(id="main"):
                yield Conversation(id="log")
                yield Static("", id="status")
                yield AnswerInput(id="answer")
                yield Static("Enter to send · Shift+Enter or Ctrl+J for a new line · /hint /skip /end /help",
                             id="answer-help")
            yield SidePanel(id="side")
        yield Footer()

    def on_mount(self) -> None:
        s = self.session.settings
        self.title = inert(f"Mock interview — {self.session.context.question.title}")
        self.sub_title = f"{s.tier} · {s.role} · {self.session.context.brain.kind} brain · session {self.session.id}"
        self.session.on_text = self._chunk_from_worker
        self.set_interval(1.0, self._tick)
        self.go(self.opening)

    # --- running the brain off the UI thread ----------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.query_one("#status", Static).update("The interviewer is thinking…" if busy else "")

    def go(self, call: Callable[[], Step]) -> None:
        """Run one exchange with the brain in a worker; the screen is busy until it finishes."""
        self._set_busy(True)
        self.run_step(call)

    @work(thread=True, exclusive=True, group="brain")
    def run_step(self, call: Callable[[], Step]) -> None:
        try:
            step = call()
        except Exception as exc:  # storage failures and the like: show them, keep the UI alive
            step = Step(error=f"{type(exc).__name__}: {exc}")
        self.app.call_from_thread(self.finish, step)

    def _chunk_from_worker(self, chunk: str) -> None:
        self.app.call_from_thread(self._append_chunk, chunk)

    async def _append_chunk(self, chunk: str) -> None:
        if self._turn is None:
            self._turn = await self.query_one(Conversation).add_interviewer("")
            self._stream = Markdown.get_stream(self._turn.markdown)
        self._streamed = True
        assert self._stream is not None
        await self._stream.write(inert(chunk))

    async def finish(self, step: Step) -> None:
        if self._stream is not None:
            await self._stream.stop()
        log = self.query_one(Conversation)
        if step.text and not self._streamed:
            await log.add_interviewer(step.text)
        self._turn, self._stream, self._streamed = None, None, False
        self._set_busy(False)
        if step.error:
            tell(self, step.error, title="Model call failed", severity="error", timeout=8)
            self.app.push_screen(ModelFailure(step.error), self._after_failure)
            return
        if step.notice:
            await log.add_notice(step.notice)
            tell(self, step.notice, title="Note", timeout=10)
        self.step = step
        self._refresh_side()
        self._tick()
        if step.done and step.scorecard is not None:
            self.app.show_scorecard(self.session, step)  # type: ignore[attr-defined]
        else:
            self.query_one(AnswerInput).focus()

    def _after_failure(self, choice: str | None) -> None:
        if choice == "retry":
            self.go(self.session.retry)
        elif choice == "offline":
            self.session.use_brain(make_brain("offline"))
            self.sub_title = self.sub_title.replace("llm brain", "offline brain")
            self.notify("Continuing with the offline brain.")
            self.go(self.session.retry)
        else:
            self.app.exit(message=f"Session saved. Continue with: interviewer resume {self.session.id}")

    # --- side panel and clock -------------------------------------------------------------------

    def _refresh_side(self) -> None:
        state = self.session.state
        if state is None or self.step is None:
            return
        self.query_one(SidePanel).show(
            phase=state.phase, current=state.current, edges=self.step.edges,
            status={a: p.status for a, p in state.progress.items()}, hints=state.hints,
        )

    def _tick(self) -> None:
        state = self.session.state
        if state is None:
            return
        waiting = 0.0 if self.busy or state.phase == "scored" else max(0.0, self.clock() - state.asked_at)
        used = state.elapsed + min(waiting, self.session.context.max_answer_seconds)
        self.query_one(SidePanel).tick(state.settings.minutes * 60 - used)

    # --- the candidate's input ------------------------------------------------------------------

    @on(AnswerInput.Submitted)
    async def submit(self, event: AnswerInput.Submitted) -> None:
        text = event.text
        command = text.strip().lower()
        if command == "/help":
            self.app.action_help()  # type: ignore[attr-defined]
            return
        if self.busy:
            self.notify("The interviewer is still thinking; your answer is kept in the box.", severity="warning")
            self.query_one(AnswerInput).text = text
            return
        if command in ("/hint", "/skip", "/end"):
            await self._command(command)
            return
        refused = self.session.refuses(text)
        if refused:  # too long, or the transcript is full: the text stays in the box
            tell(self, refused, severity="warning", timeout=10)
            self.query_one(AnswerInput).text = text
            return
        await self.query_one(Conversation).add_candidate(text)
        self.go(lambda: self.session.send(text))

    async def _command(self, command: str) -> None:
        if self.busy:
            self.notify("Wait for the interviewer to finish.", severity="warning")
            return
        state = self.session.state
        area = AREA_TITLES[state.current] if state else "this area"
        notes = {"/hint": "You asked for a hint (recorded).", "/skip": f"You skipped the rest of {area}.",
                 "/end": "You ended the interview."}
        await self.query_one(Conversation).add_notice(notes[command])
        self.go(lambda: self.session.send(command))

    async def action_hint(self) -> None:
        await self._command("/hint")

    async def action_skip(self) -> None:
        await self._command("/skip")

    async def action_end(self) -> None:
        await self._command("/end")

