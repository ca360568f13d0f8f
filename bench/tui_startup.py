"""Time from launch to the first painted screen: `interviewer` (no arguments, its setup screen) against a
bare Textual app, both started as fresh processes on a real pseudo-terminal (120×40) in the same run,
interleaved. "Painted" means the first frame has reached the terminal: the bare app's bottom line, or the
setup screen's form. Also reported: when the footer's key list arrives (Textual fills it in on the next
frame) and when the question list is filled in (loaded off the UI thread once the first frame is out).

    .venv/bin/python bench/tui_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (40, 120)  # rows, columns
FORM, FOOTER = "Company tier", "Open transcript"  # text in the setup screen's first frame / in its footer
BARE = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    CSS = "Static { dock: bottom; }"
    def compose(self):
        yield Static("bare-app-painted")
Bare().run()
"""


def launch(argv: list[str], markers: list[str], env: dict[str, str], timeout: float = 10.0) -> dict[str, float]:
    """Seconds from fork to the first appearance of each marker in the terminal output."""
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # child: size the terminal before the app asks for it, then become the app
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", *SIZE, 0, 0))
        os.chdir(ROOT)
        os.execvpe(argv[0], argv, env)
    seen: dict[str, float] = {}
    out = b""
    try:
        while len(seen) < len(markers) and time.perf_counter() - t0 < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                out += os.read(fd, 1 << 16)
            except OSError:
                break
            now = time.perf_counter() - t0
            for marker in markers:
                if marker not in seen and marker.encode() in out:
                    seen[marker] = now
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    missing = [m for m in markers if m not in seen]
    if missing:
        raise SystemExit(f"never painted {missing} within {timeout:.0f} s; output tail: {out[-300:]!r}")
    return seen


def interviewer_command() -> list[str]:
    script = Path(sys.executable).with_name("interviewer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui.cli"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs

    sys.path.insert(0, str(ROOT))
    from rubrics import load_questions

    first_title = sorted(load_questions().values(), key=lambda q: (q.tier != "faang", q.title))[0].title
    home = tempfile.mkdtemp(prefix="bench-home-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env.update(TERM="xterm-256color", INTERVIEWER_HOME=home, COLUMNS=str(SIZE[1]), LINES=str(SIZE[0]))
    bare_cmd, ours_cmd = [sys.executable, "-c", BARE], interviewer_command()
    try:
        launch(bare_cmd, ["bare-app-painted"], env)  # warm the file cache for both
        launch(ours_cmd, [FORM, FOOTER, first_title], env)
        bare: list[float] = []
        painted: list[float] = []
        footer: list[float] = []
        listed: list[float] = []
        for _ in range(runs):
            bare.append(launch(bare_cmd, ["bare-app-painted"], env)["bare-app-painted"])
            seen = launch(ours_cmd, [FORM, FOOTER, first_title], env)
            painted.append(seen[FORM])
            footer.append(seen[FOOTER])
            listed.append(seen[first_title])
    finally:
        shutil.rmtree(home, ignore_errors=True)

    def ms(xs: list[float]) -> str:
        q = statistics.quantiles(xs, n=4)
        return f"{statistics.median(xs) * 1000:4.0f} ms  (quartiles {q[0] * 1000:.0f}–{q[2] * 1000:.0f})"

    b = statistics.median(bare)
    ratios = [o / x for o, x in zip(painted, bare, strict=True)]
    print(f"launch to first painted screen, {runs} interleaved launches each, {SIZE[1]}×{SIZE[0]} pty")
    print(f"bare Textual app:              {ms(bare)}")
    print(f"interviewer setup screen:      {ms(painted)}   {statistics.median(painted) / b:.2f}x")
    print(f"  footer keys shown:           {ms(footer)}   {statistics.median(footer) / b:.2f}x")
    print(f"  question list filled in:     {ms(listed)}   {statistics.median(listed) / b:.2f}x")
    print(f"first paint ratio: {statistics.median(painted) / b:.2f}x (target <= 1.5x); per launch pair: "
          f"median {statistics.median(ratios):.2f}x, worst {max(ratios):.2f}x")


if __name__ == "__main__":
    main()
