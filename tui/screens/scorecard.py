"""The scorecard: the verdicts first (overall, per company tier, for the role), then the levels with
the edge map and a chart, the tier cards and the evidence; export to Markdown and JSON.

Below 100 columns the chart goes under the table, so the verdicts and the levels fit on an 80×24
terminal without scrolling."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static
from textual_plotext import PlotextPlot

from interviewer.models import AREA_TITLES, AREAS
from interviewer.render import edge_bar
from interviewer.report import export
from interviewer.scoring import Scorecard
from interviewer.terminal import inert
from rubrics.schema import Question
from tui.charts import area_bars
from tui.literal import literal, tell
from tui.names import EDGE_HELP, LEVEL_NAMES, TIER_NAMES, recommendation
from tui.widgets.titlebar import TitleBar

RECOMMENDATION_CLASS = {"strong_hire": "good", "hire": "good", "lean_hire": "warn", "no_hire": "bad",
                        "strong_no_hire": "bad"}
RECOMMENDATION_STYLE = {"good": "bold $success", "warn": "bold $warning", "bad": "bold $error"}
NARROW = 100


class AreaChart(PlotextPlot):
    def __init__(self, card: Scorecard, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.card = card

    def on_mount(self) -> None:
        area_bars(self.plt, {a: self.card.areas[a].level for a in AREAS})
        self.plt.title("Level per area (0 = not reached)")


def tier_verdicts(card: Scorecard) -> Content:
    """`FAANG+ no hire · Growth startup lean hire · …`, each verdict in its colour."""
    parts: list[Content | str | tuple[str, str]] = ["By company tier: "]
    for i, view in enumerate(card.tiers.values()):
        if i:
            parts.append(" · ")
        style = RECOMMENDATION_STYLE[RECOMMENDATION_CLASS[view.recommendation]]
        parts += [f"{TIER_NAMES.get(view.tier, view.name)} ", (recommendation(view.recommendation), style)]
    return Content.assemble(*parts)


class ScorecardScreen(Screen[None]):
    CSS_PATH = "scorecard.tcss"
    BINDINGS = [
        Binding("m", "export('md')", "Export Markdown"),
        Binding("j", "export('json')", "Export JSON"),
        Binding("n", "app.new_interview", "New interview"),
        Binding("escape", "app.new_interview", "Back to setup", show=False),
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
                       f"{recommendation(c.overall.recommendation)} for {TIER_NAMES.get(c.tier, c.tier)}")
            yield Label(verdict, id="verdict", classes=RECOMMENDATION_CLASS[c.overall.recommendation])
            yield Static(tier_verdicts(c), id="tier-verdicts")
            rv = c.role_verdict
            yield Static(literal(f"Role ({rv.role}, {rv.expectation}): {'met' if rv.met else 'not met'} — {rv.detail}"),
                         id="role")
            with Horizontal(id="top"):
                with Vertical(id="levels"):
                    yield DataTable(id="areas", cursor_type="row", zebra_stripes=True)
                    yield Static(EDGE_HELP, id="edge-help")
                yield AreaChart(c, id="chart")
            with Horizontal(id="tiers"):
                for view in c.tiers.values():
                    with Vertical(classes="tier-card"):
                        yield Label(view.name, classes="tier-name")
                        yield Static(f"weighted score {view.score:.2f}  (coverage {view.coverage:.0%})")
                        yield Label(recommendation(view.recommendation),
                                    classes=f"tier-rec {RECOMMENDATION_CLASS[view.recommendation]}")
                        flags = "\n".join(f"⚑ {f}" for f in view.red_flags) or "no red flags found"
                        yield Static(literal(flags), classes="flags")
            yield Label("Evidence", classes="pane-title")
            for area in AREAS:
                s = c.areas[area]
                quotes = "\n".join(f"  “{e.quote}” (turn {e.turn})" for e in s.evidence) or "  no evidence quoted"
                problems = "".join(f"\n  ✗ {p.text}" for p in s.problems)
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

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "narrow")

    def action_export(self, fmt: str) -> None:
        path = self.reports_dir / f"{self.session_id}.{fmt}"
        try:
            export(self.card, self.question, path, fmt, session=self.session_id, started=self.started)
        except Exception as exc:
            tell(self, str(exc), title="Export failed", severity="error")
            return
        tell(self, f"Saved {path}", title="Exported")
