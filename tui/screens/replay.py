"""Replay a transcript turn by turn, with the assessment and the edge map as they were at each turn."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from interviewer.models import AREA_TITLES, AREAS
from interviewer.render import edge_bar
from interviewer.replay import ReplayStep, describe_assessment
from interviewer.terminal import inert
from rubrics.schema import Question
from tui.literal import literal
from tui.widgets.conversation import CandidateTurn, InterviewerTurn
from tui.widgets.titlebar import TitleBar


class ReplayScreen(Screen[None]):
    CSS_PATH = "replay.tcss"
    BINDINGS = [
        Binding("right,n,space", "move(1)", "Next turn", priority=True),
        Binding("left,p", "move(-1)", "Previous turn", priority=True),
        Binding("home", "jump(0)", "First", priority=True),
        Binding("end", "jump(-1)", "Last", priority=True),
        Binding("escape", "app.pop_screen", "Back"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, question: Question, steps: list[ReplayStep], source: str) -> None:
        super().__init__()
        self.question = question
        self.steps = steps
        self.source = source
        self.position = 0

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="replay"):
            yield VerticalScroll(id="replay-log")
            with Vertical(id="replay-side"):
                yield Label("Turn", classes="side-title")
                yield Static("", id="replay-turn")
                yield Label("Assessment", classes="side-title")
                yield Static("", id="replay-assessment")
                yield Label("Edge map at this turn", classes="side-title")
                yield Static("", id="replay-edges")
        yield Footer()

    async def on_mount(self) -> None:
        self.title = inert(f"Replay — {self.question.title}")
        self.sub_title = inert(self.source)
        log = self.query_one("#replay-log", VerticalScroll)
        log.anchor()
        for step in self.steps:
            widget = InterviewerTurn(step.text) if step.speaker == "interviewer" else CandidateTurn(step.text)
            widget.display = False
            await log.mount(widget)
        self.show()

    def show(self) -> None:
        turns = list(self.query_one("#replay-log", VerticalScroll).children)
        for i, widget in enumerate(turns):
            widget.display = i <= self.position
            widget.set_class(i == self.position, "current")
        if turns:
            turns[self.position].scroll_visible(animate=False)
        step = self.steps[self.position]
        self.query_one("#replay-turn", Static).update(f"{self.position + 1} of {len(self.steps)} · {step.speaker}")
        lines = describe_assessment(step.assessment) if step.assessment else ["(interviewer turn)"]
        self.query_one("#replay-assessment", Static).update(literal("\n".join(lines)))
        self.query_one("#replay-edges", Static).update(
            "\n".join(f"{AREA_TITLES[a]:<16}{edge_bar(step.edges.get(a))}" for a in AREAS))

    def action_move(self, delta: int) -> None:
        self.position = max(0, min(len(self.steps) - 1, self.position + delta))
        self.show()

    def action_jump(self, where: int) -> None:
        self.position = 0 if where == 0 else len(self.steps) - 1
        self.show()
