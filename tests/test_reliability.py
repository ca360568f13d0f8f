"""Reliability: a fault campaign against the LLM brain, crash and resume, storage faults, secrets."""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from evals.fake_openai import FakeOpenAI, Fault
from evals.model_sim import SimulatedModel
from evals.sim.candidate import SimulatedCandidate, load_bank, load_profiles
from graphs.checkpoint import sqlite_checkpointer
from graphs.session import InterviewSession
from interviewer.brains import make_brain
from interviewer.brains.offline import OfflineBrain
from interviewer.errors import StorageError
from interviewer.events import AssessmentEvent, TurnEvent
from interviewer.settings import InterviewSettings, LLMSettings
from interviewer.store import TranscriptWriter, load_transcript
from tests.conftest import FakeClock

KEY = "sk-SECRET-reliability-0123456789abcdef"
FAULTS = [
    Fault("delay", seconds=0.6),  # longer than the client's timeout: a timeout
    Fault("slow_first_token", seconds=0.1),
    Fault("status", status=429, retry_after=0.02),
    Fault("status", status=500, retry_after=0.02),
    Fault("status", status=503, retry_after=0.02),
    Fault("malformed_json"),
    Fault("cut_stream"),
    Fault("schema_invalid"),
    Fault("drop"),
]
QUESTIONS = ["video_recommendations", "support_ticket_triage", "payment_fraud_detection", "eta_prediction"]


class Campaign:
    """Simulated candidates interviewed by the LLM brain while the server misbehaves."""

    def __init__(self, home: Path, seed: int = 7, rate: float = 0.75) -> None:
        self.home = home
        self.rng = random.Random(seed)
        self.rate = rate
        self.injected: list[tuple[int, str]] = []
        self.failed_ranges: list[tuple[int, int]] = []
        self.notices: list[str] = []
        self.refused = 0
        self.lost = 0
        self.answers = 0
        self.server = FakeOpenAI(responder=SimulatedModel(), fault_plan=self.plan)

    def plan(self, index: int, body: dict[str, Any]) -> Fault | None:
        if self.rng.random() >= self.rate:
            return None
        fault = self.rng.choice(FAULTS)
        self.injected.append((index, f"{fault.kind}:{fault.status}" if fault.kind == "status" else fault.kind))
        return fault

    def brain(self) -> Any:
        settings = LLMSettings(model="fake-model", base_url=f"http://127.0.0.1:{self.port}/v1",
                               api_key=SecretStr(KEY), timeout=0.3, max_retries=2)
        return make_brain("llm", settings)

    def recover(self, session: InterviewSession, step: Any) -> Any:
        while step.error:
            before = self.server.stats.requests
            self.notices.append(step.error)
            self.failed_ranges.append((self._step_start, before))
            if self.server._server is None:  # the server was down: it comes back
                self.server.start(self.port)
            if self.rng.random() < 0.15:
                session.use_brain(OfflineBrain())  # the notice's other way forward
            self._step_start = self.server.stats.requests
            step = session.retry()
        return step

    def run(self, interviews: int) -> None:
        self.server.start()
        self.port = self.server.port
        checkpoints = sqlite_checkpointer(self.home / "checkpoints.sqlite")
        try:
            for n in range(interviews):
                profile = list(load_profiles().values())[n % len(load_profiles())]
                question = QUESTIONS[n % len(QUESTIONS)]
                clock = FakeClock()
                session = InterviewSession.create(
                    InterviewSettings(question_id=question, tier="faang", role=profile.role), home=self.home,
                    brain=self.brain(), clock=clock, checkpointer=checkpoints)
                candidate = SimulatedCandidate(profile, load_bank(question))
                self._step_start = self.server.stats.requests
                step = self.recover(session, session.begin())
                given: list[str] = []
                while not step.done:
                    pending = step.pending
                    text = candidate.answer(step.phase, pending.area, pending.level).text
                    clock.advance(45)
                    if self.rng.random() < 0.04 and self.server._server is not None:
                        self.server.stop()  # connection refused until the candidate retries
                        self.refused += 1
                    self._step_start = self.server.stats.requests
                    step = self.recover(session, session.send(text))
                    given.append(text)
                self.answers += len(given)
                self.lost += self._lost(session, given)
        finally:
            self.server.stop()

    @staticmethod
    def _lost(session: InterviewSession, given: list[str]) -> int:
        t = load_transcript(session.writer.path)
        said = [e for e in t.events if isinstance(e, TurnEvent) and e.speaker == "candidate"]
        assessed = {e.turn for e in t.events if isinstance(e, AssessmentEvent)}
        kept = [e.text for e in said]
        missing = sum(1 for g in given if g not in kept)
        unassessed = sum(1 for e in said if e.index not in assessed)
        return missing + unassessed + (0 if t.finished else 1)

    def tally(self) -> dict[str, Any]:
        surfaced = sum(1 for i, _ in self.injected if any(a < i <= b for a, b in self.failed_ranges))
        return {
            "faults": len(self.injected) + self.refused, "by_kind": dict(Counter(k for _, k in self.injected)),
            "connection_refused": self.refused, "retried_transparently": len(self.injected) - surfaced,
            "surfaced_as_notices": len(self.notices), "faults_behind_notices": surfaced,
            "lost_turns": self.lost, "answers": self.answers,
        }


