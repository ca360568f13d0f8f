"""The interview graph on a LangGraph Agent Server, driven through `langgraph-sdk`.

`ServerGraph` offers a session the two calls it makes of a local graph — `stream` and `get_state` — so
`InterviewSession` drives a served interview exactly as a local one: the candidate's answer is saved in
the session store first, a run on the server's thread resumes the interrupt with it, the interviewer's
text streams back (`custom` mode), and the new events in the thread's state are written to the store.
The thread id is derived from the session id, so `resume --server URL ID` finds the thread again.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graphs.context import InterviewClock
from graphs.served import served_context
from interviewer.errors import LLMError, UserError
from interviewer.settings import redact_url

ASSISTANT = "interview"
"""The graph's name in `langgraph.json`."""
THREADS = uuid.UUID("6c1f0a52-4d7e-4f65-9a0c-1d5e8b0f2a11")
"""Namespace of the thread ids (the server wants UUIDs; sessions have readable ids)."""


def thread_id(session_id: str) -> str:
    return str(uuid.uuid5(THREADS, session_id))


@dataclass
class Task:
    name: str
    error: str | None = None


@dataclass
class Snapshot:
    """What a session reads of a thread: as `StateSnapshot` has it, for the fields it uses."""

    values: dict[str, Any] = field(default_factory=dict)
    next: tuple[str, ...] = ()
    tasks: tuple[Task, ...] = ()
    interrupts: tuple[Any, ...] = ()


class ServerGraph:
    def __init__(self, url: str, assistant: str = ASSISTANT, timeout: float = 300.0) -> None:
        from langgraph_sdk import get_sync_client

        self.url = url
        self.assistant = assistant
        self.client = get_sync_client(url=url, timeout=(5.0, timeout, timeout, 5.0))
        self._check()

    def _check(self) -> None:
        """Is a server there? Asked once, without the client's retries (seconds of backoff for a typo)."""
        import httpx

        with self._errors():
            httpx.get(f"{self.url.rstrip('/')}/ok", timeout=5.0).raise_for_status()

    def _thread(self, config: dict[str, Any]) -> str:
        return thread_id(config["configurable"]["thread_id"])

    def stream(self, graph_input: Any, config: dict[str, Any], *, context: Any, stream_mode: list[str],
               durability: str | None = None) -> Iterator[tuple[str, Any]]:
        """Run the interview on the server's thread until it waits for the candidate (or ends)."""
        from langgraph.types import Command

        clock = getattr(context, "clock", None)
        away = clock.away if isinstance(clock, InterviewClock) else 0.0
        kwargs: dict[str, Any] = {}
        if isinstance(graph_input, Command):
            kwargs["command"] = {"resume": graph_input.resume}
        elif graph_input is not None:
            kwargs["input"] = graph_input.model_dump(mode="json") if hasattr(graph_input, "model_dump") \
                else graph_input
        with self._errors():
            for part in self.client.runs.stream(
                    self._thread(config), self.assistant, context=served_context(context.brain, context.question, away),
                    stream_mode=stream_mode, if_not_exists="create", durability=durability, **kwargs):  # type: ignore[arg-type]
                if part.event == "error":
                    raise _run_error(part.data)
                if part.event in stream_mode:
                    data = part.data
                    if part.event == "values" and isinstance(data, dict):
                        data = {k: v for k, v in data.items() if k != "__interrupt__"}
                    yield part.event, data

    def get_state(self, config: dict[str, Any]) -> Snapshot:
        from langgraph_sdk.errors import NotFoundError

        try:
            with self._errors():
                state = self.client.threads.get_state(self._thread(config))
        except NotFoundError:
            return Snapshot()
        values = state.get("values")
        return Snapshot(values=values if isinstance(values, dict) else {}, next=tuple(state.get("next") or ()),
                        tasks=tuple(Task(t.get("name", ""), t.get("error")) for t in state.get("tasks") or ()),
                        interrupts=tuple(state.get("interrupts") or ()))

    def _errors(self) -> Any:
        return _ServerErrors(self.url, self.assistant)


class _ServerErrors:
    """The server's and the network's failures as one line each (the user chose the URL)."""

    def __init__(self, url: str, assistant: str) -> None:
        self.where = redact_url(url)
        self.assistant = assistant

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> bool:
        import httpx
        from langgraph_sdk.errors import NotFoundError

        if exc is None or isinstance(exc, LLMError | UserError) or not isinstance(exc, httpx.HTTPError):
            return False
        if isinstance(exc, NotFoundError) and "thread" not in str(exc).lower():
            raise UserError(f"the server at {self.where} has no graph {self.assistant!r} "
                            "(is it serving this project's langgraph.json?)") from None
        if isinstance(exc, httpx.HTTPStatusError):
            if isinstance(exc, NotFoundError):
                return False  # a thread that does not exist yet: the caller decides
            raise UserError(f"the interview server at {self.where} answered {exc.response.status_code}: "
                            f"{_body(exc.response)}") from None
        raise UserError(f"cannot reach the interview server at {self.where} ({type(exc).__name__}: "
                        f"{str(exc)[:120] or 'no answer'})") from None


def _body(response: Any) -> str:
    try:
        return str(response.json().get("detail") or response.text)[:200]
    except Exception:
        return str(getattr(response, "text", ""))[:200]


def _run_error(data: Any) -> Exception:
    """A run that failed on the server: a model failure stays an `LLMError` (the session offers a retry or
    the offline brain), anything else is one line."""
    error = str(data.get("error", "")) if isinstance(data, dict) else ""
    message = str(data.get("message", "")) if isinstance(data, dict) else str(data)
    if error == "LLMError":
        return LLMError("server", message[:500])
    return UserError(f"the interview failed on the server ({error or 'error'}: {message[:300]})")
