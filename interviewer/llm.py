"""The LLM gateway: the only code that calls a model, through the openai client.

Works against any OpenAI-compatible server (OpenAI, Ollama, vLLM, llama.cpp). Streams text,
returns structured output as pydantic models (strict JSON schema first, then JSON mode with
validation and one repair retry for servers without schema support), maps every failure to an
`LLMError` with a message a user understands, and records token usage.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar

import httpx
import openai
from pydantic import BaseModel, ValidationError

from interviewer.errors import LLMError
from interviewer.settings import LLMSettings
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


def _schema_unsupported(exc: openai.BadRequestError) -> bool:
    text = str(exc).lower()
    return any(w in text for w in ("response_format", "json_schema", "schema", "structured output", "json_object"))


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
            timeout=httpx.Timeout(settings.timeout, connect=min(settings.timeout, 10.0)),
            max_retries=settings.max_retries,
        )

    # --- errors --------------------------------------------------------------------------------

    def _safe(self, text: str) -> str:
        return text.replace(self._secret, "***") if self._secret else text

    def _where(self) -> str:
        return self.settings.base_url or "https://api.openai.com/v1"

    def _map(self, exc: BaseException) -> LLMError:
        where, model = self._where(), self.settings.model
        if isinstance(exc, LLMError):
            return exc
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return LLMError("auth", f"The model server at {where} rejected the API key "
                            f"(HTTP {exc.status_code}). Check OPENAI_API_KEY.")
        if isinstance(exc, openai.NotFoundError):
            return LLMError("not_found", f"Model {model!r} was not found at {where}. Check --model.")
        if isinstance(exc, openai.RateLimitError):
            return LLMError("rate_limit", f"The model server at {where} is rate-limiting requests "
                            "(HTTP 429) and retries did not get through. Wait a minute and retry.")
        if isinstance(exc, openai.APITimeoutError):
            return LLMError("timeout", f"The model at {where} did not answer within "
                            f"{self.settings.timeout:g} s.")
        if isinstance(exc, openai.APIConnectionError | httpx.TransportError):
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
        """Stream a reply, feeding chunks to `sink`. A stream cut mid-way is restarted once."""
        started, attempts = time.perf_counter(), 0
        while True:
            attempts += 1
            parts: list[str] = []
            usage = None
            try:
                stream = self._client.chat.completions.create(
                    model=self.settings.model, messages=list(messages), stream=True,  # type: ignore[arg-type]
                    stream_options={"include_usage": True}, max_tokens=max_tokens,
                )
                finished = False
                for chunk in stream:
                    usage = chunk.usage or usage
                    if not chunk.choices:
                        continue
                    choice = chunk.choices[0]
                    delta = choice.delta.content if choice.delta else None
                    if delta:
                        parts.append(delta)
                        if sink is not None:
                            sink(delta)
                    if choice.finish_reason:
                        finished = True
                if not finished:
                    raise httpx.RemoteProtocolError("stream ended before the reply was complete")
                self._record(purpose, "stream", messages, started, attempts, True, usage)
                return "".join(parts)
            except (json.JSONDecodeError, httpx.TransportError, openai.APIConnectionError) as exc:
                if attempts >= 2 or isinstance(exc, openai.APITimeoutError):
                    self._record(purpose, "stream", messages, started, attempts, False)
                    raise self._map(exc) from None
                if parts and on_restart is not None:
                    on_restart()
            except Exception as exc:
                self._record(purpose, "stream", messages, started, attempts, False)
                raise self._map(exc) from None

    # --- structured ----------------------------------------------------------------------------

    def structured(self, messages: Sequence[Message], model: type[T], *, purpose: str = "assess",
                   max_tokens: int = 1200) -> T:
        """A reply parsed into `model`: strict schema where supported, else JSON mode + one repair."""
        started, attempts = time.perf_counter(), 0
        try:
            if self._mode == "schema":
                attempts += 1
                try:
                    result = self._parse_strict(messages, model, max_tokens)
                    self._record(purpose, "schema", messages, started, attempts, True, self._last_usage)
                    return result
                except openai.BadRequestError as exc:
                    if not _schema_unsupported(exc):
                        raise
                    self._mode = "json_object"
                except (ValidationError, json.JSONDecodeError, ValueError):
                    pass  # off-schema content from a lenient server: try JSON mode with repair
            result, used = self._json_with_repair(messages, model, max_tokens)
            attempts += used
            self._record(purpose, self._mode, messages, started, attempts, True, self._last_usage)
            return result
        except Exception as exc:
            self._record(purpose, self._mode, messages, started, max(attempts, 1), False)
            raise self._map(exc) from None

    def _parse_strict(self, messages: Sequence[Message], model: type[T], max_tokens: int) -> T:
        for attempt in (1, 2):
            try:
                completion = self._client.chat.completions.parse(
                    model=self.settings.model, messages=list(messages),  # type: ignore[arg-type]
                    response_format=model, max_tokens=max_tokens,
                )
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
                completion = self._client.chat.completions.create(
                    model=self.settings.model, messages=convo,  # type: ignore[arg-type]
                    max_tokens=max_tokens, **kwargs,
                )
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
