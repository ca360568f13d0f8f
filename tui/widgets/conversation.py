"""The conversation: interviewer turns as Markdown (streamed), candidate turns shown literally; both inert.

Each turn is labelled with its number in the transcript, the number the scorecard's evidence cites."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Label, Markdown, Static

from interviewer.events import EdgeEvent, HintEvent, ResumeEvent, TurnEvent
from interviewer.models import AREA_TITLES
from interviewer.store import Transcript
from interviewer.terminal import inert
from tui.literal import literal


def speaker_label(speaker: str, turn: int | None) -> str:
    name = "Interviewer" if speaker == "interviewer" else "You"
    return name if turn is None else f"{name} · turn {turn}"


class InterviewerTurn(Vertical):
    DEFAULT_CSS = """
    InterviewerTurn { height: auto; margin-bottom: 1; padding: 0 1; border-left: thick $accent; }
    InterviewerTurn > .speaker { text-style: bold; color: $text-muted; }
    InterviewerTurn > Markdown { margin: 0; padding: 0; }
    """

    def __init__(self, text: str = "", turn: int | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.text = text
        self.turn = turn

    def compose(self) -> ComposeResult:
        yield Label(speaker_label("interviewer", self.turn), classes="speaker")
        yield Markdown(inert(self.text))

    @property
    def markdown(self) -> Markdown:
        return self.query_one(Markdown)

    def number(self, turn: int) -> None:
        """Label a streamed turn once its number is known."""
        self.turn = turn
        self.query_one(".speaker", Label).update(speaker_label("interviewer", turn))


class CandidateTurn(Vertical):
    """Candidate text is data: rendered as plain content, so [bold]markup[/] shows as typed."""

    DEFAULT_CSS = """
    CandidateTurn { height: auto; margin-bottom: 1; padding: 0 1; border-left: thick $success; background: $boost; }
    CandidateTurn > .speaker { text-style: bold; color: $text-muted; }
    CandidateTurn > .answer { width: 1fr; }
    """

    def __init__(self, text: str, turn: int | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.text = text
        self.turn = turn

    def compose(self) -> ComposeResult:
        yield Label(speaker_label("candidate", self.turn), classes="speaker")
        yield Static(literal(self.text), classes="answer")


class Notice(Static):
    """A system line in the conversation (hints used, areas closed, errors)."""

    DEFAULT_CSS = """
    Notice { color: $warning; margin-bottom: 1; padding: 0 1; }
    Notice.quiet { color: $text-muted; }
    """

    def __init__(self, text: str, **kwargs: object) -> None:
        super().__init__(literal(text), **kwargs)  # type: ignore[arg-type]


def _minutes(seconds: float) -> str:
    m = round(seconds / 60)
    return f"{m // 60} h {m % 60} min" if m >= 60 else f"{m} min" if m else "less than a minute"


def earlier_turns(transcript: Transcript) -> list[Widget]:
    """The conversation so far, rebuilt from the transcript for a resumed session."""
    out: list[Widget] = []
    for e in transcript.events:
        if isinstance(e, TurnEvent):
            turn = InterviewerTurn if e.speaker == "interviewer" else CandidateTurn
            out.append(turn(e.text, e.index))
        elif isinstance(e, HintEvent):
            out.append(Notice("You asked for a hint (recorded)."))
        elif isinstance(e, EdgeEvent) and e.reason == "skip":
            out.append(Notice(f"You skipped the rest of {AREA_TITLES[e.area]}."))
        elif isinstance(e, ResumeEvent) and out:
            out.append(Notice(f"Resumed. The clock was stopped while the session was closed ({_minutes(e.away)}).",
                              classes="quiet"))
    return out


class Conversation(VerticalScroll):
    def on_mount(self) -> None:
        self.anchor()

    async def add_interviewer(self, text: str = "", turn: int | None = None) -> InterviewerTurn:
        widget = InterviewerTurn(text, turn)
        await self.mount(widget)
        return widget

    async def add_candidate(self, text: str, turn: int | None = None) -> CandidateTurn:
        widget = CandidateTurn(text, turn)
        await self.mount(widget)
        return widget

    async def add_notice(self, text: str) -> None:
        await self.mount(Notice(text))

    async def restore(self, transcript: Transcript) -> set[int]:
        """Show the earlier turns of a resumed session; returns the turn numbers shown."""
        widgets = earlier_turns(transcript)
        if widgets:
            await self.mount_all(widgets)
        return {w.turn for w in widgets if isinstance(w, InterviewerTurn | CandidateTurn) and w.turn is not None}
