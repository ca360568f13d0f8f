"""Modal dialogs: confirm a destructive key, open a transcript, and what to do when the model fails."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from tui.literal import literal


class Confirm(ModalScreen[bool]):
    """Ask before something that cannot be undone. The safe answer has the focus, so Enter and Esc
    never do the destructive thing by accident; `y` or the red button confirm."""

    BINDINGS = [Binding("escape,n", "cancel", "Cancel"), Binding("y", "confirm", "Confirm", show=False)]
    YES_ID, NO_ID = "yes", "no"

    def __init__(self, title: str, body: str, *, yes: str, no: str) -> None:
        super().__init__()
        self.heading, self.body, self.yes, self.no = title, body, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self.heading), classes="dialog-title")
            yield Static(Content(self.body))
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", variant="error", id=self.YES_ID)
                yield Button(f"{self.no} (Esc)", variant="primary", id=self.NO_ID)

    def on_mount(self) -> None:
        self.query_one(f"#{self.NO_ID}", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == self.YES_ID)

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class ConfirmQuit(Confirm):
    YES_ID, NO_ID = "quit", "stay"

    def __init__(self, session_id: str | None) -> None:
        saved = (f"Your session is saved, with the answer you are typing; continue later with\n"
                 f"  interviewer resume {session_id}" if session_id else "Nothing will be lost.")
        super().__init__("Leave the interview?", saved, yes="Quit", no="Stay")


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
                Binding("q", "choose('quit')", "Save and quit"), Binding("escape", "choose('back')", "Back")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("The model did not answer", classes="dialog-title")
            yield Static(literal(self.message))
            yield Static("Your answer is saved. Retry, continue with the offline interviewer, or save and quit "
                         "(Esc: back to the interview; the next answer you send asks again).")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Retry (r)", variant="primary", id="retry")
                yield Button("Offline brain (o)", id="offline")
                yield Button("Save and quit (q)", variant="error", id="quit")

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "retry")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
