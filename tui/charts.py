"""Charts drawn with plotext, for the `history --plot` command and the scorecard screen.

Each area keeps one colour and one marker everywhere. The colours are the Okabe-Ito palette, which
stays distinct for the common kinds of colour blindness; the markers keep the lines apart where
colour is not shown (a pipe, a monochrome terminal)."""

from __future__ import annotations

from typing import Any

from tui.dates import date_labels
from tui.names import AREA_NAMES

AREA_ORDER = ("problem_framing", "data", "modeling", "evaluation", "deployment")
AREA_SHORT = {"problem_framing": "Framing", "data": "Data", "modeling": "Modeling", "evaluation": "Eval",
              "deployment": "Deploy"}
AREA_COLORS: dict[str, tuple[int, int, int]] = {
    "problem_framing": (0, 114, 178),   # blue
    "data": (230, 159, 0),              # orange
    "modeling": (0, 158, 115),          # bluish green
    "evaluation": (204, 121, 167),      # reddish purple
    "deployment": (86, 180, 233),       # sky blue
}
AREA_MARKERS = {"problem_framing": "dot", "data": "x", "modeling": "+", "evaluation": "*", "deployment": "o"}
LEVEL_TICKS = ([1, 2, 3, 4], ["1 poor", "2 weak", "3 solid", "4 excellent"])


def reproducible_plotext() -> None:
    """plotext drops duplicate ticks and points through a `set`, whose order follows Python's per-process
    string hashing, so labels that nearly touch land one cell apart from run to run (and a snapshot
    test fails one run in five). The same de-duplication keeping the order makes every drawing the same."""
    import plotext._utility as utility

    utility.no_duplicates = lambda data: list(dict.fromkeys(data))


def area_bars(plt: Any, levels: dict[str, int | None]) -> None:
    """One bar per area, each in its own colour (0 = not reached)."""
    reproducible_plotext()
    positions = list(range(1, len(AREA_ORDER) + 1))
    for x, area in zip(positions, AREA_ORDER, strict=True):
        plt.bar([x], [levels.get(area) or 0], color=AREA_COLORS[area], width=0.6)
    plt.xticks(positions, [AREA_SHORT[a] for a in AREA_ORDER])
    plt.xlim(0.5, len(AREA_ORDER) + 0.5)
    plt.ylim(0, 4)
    plt.yticks([0, 1, 2, 3, 4])


def thin(labels: list[str], width: int) -> list[int]:
    """Indices of the labels to print on an axis `width` characters wide so that none overlap."""
    if len(labels) <= 1:
        return list(range(len(labels)))
    step = width / (len(labels) - 1)
    keep, last_end = [], -1.0
    for i, label in enumerate(labels):
        centre = i * step
        if centre - len(label) / 2 > last_end + 1 or not keep:
            keep.append(i)
            last_end = centre + len(label) / 2
    return keep


def history_plot(levels: list[dict[str, int | None]], started: list[str], width: int = 100,
                 height: int = 22) -> Any:
    """Each area's level, interview by interview, with the real date under each interview."""
    import plotext as plt

    reproducible_plotext()
    plt.clear_figure()
    plt.plotsize(width, height)
    plt.theme("clear")
    xs = list(range(1, len(levels) + 1))
    for area in AREA_ORDER:
        points = [(x, lv) for x, row in zip(xs, levels, strict=True) if (lv := row.get(area)) is not None]
        if points:
            plt.plot([p[0] for p in points], [p[1] for p in points], label=AREA_NAMES[area],
                     color=AREA_COLORS[area], marker=AREA_MARKERS[area])
    plt.ylim(0.5, 4.5)
    plt.yticks(*LEVEL_TICKS)
    labels = date_labels(started)
    shown = thin(labels, width - 16)  # the level labels take the left of the plot
    plt.xticks([xs[i] for i in shown], [labels[i] for i in shown])
    if len(xs) == 1:
        plt.xlim(0.5, 1.5)
    plt.title("Level per area, interview by interview")
    return plt.build()
