"""Eval throughput: 100 transcripts with the offline brain, and the LLM brain against a fake model
that takes 200 ms per call, with --concurrency 8 versus 1."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from evals.fake_openai import FakeOpenAI, Reply
from evals.labelled import load_labels, run_labelled
from evals.model_sim import SimulatedModel
from interviewer.brains import make_brain
from interviewer.settings import LLMSettings

GOLDEN = Path(__file__).parent.parent / "evals" / "golden"


def copies(n: int, target: Path) -> Path:
    """An eval directory with n transcripts: the golden set repeated under new names."""
    labels = load_labels(GOLDEN)
    out = []
    for i in range(n):
        label = labels[i % len(labels)]
        name = f"c{i:03d}_{label.file}"
        shutil.copy(GOLDEN / label.file, target / name)
        out.append(label.model_copy(update={"file": name}).model_dump())
    import json

    (target / "labels.json").write_text(json.dumps(out))
    return target


def slow_model(delay: float) -> Any:
    model = SimulatedModel()

    def respond(body: dict[str, Any]) -> Reply:
        time.sleep(delay)
        return model(body)
    return respond


def main() -> None:
    n_offline = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    n_llm = int(sys.argv[2]) if len(sys.argv) > 2 else 16
    with tempfile.TemporaryDirectory() as tmp:
        folder = copies(n_offline, Path(tmp))
        t0 = time.perf_counter()
        report = run_labelled(folder, lambda: make_brain("offline"))
        print(f"offline brain: {report.transcripts} transcripts in {time.perf_counter() - t0:.2f} s")
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAI(responder=slow_model(0.2)) as server:
        folder = copies(n_llm, Path(tmp))
        settings = LLMSettings(model="fake-model", base_url=server.url, api_key=SecretStr("x"))
        timings = {}
        for concurrency in (1, 8):
            before = server.stats.requests
            t0 = time.perf_counter()
            run_labelled(folder, lambda: make_brain("llm", settings), concurrency=concurrency)
            timings[concurrency] = time.perf_counter() - t0
            print(f"llm brain, 200 ms per call, concurrency {concurrency}: {n_llm} transcripts, "
                  f"{server.stats.requests - before} calls in {timings[concurrency]:.1f} s")
        print(f"speed-up with --concurrency 8: {timings[1] / timings[8]:.1f}x")


if __name__ == "__main__":
    main()
