"""Replay a transcript turn by turn, with the assessment and the edge map as they were at each turn.

Turns carry their number in the transcript, the number the scorecard's evidence cites."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from interviewer.models import AREA_TITLES, AREAS, Assessment
from interviewer.render import edge_bar
from interviewer.replay import ReplayStep
from interviewer.terminal import inert
from rubrics.schema import Question
from tui.literal import literal
from tui.widgets.conversation import CandidateTurn, InterviewerTurn
from tui.widgets.titlebar import TitleBar

VERDICTS = {"solid": "a solid answer", "partial": "a partial answer", "weak": "a weak answer",
            "wrong": "an answer with a mistake", "dont_know": "“I don't know”", "question": "a clarifying question",
            "empty": "no answer"}
NARROW = 100


def point_text(question: Question | None, area: str, level: int, point: str) -> str:
    """The talking point as the question bank or the generic rubric words it (its id if neither has it)."""
    if point.startswith(("concept:", "deep:")):
        from rubrics import load_concepts
        from rubrics.lexicon_schema import Concept

        item = load_concepts().find(point)
        if item is None:
            return point
        return item.text if isinstance(item, Concept) else item.ask
    ladder = question.ladders.get(area) if question else None  # type: ignore[call-overload]
    if ladder is None:
        return point
    spec = ladder.at(level).point(point)
    return spec.text if spec else point


def describe(a: Assessment, question: Question | None) -> list[str]:
    """An assessment in plain words: what the answer was, how deep it went, what it covered."""
    said = VERDICTS.get(a.verdict, a.verdict)
    if a.verdict in ("question", "empty"):
        lines = [f"{said[0].upper()}{said[1:]}."]
    else:
        lines = [f"{said[0].upper()}{said[1:]} to a level {a.level_probed} question on {AREA_TITLES[a.area].lower()}.",
                 f"Deepest level shown: {a.depth_shown} of 4." if a.depth_shown else "No level shown yet."]
    for hit in a.points_hit:
        how = "explained" if hit.explained else "named only"
        lines.append(f"+ {point_text(question, hit.area, hit.level, hit.point)} "
                     f"({AREA_TITLES[hit.area].lower()}, level {hit.level}, {how})")
    lines += [f"✗ {p.text} (“{p.quote}”)" for p in a.problems]
    notes = [name for name, on in (("hedged", a.hedged), ("said they don't know", a.dont_know),
                                   ("an injection attempt was ignored", a.injection_suspected)) if on]
    if notes:
        lines.append("Also: " + ", ".join(notes) + ".")
    return lines


class ReplayScreen(Screen[None]):
    CSS_PATH = "replay.tcss"
    BINDINGS = [
        Binding("right,n,space", "move(1)", "Next turn", priority=True),
        Binding("left,p", "move(-1)", "Previous turn", priority=True),
        Binding("home", "jump(0)", "First", priority=True),
        Binding("end", "jump(-1)", "Last", priority=True),
        Binding("escape", "app.back", "Back"),
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
                yield Label("Edge found at this turn", classes="side-title")
                yield Static("", id="replay-edges")
        yield Footer()

    async def on_mount(self) -> None:
        self.title = inert(f"Replay — {self.question.title if self.question else 'generic rubric'}")
        self.sub_title = inert(Path(self.source).name)
        log = self.query_one("#replay-log", VerticalScroll)
        log.anchor()
        widgets = [InterviewerTurn(step.text, step.index) if step.speaker == "interviewer"
                   else CandidateTurn(step.text, step.index) for step in self.steps]
        for widget in widgets:
            widget.display = False
        await log.mount_all(widgets)
        self.show()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "narrow")

    def show(self) -> None:
        turns = list(self.query_one("#replay-log", VerticalScroll).children)
        for i, widget in enumerate(turns):
            widget.display = i <= self.position
            widget.set_class(i == self.position, "current")
        if turns:
            turns[self.position].scroll_visible(animate=False)
        step = self.steps[self.position]
        who = "interviewer" if step.speaker == "interviewer" else "candidate"
        self.query_one("#replay-turn", Static).update(Content.assemble(
            f"turn {step.index} · {who}\n", (f"{self.position + 1} of {len(self.steps)} in this transcript",
                                               "$text-muted")))
        lines = describe(step.assessment, self.question) if step.assessment else ["(interviewer turn)"]
        self.query_one("#replay-assessment", Static).update(literal("\n".join(lines)))
        self.query_one("#replay-edges", Static).update(
            "\n".join(f"{AREA_TITLES[a]:<16}{edge_bar(step.edges.get(a))}" for a in AREAS))

    def action_move(self, delta: int) -> None:
        self.position = max(0, min(len(self.steps) - 1, self.position + delta))
        self.show()

    def action_jump(self, where: int) -> None:
        self.position = 0 if where == 0 else len(self.steps) - 1
        self.show()
