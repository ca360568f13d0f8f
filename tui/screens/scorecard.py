"""The scorecard: levels with evidence, the edge map, three tier views side by side, a bar chart of
the areas, and export to Markdown and JSON."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static
from textual_plotext import PlotextPlot

from interviewer.models import AREA_TITLES, AREAS
from interviewer.render import LEVEL_NAMES, edge_bar
from interviewer.report import export
from interviewer.scoring import Scorecard
from interviewer.terminal import inert
from rubrics.schema import Question
from tui.literal import literal, tell
from tui.widgets.titlebar import TitleBar

RECOMMENDATION_CLASS = {"strong_hire": "good", "hire": "good", "lean_hire": "warn", "no_hire": "bad",
                        "strong_no_hire": "bad"}


class AreaChart(PlotextPlot):
    def __init__(self, card: Scorecard, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.card = card

    def on_mount(self) -> None:
        plt = self.plt
        names = ["Framing", "Data", "Model", "Eval", "Deploy"]
        plt.bar(names, [self.card.areas[a].level or 0 for a in AREAS])
        plt.ylim(0, 4)
        plt.yticks([0, 1, 2, 3, 4])
        plt.title("Level per area (0 = not reached)")


class ScorecardScreen(Screen[None]):
    CSS_PATH = "scorecard.tcss"
    BINDINGS = [
        Binding("m", "export('md')", "Export Markdown"),
        Binding("j", "export('json')", "Export JSON"),
        Binding("n", "app.new_interview", "New interview"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, card: Scorecard, question: Question, *, session_id: str, reports_dir: Path,
                 started: str = "") -> None:
        super().__init__()
        self.card = card
        self.question = question
        self.session_id = session_id
        self.reports_dir = reports_dir
        self.started = started

    def compose(self) -> ComposeResult:
        c = self.card
        yield TitleBar()
        with VerticalScroll(id="scorecard"):
            verdict = (f"Overall: level {c.overall.level} ({LEVEL_NAMES[c.overall.level]}) · "
                       f"{c.overall.recommendation.replace('_', ' ')} for {c.tier}")
            yield Label(verdict, id="verdict", classes=RECOMMENDATION_CLASS[c.overall.recommendation])
            with Horizontal(id="top"):
                yield DataTable(id="areas", cursor_type="row", zebra_stripes=True)
                yield AreaChart(c, id="chart")
            with Horizontal(id="tiers"):
                for view in c.tiers.values():
                    with Vertical(classes="tier-card"):
                        yield Label(view.name, classes="tier-name")
                        yield Static(f"weighted score {view.score:.2f}  (coverage {view.coverage:.0%})")
                        yield Label(view.recommendation.replace("_", " "),
                                    classes=f"tier-rec {RECOMMENDATION_CLASS[view.recommendation]}")
                        flags = "\n".join(f"⚑ {f}" for f in view.red_flags) or "no red flags found"
                        yield Static(literal(flags), classes="flags")
            rv = c.role_verdict
            yield Static(literal(f"Role ({rv.role}, {rv.expectation}): {'met' if rv.met else 'not met'} — {rv.detail}"),
                         id="role")
            yield Label("Evidence", classes="pane-title")
            for area in AREAS:
                s = c.areas[area]
                quotes = "\n".join(f"  “{e.quote}” (turn {e.turn})" for e in s.evidence) or "  no evidence quoted"
                problems = "".join(f"\n  ✗ {p}" for p in s.problems)
                yield Static(literal(f"{AREA_TITLES[area]} — {s.anchor}\n{quotes}{problems}"), classes="evidence")
            for note in c.notes:
                yield Static(literal(f"Note: {note}"), classes="dim")
        yield Footer()

    def on_mount(self) -> None:
        self.title = inert(f"Scorecard — {self.question.title}")
        self.sub_title = f"session {self.session_id}"
        table = self.query_one("#areas", DataTable)
        table.add_columns("area", "level", "edge found", "hints", "errors")
        for area in AREAS:
            s = self.card.areas[area]
            level = "—" if s.level is None else f"{s.level} {LEVEL_NAMES[s.level]}"
            table.add_row(AREA_TITLES[area], level, edge_bar(s.edge), str(s.hints), str(len(s.problems)))

    def action_export(self, fmt: str) -> None:
        path = self.reports_dir / f"{self.session_id}.{fmt}"
        try:
            export(self.card, self.question, path, fmt, session=self.session_id, started=self.started)
        except Exception as exc:
            tell(self, str(exc), title="Export failed", severity="error")
            return
        tell(self, f"Saved {path}", title="Exported")
