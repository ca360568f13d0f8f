"""Time from launch to the first painted screen: the interviewer app (setup screen) against a bare
Textual app, both as fresh processes in the same run. Prints medians over several launches."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 7

BARE = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.exit)
Bare().run(headless=True, size=(120, 40))
"""

OURS = """
import sys
from pathlib import Path
from tui.app import InterviewerApp
class Timed(InterviewerApp):
    def on_mount(self):
        super().on_mount()
        self.call_after_refresh(lambda: self.call_after_refresh(self.exit))
Timed(home=Path(sys.argv[1])).run(headless=True, size=(120, 40))
"""


def launch(code: str, *args: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True)
    return time.perf_counter() - t0


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        launch(BARE)
        launch(OURS, home)  # warm the filesystem cache for both
        bare = [launch(BARE) for _ in range(RUNS)]
        ours = [launch(OURS, home) for _ in range(RUNS)]
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"bare Textual app:   {b * 1000:.0f} ms (median of {RUNS} launches to first paint)")
    print(f"interviewer setup:  {o * 1000:.0f} ms")
    print(f"ratio: {o / b:.2f}x")


if __name__ == "__main__":
    main()
