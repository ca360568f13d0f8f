"""Issue 15, what reaches a terminal or a file: escape sequences, report targets that are not regular
files, Markdown from candidate text, flag values, flags before the command and the question folder."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from evals.fake_openai import FakeOpenAI, Reply
from evals.model_sim import SimulatedModel
from interviewer.store import load_transcript
from rubrics import get_question
from tests.hardening import ESCAPES, FRAMING, cli, header, one_clear_line, turn, write_session

PLAIN = ("Interviewer: Design YouTube's video recommendation system for 2 billion users.\n"
         f"Candidate: {FRAMING} {ESCAPES}\n"
         "Interviewer: Let's move on to data. Where do the labels come from?\n"
         "Candidate: From the impression logs <script>alert(1)</script>; a watch longer than thirty seconds "
         "[click](javascript:alert(2)) is a positive label <javascript:alert(3)> ![x](javascript:alert(4)) "
         "<img src=x onerror=alert(5)>, and impressions shown but not watched are negatives.\n")


def _inert(text: str) -> bool:
    return not any(c in text for c in "\x1b\x07\x9b\x9d\x08") and "\r" not in text.replace("\r\n", "")


@pytest.fixture
def plain_file(tmp_path: Path) -> Path:
    path = tmp_path / "escapes.txt"
    path.write_text(PLAIN)
    return path


# --- 3. terminal escapes ----------------------------------------------------------------------

@pytest.mark.parametrize("command", [["replay", "--plain"], ["score"]])
def test_candidate_text_cannot_drive_the_terminal(command: list[str], plain_file: Path, home: Path) -> None:
    run = cli(home, command[0], str(plain_file), *command[1:])
    assert run.returncode == 0, run.stderr
    assert _inert(run.stdout)
    if command[0] == "replay":
        assert "␛]52;c;cHduZWQ=␇" in run.stdout  # shown, not obeyed


def test_session_headers_cannot_drive_the_terminal_from_history(home: Path) -> None:
    write_session(home / "sessions", "titled", header("titled", question="q\x1b]0;owned\x07",
                                                      started_at="2026-\x1b[2J11-30T10:00"),
                  turn(0, "interviewer", "Design it."))
    run = cli(home, "history", "--all")
    assert run.returncode == 0 and "titled" in run.stdout
    assert _inert(run.stdout) and "q␛]0;owned␇" in run.stdout


def test_text_streamed_by_a_model_is_shown_and_stored_inert(home: Path) -> None:
    model = SimulatedModel()

    def responder(body: dict[str, Any]) -> Reply:
        return Reply("Tell me more." + ESCAPES) if body.get("stream") else model(body)

    with FakeOpenAI(responder=responder) as server:
        run = cli(home, "run", "--plain", "--brain", "llm", "--model", "fake-model", "--base-url", server.url,
                  stdin=FRAMING + "\n\n", env={"OPENAI_API_KEY": "sk-test"})
    assert run.returncode == 0, run.stderr
    assert "Tell me more.␛]52;c;cHduZWQ=␇" in run.stdout and _inert(run.stdout)
    session = run.stdout.splitlines()[0].removeprefix("session: ")
    said = [t.text for t in load_transcript(home / "sessions" / f"{session}.jsonl").turns if t.speaker == "interviewer"]
    assert said and all(_inert(t) for t in said)


def test_error_messages_naming_a_hostile_file_are_inert(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "bad\x1b]0;owned\x07.txt"
    path.write_text("notes before any label\n")
    assert _inert(one_clear_line(cli(home, "score", str(path))))


# --- 4. report targets --------------------------------------------------------------------------

def test_report_writes_through_a_fifo_instead_of_replacing_it(plain_file: Path, tmp_path: Path, home: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    run = cli(home, "report", str(plain_file), "-o", str(fifo), timeout=60)
    reader.join(10)
    assert run.returncode == 0, run.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and got[0].startswith(b"# Mock interview report")


def test_report_through_a_symlink_keeps_the_link(plain_file: Path, tmp_path: Path, home: Path) -> None:
    target = tmp_path / "reports" / "real.md"
    target.parent.mkdir()
    target.write_text("old report")
    target.chmod(0o644)
    link = tmp_path / "latest.md"
    link.symlink_to(target)
    assert cli(home, "report", str(plain_file), "-o", str(link)).returncode == 0
    assert link.is_symlink() and target.read_text().startswith("# Mock interview report")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device node needs root")
def test_report_to_a_device_writes_through_and_keeps_the_device(plain_file: Path, tmp_path: Path,
                                                                home: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a second /dev/null, in a test folder
    assert cli(home, "report", str(plain_file), "-o", str(null)).returncode == 0
    assert stat.S_ISCHR(os.lstat(null).st_mode)


def test_report_to_a_directory_is_one_clear_line(plain_file: Path, tmp_path: Path, home: Path) -> None:
    assert "a directory" in one_clear_line(cli(home, "report", str(plain_file), "-o", str(tmp_path)))


# --- 9. the report's Markdown -------------------------------------------------------------------

def test_raw_html_and_script_links_from_candidate_text_stay_text(plain_file: Path, tmp_path: Path,
                                                                 home: Path) -> None:
    out = tmp_path / "report.md"
    assert cli(home, "report", str(plain_file), "-o", str(out)).returncode == 0
    text = out.read_text()
    assert "alert(1)" in text and "alert(2)" in text  # the quote is there ...
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script" not in html and "<img" not in html and "javascript:" not in html.replace(
        "javascript:alert", "")  # ... as text: no tag, no link, no image
    assert 'href="javascript' not in html and "\x1b" not in text


# --- 9. flag values and flags before the command ------------------------------------------------

@pytest.mark.parametrize("flags", [["--minutes", "0"], ["--minutes", "nan"], ["--minutes", "inf"],
                                   ["--minutes", "-5"], ["--timeout", "-1"], ["--timeout", "nan"]])
def test_bad_numbers_are_one_line_and_exit_2(flags: list[str], home: Path) -> None:
    message = one_clear_line(cli(home, "run", "--plain", *flags, stdin="hi\n\n"))
    assert flags[0] in message


def test_flags_before_the_command_count_for_it(plain_file: Path, home: Path) -> None:
    run = cli(home, "--tier", "research_lab", "--question", "video_recommendations", "score", str(plain_file),
              "--json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["meta"]["tier"] == "research_lab"


def test_flags_before_a_command_that_does_not_take_them_are_refused(plain_file: Path, home: Path) -> None:
    assert "--minutes does not apply to `interviewer score`" in one_clear_line(
        cli(home, "--minutes", "30", "score", str(plain_file)))


def test_help_and_flag_errors_do_not_load_heavy_libraries() -> None:
    code = ("import sys\nfrom tui.cli import main\nfor argv in (['--help'], ['run', '--minutes', 'nan']):\n"
            "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
            "print('HEAVY', [m for m in ('langgraph', 'textual', 'openai', 'pydantic') if m in sys.modules])")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in run.stdout, run.stdout + run.stderr


def test_interview_flags_with_no_command_start_an_interview(home: Path) -> None:
    run = cli(home, "--question", "eta_prediction", stdin="")
    assert run.returncode == 0, run.stderr
    assert "Scorecard — eta_prediction" in run.stdout


# --- 9. the questions folder ---------------------------------------------------------------------

def _question(qid: str) -> dict[str, Any]:
    raw = get_question("video_recommendations").model_dump(mode="json")
    return raw | {"id": qid}


def test_editor_files_and_sub_folders_are_skipped_with_a_notice(tmp_path: Path, home: Path) -> None:
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "mine.yaml").write_text(yaml.safe_dump(_question("my_question")))
    (folder / ".#mine.yaml").symlink_to("user@host.1234:1700000000")  # an Emacs lock: a dangling link
    (folder / ".mine.yaml.swp").write_bytes(b"\x00vim swap")
    (folder / "drafts").mkdir()
    (folder / "old.yaml").mkdir()
    run = cli(home, "questions", "--questions-dir", str(folder))
    assert run.returncode == 0, run.stderr
    assert "my_question" in run.stdout and "video_recommendations" in run.stdout
    assert f"skipped {folder / '.#mine.yaml'}" in run.stderr and f"skipped {folder / 'drafts'}" in run.stderr
    assert f"skipped {folder / 'old.yaml'}" in run.stderr and "Traceback" not in run.stderr


def test_a_question_file_over_the_limit_is_refused(tmp_path: Path, home: Path) -> None:
    raw = _question("padded") | {"summary": "x" * 2_000_000}
    (tmp_path / "big.yaml").write_text(yaml.safe_dump(raw))
    assert "over the 1024 KB limit for a question file" in one_clear_line(
        cli(home, "questions", "--questions-dir", str(tmp_path)))


def test_a_yaml_alias_bomb_is_refused(tmp_path: Path, home: Path) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\nid: bomb\n")
    assert "YAML aliases (*name) are not allowed" in one_clear_line(
        cli(home, "questions", "--questions-dir", str(tmp_path), timeout=60))
