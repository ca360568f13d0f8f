"""The LLM gateway: the only code that calls a model, through the openai client.

Works against any OpenAI-compatible server (OpenAI, Ollama, vLLM, llama.cpp). Streams text,
returns structured output as pydantic models (strict JSON schema first, then JSON mode with
validation and one repair retry for servers without schema support), maps every failure to an
`LLMError` with a message a user understands, and records token usage.

Replies are bounded: each HTTP attempt must finish within `timeout` however slowly the server sends
(`interviewer.http`), a response may bring at most `MAX_RESPONSE_BYTES`, streamed text stops at
`MAX_REPLY_CHARS` and each field of a structured reply at `MAX_FIELD_CHARS` (both with a visible
notice), and model text is made inert before anyone shows or stores it. The server's URL appears in
messages without credentials.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar

import httpx2
import openai
from pydantic import BaseModel, ValidationError

from interviewer.errors import LLMError
from interviewer.http import ReplyTooLarge, bounded_client, budget
from interviewer.limits import MAX_FIELD_CHARS, MAX_LIST_ITEMS, MAX_REPLY_CHARS, MAX_RESPONSE_BYTES
from interviewer.settings import LLMSettings, redact_url
from interviewer.terminal import inert
from interviewer.tokens import count_messages

T = TypeVar("T", bound=BaseModel)
Message = dict[str, str]
Mode = Literal["schema", "json_object", "plain"]

class CallRecord(BaseModel):
    purpose: str
    mode: str
    prompt_tokens_counted: int
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    seconds: float
    attempts: int
    ok: bool


class Usage(BaseModel):
    calls: list[CallRecord] = []

    @property
    def prompt_tokens(self) -> int:
        return sum(c.prompt_tokens or c.prompt_tokens_counted for c in self.calls)

    @property
    def completion_tokens(self) -> int:
        return sum(c.completion_tokens or 0 for c in self.calls)


_JSON_OBJECT = re.compile(r"\{.*\}", re.S)


def _extract_json(text: str) -> str:
    """The JSON object in a reply, tolerating code fences or a sentence around it."""
    match = _JSON_OBJECT.search(text)
    if match is None:
        raise ValueError("the reply contains no JSON object")
    return match.group(0)


def _clip(value: Any) -> tuple[Any, bool]:
    """A structured reply's fields cut to their limits: strings to `MAX_FIELD_CHARS` (marked), lists to
    `MAX_LIST_ITEMS`. Returns the value and whether anything was cut."""
    if isinstance(value, str):
        if len(value) <= MAX_FIELD_CHARS:
            return value, False
        return value[:MAX_FIELD_CHARS] + f" […cut at {MAX_FIELD_CHARS:,} characters]", True
    if isinstance(value, list):
        items = [_clip(v) for v in value[:MAX_LIST_ITEMS]]
        return [v for v, _ in items], len(value) > MAX_LIST_ITEMS or any(c for _, c in items)
    if isinstance(value, dict):
        pairs = {k: _clip(v) for k, v in value.items()}
        return {k: v for k, (v, _) in pairs.items()}, any(c for _, c in pairs.values())
    return value, False


def bounded(result: T) -> T:
    """`result` with every field within its size limit (so nothing large is stored, let alone twice)."""
    data, cut = _clip(result.model_dump())
    return type(result).model_validate(data) if cut else result


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    while exc is not None and exc not in chain:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return chain


def _schema_unsupported(exc: openai.BadRequestError) -> bool:
    text = str(exc).lower()
    return any(w in text for w in ("response_format", "json_schema", "schema", "structured output", "json_object"))


DEFAULT_BASE_URL = "https://api.openai.com/v1"
_CUT = f" […the reply was cut at {MAX_REPLY_CHARS:,} characters]"


class _Reply:
    """A streamed reply as it arrives: made inert, passed on, and cut at `MAX_REPLY_CHARS`."""

    def __init__(self, sink: Callable[[str], None] | None) -> None:
        self.sink = sink
        self.parts: list[str] = []
        self.size = 0
        self.usage: Any = None

    def add(self, delta: str) -> bool:
        """Take a chunk; False once the reply has reached its limit (the notice is then added)."""
        room = MAX_REPLY_CHARS - self.size
        chunk = inert(delta[:room])
        if len(delta) > room:
            chunk += _CUT
        self.parts.append(chunk)
        self.size += len(delta)
        if self.sink is not None and chunk:
            self.sink(chunk)
        return len(delta) <= room

    @property
    def text(self) -> str:
        return "".join(self.parts)


class Gateway:
    """One model endpoint. Safe to share between threads (the openai client is)."""

    def __init__(self, settings: LLMSettings, *, client: openai.OpenAI | None = None) -> None:
        self.settings = settings
        self.usage = Usage()
        self._mode: Mode = "schema"
        self._last_usage: Any = None
        key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
        self._secret = settings.api_key.get_secret_value() if settings.api_key else None
        self._client = client or openai.OpenAI(
            api_key=key,
            base_url=settings.base_url,
            max_retries=settings.max_retries,
            http_client=bounded_client(settings.base_url or DEFAULT_BASE_URL, settings.timeout),
        )

    def _budget(self) -> Any:
        """Every HTTP attempt of a call must finish within `timeout` and bring at most `MAX_RESPONSE_BYTES`."""
        return budget(self.settings.timeout, MAX_RESPONSE_BYTES)

    # --- errors --------------------------------------------------------------------------------

    def _safe(self, text: str) -> str:
        if self.settings.base_url:
            text = text.replace(self.settings.base_url, self._where())
        return text.replace(self._secret, "***") if self._secret else text

    def _where(self) -> str:
        return redact_url(self.settings.base_url or DEFAULT_BASE_URL)

    def _map(self, exc: BaseException) -> LLMError:
        where, model = self._where(), self.settings.model
        if isinstance(exc, LLMError):
            return exc
        chain = _causes(exc)
        if any(isinstance(e, ReplyTooLarge) for e in chain):
            return LLMError("bad_response", f"The model server at {where} sent a reply over "
                            f"{MAX_RESPONSE_BYTES // (1024 * 1024)} MB; it was not read further.")
        if isinstance(exc, openai.APITimeoutError) or any(isinstance(e, TimeoutError | httpx2.TimeoutException)
                                                         for e in chain):
            return LLMError("timeout", f"The model at {where} did not finish its reply within "
                            f"{self.settings.timeout:g} s.")
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return LLMError("auth", f"The model server at {where} rejected the API key "
                            f"(HTTP {exc.status_code}). Check OPENAI_API_KEY.")
        if isinstance(exc, openai.NotFoundError):
            return LLMError("not_found", f"Model {model!r} was not found at {where}. Check --model.")
        if isinstance(exc, openai.RateLimitError):
            return LLMError("rate_limit", f"The model server at {where} is rate-limiting requests "
                            "(HTTP 429) and retries did not get through. Wait a minute and retry.")
        if isinstance(exc, openai.APIConnectionError | httpx2.TransportError):
            return LLMError("connection", f"Cannot reach the model server at {where}: "
                            "is it running, and is the URL right?")
        if isinstance(exc, openai.BadRequestError):
            detail = self._safe(getattr(exc, "message", "") or str(exc))[:200]
            return LLMError("rejected", f"The model server refused the request (HTTP 400): {detail}")
        if isinstance(exc, openai.APIStatusError):
            return LLMError("server", f"The model server at {where} failed (HTTP {exc.status_code}) "
                            "after retries.")
        if isinstance(exc, json.JSONDecodeError | ValueError | ValidationError):
            return LLMError("bad_response", f"The model server at {where} sent a reply that could not "
                            "be read (malformed or off-schema JSON).")
        if isinstance(exc, openai.LengthFinishReasonError):
            return LLMError("bad_response", "The model's reply was cut off at its length limit.")
        return LLMError("server", f"Unexpected failure talking to {where}: {type(exc).__name__}.")

    def _record(self, purpose: str, mode: str, messages: Sequence[Message], started: float,
                attempts: int, ok: bool, usage: Any = None) -> None:
        self.usage.calls.append(CallRecord(
            purpose=purpose, mode=mode,
            prompt_tokens_counted=count_messages(messages, self.settings.model),
            prompt_tokens=getattr(usage, "prompt_tokens", None),
            completion_tokens=getattr(usage, "completion_tokens", None),
            seconds=round(time.perf_counter() - started, 4), attempts=attempts, ok=ok,
        ))

    # --- text ----------------------------------------------------------------------------------

    def stream_text(self, messages: Sequence[Message], sink: Callable[[str], None] | None = None, *,
                    purpose: str = "ask", on_restart: Callable[[], None] | None = None,
                    max_tokens: int = 600) -> str:
        """Stream a reply, feeding its chunks (made inert) to `sink`. A stream cut mid-way is restarted
        once; a reply longer than `MAX_REPLY_CHARS` is cut there, with a notice at its end."""
        started, attempts = time.perf_counter(), 0
        with self._budget():
            while True:
                attempts += 1
                reply = _Reply(sink)
                try:
                    text = self._stream_once(messages, max_tokens, reply)
                    self._record(purpose, "stream", messages, started, attempts, True, reply.usage)
                    return text
                except (json.JSONDecodeError, httpx2.TransportError, openai.APIConnectionError) as exc:
                    error = self._map(exc)
                    oversized = any(isinstance(e, ReplyTooLarge) for e in _causes(exc))
                    if attempts >= 2 or error.kind == "timeout" or oversized:
                        self._record(purpose, "stream", messages, started, attempts, False)
                        raise error from None
                    if reply.parts and on_restart is not None:
                        on_restart()
                except Exception as exc:
                    self._record(purpose, "stream", messages, started, attempts, False)
                    raise self._map(exc) from None

    def _stream_once(self, messages: Sequence[Message], max_tokens: int, reply: _Reply) -> str:
        stream = self._client.chat.completions.create(
            model=self.settings.model, messages=list(messages), stream=True,  # type: ignore[arg-type]
            stream_options={"include_usage": True}, max_tokens=max_tokens,
        )
        with contextlib.closing(stream):
            self._expect(stream.response, "a stream of events")
            finished = False
            for chunk in stream:
                reply.usage = chunk.usage or reply.usage
                if not chunk.choices:
                    continue
                choice = chunk.choices[0]
                delta = choice.delta.content if choice.delta else None
                if delta and not reply.add(delta):
                    return reply.text  # cut at the limit; closing the stream stops the download
                if choice.finish_reason:
                    finished = True
            if not finished:
                raise httpx2.RemoteProtocolError("stream ended before the reply was complete")
            return reply.text

    def _expect(self, response: Any, what: str) -> None:
        """A 200 that is a web page (a login page, a proxy's error page) is said as it is, instead of
        failing later as an unreadable reply or a connection problem."""
        got = str(response.headers.get("content-type", "")).split(";")[0].strip().lower()
        if "html" in got or "xml" in got:
            raise LLMError("bad_response", f"The server at {self._where()} answered HTTP {response.status_code} "
                           f"with a web page ({inert(got[:40])}), not {what} from an OpenAI-compatible API: is the "
                           "base URL right? It usually ends in /v1.")

    # --- structured ----------------------------------------------------------------------------

    def structured(self, messages: Sequence[Message], model: type[T], *, purpose: str = "assess",
                   max_tokens: int = 1200) -> T:
        """A reply parsed into `model`: strict schema where supported, else JSON mode + one repair. Every
        field comes back within its size limit."""
        started, attempts = time.perf_counter(), 0
        try:
            with self._budget():
                if self._mode == "schema":
                    attempts += 1
                    try:
                        result = self._parse_strict(messages, model, max_tokens)
                        self._record(purpose, "schema", messages, started, attempts, True, self._last_usage)
                        return bounded(result)
                    except openai.BadRequestError as exc:
                        if not _schema_unsupported(exc):
                            raise
                        self._mode = "json_object"
                    except (ValidationError, json.JSONDecodeError, ValueError):
                        pass  # off-schema content from a lenient server: try JSON mode with repair
                result, used = self._json_with_repair(messages, model, max_tokens)
            attempts += used
            self._record(purpose, self._mode, messages, started, attempts, True, self._last_usage)
            return bounded(result)
        except Exception as exc:
            self._record(purpose, self._mode, messages, started, max(attempts, 1), False)
            raise self._map(exc) from None

    def _parse_strict(self, messages: Sequence[Message], model: type[T], max_tokens: int) -> T:
        for attempt in (1, 2):
            try:
                raw = self._client.chat.completions.with_raw_response.parse(
                    model=self.settings.model, messages=list(messages),  # type: ignore[arg-type]
                    response_format=model, max_tokens=max_tokens,
                )
                self._expect(raw.http_response, "JSON")
                completion = raw.parse()
                break
            except json.JSONDecodeError:
                if attempt == 2:
                    raise
        self._last_usage = completion.usage
        message = completion.choices[0].message
        if message.parsed is not None:
            return message.parsed
        if message.refusal:
            raise LLMError("bad_response", "The model refused to answer this request.")
        return model.model_validate_json(_extract_json(message.content or ""))

    def _json_with_repair(self, messages: Sequence[Message], model: type[T], max_tokens: int) -> tuple[T, int]:
        schema = json.dumps(model.model_json_schema(), separators=(",", ":"))
        convo: list[Message] = [*messages, {
            "role": "system",
            "content": f"Reply with exactly one JSON object that validates against this JSON schema:\n{schema}",
        }]
        for attempts in (1, 2):
            text = self._create_json(convo, max_tokens)
            try:
                return model.model_validate_json(_extract_json(text)), attempts
            except (ValidationError, ValueError) as exc:
                if attempts == 2:
                    raise
                problem = str(exc).splitlines()[0][:300]
                convo += [
                    {"role": "assistant", "content": text[:4000]},
                    {"role": "user", "content": f"That reply did not validate ({problem}). "
                                                "Send the corrected JSON object only."},
                ]
        raise AssertionError("unreachable")

    def _create_json(self, convo: list[Message], max_tokens: int) -> str:
        for attempt in (1, 2):
            try:
                kwargs: dict[str, Any] = {}
                if self._mode == "json_object":
                    kwargs["response_format"] = {"type": "json_object"}
                raw = self._client.chat.completions.with_raw_response.create(
                    model=self.settings.model, messages=convo,  # type: ignore[arg-type]
                    max_tokens=max_tokens, **kwargs,
                )
                self._expect(raw.http_response, "JSON")
                completion = raw.parse()
                self._last_usage = completion.usage
                if not completion.choices:
                    raise ValueError("the reply has no choices")
                return completion.choices[0].message.content or ""
            except openai.BadRequestError as exc:
                if self._mode == "json_object" and _schema_unsupported(exc):
                    self._mode = "plain"
                    continue
                raise
            except json.JSONDecodeError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")
