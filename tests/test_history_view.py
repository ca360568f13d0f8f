"""How past interviews are shown: dates a person reads, a history table that fits, charts whose areas
can be told apart."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from interviewer.store import Header, SessionInfo
from tui.charts import AREA_COLORS, history_plot, thin
from tui.commands import history_table
from tui.dates import date_labels, when

NOW = datetime(2026, 12, 3, 18, 0).astimezone()


def _iso(y: int, mo: int, d: int, h: int, mi: int, s: int = 0) -> str:
    return datetime(y, mo, d, h, mi, s).astimezone().isoformat()


def test_when_is_relative_for_recent_sessions_and_a_date_for_older_ones() -> None:
    assert when(_iso(2026, 12, 3, 9, 5), NOW) == "today 09:05"
    assert when(_iso(2026, 12, 2, 23, 0), NOW) == "yesterday 23:00"
    assert when(_iso(2026, 11, 2, 10, 15), NOW) == "2 Nov 10:15"
    assert when(_iso(2025, 11, 2, 10, 15), NOW) == "2 Nov 2025 10:15"


def test_date_labels_are_distinct_when_a_day_holds_several_interviews() -> None:
    started = [_iso(2026, 11, 28, 10, 0), _iso(2026, 11, 28, 15, 30), _iso(2026, 12, 1, 9, 0),
               _iso(2026, 12, 1, 9, 0, 40), _iso(2026, 12, 1, 9, 0, 55)]
    labels = date_labels(started)
    assert labels[:2] == ["28 Nov 10:00", "28 Nov 15:30"]
    assert len(set(labels)) == len(labels)


def test_axis_labels_are_thinned_so_they_never_overlap() -> None:
    labels = [f"{d} Nov 10:00" for d in range(1, 30)]
    kept = thin(labels, 80)
    assert kept[0] == 0 and 1 < len(kept) < len(labels)
    step = 80 / (len(labels) - 1)
    centres = [i * step for i in kept]
    assert all(b - a > len(labels[0]) for a, b in itertools.pairwise(centres))


def _info(n: int, question: str, levels: dict[str, int | None]) -> SessionInfo:
    header = Header(id=f"20261201-1{n:05d}-abcd", question=question, tier="growth_startup",
                    started_at=_iso(2026, 12, 1, 10, n))
    card = {"areas": {a: {"level": lv} for a, lv in levels.items()},
            "overall": {"level": 1, "recommendation": "strong_no_hire"}}
    return SessionInfo(id=header.id, path=Path(f"{header.id}.jsonl"), header=header, finished=True, answers=3,
                       scorecard=card)


def test_the_history_table_fits_120_columns_with_long_titles() -> None:
    levels = {a: 3 for a in AREA_COLORS}
    rows = [_info(i, "q", levels) for i in range(3)]
    out = history_table(rows, {"q": "A question title far longer than any column could hold in a table " * 2})
    assert max(len(line) for line in out.splitlines()) <= 120
    assert "A question title far" in out and "…" in out


def test_the_history_plot_has_one_colour_per_area_and_a_legend_entry_each() -> None:
    levels = [{"problem_framing": 2, "data": 1, "modeling": 3, "evaluation": 2, "deployment": 1},
              {"problem_framing": 3, "data": 2, "modeling": 3, "evaluation": 4, "deployment": 2}]
    drawn = str(history_plot(levels, [_iso(2026, 11, 28, 10, 0), _iso(2026, 12, 1, 9, 0)]))
    colours = set(re.findall(r"\x1b\[38;2;(\d+;\d+;\d+)m", drawn))
    assert colours >= {";".join(map(str, c)) for c in AREA_COLORS.values()}
    plain = re.sub(r"\x1b\[[0-9;]*m", "", drawn)
    assert all(name in plain for name in ("Problem framing", "Data", "Modeling", "Evaluation", "Deployment"))
    assert "28 Nov" in plain and "1 Dec" in plain
    legend = [line for line in plain.splitlines() if "Problem framing" in line or "Deployment" in line]
    assert len({line.split()[1] for line in legend}) == 2  # different markers, so a pipe tells them apart too


DRAW = """
import hashlib, re
import plotext as plt
from tui.charts import area_bars
out = []
for width in range(30, 70):
    plt.clear_figure(); plt.plotsize(width, 15); plt.theme("clear")
    area_bars(plt, {"problem_framing": 3, "data": 1})
    out.append(re.sub(r"\\x1b\\[[0-9;]*m", "", plt.build()))
print(hashlib.sha256("".join(out).encode()).hexdigest())
"""


def test_charts_are_drawn_the_same_whatever_the_hash_seed() -> None:
    """plotext's de-duplication followed string hashing; snapshots of the scorecard flickered with it."""
    drawings = {subprocess.run([sys.executable, "-c", DRAW], capture_output=True, text=True, check=True,
                               env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in (1, 2, 3, 4)}
    assert len(drawings) == 1
