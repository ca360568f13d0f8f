"""The transcript store: JSONL sessions, the plain-text import format, and their errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interviewer.errors import DataFileError, StorageError
from interviewer.events import TurnEvent
from interviewer.events import TurnEvent as Turn
from interviewer.store import Header, TranscriptWriter, load_transcript, parse_text, render_text
from interviewer.transcript import SCHEMA

HEADER = Header(id="s1", question="video_recommendations", tier="faang")


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def test_events_are_appended_one_per_line(tmp_path: Path) -> None:
    w = TranscriptWriter.create(tmp_path / "s.jsonl", HEADER)
    w.append(TurnEvent(index=0, speaker="interviewer", text="Hi"))
    w.append(TurnEvent(index=1, speaker="candidate", text="Hello\nthere"))
    lines = (tmp_path / "s.jsonl").read_text().splitlines()
    assert json.loads(lines[0])["schema"] == SCHEMA and json.loads(lines[0])["kind"] == "header"
    assert [t.text for t in load_transcript(tmp_path / "s.jsonl").turns] == ["Hi", "Hello\nthere"]


def test_creating_an_existing_session_is_refused(tmp_path: Path) -> None:
    TranscriptWriter.create(tmp_path / "s.jsonl", HEADER)
    with pytest.raises(StorageError, match="already exists"):
        TranscriptWriter.create(tmp_path / "s.jsonl", HEADER)


def test_torn_last_line_is_reported_with_its_line_number(tmp_path: Path) -> None:
    w = TranscriptWriter.create(tmp_path / "s.jsonl", HEADER)
    w.append(TurnEvent(index=0, speaker="interviewer", text="Hi"))
    with open(tmp_path / "s.jsonl", "a") as f:
        f.write('{"kind": "turn", "index": 1, "spea')
    with pytest.raises(DataFileError, match=r"s\.jsonl:3: incomplete last line"):
        load_transcript(tmp_path / "s.jsonl")


def test_reopening_a_torn_session_keeps_the_fragment(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    TranscriptWriter.create(path, HEADER).append(TurnEvent(index=0, speaker="interviewer", text="Hi"))
    with open(path, "a") as f:
        f.write('{"kind": "turn", "ind')
    w = TranscriptWriter.reopen(path)
    assert w.recovered and "s.jsonl.torn" in w.recovered
    assert (tmp_path / "s.jsonl.torn").read_text().startswith('{"kind": "turn", "ind')
    assert len(w.transcript.turns) == 1


@pytest.mark.parametrize("content, message", [
    ("", "empty file"),
    ('{"kind": "header", "schema": 99, "id": "x"}\n', "unknown schema version 99"),
    ('{"kind": "turn"}\n', "not a transcript"),
    ('{"kind": "header", "schema": 1, "id": "x", "question": "q", "tier": "faang"}\n{"kind": "turn", "index": "a"}\n',
     ":2: bad event"),
    ('{"kind": "header", "schema": 1, "id": "x", "question": "q", "tier": "faang"}\nnot json\n{}\n',
     ":2: not valid JSON"),
    ("Just some notes\nInterviewer: hi\n", ":1: text before the first"),
    ("\n\n   \n", "empty file"),
])
def test_bad_files_fail_with_one_clear_line(tmp_path: Path, content: str, message: str) -> None:
    path = write(tmp_path, "t.txt", content)
    with pytest.raises(DataFileError) as err:
        load_transcript(path)
    assert message in str(err.value) and str(tmp_path) in str(err.value)
    assert "\n" not in str(err.value)
    assert path.read_text() == content


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "t.txt", b"Interviewer: hi\nCandidate: caf\xe9\n")
    with pytest.raises(DataFileError, match=r"t\.txt:2: not UTF-8"):
        load_transcript(path)


def test_plain_text_labels_are_case_insensitive_and_turns_span_lines(tmp_path: Path) -> None:
    t = load_transcript(write(tmp_path, "t.txt", "INTERVIEWER: Design it.\n\ncandidate:  First line\nsecond line\n"))
    assert [(x.speaker, x.text) for x in t.turns] == [("interviewer", "Design it."),
                                                      ("candidate", "First line\nsecond line")]
    assert t.format == "text" and t.header is None


def test_plain_text_round_trips_through_render() -> None:
    turns = [Turn(index=0, speaker="interviewer", text="Q?"), Turn(index=1, speaker="candidate", text="A\n\nB")]
    assert [(t.speaker, t.text) for t in parse_text(render_text(turns), "x").turns] == [
        ("interviewer", "Q?"), ("candidate", "A\n\nB")]
