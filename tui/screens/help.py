"""The help screen: every key binding of the screen underneath and of the app."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label, Static

from tui.names import EDGE_HELP

COMMANDS_TEXT = (
    "In the answer box you can also type /hint, /skip, /end or /help. Clarifying questions are answered "
    "from the question's facts sheet and never count against you."
)
EXPLAINED = {
    "InterviewScreen": COMMANDS_TEXT + " Each area's meter shows its edge: " + EDGE_HELP[len("Edge found: "):],
    "ScorecardScreen": EDGE_HELP,
}


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):  # scrolls on a small terminal
            yield Label("Keys", classes="dialog-title")
            yield DataTable(id="keys", cursor_type="none", zebra_stripes=True)
            if type(self.under).__name__ in EXPLAINED:
                yield Static(Content(EXPLAINED[type(self.under).__name__]))
            yield Static("Esc closes this help.", classes="dim")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("key", "action", "where")
        seen: set[str] = set()
        sources = [(type(self.under).__name__.replace("Screen", "").lower() or "screen", self.under),
                   ("everywhere", self.app)]
        for where, node in sources:
            for binding in node.BINDINGS:
                if isinstance(binding, Binding) and binding.description and binding.key not in seen:
                    seen.add(binding.key)
                    # the footer shows the short description; the tooltip, where there is one, says more
                    table.add_row(binding.key.replace(",", " / "), binding.tooltip or binding.description, where)
        if type(self.under).__name__ == "InterviewScreen":
            table.add_row("enter", "Send your answer", "answer box")
            table.add_row("shift+enter / ctrl+j", "New line in your answer", "answer box")
        if type(self.under).__name__ == "SetupScreen":
            table.add_row("up / down", "Move through the questions (from the search box too)", "question list")
            table.add_row("left / right", "Change a setting: tier, role, team, minutes, interviewer", "settings")
            table.add_row("enter / space", "Next value of a setting", "settings")
            table.add_row("up / down", "Previous / next setting", "settings")
            table.add_row("enter", "Resume an unfinished session, or replay a finished one", "your sessions")
        table.add_row("ctrl+p", "Command palette (themes, commands)", "everywhere")