def test_fault_campaign_loses_nothing(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home.mkdir(parents=True)
    campaign = Campaign(home)
    campaign.run(interviews=5)
    tally = campaign.tally()
    with capsys.disabled():
        print(f"\nfault campaign: {tally}")
    assert tally["faults"] >= 150  # five interviews at a 75% fault rate: every kind, about 40 s
    assert tally["lost_turns"] == 0
    assert tally["retried_transparently"] > 0 and tally["surfaced_as_notices"] > 0
    for notice in campaign.notices:  # every notice is one readable line, never a traceback or the key
        assert "\n" not in notice and "Traceback" not in notice and KEY not in notice
        assert re.search(r"model|server", notice, re.I)


# --- crash and resume -------------------------------------------------------------------------

class Spawned:
    """`interviewer` in a subprocess, its stdout collected by a thread so reads never block the test."""

    def __init__(self, home: Path, *args: str) -> None:
        env = {**os.environ, "INTERVIEWER_HOME": str(home), "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen([sys.executable, "-m", "tui.cli", *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.out = b""
        self.thread = threading.Thread(target=self._pump, daemon=True)
        self.thread.start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        while chunk := os.read(self.proc.stdout.fileno(), 4096):
            self.out += chunk

    def send(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def wait_for(self, marker: str, count: int, timeout: float = 30) -> str:
        """Wait until `marker` has been printed `count` times; returns all output so far."""
        deadline = time.monotonic() + timeout
        while self.out.decode(errors="replace").count(marker) < count:
            assert time.monotonic() < deadline, f"timed out waiting for {marker!r}: {self.out[-400:]!r}"
            time.sleep(0.02)
        return self.out.decode(errors="replace")


def test_sigkill_mid_interview_then_resume_keeps_every_turn(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = ["How many users do we have?",
               "I'd frame it as a ranking problem that maximises long-term watch time on the home feed, "
               "predicting expected watch time per impression.",
               "We track daily active users and retention as the business metric and start with a simple first "
               "version.",
               "We would use the impression logs and watch history, labelling a long watch as a positive example."]
    child = Spawned(home, "run", "--plain", "--question", "video_recommendations")
    out = child.wait_for("Interviewer:", 1)
    session_id = out.splitlines()[0].removeprefix("session: ")
    for n, text in enumerate(answers, start=2):
        child.send(text + "\n\n")
        out = child.wait_for("Interviewer:", n)
    last_question = out.split("Interviewer:")[-1].strip()
    child.proc.send_signal(signal.SIGKILL)
    child.proc.wait(timeout=10)

    t = load_transcript(home / "sessions" / f"{session_id}.jsonl")
    assert [x.text for x in t.turns if x.speaker == "candidate"] == answers
    assert not t.finished

    resumed = subprocess.run([sys.executable, "-m", "tui.cli", "resume", "--plain"], input="/end\n\n",
                             capture_output=True, text=True, timeout=60,
                             env={**os.environ, "INTERVIEWER_HOME": str(home)})
    assert resumed.returncode == 0, resumed.stderr
    assert f"session: {session_id}" in resumed.stdout
    assert last_question.split("\n")[0] in resumed.stdout  # it continues at the same question
    t = load_transcript(home / "sessions" / f"{session_id}.jsonl")
    assert [x.text for x in t.turns if x.speaker == "candidate"] == answers
    assert t.finished and {e.turn for e in t.events if isinstance(e, AssessmentEvent)} >= {
        x.index for x in t.turns if x.speaker == "candidate"}
    with capsys.disabled():
        print(f"\ncrash test: {len(answers)} answers before SIGKILL, {len(answers)} found after resume, "
              f"resumed at turn {len(t.turns) - 1 - 1}")


def test_an_answer_saved_just_before_a_crash_is_replayed_on_resume(home: Path, clock: FakeClock) -> None:
    """Crash after the answer hit the transcript but before the graph saw it."""
    db = home / "checkpoints.sqlite"
    home.mkdir(parents=True)
    s = InterviewSession.create(InterviewSettings(question_id="video_recommendations", tier="faang"), home=home,
                                brain=OfflineBrain(), clock=clock, checkpointer=sqlite_checkpointer(db))
    s.begin()
    pending = s.state.pending
    text = "I'd frame it as a ranking problem maximising long-term watch time on the home feed."
    s.writer.append(TurnEvent(index=pending.turn + 1, speaker="candidate", text=text))  # then: crash
    del s
    r = InterviewSession.reopen(load_transcript(next((home / "sessions").glob("*.jsonl"))).header.id, home=home,
                                brain=OfflineBrain(), clock=clock, checkpointer=sqlite_checkpointer(db))
    step = r.resume_step()
    assert step.pending.turn == pending.turn + 2 and r.state.evidence.areas["problem_framing"].answers == 1
    said = [t.text for t in r.writer.transcript.turns if t.speaker == "candidate"]
    assert said == [text]


async def test_tui_quitting_mid_stream_stays_resumable(home: Path) -> None:
    from tests.test_tui import FRAMING, settle
    from tui.app import InterviewerApp
    from tui.screens.interview import InterviewScreen
    from tui.widgets.answer import AnswerInput

    slow = [Fault("slow_first_token", seconds=1.0)]

    def plan(index: int, body: dict[str, Any]) -> Fault | None:
        return slow[0] if body.get("stream") and index > 1 else None

    with FakeOpenAI(responder=SimulatedModel(), fault_plan=plan) as server:
        settings = LLMSettings(model="fake", base_url=server.url, api_key=SecretStr(KEY))
        app = InterviewerApp(home=home, settings=InterviewSettings(question_id="video_recommendations", tier="faang"),
                             brain=make_brain("llm", settings), session_id="tui-crash", clock=FakeClock())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.screen.query_one(AnswerInput).text = FRAMING
            await pilot.press("enter")
            await pilot.pause(0.2)
            assert app.screen.busy  # the reply is still streaming
            await pilot.press("ctrl+q")
            await pilot.click("#quit")
            await pilot.pause(1.5)  # let the background worker finish its write
        t = load_transcript(home / "sessions" / "tui-crash.jsonl")
        assert [x.text for x in t.turns if x.speaker == "candidate"] == [FRAMING]

        app2 = InterviewerApp(home=home, resume_id="tui-crash", brain=make_brain("llm", settings), clock=FakeClock())
        slow.clear()
        slow.append(Fault("slow_first_token", seconds=0.0))
        async with app2.run_test(size=(120, 40)) as pilot:
            await settle(pilot, 0.5)
            assert isinstance(app2.screen, InterviewScreen)
            assert app2.screen.session.state.evidence.areas["problem_framing"].answers == 1
            assert app2.screen.session.state.pending.turn == 2


# --- storage faults -----------------------------------------------------------------------------

def _cli(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], input=stdin, capture_output=True, text=True,
                          timeout=60, env={**os.environ, "INTERVIEWER_HOME": str(home)})


def test_unwritable_data_home_is_one_clear_message(tmp_path: Path) -> None:
    home = tmp_path / "not-a-folder"
    home.write_text("a file where the data home should be")
    run = _cli(home, "run", "--plain", stdin="hello\n\n")
    assert run.returncode == 2 and run.stderr.count("\n") == 1
    assert "cannot" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_data_home_is_one_clear_message(tmp_path: Path) -> None:
    home = tmp_path / "ro"
    home.mkdir()
    home.chmod(0o555)
    run = _cli(home, "run", "--plain", stdin="hello\n\n")
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "Traceback" not in run.stderr


def test_full_disk_keeps_what_was_saved_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from interviewer.store import Header

    path = tmp_path / "s.jsonl"
    w = TranscriptWriter.create(path, Header(id="s", question="video_recommendations", tier="faang"))
    w.append(TurnEvent(index=0, speaker="interviewer", text="Design it."))
    saved = path.read_bytes()

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(StorageError, match="No space left on device"):
        w.append(TurnEvent(index=1, speaker="candidate", text="my answer"))
    monkeypatch.undo()
    assert load_transcript(path).turns[0].text == "Design it."
    assert path.read_bytes().startswith(saved)


def test_full_disk_during_a_report_leaves_no_half_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from interviewer.report import write_atomic

    target = tmp_path / "report.md"
    target.write_text("previous report")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(StorageError):
        write_atomic(target, "new report " * 1000)
    monkeypatch.undo()
    assert target.read_text() == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_locked_checkpoint_database_is_one_clear_message(home: Path) -> None:
    home.mkdir(parents=True)
    db = home / "checkpoints.sqlite"
    sqlite_checkpointer(db)  # create the tables
    locker = sqlite3.connect(db)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        run = _cli(home, "run", "--plain", "--question", "video_recommendations", stdin="hello\n\n")
    finally:
        locker.rollback()
        locker.close()
    assert run.returncode == 2 and run.stderr.count("\n") == 1
    assert "locked" in run.stderr and "Traceback" not in run.stderr


# --- secrets ------------------------------------------------------------------------------------

def test_the_api_key_never_lands_anywhere(home: Path, tmp_path: Path) -> None:
    with FakeOpenAI(responder=SimulatedModel(), api_key=KEY) as server:
        env = {**os.environ, "INTERVIEWER_HOME": str(home), "OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": server.url}
        answers = ("What latency do we have?\n\nI'd frame it as a ranking problem maximising long-term watch time "
                   "on the home feed.\n\n")
        run = subprocess.run([sys.executable, "-m", "tui.cli", "run", "--plain", "--model", "fake-model"],
                             input=answers, capture_output=True, text=True, env=env, timeout=120)
        assert run.returncode == 0, run.stderr
        session = run.stdout.splitlines()[0].removeprefix("session: ")
        report = subprocess.run([sys.executable, "-m", "tui.cli", "report", str(home / "sessions" /
                                 f"{session}.jsonl"), "-o", str(home / "reports" / "r.md"), "--brain", "llm",
                                 "--model", "fake-model"], capture_output=True, text=True, env=env, timeout=120)
        assert report.returncode == 0, report.stderr
        wrong = subprocess.run([sys.executable, "-m", "tui.cli", "run", "--plain", "--model", "fake-model"],
                               input="hi\n\n", capture_output=True, text=True, timeout=120,
                               env={**env, "OPENAI_API_KEY": KEY + "-wrong"})
    assert wrong.returncode == 3 and wrong.stderr.count("\n") == 1 and "rejected the API key" in wrong.stderr
    for text in (run.stdout, run.stderr, report.stdout, report.stderr, wrong.stdout, wrong.stderr):
        assert KEY not in text
    files = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.suffix == ".jsonl" for p in files) and any(p.name == "checkpoints.sqlite" for p in files)
    for path in files:
        assert KEY.encode() not in path.read_bytes(), path


def test_a_session_that_crashed_before_its_first_checkpoint_starts_over(home: Path, clock: FakeClock) -> None:
    from interviewer.store import Header, session_path

    home.mkdir(parents=True)
    TranscriptWriter.create(session_path(home, "early"), Header(id="early", question="eta_prediction",
                                                                  tier="growth_startup"))
    session = InterviewSession.reopen("early", home=home, brain=OfflineBrain(), clock=clock,
                                      checkpointer=sqlite_checkpointer(home / "checkpoints.sqlite"))
    step = session.resume_step()
    assert step.pending is not None and step.phase == "clarify"
    assert "delivery" in step.text.lower()
