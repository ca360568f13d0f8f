"""The scorecard that teaches: the verdicts first, each explained in a sentence (overall, per company tier,
for the role), the three things to practise first, the levels with the edge map and a chart, the tier
cards with each red flag's evidence, then area by area what you showed, what the next level asks and one
stronger answer; ids, level codes and versions in a collapsed Details. Export to Markdown and JSON.

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
from textual.widgets import Collapsible, DataTable, Footer, Label, Static
from textual_plotext import PlotextPlot

from interviewer.models import AREA_TITLES, AREAS
from interviewer.render import edge_bar
from interviewer.report import NAMED, export
from interviewer.scoring import Scorecard
from interviewer.teaching import AreaLesson, Teaching, details, practise_text, standing, stronger
from interviewer.terminal import inert
from rubrics import load_tiers
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


def area_text(a: AreaLesson) -> str:
    """One area's lesson in plain words: what you showed, the next level's questions, a stronger answer,
    corrections (what was said, what is correct) and hints."""
    lines = [f"{a.title} — {a.standing}"]
    if a.coverage == "in_passing":
        lines.append("  Came up only in passing, while other areas were discussed.")
    if a.showed:
        lines += ["  You showed:"] + [f"    “{q.text}” (turn {q.turn})" for q in a.showed]
    elif a.level is None:
        lines.append("  Not reached in this interview.")
    if a.missing:
        what = "To make it stronger still" if a.at_top else "Missing at the next level"
        lines.append(f"  {what}{f' ({a.next_title})' if a.next_title else ''} — practise:")
        lines += [f"    • {m.ask}{NAMED if m.named else ''}" for m in a.missing]
    if a.example:
        lines.append(f"  {stronger(a.example, a.example_is_quote)}")
    for f in a.fixes:
        turn = f" (turn {f.turn})" if f.turn is not None else ""
        lines.append(f"  ✗ You said “{f.said}”{turn}: {f.problem}" + (f" Correct: {f.correct}" if f.correct else ""))
    if a.hints:
        lines.append(f"  You needed {a.hints} hint{'s' if a.hints > 1 else ''} here.")
    return "\n".join(lines)


class ScorecardScreen(Screen[None]):
    CSS_PATH = "scorecard.tcss"
    BINDINGS = [
        Binding("m", "export('md')", "Export Markdown"),
        Binding("j", "export('json')", "Export JSON"),
        Binding("n", "app.new_interview", "New interview"),
        Binding("escape", "app.new_interview", "Back to setup", show=False),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, card: Scorecard, question: Question, lesson: Teaching, *, session_id: str,
                 reports_dir: Path, started: str = "") -> None:
        super().__init__()
        self.card = card
        self.question = question
        self.lesson = lesson
        self.session_id = session_id
        self.reports_dir = reports_dir
        self.started = started

    def compose(self) -> ComposeResult:
        c, lesson = self.card, self.lesson
        yield TitleBar()
        with VerticalScroll(id="scorecard"):
            yield from self._verdicts()
            with Horizontal(id="top"):
                with Vertical(id="levels"):
                    yield DataTable(id="areas", cursor_type="row", zebra_stripes=True)
                    yield Static(EDGE_HELP, id="edge-help")
                yield AreaChart(c, id="chart")
            if lesson.drill is None:
                with Horizontal(id="tiers"):
                    for view in c.tiers.values():
                        with Vertical(classes="tier-card"):
                            yield Label(view.name, classes="tier-name")
                            yield Static(f"weighted score {view.score:.2f}  (coverage {view.coverage:.0%})")
                            yield Label(recommendation(view.recommendation),
                                        classes=f"tier-rec {RECOMMENDATION_CLASS[view.recommendation]}")
                            flags = "\n".join(f"⚑ {f.flag}: {f.evidence}" for f in lesson.flags
                                              if f.tier == view.tier) or "no red flags found"
                            yield Static(literal(flags), classes="flags")
            if lesson.practise_first:
                yield Label("Practise these first", classes="pane-title")
                for item in lesson.practise_first:
                    yield Static(literal(practise_text(item)), classes="practise")
                yield Static(literal(lesson.rule), classes="dim")
            if lesson.stronger_still:
                yield Label("What would make it stronger still", classes="pane-title")
                for item in lesson.stronger_still:
                    yield Static(literal(practise_text(item)), classes="practise")
            yield Label("Area by area", classes="pane-title")
            for a in lesson.areas.values():
                yield Static(literal(area_text(a)), classes="evidence")
            for note in c.notes:
                yield Static(literal(f"Note: {note}"), classes="dim")
            with Collapsible(title="Details: ids, level codes and versions", collapsed=True, id="details"):
                lines = [f"session {self.session_id}", *details(c, lesson, load_tiers())]
                yield Static(literal("\n".join(lines)), classes="dim")
        yield Footer()

    def _verdicts(self) -> ComposeResult:
        """The top of the screen, above the fold at 80×24: the verdict, its reason, the other tiers, the
        role, and what to practise first."""
        c, lesson = self.card, self.lesson
        if lesson.drill is not None:
            drilled = lesson.areas[lesson.drill]
            yield Label(f"Drill: {drilled.title} — {drilled.standing}", id="verdict")
        else:
            verdict = (f"{recommendation(c.overall.recommendation).capitalize()} for "
                       f"{TIER_NAMES.get(c.tier, c.tier)} · overall {standing(c.overall.level)}")
            yield Label(verdict, id="verdict", classes=RECOMMENDATION_CLASS[c.overall.recommendation])
        yield Static(literal(lesson.verdict), id="verdict-why")
        if lesson.drill is None:
            yield Static(tier_verdicts(c), id="tier-verdicts")
            yield Static(literal(lesson.role), id="role")
        if lesson.practise_first:
            ranked = "  ".join(f"{i.rank}. {i.title}" for i in lesson.practise_first)
            yield Static(literal(f"Practise first: {ranked}  (below)"), id="first")

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
            export(self.card, self.lesson, self.question, path, fmt, session=self.session_id, started=self.started)
        except Exception as exc:
            tell(self, str(exc), title="Export failed", severity="error")
            return
        tell(self, f"Saved {path}", title="Exported")
