"""Sessions in PostgreSQL with real processes: crash on one machine and resume on another, many interviews
at once, one driver per session, and every error a user can cause as one line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from interviewer.storage import SessionStore, open_store
from tests.pg_worker import answers_for

REPO = Path(__file__).resolve().parent.parent


def cli(*args: str, home: Path, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "INTERVIEWER_HOME": str(home), "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], input=stdin, capture_output=True, text=True,
                          env=full, timeout=120, cwd=REPO)


def main(*args: str, stdin: str = "", capsys: pytest.CaptureFixture[str],
         monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    """The command in this process (faster than a new one): exit code, stdout, stderr."""
    import io

    from tui.cli import main as interviewer

    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    capsys.readouterr()
    code = interviewer(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def start_interview(url: str, home: Path) -> tuple[subprocess.Popen[str], str]:
    """`interviewer run --plain` on `home` against the database, waiting for answers on a pipe."""
    proc = subprocess.Popen([sys.executable, "-m", "tui.cli", "run", "--plain", "--question", "video_recommendations",
                             "--database-url", url], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=REPO,
                            env={**os.environ, "INTERVIEWER_HOME": str(home), "PYTHONIOENCODING": "utf-8"})
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert first.startswith("session: "), first + (proc.stderr.read() if proc.stderr else "")
    return proc, first.removeprefix("session: ").strip()


def wait_for(condition, what: str, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def waiting_after(store: SessionStore, session_id: str, answers: int) -> bool:
    """The session holds `answers` answers and the question that followed the last one."""
    t = store.load(session_id)
    said = [x for x in t.turns if x.speaker == "candidate"]
    return len(said) == answers and bool(t.turns) and t.turns[-1].speaker == "interviewer"


def test_killed_on_one_machine_resumed_on_another_with_nothing_lost(database_url: str, tmp_path: Path) -> None:
    host_a, host_b = tmp_path / "a", tmp_path / "b"
    proc, sid = start_interview(database_url, host_a)
    answers = answers_for(sid)[:2]
    watcher = open_store(tmp_path, database_url)
    assert proc.stdin is not None
    for n, answer in enumerate(answers, start=1):
        proc.stdin.write(answer + "\n\n")
        proc.stdin.flush()
        wait_for(lambda n=n: waiting_after(watcher, sid, n), f"answer {n} and the next question")
    pending = open_store(host_b, database_url).load(sid).turns[-1]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)

    run = cli("resume", sid, "--plain", "--database-url", database_url, home=host_b)  # end of input: /end
    assert run.returncode == 0, run.stderr
    assert pending.text.splitlines()[0] in run.stdout  # the same pending question, asked again on host B
    t = open_store(host_b, database_url).load(sid)
    assert [x.text for x in t.turns if x.speaker == "candidate"] == answers and t.finished
    assert not (host_b / "sessions").exists() and not (host_b / "checkpoints.sqlite").exists()


def test_fifty_interviews_from_parallel_processes_lose_and_duplicate_nothing(database_url: str,
                                                                            tmp_path: Path) -> None:
    workers, each = 5, 10
    procs = [subprocess.Popen([sys.executable, "-m", "tests.pg_worker", database_url, str(tmp_path / f"h{w}"),
                               str(each), f"w{w}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=REPO, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
             for w in range(workers)]
    ran: list[str] = []
    for p in procs:
        out, err = p.communicate(timeout=240)
        assert p.returncode == 0, err[-2000:]
        ran += json.loads(out.splitlines()[-1])
    store = open_store(tmp_path, database_url)
    listing = store.scan()
    assert len(ran) == workers * each and sorted(s.id for s in listing.sessions) == sorted(ran)
    for info in listing.sessions:
        t = store.load(info.id)
        assert [x.text for x in t.turns if x.speaker == "candidate"] == answers_for(info.id)
        seqs = [e.seq for e in t.events if e.seq]
        assert seqs == list(range(1, len(seqs) + 1))  # each graph event once, in order
        assert [x.index for x in t.turns] == list(range(len(t.turns)))
        assert t.finished and info.finished and info.answers == len(answers_for(info.id))
    with psycopg.connect(database_url) as conn:
        dupes = conn.execute("SELECT count(*) FROM (SELECT 1 FROM interviewer_events WHERE seq > 0 "
                             "GROUP BY session_id, seq HAVING count(*) > 1) d").fetchone()
    assert dupes == (0,)


def test_a_second_process_is_refused_a_session_in_use(database_url: str, tmp_path: Path) -> None:
    proc, sid = start_interview(database_url, tmp_path / "a")
    try:
        run = cli("resume", sid, "--plain", "--database-url", database_url, home=tmp_path / "b")
        assert run.returncode == 2
        assert run.stderr == f"interviewer: session {sid} is open in another process\n"
    finally:
        proc.communicate("", timeout=60)  # the first one carries on and finishes
    assert proc.returncode == 0


def test_history_score_replay_report_and_export_read_the_database(database_url: str, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    io = {"capsys": capsys, "monkeypatch": monkeypatch}
    home = tmp_path / "h"
    monkeypatch.setenv("INTERVIEWER_HOME", str(home))
    code, out, err = main("run", "--plain", "--question", "video_recommendations", "--database-url", database_url,
                          stdin="\n\n".join(answers_for("x")) + "\n\n", **io)
    assert code == 0, err
    sid = out.splitlines()[0].removeprefix("session: ")
    assert f"transcript: session {sid} in postgresql://***@127.0.0.1" in out
    monkeypatch.setenv("INTERVIEWER_DATABASE_URL", database_url)
    history = json.loads(main("history", "--json", **io)[1])
    assert [h["id"] for h in history] == [sid] and history[0]["finished"] and history[0]["answers"] == 3
    code, score, err = main("score", sid, "--json", **io)
    assert code == 0, err
    assert set(json.loads(score)["areas"]) == {"problem_framing", "data", "modeling", "evaluation", "deployment"}
    code, replay, _ = main("replay", sid, "--plain", **io)
    assert code == 0 and answers_for("x")[0] in replay
    code, _, err = main("report", sid, "-o", str(tmp_path / "r.md"), **io)
    assert code == 0 and (tmp_path / "r.md").read_text().strip(), err
    code, _, err = main("export", sid, "-o", str(tmp_path / "s.jsonl"), **io)
    assert code == 0, err
    monkeypatch.delenv("INTERVIEWER_DATABASE_URL")
    assert json.loads(main("score", str(tmp_path / "s.jsonl"), "--json", **io)[1]) == json.loads(score)
    assert not (home / "sessions").exists()  # nothing of the session went to the data home


def test_db_upgrade_creates_then_finds_the_schema_current(database_url: str, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    io = {"capsys": capsys, "monkeypatch": monkeypatch}
    code, out, err = main("db", "upgrade", "--database-url", database_url, **io)
    assert code == 0, err
    assert "schema version 1 (upgraded from version 0); checkpoint tables ready" in out
    assert "already current" in main("db", "upgrade", "--database-url", database_url, **io)[1]
    assert "version 1 (current); 0 sessions" in main("db", "status", "--database-url", database_url, **io)[1]
    with psycopg.connect(database_url, autocommit=True) as conn:
        tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        conn.execute("INSERT INTO interviewer_schema (version) VALUES (99)")
    assert {"interviewer_schema", "interviewer_sessions", "interviewer_events", "checkpoints"} <= tables
    code, _, err = main("history", "--database-url", database_url, **io)
    assert code == 2 and err.count("\n") == 1 and "version 99, newer" in err


def test_first_use_creates_the_schema(database_url: str, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = main("history", "--all", "--database-url", database_url, capsys=capsys, monkeypatch=monkeypatch)
    assert code == 2 and "no finished interviews yet in postgresql://***@127.0.0.1" in err
    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT max(version) FROM interviewer_schema").fetchone() == (1,)


@pytest.mark.parametrize("case", ["refused", "password", "no_database", "not_postgres", "bad_port"])
def test_a_database_the_user_got_wrong_is_one_line(case: str, pg_cluster: object, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    url = {"refused": "postgresql://postgres@127.0.0.1:1/postgres",
           "password": pg_cluster.url_for("postgres", "wrong-password"),  # type: ignore[attr-defined]
           "no_database": pg_cluster.url_for("nowhere"),  # type: ignore[attr-defined]
           "not_postgres": "mysql://root@127.0.0.1/db",
           "bad_port": "postgresql://postgres@127.0.0.1:notaport/postgres"}[case]
    expected = {"refused": "Connection refused", "password": "password authentication failed",
                "no_database": 'database "nowhere" does not exist', "not_postgres": "not a PostgreSQL URL",
                "bad_port": "notaport"}[case]
    code, _, err = main("run", "--plain", "--database-url", url, stdin="an answer\n\n", capsys=capsys,
                        monkeypatch=monkeypatch)
    assert code == 2 and expected in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "wrong-password" not in err and "interviewer-test" not in err  # never a password


def test_without_the_postgres_extra_a_database_url_names_it(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    from tui.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "psycopg" else real(name, *a))
    assert main(["history", "--database-url", "postgresql://u@127.0.0.1:5/db"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'ml-interviewer[postgres]'" in err and err.count("\n") == 1


def test_help_imports_no_database_server_or_ui_library() -> None:
    code = ("import sys\nfrom tui.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print('HEAVY', [m for m in ('langgraph', 'langgraph_sdk', 'textual', 'openai', 'psycopg', 'psycopg_pool')"
            " if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO).stdout
    assert "HEAVY []" in out


def test_an_answer_the_database_could_not_take_is_kept_in_the_data_home(database_url: str, tmp_path: Path) -> None:
    from graphs.session import InterviewSession
    from interviewer.brains.offline import OfflineBrain
    from interviewer.errors import StorageError
    from interviewer.settings import InterviewSettings

    store = open_store(tmp_path, database_url)
    s = InterviewSession.create(InterviewSettings(question_id="video_recommendations", tier="faang"), home=tmp_path,
                                brain=OfflineBrain(), store=store)
    s.begin()
    with psycopg.connect(database_url, autocommit=True) as admin:  # the database drops this session's connection
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                      "AND classid = %s", (0x1A7E,))
    with pytest.raises(StorageError, match=r"kept in .*unsaved") as failed:
        s.send("An answer typed while the database was away.")
    assert "\n" not in str(failed.value)
    kept = (tmp_path / "unsaved" / f"{s.id}.jsonl").read_text()
    assert "An answer typed while the database was away." in kept
    s.close()
