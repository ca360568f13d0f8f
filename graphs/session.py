"""One interview session: drives the graph, writes the transcript, survives crashes and model faults.

The plain CLI and the TUI both talk to a session: `begin()`, then `send(text)` for every answer or
command, `retry()` or `use_brain()` after a model failure, `pause(draft)` when the app closes. The
candidate's answer is written to the transcript (fsynced) before the graph sees it, so nothing typed
is lost whatever fails next. Every other line of the transcript is an event the graph's nodes
emitted: after each run the session writes the ones the file does not hold yet. Time while a session
is closed is not interview time (`InterviewClock`); the transcript's time stamps stay wall-clock times.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from langgraph.types import Command
from pydantic import BaseModel, ValidationError

from graphs import policy
from graphs.checkpoint import checkpoint_errors, checkpointer_for
from graphs.context import InterviewClock, InterviewContext
from graphs.interview import build_graph
from graphs.state import InterviewState, Pending
from interviewer import __version__
from interviewer.brains.base import Brain
from interviewer.brains.reading import MAX_ASSESSED_CHARS
from interviewer.errors import LLMError, StorageError
from interviewer.events import BrainEvent, PauseEvent, ResumeEvent, TurnEvent
from interviewer.limits import MAX_ANSWER_CHARS, MAX_TURNS
from interviewer.models import Area, Assessment
from interviewer.scoring import Scorecard
from interviewer.settings import InterviewSettings
from interviewer.storage import SessionStore, SessionWriter
from interviewer.store import FileStore, Header
from rubrics import get_question
from rubrics.schema import Question

HELP = """Commands (type on a line of its own, then send):
  /hint   a nudge for the current question (recorded, costs a little score)
  /skip   leave the current area and move on
  /end    wrap up now and see the scorecard
  /help   this list
