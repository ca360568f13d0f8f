"""Issue 15, a misbehaving model server: dripped replies, huge replies and fields, web pages with status
200, and credentials in the server URL."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, SecretStr

from evals.fake_openai import FakeOpenAI, Fault, Reply
from evals.model_sim import SimulatedModel
from graphs.checkpoint import sqlite_checkpointer
from graphs.session import InterviewSession
from interviewer.brains import make_brain
from interviewer.limits import MAX_FIELD_CHARS, MAX_REPLY_CHARS
from interviewer.llm import Gateway, LLMError
from interviewer.settings import InterviewSettings, LLMSettings
from tests.conftest import FakeClock
from tests.hardening import FRAMING, cli

MESSAGES = [{"role": "user", "content": "hello"}]


class Verdict(BaseModel):
    verdict: str
    note: str


def gateway(url: str, **kw: Any) -> Gateway:
    return Gateway(LLMSettings(model="fake-model", base_url=url, api_key=SecretStr("sk-test"), **kw))


def finishes(call: Any, within: float = 30) -> Any:
    """Run `call` in a thread; the test fails (instead of hanging) if it is still running after `within`."""
    out: list[Any] = []

    def run() -> None:
        try:
            out.append(call())
        except Exception as exc:
            out.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(within)
    assert not worker.is_alive(), f"still waiting after {within} s"
    return out[0]


# --- 7. bounds on replies -------------------------------------------------------------------------

@pytest.mark.parametrize("call", ["stream", "structured"])
def test_a_server_dripping_one_byte_at_a_time_is_cut_off_at_the_deadline(call: str) -> None:
    with FakeOpenAI([Reply(fault=Fault("drip", seconds=0.05))] * 3) as server:
        gw = gateway(server.url, timeout=1.0, max_retries=0)
        result = finishes(lambda: gw.stream_text(MESSAGES) if call == "stream" else gw.structured(MESSAGES, Verdict))
    assert isinstance(result, LLMError) and result.kind == "timeout"
    assert "within 1 s" in result.message


def test_a_huge_streamed_reply_is_cut_at_the_limit_with_a_notice() -> None:
    with FakeOpenAI([Reply("word " * 400_000)]) as server:
        shown: list[str] = []
        text = gateway(server.url).stream_text(MESSAGES, shown.append)
    assert text.startswith("word word") and text.endswith(f"[…the reply was cut at {MAX_REPLY_CHARS:,} characters]")
    assert len(text) < MAX_REPLY_CHARS + 100 and "".join(shown) == text


def test_a_huge_reply_in_an_interview_is_not_stored_twice(home: Path) -> None:
    model = SimulatedModel()

    def responder(body: dict[str, Any]) -> Reply:
        return Reply("Tell me more. " * 150_000) if body.get("stream") else model(body)  # 2 MB per question

    home.mkdir(parents=True)
    with FakeOpenAI(responder=responder) as server:
        brain = make_brain("llm", LLMSettings(model="fake-model", base_url=server.url, api_key=SecretStr("k")))
        s = InterviewSession.create(InterviewSettings(question_id="video_recommendations", tier="faang"),
                                    home=home, brain=brain, clock=FakeClock(),
                                    checkpointer=sqlite_checkpointer(home / "checkpoints.sqlite"))
        s.begin()
        s.send(FRAMING)
        s.close()
    assert s.writer.path.stat().st_size < 100_000
    assert sum(p.stat().st_size for p in home.glob("checkpoints.sqlite*")) < 2_000_000


def test_a_long_field_in_a_structured_reply_is_cut_with_a_mark() -> None:
    with FakeOpenAI([Reply.json({"verdict": "solid", "note": "n" * 100_000})]) as server:
        result = gateway(server.url).structured(MESSAGES, Verdict)
    assert result.verdict == "solid"
    assert result.note.endswith(f"[…cut at {MAX_FIELD_CHARS:,} characters]") and len(result.note) < MAX_FIELD_CHARS + 50


def test_a_reply_over_the_size_limit_is_refused_unread() -> None:
    with FakeOpenAI([Reply.json({"verdict": "solid", "note": "n" * 6_000_000})] * 3) as server, \
            pytest.raises(LLMError) as err:
        gateway(server.url).structured(MESSAGES, Verdict)
    assert err.value.kind == "bad_response" and "over 4 MB" in err.value.message


# --- 9. what came back, and what is never shown -----------------------------------------------------

@pytest.mark.parametrize("call", ["stream", "structured"])
def test_a_web_page_with_status_200_is_named_as_such(call: str) -> None:
    with FakeOpenAI([Reply(fault=Fault("html"))] * 6) as server:
        gw = gateway(server.url)
        with pytest.raises(LLMError) as err:
            gw.stream_text(MESSAGES) if call == "stream" else gw.structured(MESSAGES, Verdict)
    assert err.value.kind == "bad_response"
    assert "web page (text/html)" in err.value.message and "Cannot reach" not in err.value.message


def test_credentials_in_the_base_url_are_never_shown_or_stored(home: Path) -> None:
    with FakeOpenAI([Reply(fault=Fault("status", status=503))] * 50) as server:
        url = server.url.replace("http://", "http://alice:PASSWORD-123@") + "?api-key=QUERY-456"
        run = cli(home, "run", "--plain", "--brain", "llm", "--model", "fake-model", "--base-url", url,
                  stdin=FRAMING + "\n\n", env={"OPENAI_API_KEY": "sk-test"})
    assert "http://***@127.0.0.1" in run.stdout + run.stderr  # where the failure was, without who
    for secret in ("PASSWORD-123", "QUERY-456", "alice"):
        assert secret not in run.stdout + run.stderr
        for path in (p for p in home.rglob("*") if p.is_file()):  # transcript and checkpoint database
            assert secret.encode() not in path.read_bytes(), path
