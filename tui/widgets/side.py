"""The side panel: phase, countdown, the five areas with coverage and a depth meter, hints used."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, Static

from interviewer.models import AREA_TITLES, AREAS, Area

PHASES = {"intro": "Intro", "clarify": "Clarifying", "areas": "Deep dive", "wrap_up": "Wrap-up", "scored": "Scored"}


def depth_meter(edge: int | None, active: bool) -> str:
    if edge is None:
        return "▸ ····" if active else "  ····"
    return ("▸ " if active else "  ") + "█" * edge + "·" * (4 - edge)


def clock_text(seconds_left: float) -> str:
    s = max(0, int(seconds_left))
    return f"{s // 60:02d}:{s % 60:02d}"


class SidePanel(Vertical):
    def compose(self) -> ComposeResult:
        yield Label("Phase", classes="side-title")
        yield Static("Intro", id="phase")
        yield Label("Time left", classes="side-title")
        yield Static("--:--", id="clock")
        yield Label("Areas (edge found)", classes="side-title")
        for area in AREAS:
            yield Static(f"{AREA_TITLES[area]:<16}  ····", id=f"area-{area}", classes="area-row")
        yield Label("Hints used", classes="side-title")
        yield Static("0", id="hints")
        yield Label("Keys", classes="side-title keys")
        yield Static(Content("F2 hint · F3 skip area\nF4 end · F1 help\nCtrl+B hide this panel"), classes="keys")

    def show(self, *, phase: str, current: Area | None, edges: dict[Area, int | None],
             status: dict[Area, str], hints: int) -> None:
        self.query_one("#phase", Static).update(PHASES.get(phase, phase))
        for area in AREAS:
            row = self.query_one(f"#area-{area}", Static)
            active = area == current and phase in ("clarify", "areas")
            row.update(f"{AREA_TITLES[area]:<16}{depth_meter(edges.get(area), active)}")
            row.set_class(status.get(area) == "closed", "closed")
            row.set_class(active, "active")
        self.query_one("#hints", Static).update(str(hints))

    def tick(self, seconds_left: float) -> None:
        clock = self.query_one("#clock", Static)
        clock.update(clock_text(seconds_left))
        clock.set_class(seconds_left < 300, "late")
