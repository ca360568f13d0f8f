"""Setup: pick a question (searchable), tier, role, team, duration and brain; or resume / replay."""

from __future__ import annotations

from pathlib import Path

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from interviewer.models import TIERS, TeamType
from interviewer.settings import InterviewSettings
from interviewer.store import SessionInfo
from rubrics import load_questions
from rubrics.errors import DataFileError
from rubrics.schema import Question

TIER_NAMES = {"faang": "FAANG+", "growth_startup": "Growth startup", "research_lab": "Research lab"}


def _option(q: Question) -> Option:
    return Option(Content.assemble((q.title, "bold"), f"  [{TIER_NAMES[q.tier]}]\n", (q.summary, "dim")), id=q.id)


def _session_label(s: SessionInfo) -> str:
    answers = f"{s.answers} answer{'s' if s.answers != 1 else ''}"
    return f"{s.header.question} · {answers} · {s.header.started_at[5:16].replace('T', ' ')}"


class SetupScreen(Screen[None]):
    AUTO_FOCUS = "#search"
    BINDINGS = [
        Binding("ctrl+s", "start", "Start interview", priority=True),
        Binding("f1", "app.help", "Help"),
        Binding("escape", "focus_search", "Search", show=False),
    ]

    class Start(Message):
        def __init__(self, settings: InterviewSettings, brain: str, model: str, base_url: str) -> None:
            super().__init__()
            self.settings, self.brain, self.model, self.base_url = settings, brain, model, base_url

    class Resume(Message):
        def __init__(self, session_id: str) -> None:
            super().__init__()
            self.session_id = session_id

    class Replay(Message):
        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    def __init__(self, unfinished: list[SessionInfo], *, questions_dir: str | None, llm_configured: bool,
                 model: str, base_url: str) -> None:
        super().__init__()
        self.bank: dict[str, Question] = {}
        self.questions_dir = questions_dir
        self.unfinished = unfinished
        self.llm_configured = llm_configured
        self.default_model = model
        self.default_base_url = base_url

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="setup"):
            with Vertical(id="questions-pane"):
                yield Label("Question", classes="pane-title")
                yield Input(placeholder="Search questions (title, tier, topic)…", id="search")
                yield OptionList(id="questions")
            with VerticalScroll(id="options-pane"):
                yield Label("Company tier", classes="pane-title")
                yield Select([(TIER_NAMES[t], t) for t in TIERS], value="faang", allow_blank=False, id="tier")
                yield Label("Role", classes="pane-title")
                yield Select([("Generalist (breadth)", "generalist"), ("Specialist (depth)", "specialist")],
                             value="generalist", allow_blank=False, id="role")
                yield Label("Team", classes="pane-title")
                with Horizontal(classes="row"):
                    yield Select([("Hybrid", "hybrid"), ("Infra-focused", "infra"), ("ML-focused", "ml")],
                                 value="hybrid", allow_blank=False, id="team")
                    yield Select([("Mixed", "mixed"), ("Research", "research"), ("Application", "application")],
                                 value="mixed", allow_blank=False, id="track")
                yield Label("Minutes", classes="pane-title")
                yield Input("45", id="minutes", type="integer", max_length=3)
                yield Label("Interviewer brain", classes="pane-title")
                yield Select([("Offline (deterministic, no key)", "offline"),
                              ("LLM (OpenAI-compatible server)", "llm")],
                             value="llm" if self.llm_configured else "offline", allow_blank=False, id="brain")
                with Horizontal(classes="row"):
                    yield Input(self.default_model, placeholder="model", id="model")
                    yield Input(self.default_base_url, placeholder="base URL (blank: OpenAI)", id="base-url")
                yield Button("Start interview  (Ctrl+S)", variant="primary", id="start")
                yield Label("Resume an unfinished interview", classes="pane-title")
                yield OptionList(*[Option(_session_label(s), id=s.id) for s in reversed(self.unfinished)]
                                 or [Option("none", disabled=True)],
                                 id="resume")
                yield Label("Replay a transcript", classes="pane-title")
                with Horizontal(classes="row"):
                    yield Input(placeholder="path to .jsonl or .txt", id="replay-path")
                    yield Button("Replay", id="replay")
        yield Footer()

    def _sorted(self, query: str = "") -> list[Question]:
        q = query.lower().strip()
        out = [x for x in self.bank.values()
               if not q or q in f"{x.id} {x.title} {x.summary} {x.tier} {' '.join(x.tags)}".lower()]
        return sorted(out, key=lambda x: (TIERS.index(x.tier), x.title))

    def on_mount(self) -> None:
        self.title = "ML system design mock interview"
        self.sub_title = "setup"
        try:
            bank = load_questions(self.questions_dir)
        except DataFileError as exc:
            self.notify(str(exc), title="Question bank", severity="error", timeout=15)
            bank = {}
        self.show_bank(bank)

    def show_bank(self, bank: dict[str, Question]) -> None:
        self.bank = bank
        questions = self.query_one("#questions", OptionList)
        questions.add_options([_option(q) for q in self._sorted(self.query_one("#search", Input).value)])
        if questions.option_count:
            questions.highlighted = 0

    @on(Input.Changed, "#search")
    def filter_questions(self, event: Input.Changed) -> None:
        questions = self.query_one("#questions", OptionList)
        questions.clear_options()
        questions.add_options([_option(q) for q in self._sorted(event.value)])
        if questions.option_count:
            questions.highlighted = 0

    def on_key(self, event: events.Key) -> None:
        """Up/Down in the search box move through the list, as in any search-as-you-type picker."""
        if event.key in ("up", "down") and self.focused is self.query_one("#search", Input):
            questions = self.query_one("#questions", OptionList)
            questions.action_cursor_down() if event.key == "down" else questions.action_cursor_up()
            event.stop()

    @on(Input.Submitted, "#search")
    def focus_list(self) -> None:
        self.query_one("#questions", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#questions")
    def sync_tier(self) -> None:
        """The tier follows the highlighted question (it can still be changed)."""
        questions, tier = self.query_one("#questions", OptionList), self.query("#tier")
        if questions.highlighted is None or not tier:
            return
        question = self.bank.get(questions.get_option_at_index(questions.highlighted).id or "")
        if question is not None:
            tier.first(Select).value = question.tier

    @on(OptionList.OptionSelected, "#questions")
    def chosen(self) -> None:
        self.query_one("#start", Button).focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        questions = self.query_one("#questions", OptionList)
        if questions.highlighted is None or questions.option_count == 0:
            self.notify("Pick a question first.", severity="warning")
            return
        qid = questions.get_option_at_index(questions.highlighted).id or ""
        minutes_text = self.query_one("#minutes", Input).value.strip()
        minutes = int(minutes_text) if minutes_text.isdigit() and 0 < int(minutes_text) <= 240 else 0
        if not minutes:
            self.notify("Minutes must be a whole number between 1 and 240.", severity="error")
            return
        settings = InterviewSettings(
            question_id=qid, tier=self.query_one("#tier", Select).value,  # type: ignore[arg-type]
            role=self.query_one("#role", Select).value,  # type: ignore[arg-type]
            team=TeamType(focus=self.query_one("#team", Select).value,  # type: ignore[arg-type]
                          track=self.query_one("#track", Select).value),  # type: ignore[arg-type]
            minutes=minutes,
        )
        brain = str(self.query_one("#brain", Select).value)
        self.post_message(self.Start(settings, brain, self.query_one("#model", Input).value.strip(),
                                     self.query_one("#base-url", Input).value.strip()))

    @on(OptionList.OptionSelected, "#resume")
    def resume(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(self.Resume(event.option.id))

    @on(Button.Pressed, "#replay")
    @on(Input.Submitted, "#replay-path")
    def replay(self) -> None:
        value = self.query_one("#replay-path", Input).value.strip()
        if not value:
            self.notify("Type the path of a transcript to replay.", severity="warning")
            return
        self.post_message(self.Replay(Path(value).expanduser()))
