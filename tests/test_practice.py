"""The practice plan across sessions: spaced review of the weakest areas, a short drill at the edge on a
question not seen recently, progress per area; the drill runs as a normal interview (plain and app)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from interviewer.events import ScoreEvent
from interviewer.practice import PastSession, plan
from interviewer.settings import InterviewSettings
from interviewer.store import Header, TranscriptWriter, list_sessions, load_transcript, session_path
from rubrics import load_practice, load_questions, parse_data
from rubrics.errors import DataFileError
from rubrics.practice_schema import PracticeFile
from tests.conftest import FakeClock
from tests.test_transcripts import cli
from tests.tui_helpers import SIZE, settle, setup_ready
from tui.app import InterviewerApp
from tui.practice import practice_plan
from tui.screens.interview import InterviewScreen
from tui.screens.scorecard import ScorecardScreen

NOW = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)
AREAS = ("problem_framing", "data", "modeling", "evaluation", "deployment")
WEIGHTS = {"problem_framing": 0.15, "data": 0.2, "modeling": 0.2, "evaluation": 0.2, "deployment": 0.25}
HISTORY = [  # days before NOW, question, drilled area, level per area (the edge is the same here)
    (10, "video_recommendations", None, (2, 2, 3, 1, 2)),
    (6, "search_ranking", None, (3, 2, 3, 2, 2)),
    (2, "feed_ranking", "evaluation", (None, None, None, 3, None)),
]


def write_history(home: Path, history: list[tuple[int, str, str | None, tuple[int | None, ...]]] = HISTORY,
                  now: datetime = NOW) -> None:
    """Finished sessions as the interview writes them: a header, then a score event."""
    for i, (ago, question, drill, levels) in enumerate(history):
        started = now - timedelta(days=ago)
        sid = f"{started:%Y%m%d-%H%M%S}-{i:04x}"
        settings = InterviewSettings(question_id=question, tier="faang", drill=drill, start_level=2 if drill else 1)
        writer = TranscriptWriter.create(session_path(home, sid), Header(id=sid, settings=settings,
                                                                         started_at=started.isoformat()))
        card = {"areas": {a: {"level": lv, "edge": lv} for a, lv in zip(AREAS, levels, strict=True)},
                "overall": {"level": 2, "recommendation": "no_hire"}}
        writer.append(ScoreEvent(scorecard=card))
        writer.close()


def past(ago: int, levels: tuple[int | None, ...], question: str = "q", drill: str | None = None) -> PastSession:
    lv = dict(zip(AREAS, levels, strict=True))
    return PastSession(id=f"s{ago}", started=NOW - timedelta(days=ago), question=question, tier="faang",
                       drill=drill, levels=lv, edges=lv)  # type: ignore[arg-type]


def test_a_made_up_history_proposes_a_drill_on_the_weakest_due_area_at_its_edge_on_a_fresh_question(
        home: Path) -> None:
    write_history(home)
    p = practice_plan(list_sessions(home), load_questions(), now=NOW)
    assert p is not None and p.finished == 3
    # due: data (weak, 6 days ago, back after 2), modeling (solid, 6 days, 4) and deployment (weak, 6 days, 2);
    # deployment counts most at FAANG+ x levels left (0.25 x 2), so it is drilled, from its edge, level 2
    assert (p.next.area, p.next.start_level, p.next.tier, p.next.minutes) == ("deployment", 2, "faang", 15)
    assert p.next.question_id not in {"video_recommendations", "search_ranking", "feed_ranking"}
    assert load_questions()[p.next.question_id].tier == "faang"
    status = {a.area: a for a in p.areas}
    assert status["evaluation"].improved and status["evaluation"].due == NOW - timedelta(days=2) + timedelta(days=8)
    assert status["problem_framing"].due == NOW - timedelta(days=6) + timedelta(days=8)  # solid, and it improved
    assert status["data"].due == NOW - timedelta(days=4)  # weak and not improving: back after two days
    assert [a.levels for a in p.areas][3] == [1, 2, 3] and status["evaluation"].trend == "↑ +2 since the first"
    settings = p.next.settings()
    assert (settings.drill, settings.start_level, settings.question_id) == ("deployment", 2, p.next.question_id)


def test_an_area_that_improved_comes_back_later_and_a_weak_one_sooner() -> None:
    cfg = load_practice()
    flat = past(3, (2, 2, 2, 2, 2))
    rose = past(1, (2, 3, 3, 2, 2))
    p = plan([past(5, (2, 2, 2, 2, 2)), flat, rose], {"q": load_questions()["feed_ranking"]}, cfg, WEIGHTS, NOW)
    status = {a.area: a for a in p.areas}
    assert status["data"].interval_days == cfg.review.days[3] * cfg.review.improved  # rose 2 -> 3: later
    assert status["evaluation"].interval_days == cfg.review.days[2]  # stayed weak: sooner
    assert status["evaluation"].due < status["data"].due
    poor = plan([past(3, (1, 4, 4, 4, 4))], {"q": load_questions()["feed_ranking"]}, cfg, WEIGHTS, NOW)
    assert poor.next.area == "problem_framing" and poor.next.due  # poor: due after a day, drilled first


def test_with_nothing_due_the_next_review_is_practised_early() -> None:
    p = plan([past(0, (4, 4, 4, 4, 3))], {"q": load_questions()["feed_ranking"]}, load_practice(), WEIGHTS, NOW)
    assert not p.next.due and p.next.area == "deployment" and "early practice" in p.next.why


def test_a_question_seen_recently_is_not_drilled_on() -> None:
    bank = load_questions()
    faang = sorted(q.id for q in bank.values() if q.tier == "faang")
    history = [past(9 - i, (2, 2, 2, 2, 2), question=q) for i, q in enumerate(faang[:3])]
    p = plan(history, bank, load_practice(), WEIGHTS, NOW)
    assert p.next.question_id not in faang[:3] and p.next.question_id in faang


def test_the_schedule_is_data_with_weaker_levels_no_later_than_stronger() -> None:
    cfg = load_practice()
    assert [cfg.review.days[lv] for lv in (1, 2, 3, 4)] == sorted(cfg.review.days.values())
    text = (Path(__file__).parent.parent / "rubrics" / "practice.yaml").read_text()
    with pytest.raises(DataFileError, match="weaker level must come back no later"):
        parse_data(text.replace("{1: 1, 2: 2, 3: 4, 4: 8}", "{1: 9, 2: 2, 3: 4, 4: 8}"), PracticeFile, "practice.yaml")


def test_interviewer_practice_shows_the_next_drill_and_progress_per_area(home: Path) -> None:
    write_history(home, now=datetime.now(UTC))
    run = cli("practice", home=home)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("Next practice: Deployment drill from level 2 (weak) on ")
    assert "interviewer practice --start" in run.stdout
    row = next(line for line in lines if line.startswith("Evaluation "))
    assert row.split()[1:4] == ["1", "2", "3"] and "↑ +2 since the first" in row
    assert "(drill: evaluation)" in run.stdout and "Rule: " in run.stdout
    body = json.loads(cli("practice", "--json", home=home).stdout)
    assert body["next"]["area"] == "deployment" and len(body["areas"]) == 5


def test_practice_with_no_finished_interview_is_one_clear_line(home: Path) -> None:
    run = cli("practice", home=home)
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "no finished interviews yet" in run.stderr


def test_the_proposed_drill_runs_as_a_normal_plain_interview_to_the_end(home: Path) -> None:
    write_history(home, now=datetime.now(UTC))
    answers = ("We'd serve it behind a prediction service with a feature store, and roll out with a canary, "
               "because a bad model should reach only a few users first.\n\nI don't know.\n\nI don't know.\n\n")
    run = cli("practice", "--start", "--plain", stdin=answers, home=home)
    assert run.returncode == 0, run.stderr
    assert "Scorecard — " in run.stdout and "transcript: " in run.stdout
    t = load_transcript(Path(run.stdout.split("transcript: ")[1].strip()))
    assert t.finished and t.header is not None
    assert (t.header.settings.drill, t.header.settings.start_level) == ("deployment", 2)
    levels = {a: s["level"] for a, s in (t.scorecard or {})["areas"].items()}
    assert levels["deployment"] is not None and all(levels[a] is None for a in AREAS if a != "deployment")
    after = cli("practice", "--json", home=home)
    assert json.loads(after.stdout)["finished"] == 4


async def test_setup_offers_the_next_practice_and_ctrl_n_starts_the_drill(home: Path) -> None:
    write_history(home, now=datetime.now(UTC))
    app = InterviewerApp(home=home, clock=FakeClock(), session_id="drill")
    async with app.run_test(size=SIZE) as pilot:
        screen = await setup_ready(pilot)
        line = str(screen.query_one("#practice").render())
        assert line.startswith("Next practice (Ctrl+N): Deployment drill from level 2 (weak) on ")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert (app.screen.session.settings.drill, app.screen.session.settings.start_level) == ("deployment", 2)
        await pilot.press("f4", "y")
        await settle(pilot, 0.5)
        assert isinstance(app.screen, ScorecardScreen)
        assert str(app.screen.query_one("#verdict").render()).startswith("Drill: Deployment")
        assert "no hiring verdict" in str(app.screen.query_one("#verdict-why").render())


def test_a_drill_keeps_its_area_and_level_when_its_header_is_read_back(tmp_path: Path) -> None:
    settings = InterviewSettings(question_id="feed_ranking", tier="faang", drill="data", start_level=3)
    path = tmp_path / "d.jsonl"
    TranscriptWriter.create(path, Header(id="d", settings=settings)).close()
    assert load_transcript(path).header.settings == settings  # type: ignore[union-attr]
