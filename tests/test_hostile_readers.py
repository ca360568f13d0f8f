"""Property tests for every reader of outside data: transcript JSONL, plain text, session headers (through
the session list), question YAML and eval labels. Whatever the bytes, a reader either reads them or
says why in one line naming the file; the commands built on it exit 0 or 2, never with a traceback
(exit 1 is the "unexpected error" safety net, so it fails these tests), and print nothing that could
drive a terminal."""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from evals.labelled import load_labels
from interviewer.errors import DataFileError
from interviewer.store import load_transcript, scan_sessions
from interviewer.terminal import is_inert
from rubrics import get_question, load_questions
from tui.cli import main

SETTINGS = settings(max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "60")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
AREAS = ["problem_framing", "data", "modeling", "evaluation", "deployment"]

nasty_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80) | st.sampled_from(
    ["\x1b]52;c;cHduZWQ=\x07", "\x1b[2J", "\x9b31m", "\x00", "\r", "\ufeff", "../../x", "[bold]x[/]", "<b>x</b>",
     "video_recommendations", "faang", "candidate", "interviewer", "Interviewer: ", "Candidate: "])
numbers = st.integers(min_value=-10**6, max_value=10**6) | st.sampled_from([-1, 0, 1, 4, 5, 999, 1000, 2**63]) | \
    st.floats(allow_nan=True, allow_infinity=True)
json_values = st.recursive(st.none() | st.booleans() | numbers | nasty_text,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(nasty_text, inner, max_size=4),
                           max_leaves=12)
raw_lines = st.sampled_from([
    "[" * 5000 + "]" * 5000, '{"kind": "turn", "index": ' + "9" * 5000 + "}", '{"kind": "turn", "index": NaN}',
    '{"kind": "turn", "index": 1e999}', "not json", "{", '{"kind": "turn"', "\x00\x00", "[]", "null", '"x"',
])


def _field(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(good, good, good, good, json_values)  # mostly plausible, sometimes anything


def _dump(obj: Any) -> str:
    return json.dumps(obj, allow_nan=True) if not isinstance(obj, str) else obj


@st.composite
def jsonl_files(draw: st.DrawFn) -> str:
    """A session file as the app writes one, with hostile text in its free-text fields, then up to three
    damages: a field replaced by any JSON value, a hostile line inserted, a line repeated, the end cut."""
    head: dict[str, Any] = {
        "kind": "header", "schema": 1, "id": draw(st.sampled_from(["s1", "ok.id-1"])),
        "question": draw(st.sampled_from(["video_recommendations", "eta_prediction"])),
        "tier": draw(st.sampled_from(["faang", "growth_startup", "research_lab"])),
        "minutes": draw(st.floats(1, 240)), "model": draw(nasty_text), "started_at": draw(nasty_text),
    }
    lines: list[Any] = [head]
    for i, text in enumerate(draw(st.lists(nasty_text, max_size=8))):
        lines.append({"kind": "turn", "index": i, "speaker": ("interviewer", "candidate")[i % 2], "text": text,
                      "area": draw(st.sampled_from(AREAS)), "level": draw(st.integers(1, 4))})
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from([{"kind": "phase", "phase": "areas"},
                                               {"kind": "hint", "turn": i, "area": "data", "level": 2},
                                               {"kind": "edge", "area": "data", "edge": 2, "reason": "edge"}])))
    cut = False
    for damage in draw(st.lists(st.sampled_from(["field", "insert", "repeat", "cut"]), max_size=3)):
        at = draw(st.integers(0, len(lines) - 1))
        if damage == "field" and isinstance(lines[at], dict):
            lines[at] = {**lines[at], draw(st.sampled_from([*sorted(lines[at]), "extra"])): draw(json_values)}
        elif damage == "insert":
            lines.insert(at, draw(raw_lines | json_values.map(_dump)))
        elif damage == "repeat":
            lines.insert(at, lines[at])
        cut = cut or damage == "cut"
    text = "\n".join(_dump(x) for x in lines) + "\n"
    return text[:draw(st.integers(0, len(text)))] if cut else text


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _check(code: int, out: str, err: str, path: Path) -> None:
    event(f"exit {code}")
    assert code in (0, 2), err
    assert is_inert(out.replace("\n", "").replace("\t", ""))
    if code == 2:
        assert err.count("\n") == 1 and err.startswith("interviewer: ") and is_inert(err.rstrip("\n"))


@SETTINGS
@given(jsonl_files())
def test_any_jsonl_transcript_is_scored_replayed_and_reported_or_refused_in_one_line(
        capsys: pytest.CaptureFixture[str], body: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "t.jsonl"
        path.write_text(body, encoding="utf-8", errors="surrogatepass")
        for args in (["score", str(path)], ["replay", str(path), "--plain"],
                     ["report", str(path), "-o", str(Path(d) / "r.md")]):
            _check(*_run(capsys, *args), path)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["Interviewer:", "Candidate:", "interviewer :", "CANDIDATE:", "", "\ufeff"]),
                          nasty_text), max_size=10))
