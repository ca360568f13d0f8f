"""Issue 15, the store: torn tails, malformed session files, session ids, the session lock, input limits
and a lost checkpoint. Each test drives the CLI or the store the way a user or a damaged disk would."""

from __future__ import annotations

import json
import os
import resource
import signal
from pathlib import Path

import pytest

from graphs.checkpoint import sqlite_checkpointer
from graphs.session import InterviewSession
from interviewer.brains.offline import OfflineBrain
from interviewer.errors import DataFileError
from interviewer.store import load_transcript
from tests.hardening import FRAMING, cli, header, one_clear_line, turn, unfinished_session, write_session

# --- 1. a torn last line --------------------------------------------------------------------


def _small_disk(limit: int) -> None:
    """In the child: no file may grow past `limit` bytes, as on a nearly full disk (EFBIG, not a signal)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_big_answer_on_a_full_disk_leaves_the_session_whole_and_resumable(home: Path) -> None:
    path = unfinished_session(home)
    before = path.read_bytes()
    big = "I would log impressions and watches. " * 15_000  # ~550 KB: more than the disk has left
    run = cli(home, "resume", "good", "--plain", stdin=big + "\n\n", preexec=lambda: _small_disk(300_000))
    assert run.returncode == 2 and "cannot save the transcript" in run.stderr
    after = path.read_bytes()  # all or nothing: no half line, nothing of the answer
    assert after.startswith(before) and after.endswith(b"\n") and b"log impressions" not in after[len(before):]

    listed = cli(home, "history", "--all")  # space is free again
    assert listed.returncode == 0 and "good" in listed.stdout
    resumed = cli(home, "resume", "--plain", stdin="/end\n\n")
    assert resumed.returncode == 0, resumed.stderr
    assert load_transcript(path).finished


def test_a_line_torn_by_a_kill_is_listed_repaired_on_resume_and_kept_aside(home: Path) -> None:
    path = unfinished_session(home)
    with open(path, "a", encoding="utf-8") as f:
        f.write('{"kind": "turn", "index": 3, "speaker": "candidate", "text": "half of my ans')
    listed = cli(home, "history", "--all")
    assert listed.returncode == 0 and "good" in listed.stdout
    assert "last line is incomplete" in listed.stderr

    resumed = cli(home, "resume", "--plain", stdin="/end\n\n")
    assert resumed.returncode == 0, resumed.stderr
    assert "the last line was cut off" in resumed.stdout and "good.jsonl.torn" in resumed.stdout
    assert "half of my ans" in (path.parent / "good.jsonl.torn").read_text()
    assert load_transcript(path).finished


# --- 2. one malformed session file ------------------------------------------------------------

MALFORMED = {
    "negative_index": [json.dumps(turn(-1, "candidate", "x"))],
    "deep_nesting": ['{"kind": "score", "scorecard": ' + "[" * 100_000 + "]" * 100_000 + "}"],
    "huge_integer": ['{"kind": "turn", "index": ' + "9" * 5000 + ', "speaker": "candidate", "text": "x"}'],
    "minutes_nan": None,
    "minutes_negative": None,
    "bad_scorecard": ['{"kind": "score", "scorecard": {"areas": [], "overall": "great"}}'],
}
HEADERS = {"minutes_nan": {"minutes": float("nan")}, "minutes_negative": {"minutes": -5}}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_one_malformed_session_file_is_skipped_and_named(home: Path, name: str) -> None:
    unfinished_session(home)
    bad = write_session(home / "sessions", name, header(name, **HEADERS.get(name, {})), *(MALFORMED[name] or []))

    listed = cli(home, "history", "--all")
    assert listed.returncode == 0 and "good" in listed.stdout and name not in listed.stdout
    assert listed.stderr.count("\n") == 1 and f"skipped {bad}" in listed.stderr and "Traceback" not in listed.stderr
    resumed = cli(home, "resume", "--plain", stdin="/end\n\n")
    assert resumed.returncode == 0 and "session: good" in resumed.stdout, resumed.stderr

    for command in (["score"], ["replay", "--plain"], ["report", "-o", str(home / "r.md")], ["resume"]):
        target = name if command == ["resume"] else str(bad)
        assert str(bad) in one_clear_line(cli(home, command[0], target, *command[1:]))


# --- 5. session ids -----------------------------------------------------------------------------

@pytest.mark.parametrize("evil", ["../../escaped", "/tmp/escaped-abs", "..", "a/b"])
def test_a_header_id_cannot_make_resume_write_outside_the_data_home(home: Path, tmp_path: Path, evil: str) -> None:
    unfinished_session(home, session_id="victim")
    path = home / "sessions" / "victim.jsonl"
    lines = path.read_text().splitlines()
    head = json.loads(lines[0]) | {"id": evil}
    path.write_text("\n".join([json.dumps(head), *lines[1:]]) + "\n")
    outside = sorted(p for p in tmp_path.rglob("*") if home not in p.parents and p != home)

    run = cli(home, "resume", "--plain", stdin="/end\n\n")
    assert "victim.jsonl" in run.stderr and "not a session id" in run.stderr
    assert sorted(p for p in tmp_path.rglob("*") if home not in p.parents and p != home) == outside


@pytest.mark.parametrize("evil", ["../../etc/passwd", "/etc/passwd", "x\x1b[2J"])
def test_a_typed_session_id_that_names_a_path_is_refused(home: Path, evil: str) -> None:
    assert "not a session id" in one_clear_line(cli(home, "resume", evil))


def test_a_session_file_that_is_a_link_or_a_pipe_is_skipped_not_followed(home: Path, tmp_path: Path) -> None:
    unfinished_session(home)
    outside = write_session(tmp_path / "elsewhere", "elsewhere", header("elsewhere"), turn(0, "interviewer", "Hi"))
    (home / "sessions" / "elsewhere.jsonl").symlink_to(outside)
    os.mkfifo(home / "sessions" / "pipe.jsonl")  # reading it would wait forever
    before = outside.read_bytes()

    listed = cli(home, "history", "--all", timeout=60)
    assert listed.returncode == 0 and "good" in listed.stdout and listed.stderr.count("not a regular file") == 2
    assert "not a regular file" in one_clear_line(cli(home, "resume", "elsewhere", "--plain", stdin="/end\n\n"))
    assert outside.read_bytes() == before


# --- 6. one process per session ---------------------------------------------------------------

def test_a_second_resume_of_an_open_session_is_refused(home: Path) -> None:
    unfinished_session(home)
    first = InterviewSession.reopen("good", home=home, brain=OfflineBrain(),
                                    checkpointer=sqlite_checkpointer(home / "checkpoints.sqlite"))
    try:
        before = (home / "sessions" / "good.jsonl").read_bytes()
        second = cli(home, "resume", "good", "--plain", stdin=FRAMING + "\n\n/end\n\n")
        assert one_clear_line(second).strip() == "interviewer: session good is open in another process"
        assert (home / "sessions" / "good.jsonl").read_bytes() == before
    finally:
        first.close()
    assert cli(home, "resume", "good", "--plain", stdin="/end\n\n").returncode == 0  # released


def test_readers_refuse_a_transcript_written_by_two_processes(home: Path) -> None:
    path = write_session(home / "sessions", "twice", header("twice"), turn(0, "interviewer", "Design it."),
                         turn(1, "candidate", FRAMING), turn(1, "candidate", "a second answer, same index"))
    for command in (["score"], ["replay", "--plain"]):
        assert "turn 1 already appears on line 3" in one_clear_line(cli(home, command[0], str(path), *command[1:]))


# --- 8. input limits --------------------------------------------------------------------------

def test_a_transcript_over_the_size_limit_is_refused_before_reading(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(100 * 1024 * 1024)  # 100 MB, sparse: the size alone must decide
    assert "over the 64.0 MB limit for a transcript" in one_clear_line(cli(home, "score", str(path)))


def test_a_transcript_with_too_many_turns_is_refused(tmp_path: Path, home: Path) -> None:
    lines = [turn(i, "interviewer" if i % 2 == 0 else "candidate", "ok") for i in range(2_000)]
    path = write_session(tmp_path, "long", header("long"), *lines)
    message = one_clear_line(cli(home, "score", str(path)))
    assert "long.jsonl:1002: bad event (turn.index: Input should be less than 1000)" in message
    plain = tmp_path / "long.txt"
    plain.write_text("".join(f"Interviewer: q{i}\nCandidate: a{i}\n" for i in range(600)))
    assert "more than 1000 turns" in one_clear_line(cli(home, "score", str(plain)))


def test_an_answer_over_the_limit_is_refused_and_nothing_is_written(home: Path) -> None:
    from graphs.session import InterviewSession

    unfinished_session(home)
    session = InterviewSession.reopen("good", home=home, brain=OfflineBrain(),
                                      checkpointer=sqlite_checkpointer(home / "checkpoints.sqlite"))
    try:
        session.resume_step()
        before = session.writer.path.stat().st_size
        step = session.send("x" * 2_000_001)
        assert step.notice and "over the 2,000,000 limit" in step.notice and not step.error
        assert session.writer.path.stat().st_size == before
    finally:
        session.close()


# --- 9. a lost checkpoint database ------------------------------------------------------------

def test_a_deleted_checkpoint_database_is_refused_not_restarted(home: Path) -> None:
    path = unfinished_session(home, answers=2)
    before = path.read_bytes()
    for db in home.glob("checkpoints.sqlite*"):  # with its -wal and -shm companions
        os.remove(db)
    run = cli(home, "resume", "good", "--plain", stdin=FRAMING + "\n\n")
    assert "checkpoint is missing" in one_clear_line(run)
    assert path.read_bytes() == before
    load_transcript(path)  # still one turn per index


def test_a_utf8_bom_is_accepted(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfInterviewer: Design YouTube's video recommendations.\nCandidate: " +
                     FRAMING.encode() + b"\n")
    run = cli(home, "score", str(path), "--question", "video_recommendations", "--json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["areas"]["problem_framing"]["level"] is not None
    jsonl = write_session(tmp_path, "bom", header("bom"), turn(0, "interviewer", "Design it."),
                          turn(1, "candidate", FRAMING))
    jsonl.write_bytes(b"\xef\xbb\xbf" + jsonl.read_bytes())
    assert load_transcript(jsonl).header.id == "bom"


def test_store_errors_are_data_file_errors_naming_file_and_line(tmp_path: Path) -> None:
    path = write_session(tmp_path, "s", header("s"), '{"kind": "turn", "index": NaN}')
    with pytest.raises(DataFileError, match=r"s\.jsonl:2: not valid JSON"):
        load_transcript(path)
