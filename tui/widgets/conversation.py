"""The conversation: interviewer turns as Markdown (streamed), candidate turns shown literally."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Markdown, Static


class InterviewerTurn(Vertical):
    def __init__(self, text: str = "", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.text = text

    def compose(self) -> ComposeResult:
        yield Label("Interviewer", classes="speaker")
        yield Markdown(self.text)

    @property
    def markdown(self) -> Markdown:
        return self.query_one(Markdown)


class CandidateTurn(Vertical):
    """Candidate text is data: rendered as plain content, so [bold]markup[/] shows as typed."""

    def __init__(self, text: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.text = text

    def compose(self) -> ComposeResult:
        yield Label("You", classes="speaker")
        yield Static(Content(self.text), classes="answer")


class Notice(Static):
    """A system line in the conversation (hints used, areas closed, errors)."""

    def __init__(self, text: str, **kwargs: object) -> None:
        super().__init__(Content(text), **kwargs)  # type: ignore[arg-type]


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
