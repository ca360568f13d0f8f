"""The interview graph under LangGraph's own Agent Server (`langgraph dev`, in-memory runtime, started by
the test on a free loopback port), driven through `langgraph-sdk` by `interviewer run/resume --server`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphs.session import InterviewSession
from interviewer.brains.offline import OfflineBrain
from interviewer.settings import InterviewSettings
from interviewer.store import FileStore
from tests.pg_worker import ANSWERS
from tests.pgcluster import free_port

REPO = Path(__file__).resolve().parent.parent
SETTINGS = InterviewSettings(question_id="video_recommendations", tier="faang")


@pytest.fixture(scope="session")
def agent_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`langgraph dev --no-browser` serving this repository's langgraph.json; its files and log are kept out
    of the project folder (its file watcher would otherwise react to them)."""
    langgraph = shutil.which("langgraph", path=str(Path(sys.executable).parent))
    if langgraph is None:
        pytest.skip("langgraph-cli is not installed: pip install -e '.[server]'")
    folder = tmp_path_factory.mktemp("agent-server")
    port = free_port()
    env = {**os.environ, "LANGGRAPH_STRICT_MSGPACK": "true", "LANGSMITH_TRACING": "false",
           "LANGGRAPH_CLI_NO_ANALYTICS": "1", "PYTHONUNBUFFERED": "1"}
    env.pop("OPENAI_API_KEY", None)
    env.pop("OPENAI_BASE_URL", None)
    with open(folder / "server.log", "w") as log:
        proc = subprocess.Popen([langgraph, "dev", "--no-browser", "--no-reload", "--host", "127.0.0.1", "--port",
                                 str(port)], cwd=REPO, env=env,
                                stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/ok", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"langgraph dev did not start: {(folder / 'server.log').read_text()[-3000:]}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def cli(*args: str, home: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTERVIEWER_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=180, cwd=REPO)


def comparable(events: list[Any]) -> list[dict[str, Any]]:
    """Events without their wall-clock time stamps and the area budgets computed from the time taken so far
    (two runs never share those)."""
    return [{k: v for k, v in e.model_dump(mode="json").items() if k not in ("ts", "budget")} for e in events]


def local_run(home: Path, answers: list[str]) -> Any:
    store = FileStore(home)
    s = InterviewSession.create(SETTINGS, home=home, brain=OfflineBrain(), store=store)
    s.begin()
    for a in answers:
        s.send(a)
    s.send("/end")
    s.close()
    return store.load(s.id)


def test_a_whole_interview_through_the_server_matches_a_local_run(agent_server: str, tmp_path: Path) -> None:
    run = cli("run", "--plain", "--question", "video_recommendations", "--tier", "faang", "--server", agent_server,
              stdin="".join(a + "\n\n" for a in ANSWERS), home=tmp_path / "client")
    assert run.returncode == 0, run.stderr
    sid = run.stdout.splitlines()[0].removeprefix("session: ")
    assert "Scorecard" in run.stdout and "Interviewer: " in run.stdout
    served = FileStore(tmp_path / "client").load(sid)
    local = local_run(tmp_path / "local", ANSWERS)
    assert served.finished and comparable(served.events) == comparable(local.events)
    fields = {"id", "started_at"}
    assert served.header is not None and local.header is not None
    assert served.header.model_dump(exclude=fields) == local.header.model_dump(exclude=fields)
    assert not (tmp_path / "client" / "checkpoints.sqlite").exists()  # the server holds the checkpoints


def test_resume_through_the_server_continues_at_the_pending_question(agent_server: str, tmp_path: Path) -> None:
    home = tmp_path / "client"
    s = InterviewSession.create(SETTINGS, home=home, brain=OfflineBrain(), server=agent_server)
    s.begin()
    pending = s.send(ANSWERS[0]).text
    s.close()
    assert pending
    run = cli("resume", s.id, "--plain", "--server", agent_server, stdin=ANSWERS[1] + "\n\n", home=home)
    assert run.returncode == 0, run.stderr
    assert pending.splitlines()[0] in run.stdout
    t = FileStore(home).load(s.id)
    assert [x.text for x in t.turns if x.speaker == "candidate"] == ANSWERS[:2] and t.finished


def test_an_unreachable_server_is_one_line(tmp_path: Path) -> None:
    run = cli("run", "--plain", "--server", f"http://127.0.0.1:{free_port()}", stdin="an answer\n\n", home=tmp_path)
    assert run.returncode == 2 and run.stderr.count("\n") == 1, run.stderr
    assert "cannot reach the interview server at http://127.0.0.1:" in run.stderr
