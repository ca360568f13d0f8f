"""Per-turn cost of the interview graph with the offline brain: graph + SQLite checkpoint, and the
whole `session.send` (which also fsyncs the transcript). Prints p50/p95 in milliseconds."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from evals.sim.candidate import SimulatedCandidate, load_profiles
from graphs.checkpoint import sqlite_checkpointer
from graphs.session import InterviewSession
from interviewer.brains.offline import OfflineBrain
from interviewer.settings import InterviewSettings
from rubrics import get_question


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def measure(durability: str, sessions: int = 10) -> dict[str, list[float]]:
    send_ms: list[float] = []
    graph_ms: list[float] = []
    question = get_question("video_recommendations")
    profile = load_profiles()["strong_generalist"]
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        saver = sqlite_checkpointer(home / "checkpoints.sqlite")
        for _ in range(sessions):
            clock = Clock()
            session = InterviewSession.create(InterviewSettings(question_id=question.id, tier="faang"), home=home,
                                              brain=OfflineBrain(), clock=clock, checkpointer=saver)
            session.durability = durability  # type: ignore[attr-defined]
            step = session.begin()
            candidate = SimulatedCandidate(profile, question)
            original_run = session._run

            def timed(graph_input: object, _orig=original_run) -> object:
                t0 = time.perf_counter()
                out = _orig(graph_input)
                graph_ms.append((time.perf_counter() - t0) * 1000)
                return out

            session._run = timed  # type: ignore[method-assign]
            while not step.done:
                clock.now += 45
                p = step.pending
                text = candidate.answer(step.phase, p.area, p.level, p.kind)  # type: ignore[union-attr]
                t0 = time.perf_counter()
                step = session.send(text)
                send_ms.append((time.perf_counter() - t0) * 1000)
    return {"send": send_ms, "graph": graph_ms}


def main() -> None:
    modes = sys.argv[1:] or ["sync", "exit"]
    print(f"{'durability':<10} {'turns':>6} {'graph p50':>10} {'graph p95':>10} {'send p50':>9} {'send p95':>9}")
    for mode in modes:
        r = measure(mode)
        print(f"{mode:<10} {len(r['send']):>6} {pct(r['graph'], 50):>10.2f} {pct(r['graph'], 95):>10.2f} "
              f"{pct(r['send'], 50):>9.2f} {pct(r['send'], 95):>9.2f}")
    print("(milliseconds per candidate turn, offline brain, SQLite checkpointer)")


if __name__ == "__main__":
    main()