Clarifying questions are welcome at any time and never count against you."""


class Step(BaseModel):
    """What the candidate should see after one exchange."""

    text: str | None = None
    pending: Pending | None = None
    phase: str = "intro"
    done: bool = False
    scorecard: Scorecard | None = None
    edges: dict[Area, int | None] = {}
    assessment: Assessment | None = None
    error: str | None = None
    error_kind: str | None = None
    notice: str | None = None


def new_session_id(now: datetime | None = None) -> str:
    now = now or datetime.now()
    return f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


class InterviewSession:
    def __init__(self, *, session_id: str, settings: InterviewSettings, writer: SessionWriter,
                 graph: Any, context: InterviewContext, on_text: Callable[[str], None] | None = None) -> None:
        self.id = session_id
        self.settings = settings
        self.writer = writer
        self.graph = graph
        self.context = context
        self.on_text = on_text
        self.clock = context.clock if isinstance(context.clock, InterviewClock) else InterviewClock(context.clock)
        self.config = {"configurable": {"thread_id": session_id}}
        self.state: InterviewState | None = None
        self.failed: str | None = None
        self.durability = "exit"
        """Checkpoint when the graph stops (at each question). Safe here: the answer that started a
        run is already fsynced in the transcript, and `resume_step` replays it after a crash."""

    # --- construction ----------------------------------------------------------------------------

    @classmethod
    def create(cls, settings: InterviewSettings, *, home: Path, brain: Brain,
               clock: Callable[[], float] | None = None, checkpointer: Any = None,
               on_text: Callable[[str], None] | None = None, questions_dir: str | None = None,
               session_id: str | None = None, store: SessionStore | None = None,
               server: str | None = None) -> InterviewSession:
        """A new session in `store` (default: the data home's files), checkpointed beside it, or run on the
        LangGraph Agent Server at `server`."""
        question = get_question(settings.question_id, questions_dir)
        sid = session_id or new_session_id()
        header = Header(id=sid, settings=settings, brain=brain.kind, model=brain.versions().get("model"),
                        prompt_versions=brain.versions(), app_version=__version__)
        store = store or FileStore(home)
        graph = _graph(store, home, checkpointer, server)  # before the session: fail with nothing left
        writer = store.create(header)
        return cls(session_id=sid, settings=settings, writer=writer, graph=graph,
                   context=_context(brain, question, clock), on_text=on_text)

    @classmethod
    def reopen(cls, session_id: str, *, home: Path, brain: Brain, clock: Callable[[], float] | None = None,
               checkpointer: Any = None, on_text: Callable[[str], None] | None = None,
               questions_dir: str | None = None, store: SessionStore | None = None,
               server: str | None = None) -> InterviewSession:
        store = store or FileStore(home)
        writer = store.reopen(session_id)  # checks the id, takes the lock
        try:
            h = writer.transcript.header
            assert h is not None
            wall = clock or time.time
            question = get_question(h.settings.question_id, questions_dir)
            graph = _graph(store, home, checkpointer, server)
            session = cls(session_id=session_id, settings=h.settings, writer=writer, graph=graph,
                          context=_context(brain, question, InterviewClock(wall, writer.transcript.away)),
                          on_text=on_text)
            values = graph.get_state(session.config).values
            if not values and writer.turns:
                raise StorageError(
                    f"session {session_id}: its checkpoint is missing from the checkpoint database (deleted or "
                    f"replaced?), so the interview cannot continue where it stopped. Its {len(writer.turns)} turns "
                    f"are safe in {writer.where}; `interviewer score` and `replay` read them")
            if not writer.transcript.finished:  # the clock stopped at the last thing written before the stop
                stopped, now = writer.transcript.stopped_at, wall()
                writer.append(ResumeEvent(ts=now, away=max(0.0, now - stopped) if stopped is not None else 0.0))
                session.context.clock = InterviewClock(wall, writer.transcript.away)
                session.clock = session.context.clock
        except BaseException:
            writer.close()
            raise
        session.state = session._as_state(values) if values else None  # None: crashed before the first save
        return session

    # --- driving ---------------------------------------------------------------------------------

    def begin(self) -> Step:
        return self._run(InterviewState(session_id=self.id, settings=self.settings))

    def resume_step(self) -> Step:
        """Where a reopened session stands: re-run a failed step, replay a saved-but-unsent answer,
        or show the question that is waiting. A repair made on reopening is told in the step's notice."""
        step = self._resume_step()
        if self.writer.recovered:
            step.notice = " ".join(filter(None, [self.writer.recovered, step.notice]))
        return step

    def _resume_step(self) -> Step:
        snapshot = self.graph.get_state(self.config)
        if not snapshot.values:
            return self.begin()
        if any(task.error for task in snapshot.tasks):
            return self._run(None)
        state = self._snapshot()
        self.writer.write_new(state.events)
        self.state = state
        if state.pending is not None and not snapshot.interrupts and not snapshot.next:
            return self._step(state, None)
        if state.pending is not None:
            unsent = next((t for t in self.writer.transcript.turns
                           if t.speaker == "candidate" and t.index == state.turn), None)
            if unsent is not None:
                return self._run(Command(resume={"text": _heard(unsent.text)}))
        return self._step(state, state.pending.text if state.pending else None)

    def send(self, text: str) -> Step:
        """An answer or a command (/hint, /skip, /end) from the candidate."""
        state = self.state or self._snapshot()
        if self.failed is not None:
            return self._step(state, None, error=self.failed)
        if state.pending is None or state.phase == "scored":
            return self._step(state, None)
        refused = refusal(text, policy.parse_command(text), state.pending.turn)
        if refused:
            step = self._step(state, None)
            step.notice = refused
            return step
        if policy.parse_command(text) is None:  # saved before the graph sees it: nothing typed is lost
            self.writer.append(TurnEvent(seq=state.seq + 1, index=state.turn, speaker="candidate", text=text,
                                         ts=self.clock.wall(), area=state.current))
        return self._run(Command(resume={"text": _heard(text)}))

    def refuses(self, text: str) -> str | None:
        """Why this input cannot be taken now (it stays with the candidate to shorten, or /end), or None."""
        state = self.state
        if state is None or state.pending is None:
            return None
        return refusal(text, policy.parse_command(text), state.pending.turn)

    def retry(self) -> Step:
        """Re-run the step that failed (a model call), with the same brain or a new one."""
        return self._run(None)

    def use_brain(self, brain: Brain) -> None:
        """Switch brains (after a model failure); recorded so a resumed session keeps the new one.
        Events the session writes itself (brain, pause, resume) are not numbered: numbers are the graph's."""
        self.context.brain = brain
        self.writer.append(BrainEvent(brain=brain.kind, model=brain.versions().get("model"), ts=self.clock.wall()))

    def pause(self, draft: str = "") -> None:
        """The app is closing mid-interview: the interview clock stops here, and the answer being typed
        is kept for the resume."""
        if not self.writer.transcript.finished:
            self.writer.append(PauseEvent(ts=self.clock.wall(), draft=draft))

    def close(self) -> None:
        """Release the session's transcript and its lock (the process ending does the same)."""
        self.writer.close()

    # --- internals -------------------------------------------------------------------------------

    def _snapshot(self) -> InterviewState:
        values = self.graph.get_state(self.config).values
        if not values:
            raise StorageError(f"session {self.id} has no saved checkpoint to resume from")
        return self._as_state(values)

    def _as_state(self, values: Any) -> InterviewState:
        if isinstance(values, InterviewState):
            return values
        try:
            return InterviewState.model_validate(values)
        except ValidationError:
            raise StorageError(f"session {self.id} was saved by an older version of the interviewer; it can be "
                               "replayed, scored and reported, but not resumed") from None

    def _run(self, graph_input: Any) -> Step:
        before = self.state
        final: Any = None
        try:
            for mode, chunk in self.graph.stream(graph_input, self.config, context=self.context,
                                                 stream_mode=["custom", "values"], durability=self.durability):
                if mode == "values":
                    final = chunk
                elif self.on_text is not None and isinstance(chunk, dict):
                    self.on_text(str(chunk.get("text", "")))
        except LLMError as exc:
            self.failed = exc.message
            state = self._snapshot()
            self.writer.write_new(state.events)
            step = self._step(state, None, error=exc.message)
            step.error_kind = exc.kind
            return step
        except checkpoint_errors() as exc:  # a locked, unwritable or unreachable checkpoint database
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise StorageError(f"checkpoint database: {first}; your answers so far are saved in "
                               f"{self.writer.where}") from None
        self.failed = None
        state = self._as_state(final) if final is not None else self._snapshot()
        self.writer.write_new(state.events)
        self.state = state
        fresh = state.pending if state.pending and (before is None or before.pending is None
                                                    or state.pending.turn != before.pending.turn) else None
        return self._step(state, fresh.text if fresh else None)

    def _step(self, state: InterviewState, text: str | None, error: str | None = None) -> Step:
        edges = policy.edge_map(state)
        if state.scorecard is not None:  # the edge map shown at the end is the scorecard's own
            edges = {a: s.edge for a, s in state.scorecard.areas.items()}
        return Step(text=text, pending=state.pending, phase=state.phase, done=state.phase == "scored",
                    scorecard=state.scorecard, edges=edges, assessment=state.assessment, error=error)


def refusal(text: str, command: str | None, pending_turn: int) -> str | None:
    if len(text) > MAX_ANSWER_CHARS:
        return (f"Your answer is {len(text):,} characters, over the {MAX_ANSWER_CHARS:,} limit; it was not sent. "
                "Shorten it and send it again.")
    if pending_turn + 3 >= MAX_TURNS and command != "end":
        return f"This interview has reached {MAX_TURNS:,} turns, the most a transcript holds: type /end to finish."
    return None


def _heard(text: str) -> str:
    """What the graph is given of an answer: the transcript holds it whole; the graph reads only its start,
    so the checkpoint (which keeps the resume value) never stores a long answer a second time."""
    return text[:MAX_ASSESSED_CHARS + 1]


def _context(brain: Brain, question: Question, clock: Callable[[], float] | None) -> InterviewContext:
    interview_clock = clock if isinstance(clock, InterviewClock) else InterviewClock(clock or time.time)
    return InterviewContext(brain=brain, question=question, clock=interview_clock)


def _graph(store: SessionStore, home: Path, checkpointer: Any, server: str | None) -> Any:
    """The interview graph: compiled here with the store's checkpointer, or served by an Agent Server."""
    if server:
        from interviewer.storage import require_extra

        require_extra("langgraph_sdk", "server", "--server")
        from graphs.remote import ServerGraph

        return ServerGraph(server)
    return build_graph(checkpointer or checkpointer_for(store, home))
