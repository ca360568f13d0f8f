"""The session store contract: the same tests on the file store (the embedded default) and on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphs.session import InterviewSession
from interviewer.brains.offline import OfflineBrain
from interviewer.errors import USER_ERRORS, StorageError, UserError
from interviewer.events import AssessmentEvent, BrainEvent, PauseEvent, ScoreEvent, TurnEvent
from interviewer.files import SessionLocked
from interviewer.models import Assessment
from interviewer.reader import parse_jsonl
from interviewer.settings import InterviewSettings
from interviewer.storage import SessionStore, load_ref, open_store
from interviewer.transcript import Header

SETTINGS = InterviewSettings(question_id="video_recommendations", tier="faang")
ASSESSMENT = Assessment(area="modeling", level_probed=1, verdict="solid", points_hit=[], depth_shown=1, confidence=0.5)
SCORECARD = {"areas": {"data": {"level": 3}}, "overall": {"level": 3, "recommendation": "lean_hire"}}


@pytest.fixture(params=["file", "postgres"])
def store(request: pytest.FixtureRequest, home: Path) -> Iterator[SessionStore]:
    url = request.getfixturevalue("database_url") if request.param == "postgres" else None
    s = open_store(home, url)
    yield s
    s.close()


def header(session_id: str, started: str = "2026-12-01T10:00:00+00:00") -> Header:
    return Header(id=session_id, settings=SETTINGS, started_at=started)


def turn(seq: int, index: int, speaker: str = "interviewer", text: str = "q") -> TurnEvent:
    return TurnEvent(seq=seq, index=index, speaker=speaker, text=text)  # type: ignore[arg-type]


def test_a_session_reads_back_exactly_as_written(store: SessionStore) -> None:
    w = store.create(header("s1"))
    events = [turn(1, 0, text="Design it."), turn(2, 1, "candidate", "With a two-tower model — ünïcode ✓"),
              AssessmentEvent(seq=3, turn=1, assessment=ASSESSMENT), PauseEvent(ts=5.0, draft="half"),
              BrainEvent(brain="offline", ts=6.0)]
    for e in events:
        w.append(e)
    w.close()
    t = store.load("s1")
    assert t.header == header("s1") and t.events == events
    assert t.draft == "half" and t.turns[1].text.endswith("✓")


def test_export_is_the_jsonl_contract(store: SessionStore) -> None:
    w = store.create(header("s1"))
    w.append(turn(1, 0))
    w.append(ScoreEvent(seq=2, scorecard=SCORECARD))
    w.close()
    text = store.export("s1")
    lines = text.splitlines()
    assert json.loads(lines[0])["kind"] == "header" and json.loads(lines[0])["schema"] == 2
    assert parse_jsonl(text, "export").events == store.load("s1").events and text.endswith("\n")


def test_a_session_id_is_created_once(store: SessionStore) -> None:
    store.create(header("s1")).close()
    with pytest.raises(StorageError, match="already exists"):
        store.create(header("s1"))


def test_one_process_drives_a_session_at_a_time(store: SessionStore, home: Path) -> None:
    w = store.create(header("s1"))
    other = open_store(home, getattr(store, "url", None))  # another process's view of the same store
    with pytest.raises(SessionLocked, match="open in another process"):
        other.reopen("s1")
    w.close()
    other.reopen("s1").close()
    other.close()


def test_write_new_appends_only_what_the_store_lacks_in_order(store: SessionStore) -> None:
    w = store.create(header("s1"))
    w.write_new([turn(2, 1, "candidate", "a"), turn(1, 0)])
    w.write_new([turn(1, 0), turn(2, 1, "candidate", "a"), turn(3, 2)])  # the graph's window repeats events
    w.close()
    assert [e.seq for e in store.load("s1").events] == [1, 2, 3]


def test_a_reopened_session_continues_after_its_last_event(store: SessionStore) -> None:
    w = store.create(header("s1"))
    w.append(turn(1, 0))
    w.close()
    w = store.reopen("s1")
    assert w.last_seq == 1 and w.turns == {0} and w.recovered is None
    w.append(turn(2, 1, "candidate", "b"))
    w.close()
    assert [e.seq for e in store.load("s1").events] == [1, 2]


def test_the_list_is_oldest_first_with_progress_and_scores(store: SessionStore) -> None:
    late = store.create(header("late", "2026-12-02T09:00:00+00:00"))
    early = store.create(header("early", "2026-12-01T09:00:00+00:00"))
    late.append(turn(1, 0))
    late.append(turn(2, 1, "candidate", "x"))
    late.append(BrainEvent(brain="llm", model="m"))
    early.append(ScoreEvent(seq=1, scorecard=SCORECARD))
    late.close()
    early.close()
    listing = store.scan()
    assert [s.id for s in listing.sessions] == ["early", "late"] and not listing.skipped
    early_info, late_info = listing.sessions
    assert early_info.finished and early_info.scorecard == SCORECARD
    assert not late_info.finished and late_info.answers == 1 and late_info.brain == "llm"
    assert store.info("late") == late_info.model_copy(update={"notice": None})
    assert store.exists("late") and not store.exists("nope")


def test_a_missing_or_impossible_session_is_one_clear_line(store: SessionStore) -> None:
    with pytest.raises(USER_ERRORS, match="no session 'nope'"):
        store.info("nope")
    with pytest.raises(USER_ERRORS, match="no session 'nope'"):
        store.load("nope")
    with pytest.raises(UserError, match="not a session id"):
        store.reopen("../etc/passwd")


def test_commands_find_a_session_by_id(store: SessionStore, tmp_path: Path) -> None:
    store.create(header("s1")).close()
    assert load_ref("s1", store).header == header("s1")
    with pytest.raises(USER_ERRORS, match="no such file"):
        load_ref(tmp_path / "missing.jsonl", store)


def test_an_interview_stops_and_resumes_at_the_same_question(store: SessionStore, home: Path) -> None:
    s = InterviewSession.create(SETTINGS, home=home, brain=OfflineBrain(), store=store)
    s.begin()
    asked = s.send("I would frame it as ranking by expected watch time, with labels from watch logs.").text
    s.close()
    r = InterviewSession.reopen(s.id, home=home, brain=OfflineBrain(), store=store)
    step = r.resume_step()
    assert step.text == asked and step.pending is not None
    done = r.send("/end")
    r.close()
    assert done.done and store.info(s.id).finished and store.info(s.id).answers == 1
