"""The conversation: interviewer turns as Markdown (streamed), candidate turns shown literally; both inert."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Markdown, Static

from interviewer.terminal import inert
from tui.literal import literal


class InterviewerTurn(Vertical):
    DEFAULT_CSS = """
    InterviewerTurn { height: auto; margin-bottom: 1; padding: 0 1; border-left: thick $accent; }
    InterviewerTurn > .speaker { text-style: bold; color: $text-muted; }
    InterviewerTurn > Markdown { margin: 0; padding: 0; }
    """

    def __init__(self, text: str = "", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.text = text

    def compose(self) -> ComposeResult:
        yield Label("Interviewer", classes="speaker")
        yield Markdown(inert(self.text))

    @property
    def markdown(self) -> Markdown:
        return self.query_one(Markdown)


class CandidateTurn(Vertical):
    """Candidate text is data: rendered as plain content, so [bold]markup[/] shows as typed."""

    DEFAULT_CSS = """
    CandidateTurn { height: auto; margin-bottom: 1; padding: 0 1; border-left: thick $success; background: $boost; }
    CandidateTurn > .speaker { text-style: bold; color: $text-muted; }
    CandidateTurn > .answer { width: 1fr; }
    """

    def __init__(self, text: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.text = text

    def compose(self) -> ComposeResult:
        yield Label("You", classes="speaker")
        yield Static(literal(self.text), classes="answer")


class Notice(Static):
    """A system line in the conversation (hints used, areas closed, errors)."""

    DEFAULT_CSS = "Notice { color: $warning; margin-bottom: 1; padding: 0 1; }"

    def __init__(self, text: str, **kwargs: object) -> None:
        super().__init__(literal(text), **kwargs)  # type: ignore[arg-type]


class Conversation(VerticalScroll):
    def on_mount(self) -> None:
        self.anchor()

    async def add_interviewer(self, text: str = "") -> InterviewerTurn:
        turn = InterviewerTurn(text)
        await self.mount(turn)
        return turn

    async def add_candidate(self, text: str) -> CandidateTurn:
        turn = CandidateTurn(text)
        await self.mount(turn)
        return turn

    async def add_notice(self, text: str) -> None:
        await self.mount(Notice(text))
