"""Modal dialogs: confirm quitting, open a transcript, and what to do when the model fails."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from tui.literal import literal


class ConfirmQuit(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", "Stay"), Binding("y", "quit", "Quit", show=False)]

    def __init__(self, session_id: str | None) -> None:
        super().__init__()
        self.session_id = session_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Leave the interview?", classes="dialog-title")
            saved = (f"Your session is saved; continue later with\n  interviewer resume {self.session_id}"
                     if self.session_id else "Nothing will be lost.")
            yield Static(Content(saved))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Quit", variant="error", id="quit")
                yield Button("Stay", variant="primary", id="stay")

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    @on(Button.Pressed, "#quit")
    def action_quit(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#stay")
    def action_cancel(self) -> None:
        self.dismiss(False)


class OpenTranscript(ModalScreen[str | None]):
    """Ask for the path of a transcript (JSONL session or plain text) to replay."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Replay a transcript", classes="dialog-title")
            yield Input(placeholder="path to a .jsonl session or a .txt transcript", id="path")
            yield Static("Enter opens it · Esc cancels", classes="dim")

    @on(Input.Submitted, "#path")
    def submitted(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        if not path:
            self.notify("Type the path of a transcript to replay.", severity="warning")
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ModelFailure(ModalScreen[str]):
    """The model call failed after retries. Nothing is lost: the answer is already saved."""

    BINDINGS = [Binding("r", "choose('retry')", "Retry"), Binding("o", "choose('offline')", "Offline brain"),
                Binding("q", "choose('quit')", "Save and quit")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("The model did not answer", classes="dialog-title")
            yield Static(literal(self.message))
            yield Static("Your answer is saved. Retry, continue with the offline interviewer, or save and quit.")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Retry (r)", variant="primary", id="retry")
                yield Button("Offline brain (o)", id="offline")
                yield Button("Save and quit (q)", variant="error", id="quit")

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "retry")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
