"""The interview: conversation, answer box and side panel. Brain calls run in a thread worker, so the
UI never freezes; a failing model opens a dialog with a way forward instead of crashing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static
from textual.widgets.markdown import MarkdownStream

from graphs.session import InterviewSession, Step
from interviewer.brains import make_brain
from interviewer.models import AREA_TITLES
from interviewer.terminal import inert
from tui.literal import tell
from tui.screens.dialogs import Confirm, ModelFailure
from tui.widgets.answer import AnswerInput
from tui.widgets.conversation import Conversation, InterviewerTurn
from tui.widgets.side import PHASES, SidePanel, clock_text
from tui.widgets.titlebar import TitleBar

NARROW = 100
"""Below this many columns the side panel is compact (the conversation needs the room)."""


class InterviewScreen(Screen[None]):
    CSS_PATH = "interview.tcss"
    AUTO_FOCUS = "#answer"
    BINDINGS = [
        Binding("f2", "hint", "Hint", tooltip="A nudge on this question (recorded)"),
        Binding("f3", "skip", "Skip area", tooltip="Leave this area (asks if unanswered)"),
        Binding("f4", "end", "End", tooltip="End now, see the scorecard (asks)"),
        Binding("ctrl+b", "toggle_side", "Panel", tooltip="Hide or show the side panel"),
        Binding("escape", "leave", "Back to setup (saved)", show=False),
        Binding("f1", "app.help", "Help"),
    ]

    busy: reactive[bool] = reactive(False)
    side_shown: reactive[bool] = reactive(True)

    @dataclass
    class Finished(Message):
        """The interview is scored: the app shows the scorecard."""

        session: InterviewSession
        step: Step

    @dataclass
    class Leave(Message):
        """The candidate stepped out (session paused and saved): `exit_app` leaves the app, else back to setup."""

        session_id: str
        exit_app: bool = False

    def __init__(self, session: InterviewSession, opening: Callable[[], Step], *, resumed: bool = False) -> None:
        super().__init__()
        self.session = session
        self.opening = opening
        self.resumed = resumed
        self.step: Step | None = None
        self.shown: set[int] = set()
        """Turn numbers already in the conversation (a resumed session's pending question is one)."""
        self._turn: InterviewerTurn | None = None
        self._stream: MarkdownStream | None = None
        self._streamed = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="interview"):
            with Vertical(id="main"):
                yield Conversation(id="log")
                with Horizontal(id="status-row"):
                    yield Static("", id="status")
                    yield Static("", id="status-clock")
                yield AnswerInput(id="answer")
                yield Static("Enter sends · Ctrl+J new line · /hint /skip /end", id="answer-help")
            yield SidePanel(id="side")
        yield Footer()

    async def on_mount(self) -> None:
        s = self.session.settings
        self.title = inert(f"Mock interview — {self.session.context.question.title}")
        self.sub_title = f"{s.tier} · {s.role} · {self.session.context.brain.kind} brain · session {self.session.id}"
        self.session.on_text = self._chunk_from_worker
        if self.resumed:
            transcript = self.session.writer.transcript
            self.shown = await self.query_one(Conversation).restore(transcript)
            box = self.query_one(AnswerInput)
            box.text = transcript.draft
            box.move_cursor(box.document.end)
        self.set_interval(1.0, self._tick)
        self.go(self.opening)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "narrow")

    # --- running the brain off the UI thread ----------------------------------------------------

    def watch_busy(self, busy: bool) -> None:
        self.query_one("#status", Static).update("The interviewer is thinking…" if busy else "")

    def watch_side_shown(self, shown: bool) -> None:
        self.query_one(SidePanel).display = shown
        self._tick()

    def go(self, call: Callable[[], Step]) -> None:
        """Run one exchange with the brain in a worker; the screen is busy until it finishes."""
        self.busy = True
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
        if not self.is_attached:
            return
        if self._turn is None:
            self._turn = await self.query_one(Conversation).add_interviewer("")
            self._stream = Markdown.get_stream(self._turn.markdown)
        self._streamed = True
        assert self._stream is not None
        await self._stream.write(inert(chunk))

    async def finish(self, step: Step) -> None:
        if not self.is_attached:  # the app is closing; the step is saved in the session
            return
        if self._stream is not None:
            await self._stream.stop()
        log = self.query_one(Conversation)
        turn = step.pending.turn if step.pending is not None else None
        if self._turn is not None and turn is not None:
            self._turn.number(turn)
        elif step.text and not self._streamed and turn not in self.shown:
            await log.add_interviewer(step.text, turn)
        if turn is not None:
            self.shown.add(turn)
        self._turn, self._stream, self._streamed = None, None, False
        self.busy = False
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
            self.post_message(self.Finished(self.session, step))
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
        elif choice == "quit":
            self.leave(exit_app=True)

    # --- side panel and clock -------------------------------------------------------------------

    def _refresh_side(self) -> None:
        state = self.session.state
        if state is None or self.step is None:
            return
        self.query_one(SidePanel).show(
            phase=state.phase, current=state.current, edges=self.step.edges,
            status={a: p.status for a, p in state.progress.items()},
            hints=sum(len(ev.hints) for ev in state.evidence.areas.values()),
        )

    def _tick(self) -> None:
        state = self.session.state
        if state is None:
            return
        waiting = 0.0 if self.busy or state.phase == "scored" else max(0.0, self.session.clock() - state.asked_at)
        left = state.settings.minutes * 60 - state.elapsed - min(waiting, self.session.context.max_answer_seconds)
        self.query_one(SidePanel).tick(left)
        # with the panel hidden, the phase and the time left move into the status line
        mini = "" if self.side_shown else f"{PHASES.get(state.phase, state.phase)} · {clock_text(left)} left"
        self.query_one("#status-clock", Static).update(mini)

    def action_toggle_side(self) -> None:
        self.side_shown = not self.side_shown

    # --- the candidate's input ------------------------------------------------------------------

    @on(AnswerInput.Submitted)
    async def submit(self, event: AnswerInput.Submitted) -> None:
        text = event.text
        command = text.strip().lower()
        if command == "/help":
            await self.run_action("app.help")
            return
        if self.busy or self.session.failed is not None:
            self.query_one(AnswerInput).text = text
            if self.busy:
                self.notify("The interviewer is still thinking; your answer is kept in the box.", severity="warning")
            else:
                self.app.push_screen(ModelFailure(self.session.failed or ""), self._after_failure)
            return
        if command in ("/hint", "/skip", "/end"):
            await self.run_action(command[1:])
            return
        refused = self.session.refuses(text)
        if refused:  # too long, or the transcript is full: the text stays in the box
            tell(self, refused, severity="warning", timeout=10)
            self.query_one(AnswerInput).text = text
            return
        state = self.session.state
        turn = state.pending.turn + 1 if state and state.pending else None
        await self.query_one(Conversation).add_candidate(text, turn)
        self.go(lambda: self.session.send(text))

    def _idle(self) -> bool:
        """Commands wait for the interviewer to finish its turn (and say so)."""
        if self.busy:
            self.notify("Wait for the interviewer to finish.", severity="warning")
        return not self.busy

    async def _command(self, command: str) -> None:
        if not self._idle():
            return
        notes = {"/hint": "You asked for a hint (recorded).", "/skip": f"You skipped the rest of {self._area()}.",
                 "/end": "You ended the interview."}
        await self.query_one(Conversation).add_notice(notes[command])
        self.go(lambda: self.session.send(command))

    def _area(self) -> str:
        state = self.session.state
        return AREA_TITLES[state.current] if state else "this area"

    def _answered_in_area(self) -> bool:
        state = self.session.state
        return state is None or any(t.speaker == "candidate" and t.area == state.current
                                    for t in self.session.writer.transcript.turns)

    def _confirm(self, dialog: Confirm, command: str) -> None:
        async def decided(yes: bool | None) -> None:
            if yes:
                await self._command(command)
        self.app.push_screen(dialog, decided)

    async def action_hint(self) -> None:
        await self._command("/hint")

    async def action_skip(self) -> None:
        if not self._idle():
            return
        if self._answered_in_area():
            await self._command("/skip")
            return
        area = self._area()
        self._confirm(Confirm(f"Skip {area} without answering?",
                              f"{area} will be scored as not reached, and the interview moves to the next area.",
                              yes="Skip", no="Keep going"), "/skip")

    def action_end(self) -> None:
        if not self._idle():
            return
        self._confirm(Confirm("End the interview now?",
                              "You go straight to the scorecard; areas not reached yet are scored as not reached.",
                              yes="End interview", no="Keep going"), "/end")

    def action_leave(self) -> None:
        if not self._idle():  # the reply being written belongs on this screen (Ctrl+Q still quits)
            return

        def decided(yes: bool | None) -> None:
            if yes:
                self.leave()
        self.app.push_screen(Confirm("Back to the setup screen?",
                                     "The interview is saved with the answer you are typing; resume it from "
                                     "“Your sessions”.", yes="Leave", no="Stay"), decided)

    def leave(self, exit_app: bool = False) -> None:
        """Stop here: the clock stops and the unsent answer is kept, then the app moves on."""
        self.pause()
        self.post_message(self.Leave(self.session.id, exit_app=exit_app))

    def pause(self) -> None:
        try:
            self.session.pause(self.query_one(AnswerInput).text)
        except Exception as exc:  # a full disk must not keep the candidate from leaving
            self.notify(f"Could not save the draft: {exc}", severity="error")
