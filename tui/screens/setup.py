"""Setup: pick a question (searchable), tier, role, team, duration and brain; or resume / replay; or run
the next practice drill your history proposes (Ctrl+N).

The screen paints before anything heavy is imported: the question bank, the session list, the last
settings and the model defaults (pydantic, YAML) load right after the first frame, in `load`."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from interviewer.defaults import DEFAULT_MINUTES
from interviewer.terminal import inert
from rubrics.vocabulary import AREAS, TIERS
from tui.last_settings import LastSettings
from tui.literal import tell
from tui.names import AREA_NAMES, TIER_NAMES
from tui.widgets.choice import Choice
from tui.widgets.sessions import SessionList
from tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from interviewer.practice import PracticePlan
    from interviewer.settings import InterviewSettings, LLMSettings
    from interviewer.store import SessionInfo
    from rubrics.schema import Question

MINUTES = [(str(m), str(m)) for m in range(10, 181, 5)]


def _option(q: Question) -> Option:
    return Option(Content.assemble((inert(q.title), "bold"), f"  [{TIER_NAMES[q.tier]}]\n", (inert(q.summary), "dim")),
                  id=q.id)


class SetupScreen(Screen[None]):
    CSS_PATH = "setup.tcss"
    AUTO_FOCUS = "#search"
    BINDINGS = [
        Binding("ctrl+s", "start", "Start interview", priority=True),
        Binding("ctrl+o", "open_transcript", "Open transcript"),
        Binding("ctrl+r", "focus_sessions", "Your sessions"),
        Binding("ctrl+n", "practice", "Next practice", show=False,  # the footer is full at 80 columns
                tooltip="Start the next practice drill your sessions propose (shown under the Start button)"),
        Binding("f1", "app.help", "Help"),
        Binding("escape", "focus_search", "Back to the search box", show=False),
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

    def __init__(self, home: Path, *, questions_dir: str | None, store: Callable[[], Any] | None = None) -> None:
        super().__init__()
        self.home = home
        self.questions_dir = questions_dir
        self.store = store
        """Gives the session store (the app opens it on first use); the data home's files when not given."""
        self.bank: dict[str, Question] = {}
        self.loaded = False
        self.default_model = self.default_base_url = ""
        self.sessions: dict[str, SessionInfo] = {}
        self.last = LastSettings()
        self.plan: PracticePlan | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="questions-pane") as pane:
            pane.border_title = "Question"
            yield Input(placeholder="Search questions (title, tier, topic)…", id="search")
            yield OptionList(Option("Loading the question bank…", disabled=True), id="questions")
        with VerticalScroll(id="options-pane", can_focus=False) as pane:  # its rows take the focus
            pane.border_title = "Interview"
            pane.border_subtitle = "←/→ change"
            yield Choice("Company tier", [(TIER_NAMES[t], t) for t in TIERS], id="tier")
            yield Choice("Role", [("Generalist (breadth)", "generalist"), ("Specialist (depth)", "specialist")],
                         id="role")
            yield Choice("Focus area", [(AREA_NAMES[a], a) for a in AREAS], "modeling", id="focus")
            yield Choice("Team focus", [("Hybrid", "hybrid"), ("Infra", "infra"), ("ML", "ml")], id="team")
            yield Choice("Team track", [("Mixed", "mixed"), ("Research", "research"),
                                        ("Application", "application")], id="track")
            yield Choice("Minutes", MINUTES, str(DEFAULT_MINUTES), wrap=False, id="minutes")
            yield Choice("Interviewer", [("Offline (no key needed)", "offline"),
                                         ("LLM (OpenAI-compatible)", "llm")], id="brain")
            yield Button("Start interview  (Ctrl+S)", variant="primary", id="start")
            yield Static("", id="practice")
            sessions = SessionList(Option("Looking for your sessions…", disabled=True), id="sessions")
            sessions.border_title = "Your sessions (Ctrl+R)"
            sessions.border_subtitle = "Enter: resume / replay"
            yield sessions
        yield Footer()

    def on_mount(self) -> None:
        self.title = "ML system design mock interview"
        self.sub_title = "setup"

    def on_screen_resume(self) -> None:
        # At launch the screen resumes before its first frame is written, so the app calls begin_loading
        # on Textual's Ready event instead; a setup screen pushed later loads as soon as it is shown.
        if getattr(self.app, "first_frame_shown", True):
            self.begin_loading()

    def begin_loading(self) -> None:
        if not self.loaded:
            self.loaded = True
            self.load()

    @work(thread=True, exit_on_error=False, group="setup-load")
    def load(self) -> None:
        """Read the question bank, your sessions and the model defaults off the UI thread (this is where
        pydantic and YAML are first imported), then fill the screen in."""
        from interviewer.settings import llm_from_env
        from rubrics import load_questions
        from tui.last_settings import load_last

        notices: list[str] = []
        try:  # the bank and the sessions load apart, so a problem with one never blanks the other
            bank = load_questions(self.questions_dir, notices=notices)
        except Exception as exc:
            self.app.call_from_thread(tell, self, str(exc), title="Question bank", severity="error", timeout=15)
            bank = {}
        for notice in notices:
            self.app.call_from_thread(tell, self, notice, title="Question bank", severity="warning", timeout=15)
        sessions = self._read_sessions()
        self.app.call_from_thread(self.loaded_in, bank, sessions or [], llm_from_env(), load_last(self.home))
        self.app.call_from_thread(self.show_plan, self._plan(sessions or [], bank))

    def _read_sessions(self) -> list[SessionInfo] | None:
        """Your sessions (called in a worker thread); None, after a notice, when they cannot be listed. A
        session file that cannot be read is left out, with a notice naming it."""
        from interviewer.storage import open_store

        try:
            listing = (self.store() if self.store is not None else open_store(self.home)).scan()
        except Exception as exc:
            self.app.call_from_thread(tell, self, str(exc), title="Sessions", severity="error", timeout=15)
            return None
        for notice in listing.notices:
            self.app.call_from_thread(tell, self, notice, title="Sessions", severity="warning", timeout=15)
        return listing.sessions

    def _plan(self, sessions: list[SessionInfo], bank: dict[str, Question]) -> PracticePlan | None:
        """The practice plan from your finished sessions (called in a worker thread); None when there is none
        yet, or when it cannot be made (a notice says why; the rest of setup is unaffected)."""
        from tui.practice import practice_plan

        try:
            return practice_plan(sessions, bank)
        except Exception as exc:
            self.app.call_from_thread(tell, self, f"No practice plan: {exc}", title="Practice", severity="warning",
                                      timeout=10)
            return None

    def show_plan(self, plan: PracticePlan | None) -> None:
        self.plan = plan
        line = self.query_one("#practice", Static)
        line.display = plan is not None
        if plan is not None:
            line.update(Content.assemble(("Next practice", "bold $accent"), " (Ctrl+N): ", inert(plan.next.line)))

    def action_practice(self) -> None:
        """Start the proposed drill with the interviewer chosen here (its question, area and level are the plan's)."""
        if self.plan is None:
            self.notify("No practice plan yet: it starts from your first finished interview.", severity="warning")
            return
        model = self._llm_field("#model", self.default_model)
        base_url = self._llm_field("#base-url", self.default_base_url)
        self.post_message(self.Start(self.plan.next.settings(), self._value("#brain"), model, base_url))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name in ("load", "reload_sessions") and event.state == WorkerState.ERROR:
            tell(self, f"Could not load the question bank or your sessions: {event.worker.error}",
                 title="Setup", severity="error", timeout=15)

    def loaded_in(self, bank: dict[str, Question], sessions: list[SessionInfo], llm: LLMSettings,
                  last: LastSettings) -> None:
        self.default_model = last.model or llm.model
        self.default_base_url = last.base_url or llm.base_url or ""
        self.last = last
        self.bank = bank
        self.show_sessions(sessions)
        self._restore(last, llm.configured)
        self.show_questions(self.query_one("#search", Input).value)

    def _restore(self, last: LastSettings, llm_configured: bool) -> None:
        """The choices of the last interview started here (values no longer offered are skipped)."""
        for field in ("role", "focus", "team", "track", "minutes", "brain"):
            value = getattr(last, field) or ("llm" if field == "brain" and llm_configured else "")
            choice = self.query_one(f"#{field}", Choice)
            if value in {v for _, v in choice.options}:
                choice.value = value

    @work(thread=True, exit_on_error=False, exclusive=True, group="setup-sessions")
    def reload_sessions(self) -> None:
        """After an interview: list your sessions again, so the one just finished is there to replay."""
        sessions = self._read_sessions()
        if sessions is not None:
            self.app.call_from_thread(self.show_sessions, sessions)
            self.app.call_from_thread(self.show_plan, self._plan(sessions, self.bank))

    def show_sessions(self, sessions: list[SessionInfo]) -> None:
        titles = {q.id: q.title for q in self.bank.values()}
        self.sessions = self.query_one("#sessions", SessionList).show(sessions, titles)

    def returned(self) -> None:
        """Back from an interview or a scorecard: the session list is refreshed and typing goes to the search."""
        self.reload_sessions()
        self.action_focus_search()

    def _sorted(self, query: str = "") -> list[Question]:
        q = query.lower().strip()
        out = [x for x in self.bank.values()
               if not q or q in f"{x.id} {x.title} {x.summary} {x.tier} {' '.join(x.tags)}".lower()]
        return sorted(out, key=lambda x: (TIERS.index(x.tier), x.title))

    @on(Input.Changed, "#search")
    def filter_questions(self, event: Input.Changed) -> None:
        if self.bank:
            self.show_questions(event.value)

    def show_questions(self, query: str) -> None:
        questions = self.query_one("#questions", OptionList)
        questions.clear_options()
        matches = self._sorted(query)
        if matches:
            options: list[Option | None] = []
            for q in matches:
                options += [_option(q), None]  # None draws a rule between questions
            questions.add_options(options[:-1])
            last = [i for i, q in enumerate(matches) if q.id == self.last.question]
            questions.highlighted = last[0] if last and not query.strip() else 0
        else:
            questions.add_option(Option(f"No question matches {query!r}." if self.bank else
                                        "No questions could be loaded.", disabled=True))

    def on_key(self, event: events.Key) -> None:
        """Up/Down in the search box move through the list, as in any search-as-you-type picker."""
        if event.key in ("up", "down") and self.focused is self.query_one("#search", Input):
            questions = self.query_one("#questions", OptionList)
            questions.action_cursor_down() if event.key == "down" else questions.action_cursor_up()
            event.stop()

    @on(Input.Submitted, "#search")
    def focus_list(self) -> None:
        self.query_one("#questions", OptionList).focus()

    def _highlighted(self) -> Question | None:
        questions = self.query_one("#questions", OptionList)
        if questions.highlighted is None or not questions.option_count:
            return None
        return self.bank.get(questions.get_option_at_index(questions.highlighted).id or "")

    @on(OptionList.OptionHighlighted, "#questions")
    def sync_tier(self) -> None:
        """The tier follows the highlighted question (it can still be changed); the question used last time
        comes back with the tier chosen for it."""
        question = self._highlighted()
        if question is not None:
            tier = self.last.tier if question.id == self.last.question and self.last.tier in TIERS else question.tier
            self.query_one("#tier", Choice).value = tier

    @on(OptionList.OptionSelected, "#questions")
    def chosen(self) -> None:
        self.query_one("#start", Button).focus()

    @on(Choice.Changed, "#role")
    def role_changed(self, event: Choice.Changed) -> None:
        """A specialist interview leans on one area: its row shows with the Specialist role."""
        self.query_one("#focus", Choice).display = event.value == "specialist"

    @on(Choice.Changed, "#brain")
    def brain_changed(self, event: Choice.Changed) -> None:
        """The model and server fields appear with the LLM brain (mounted then, to keep start-up light)."""
        rows = self.query("#llm-row")
        if rows:
            rows.first().display = event.value == "llm"
        elif event.value == "llm":
            self.query_one("#options-pane").mount(
                Horizontal(Input(self.default_model, placeholder="model", id="model"),
                           Input(self.default_base_url, placeholder="base URL (blank: OpenAI)", id="base-url"),
                           id="llm-row", classes="row"),
                after=event.choice)

    def _llm_field(self, selector: str, default: str) -> str:
        fields = self.query(selector)
        return fields.first(Input).value.strip() if fields else default

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_focus_sessions(self) -> None:
        sessions = self.query_one("#sessions", SessionList)
        sessions.focus()
        sessions.scroll_visible()

    def _value(self, selector: str) -> Any:
        return self.query_one(selector, Choice).value

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        from interviewer.models import TeamType
        from interviewer.settings import InterviewSettings

        question = self._highlighted()
        if question is None:
            self.notify("Pick a question first.", severity="warning")
            return
        role = self._value("#role")
        settings = InterviewSettings(question_id=question.id, tier=self._value("#tier"), role=role,
                                     team=TeamType(focus=self._value("#team"), track=self._value("#track")),
                                     minutes=int(self._value("#minutes")),
                                     focus=self._value("#focus") if role == "specialist" else None)
        model = self._llm_field("#model", self.default_model)
        base_url = self._llm_field("#base-url", self.default_base_url)
        self.last = LastSettings(question=question.id, tier=settings.tier, role=role, focus=self._value("#focus"),
                                 team=self._value("#team"), track=self._value("#track"),
                                 minutes=self._value("#minutes"), brain=self._value("#brain"), model=model,
                                 base_url=base_url)
        self.remember(self.last)
        self.post_message(self.Start(settings, self._value("#brain"), model, base_url))

    @work(thread=True, exit_on_error=False, group="setup-remember")
    def remember(self, last: LastSettings) -> None:
        """Keep these choices for the next launch (a small file in the data home)."""
        from tui.last_settings import save_last

        with contextlib.suppress(OSError):  # remembering is a convenience; the interview does not need it
            save_last(self.home, last)

    @on(OptionList.OptionSelected, "#sessions")
    def open_session(self, event: OptionList.OptionSelected) -> None:
        info = self.sessions.get(event.option.id or "")
        if info is None:
            return
        self.post_message(self.Replay(info.path or Path(info.id)) if info.finished else self.Resume(info.id))

    def action_open_transcript(self) -> None:
        from tui.screens.dialogs import OpenTranscript

        def opened(path: str | None) -> None:
            if path:
                self.post_message(self.Replay(Path(path).expanduser()))

        self.app.push_screen(OpenTranscript(), opened)
