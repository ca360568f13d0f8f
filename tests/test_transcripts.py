"""After the interview: replay, score --diff, report and history on JSONL sessions and plain text,
bad files, atomic writes, and property tests of the parsers."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewer.events import TurnEvent
from interviewer.events import TurnEvent as Turn
from interviewer.store import Header, TranscriptWriter, load_transcript, parse_text, render_text

ROOT = Path(__file__).parent.parent
GOLDEN = ROOT / "evals" / "golden"
EXPECTED = Path(__file__).parent / "expected"
ANSWERS = ("How many users do we have?\n\n"
           "I'd frame it as a ranking problem to maximise long-term watch time on the home feed, predicting "
           "expected watch time per impression, because clicks alone reward clickbait and hurt retention.\n\n"
           "We track daily active users and retention as the business metric, and I'd start with a simple first "
           "version.\n\n")
PLAIN = ("Interviewer: Design YouTube's video recommendation system for 2 billion users.\n"
         "Candidate: What latency budget do we have?\n"
         "Interviewer: 200 ms at p99.\n"
         "Candidate: I'd frame it as ranking videos to maximise long-term watch time, predicting expected watch "
         "time per impression for each user.\n"
         "Interviewer: Let's move on to data. Where do the labels come from?\n"
         "Candidate: From the impression logs; a watch longer than thirty seconds is a positive label, and "
         "impressions that were shown but not watched are negatives.\n")


def cli(*args: str, home: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTERVIEWER_HOME": str(home), "COLUMNS": "120"}  # tables fit the width they are given
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.fixture
def session_file(home: Path) -> Path:
    run = cli("run", "--plain", "--question", "video_recommendations", stdin=ANSWERS, home=home)
    assert run.returncode == 0, run.stderr
    return home / "sessions" / f"{run.stdout.splitlines()[0].removeprefix('session: ')}.jsonl"


@pytest.fixture
def plain_file(tmp_path: Path) -> Path:
    path = tmp_path / "handwritten.txt"
    path.write_text(PLAIN)
    return path


def test_replay_shows_each_assessment_and_the_growing_edge_map(session_file: Path, home: Path) -> None:
    out = cli("replay", str(session_file), "--plain", home=home)
    assert out.returncode == 0, out.stderr
    assert "── turn 1 · Candidate" in out.stdout and "notes: clarifying question" in out.stdout
    assert "verdict solid at problem framing" in out.stdout
    assert "edge map: problem framing █··· 1/4" in out.stdout


def test_replay_reads_plain_text(plain_file: Path, home: Path) -> None:
    out = cli("replay", str(plain_file), "--plain", home=home)
    assert out.returncode == 0, out.stderr
    assert "Interviewer [data]" in out.stdout and "+ data L1" in out.stdout


def test_score_diff_shows_what_changed_area_by_area(session_file: Path, home: Path) -> None:
    out = cli("score", str(session_file), "--diff", str(GOLDEN / "g01_video_strong.txt"), home=home)
    assert out.returncode == 0, out.stderr
    assert "Data" in out.stdout and "← changed" in out.stdout and "faang" in out.stdout


def test_diff_of_a_transcript_with_itself_changes_nothing(plain_file: Path, home: Path) -> None:
    out = cli("score", str(plain_file), "--diff", str(plain_file), home=home)
    assert out.returncode == 0 and "changed" not in out.stdout


def test_scorecard_records_rubric_prompt_and_brain_versions(plain_file: Path, home: Path) -> None:
    meta = json.loads(cli("score", str(plain_file), "--json", home=home).stdout)["meta"]
    assert {"rubric", "tiers", "scoring", "brain"} <= set(meta["versions"])


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_report_for_a_session_and_for_plain_text(fmt: str, session_file: Path, plain_file: Path, home: Path,
                                                 tmp_path: Path) -> None:
    for source in (session_file, plain_file):
        out = tmp_path / f"{source.stem}.{fmt}"
        run = cli("report", str(source), "-o", str(out), "--format", fmt, home=home)
        assert run.returncode == 0, run.stderr
        text = out.read_text()
        if fmt == "md":
            assert "## Verdict" in text and "█" in text and "## Practise these first" in text
        else:
            body = json.loads(text)
            assert set(body["areas"]) == {"problem_framing", "data", "modeling", "evaluation", "deployment"}
            assert body["teaching"]["practise_first"] and body["teaching"]["areas"]["deployment"]["missing"]
        assert not list(tmp_path.glob(".*"))  # no temp file left behind


def test_report_matches_the_checked_in_expected_file(tmp_path: Path, home: Path) -> None:
    out = tmp_path / "report.md"
    run = cli("report", str(GOLDEN / "g04_search_solid.txt"), "-o", str(out), home=home)
    assert run.returncode == 0, run.stderr
    assert out.read_text() == (EXPECTED / "report_g04_search_solid.md").read_text()


def test_report_to_an_unwritable_place_is_one_clear_line(plain_file: Path, home: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    run = cli("report", str(plain_file), "-o", str(blocker / "out.md"), home=home)
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "cannot write" in run.stderr


def test_history_lists_finished_sessions_plots_and_json(session_file: Path, home: Path) -> None:
    table = cli("history", home=home)
    assert table.returncode == 0 and "Video recommendations" in table.stdout
    plot = cli("history", "--plot", home=home)
    assert plot.returncode == 0 and "Problem framing" in plot.stdout and "\x1b[" not in plot.stdout
    rows = json.loads(cli("history", "--json", home=home).stdout)
    assert rows[0]["levels"]["problem_framing"] is not None and rows[0]["finished"] is True


def test_history_with_nothing_yet_says_so(home: Path) -> None:
    run = cli("history", home=home)
    assert run.returncode == 2 and "no finished interviews yet" in run.stderr


BAD_FILES = {
    "torn.jsonl": b'{"kind": "header", "schema": 1, "id": "x", "question": "video_recommendations", "tier": "faang"}\n'
                  b'{"kind": "turn", "index": 0, "speaker": "interviewer", "te',
    "future.jsonl": b'{"kind": "header", "schema": 7, "id": "x", "question": "q", "tier": "faang"}\n',
    "latin1.txt": b"Interviewer: hi\nCandidate: na\xefve answer\n",
    "notes.txt": b"Shopping list\nmilk\n",
    "empty.txt": b"",
}
MESSAGES = {"torn.jsonl": ":2: incomplete last line", "future.jsonl": ":1: unknown schema version 7",
            "latin1.txt": ":2: not UTF-8", "notes.txt": ":1: text before the first", "empty.txt": "empty file"}


@pytest.mark.parametrize("name", list(BAD_FILES))
@pytest.mark.parametrize("command", [["score"], ["replay", "--plain"], ["report", "-o", "OUT"]])
def test_bad_files_fail_cleanly_and_are_never_modified(name: str, command: list[str], tmp_path: Path,
                                                       home: Path) -> None:
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    args = [c if c != "OUT" else str(tmp_path / "out.md") for c in command]
    run = cli(args[0], str(path), *args[1:], home=home)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and str(path) in run.stderr and MESSAGES[name] in run.stderr
    assert "Traceback" not in run.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not (tmp_path / "out.md").exists()


# --- property tests -------------------------------------------------------------------------

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
markup = st.sampled_from(["[bold red]x[/]", "**bold**", "<b>x</b>", "\x1b[31m", "\x00", "🤖", "\u2028", "\r\n"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["interviewer", "candidate"]), st.one_of(text, markup)), max_size=8))
def test_jsonl_round_trip_keeps_every_turn_exactly(tmp_path_factory: pytest.TempPathFactory,
                                                   turns: list[tuple[str, str]]) -> None:
    path = tmp_path_factory.mktemp("rt") / "s.jsonl"
    writer = TranscriptWriter.create(path, Header(id="s", question="video_recommendations", tier="faang"))
    for i, (speaker, body) in enumerate(turns):
        writer.append(TurnEvent(index=i, speaker=speaker, text=body))  # type: ignore[arg-type]
    loaded = load_transcript(path)
    assert loaded.turns == writer.transcript.turns
    assert [(t.speaker, t.text) for t in loaded.turns] == turns


label_free = text.map(lambda s: "\n".join(
    line for line in s.replace("\r", "\n").split("\n")
    if not line.lower().lstrip().startswith(("interviewer", "candidate"))).strip())


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["interviewer", "candidate"]), label_free), min_size=1, max_size=8))
def test_plain_text_parser_inverts_the_renderer(turns: list[tuple[str, str]]) -> None:
    rendered = render_text([Turn(index=i, speaker=s, text=t) for i, (s, t) in enumerate(turns)])  # type: ignore[arg-type]
    parsed = parse_text(rendered, "x.txt")
    assert [(t.speaker, t.text) for t in parsed.turns] == [(s, t.strip()) for s, t in turns]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_plain_text_parser_never_crashes(body: str) -> None:
    from rubrics.errors import DataFileError

    try:
        parsed = parse_text(body, "x.txt")
    except DataFileError as exc:
        assert str(exc).startswith("x.txt")
    else:
        assert parsed.turns
