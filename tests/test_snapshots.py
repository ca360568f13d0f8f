"""The layout of every screen at 80×24 (the smallest terminal we support) and 120×40."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.tui_helpers import FRAMING, GOLDEN, TARGET, answer, app_for, settle, setup_ready
from tui.app import InterviewerApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def snapshot_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "snap-home"
    monkeypatch.setenv("INTERVIEWER_HOME", str(home))
    return home


@pytest.mark.parametrize("size", SIZES)
def test_setup(snap_compare, snapshot_home: Path, size: tuple[int, int]) -> None:
    assert snap_compare(InterviewerApp(home=snapshot_home, clock=FakeClock()), terminal_size=size,
                        run_before=setup_ready)


@pytest.mark.parametrize("size", SIZES)
def test_interview(snap_compare, snapshot_home: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await answer(pilot, "How many users do we have?")
        await answer(pilot, FRAMING)

    assert snap_compare(app_for(snapshot_home), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_scorecard(snap_compare, snapshot_home: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await answer(pilot, "How many users do we have?")
        await answer(pilot, FRAMING)
        await answer(pilot, TARGET)
        await pilot.press("f4", "y")
        await settle(pilot, 0.5)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app_for(snapshot_home), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_replay(snap_compare, snapshot_home: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause(0.3)
        await pilot.press("right", "right", "right")
        await pilot.pause()

    app = InterviewerApp(home=snapshot_home, replay_path=GOLDEN / "g04_search_solid.txt")
    assert snap_compare(app, terminal_size=size, run_before=run_before)