def test_any_plain_text_transcript_is_scored_or_refused_in_one_line(capsys: pytest.CaptureFixture[str],
                                                                     parts: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "t.txt"
        path.write_text("\n".join(f"{label}{text}" for label, text in parts), encoding="utf-8")
        _check(*_run(capsys, "score", str(path), "--question", "video_recommendations"), path)
        _check(*_run(capsys, "replay", str(path), "--plain", "--question", "video_recommendations"), path)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["s1", "s2", "bad name", "..", "x" * 70]), jsonl_files()), max_size=4))
def test_the_session_list_survives_any_session_files(capsys: pytest.CaptureFixture[str],
                                                     files: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as d:
        home = Path(d)
        (home / "sessions").mkdir()
        for name, body in files:
            (home / "sessions" / f"{name}.jsonl").write_text(body, encoding="utf-8", errors="surrogatepass")
        listing = scan_sessions(home)
        for line in listing.skipped:
            assert "\n" not in line and line.startswith("skipped ")
        for info in listing.sessions:
            assert info.path.parent == home / "sessions" and info.id == info.path.name.removesuffix(".jsonl")
            assert math.isfinite(info.header.settings.minutes) and info.answers >= 0
        code, out, err = _run(capsys, "--home", str(home), "history", "--all")
        assert code in (0, 2) and is_inert(out.replace("\n", ""))
        assert all(is_inert(line) for line in err.splitlines())
        assert sorted(p.name for p in home.rglob("*")) == sorted(p.name for p in home.rglob("*") if
                                                                   home in p.parents)  # nothing written outside


def _question_text() -> st.SearchStrategy[str]:
    base = get_question("video_recommendations").model_dump(mode="json") | {"id": "user_question"}
    mutated = st.builds(lambda key, value: yaml.safe_dump(base | {key: value}, allow_unicode=True),
                        st.sampled_from(sorted(base)), json_values)
    hostile_text = st.builds(lambda key, value: yaml.safe_dump(base | {key: value}, allow_unicode=True),
                             st.sampled_from(["title", "summary", "prompt", "source"]), nasty_text)
    raw = st.sampled_from(["a: &x [1, 2]\nb: *x\n", "[" * 2000 + "]" * 2000, "!!python/object:os.system x",
                           "id: x\nid: y\n", "\t- bad", "? [a]\n: b\n", "x: 1e999\n", ""])
    return st.one_of(mutated, hostile_text, hostile_text, raw, nasty_text)


@SETTINGS
@given(_question_text())
def test_any_question_file_is_read_or_refused_in_one_line(capsys: pytest.CaptureFixture[str], text: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "q.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            bank = load_questions(d)
            event("read")
        except DataFileError as exc:
            assert str(exc).startswith(str(Path(d) / "q.yaml")) and "\n" not in str(exc)
        else:
            assert "video_recommendations" in bank
        _check(*_run(capsys, "questions", "--questions-dir", d), Path(d))


labels = st.lists(st.fixed_dictionaries({
    "file": _field(st.sampled_from(["t.txt", "../t.txt", "/etc/passwd", "sub/../../x", "a\x00b"])),
    "question": _field(st.just("video_recommendations")),
    "tier": _field(st.just("faang")),
    "scores": _field(st.dictionaries(st.sampled_from(AREAS), st.integers(-2, 6) | st.none())),
    "overall": _field(st.integers(-1, 6)),
}), max_size=4)


@SETTINGS
@given(labels.map(json.dumps) | json_values.map(json.dumps) | raw_lines)
def test_any_labels_file_is_read_or_refused_in_one_line(text: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "labels.json").write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            read = load_labels(Path(d))
        except DataFileError as exc:
            assert "labels.json" in str(exc) and "\n" not in str(exc)
        else:
            for label in read:
                assert (Path(d) / label.file).resolve().is_relative_to(Path(d).resolve())
                assert all(v is None or 1 <= v <= 4 for v in label.scores.values()) and 1 <= label.overall <= 4


@SETTINGS
@given(jsonl_files())
def test_the_transcript_reader_reads_or_names_file_and_line(body: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "t.jsonl"
        path.write_text(body, encoding="utf-8", errors="surrogatepass")
        for tolerate in (False, True):
            try:
                t = load_transcript(path, tolerate_torn=tolerate)
            except DataFileError as exc:
                assert str(exc).startswith(str(path)) and "\n" not in str(exc)
            else:
                indexes = [turn.index for turn in t.turns]
                assert len(indexes) == len(set(indexes)) and all(i >= 0 for i in indexes)
