"""The LLM gateway against a real local HTTP server, through the real openai client."""

from __future__ import annotations

import time

import pytest
from pydantic import BaseModel, SecretStr

from evals.fake_openai import FakeOpenAI, Fault, Reply, closed_port
from interviewer.llm import Gateway, LLMError
from interviewer.settings import LLMSettings

KEY = "sk-test-0123456789secret"
MESSAGES = [{"role": "user", "content": "hello"}]


class Verdict(BaseModel):
    verdict: str
    level: int


def gateway(url: str, **kw: object) -> Gateway:
    settings = LLMSettings(model="fake-model", base_url=url, api_key=SecretStr(KEY), **kw)  # type: ignore[arg-type]
    return Gateway(settings)


@pytest.fixture
def server():
    with FakeOpenAI(api_key=KEY) as s:
        yield s


def test_streams_text_in_chunks(server: FakeOpenAI) -> None:
    server.push(Reply("Tell me how you would split the data for training."))
    chunks: list[str] = []
    text = gateway(server.url).stream_text(MESSAGES, chunks.append)
    assert text == "Tell me how you would split the data for training."
    assert len(chunks) > 1 and "".join(chunks) == text
    assert server.requests[0]["stream"] is True


def test_structured_output_uses_strict_json_schema(server: FakeOpenAI) -> None:
    server.push(Reply.json({"verdict": "solid", "level": 3}))
    assert gateway(server.url).structured(MESSAGES, Verdict) == Verdict(verdict="solid", level=3)
    fmt = server.requests[0]["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True


def test_falls_back_to_json_mode_when_schema_is_unsupported() -> None:
    with FakeOpenAI([Reply.json({"verdict": "weak", "level": 1})], schema_support=False) as s:
        gw = gateway(s.url)
        assert gw.structured(MESSAGES, Verdict).verdict == "weak"
        assert s.requests[-1]["response_format"] == {"type": "json_object"}
        s.push(Reply.json({"verdict": "solid", "level": 2}))
        gw.structured(MESSAGES, Verdict)
        assert all(r["response_format"]["type"] == "json_object" for r in s.requests)


def test_off_schema_reply_gets_one_repair_retry(server: FakeOpenAI) -> None:
    server.push(Reply(fault=Fault("schema_invalid")), Reply(fault=Fault("schema_invalid")),
                Reply.json({"verdict": "partial", "level": 2}))
    assert gateway(server.url).structured(MESSAGES, Verdict).verdict == "partial"
    repair = server.requests[-1]["messages"][-1]["content"]
    assert "did not validate" in repair


def test_off_schema_twice_after_repair_is_a_clear_error(server: FakeOpenAI) -> None:
    server.push(*[Reply(fault=Fault("schema_invalid"))] * 3)
    with pytest.raises(LLMError) as err:
        gateway(server.url).structured(MESSAGES, Verdict)
    assert err.value.kind == "bad_response"


def test_429_waits_for_retry_after_then_succeeds(server: FakeOpenAI) -> None:
    server.push(Reply(fault=Fault("status", status=429, retry_after=0.5)), Reply.json({"verdict": "ok", "level": 1}))
    started = time.monotonic()
    assert gateway(server.url).structured(MESSAGES, Verdict).verdict == "ok"
    assert time.monotonic() - started >= 0.45
    assert server.stats.requests == 2


def test_429_honours_the_standard_retry_after_header_in_seconds(server: FakeOpenAI) -> None:
    server.push(Reply(fault=Fault("status", status=429, retry_after=1, ms_header=False)), Reply("ok"))
    started = time.monotonic()
    assert gateway(server.url).stream_text(MESSAGES) == "ok"
    assert time.monotonic() - started >= 0.95


def test_persistent_429_is_reported_as_rate_limit(server: FakeOpenAI) -> None:
    server.push(*[Reply(fault=Fault("status", status=429, retry_after=0.05))] * 3)
    with pytest.raises(LLMError) as err:
        gateway(server.url).stream_text(MESSAGES)
    assert err.value.kind == "rate_limit" and "429" in str(err.value)


def test_500_is_retried_then_reported(server: FakeOpenAI) -> None:
    server.push(Reply(fault=Fault("status", status=500)), Reply("recovered"))
    assert gateway(server.url).stream_text(MESSAGES) == "recovered"
    server.push(*[Reply(fault=Fault("status", status=503))] * 3)
    with pytest.raises(LLMError) as err:
        gateway(server.url).stream_text(MESSAGES)
    assert err.value.kind == "server" and "503" in str(err.value)


def test_timeout_is_reported_with_the_limit(server: FakeOpenAI) -> None:
    server.push(Reply("too late", fault=Fault("delay", seconds=2.0)))
    with pytest.raises(LLMError) as err:
        gateway(server.url, timeout=0.3, max_retries=0).stream_text(MESSAGES)
    assert err.value.kind == "timeout" and "0.3 s" in str(err.value)


def test_malformed_json_body_is_retried_once(server: FakeOpenAI) -> None:
    server.push(Reply(fault=Fault("malformed_json")), Reply.json({"verdict": "ok", "level": 4}))
    assert gateway(server.url).structured(MESSAGES, Verdict).level == 4


def test_malformed_json_every_time_is_a_bad_response(server: FakeOpenAI) -> None:
    server.push(*[Reply(fault=Fault("malformed_json"))] * 6)
    with pytest.raises(LLMError) as err:
        gateway(server.url).structured(MESSAGES, Verdict)
    assert err.value.kind == "bad_response"


def test_cut_stream_is_restarted_once(server: FakeOpenAI) -> None:
    server.push(Reply("a reply long enough to be cut in the middle of the stream", fault=Fault("cut_stream")),
                Reply("complete second reply"))
    restarts: list[int] = []
    text = gateway(server.url).stream_text(MESSAGES, on_restart=lambda: restarts.append(1))
    assert text == "complete second reply" and restarts == [1]


def test_wrong_key_gives_a_clear_message_without_the_key(server: FakeOpenAI) -> None:
    gw = Gateway(LLMSettings(model="m", base_url=server.url, api_key=SecretStr("sk-wrong-key-123")))
    with pytest.raises(LLMError) as err:
        gw.stream_text(MESSAGES)
    assert err.value.kind == "auth"
    assert "OPENAI_API_KEY" in str(err.value) and "sk-wrong-key-123" not in str(err.value)


def test_unreachable_server_is_a_connection_error() -> None:
    gw = gateway(f"http://127.0.0.1:{closed_port()}/v1", max_retries=0)
    with pytest.raises(LLMError) as err:
        gw.stream_text(MESSAGES)
    assert err.value.kind == "connection" and "is it running" in str(err.value)


def test_usage_is_recorded_per_call(server: FakeOpenAI) -> None:
    server.push(Reply("one"), Reply.json({"verdict": "ok", "level": 1}))
    gw = gateway(server.url)
    gw.stream_text(MESSAGES, purpose="ask")
    gw.structured(MESSAGES, Verdict, purpose="assess")
    assert [c.purpose for c in gw.usage.calls] == ["ask", "assess"]
    assert all(c.ok and c.prompt_tokens_counted > 0 for c in gw.usage.calls)
    assert gw.usage.completion_tokens > 0


def test_key_is_a_secret_in_settings() -> None:
    settings = LLMSettings(api_key=SecretStr(KEY))
    assert KEY not in repr(settings) and KEY not in settings.model_dump_json()
