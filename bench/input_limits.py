"""Input limits and model bounds (issue 15): what each command costs just below a limit, and how fast
it refuses far above one. Prints numbers; asserts nothing.

Each command runs in its own process, timed from outside; its peak memory is the kernel's high-water
mark for that process (`VmHWM`, Linux; `ru_maxrss` elsewhere, which can include the parent's memory at
fork). Run from the repository root: `.venv/bin/python bench/input_limits.py`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evals.fake_openai import FakeOpenAI, Fault, Reply  # noqa: E402
from evals.model_sim import SimulatedModel  # noqa: E402
from interviewer.limits import MAX_TURNS  # noqa: E402

WRAP = """
import resource, re, sys
from tui.cli import main
code = main(sys.argv[1:])
try:
    with open("/proc/self/status") as f:
        peak = int(re.search(r"VmHWM:\\s+(\\d+)", f.read()).group(1))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"PEAK {peak}", file=sys.stderr)
sys.exit(code)
"""


def measure(label: str, home: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None) -> dict[str, Any]:
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", WRAP, *args], input=stdin, capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, "INTERVIEWER_HOME": str(home), **(env or {})}, timeout=900)
    seconds = time.perf_counter() - started
    peak = re.search(r"PEAK (\d+)", run.stderr)
    said = [line for line in run.stderr.splitlines() if not line.startswith("PEAK")]
    row = {"case": label, "exit": run.returncode, "seconds": round(seconds, 2),
           "peak_mb": round(int(peak.group(1)) / 1024, 1) if peak else None, "said": said[0][:110] if said else ""}
    print(f"{row['case']:<46} exit {row['exit']}  {row['seconds']:>6.2f} s  {row['peak_mb']:>7} MB  {row['said']}")
    return row


def golden_turns() -> list[tuple[str, str]]:
    text = (ROOT / "evals" / "golden" / "g01_video_strong.txt").read_text()
    return [(m.group(1), m.group(2).strip()) for m in
            re.finditer(r"^(Interviewer|Candidate):(.*?)(?=^(?:Interviewer|Candidate):|\Z)", text, re.M | re.S)]


def big_plain(path: Path, target: int, turns: int) -> None:
    """A transcript of `turns` real turns whose answers are padded so the file is about `target` bytes."""
    base = golden_turns()
    pad_each = max(0, target // (turns // 2) - 400)
    filler = " We would also monitor the pipeline and log every decision for later analysis." * (pad_each // 80)
    out = []
    for i in range(turns):
        speaker, text = base[i % len(base)]
        out.append(f"{speaker}: {text}{filler if speaker == 'Candidate' else ''}\n")
    path.write_text("".join(out))


def as_jsonl(plain: Path, path: Path) -> None:
    head = {"kind": "header", "schema": 1, "id": "bench", "question": "video_recommendations", "tier": "faang"}
    lines = [json.dumps(head)]
    for i, m in enumerate(re.finditer(r"^(Interviewer|Candidate): (.*)$", plain.read_text(), re.M)):
        lines.append(json.dumps({"kind": "turn", "index": i, "speaker": m.group(1).lower(), "text": m.group(2)}))
    path.write_text("\n".join(lines) + "\n")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-limits-"))
    home = work / "home"
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; limits: {MAX_TURNS} turns, 64 MB per transcript\n")

    print("Below the limits: linear work")
    for mb in (1, 10):
        plain = work / f"t{mb}.txt"
        big_plain(plain, mb * 1_000_000, min(MAX_TURNS, 1000))
        jsonl = work / f"t{mb}.jsonl"
        as_jsonl(plain, jsonl)
        size = plain.stat().st_size / 1e6
        measure(f"score {size:.1f} MB text, {MAX_TURNS} turns", home, "score", str(plain),
                "--question", "video_recommendations")
        measure(f"score {jsonl.stat().st_size / 1e6:.1f} MB JSONL, {MAX_TURNS} turns", home, "score", str(jsonl))
        measure(f"replay {size:.1f} MB text", home, "replay", str(plain), "--plain", "--question",
                "video_recommendations")
        measure(f"report {size:.1f} MB text", home, "report", str(plain), "-o", str(work / "r.md"), "--question",
                "video_recommendations")

    print("\nAbove the limits: refused in one line")
    huge = work / "huge.txt"
    big_plain(huge, 100_000_000, 1000)
    measure(f"score {huge.stat().st_size / 1e6:.0f} MB text transcript", home, "score", str(huge))
    many = work / "many.jsonl"
    head = json.dumps({"kind": "header", "schema": 1, "id": "many", "question": "video_recommendations",
                       "tier": "faang"})
    many.write_text(head + "\n" + "".join(json.dumps({"kind": "turn", "index": i, "speaker": "candidate",
                                                       "text": "ok"}) + "\n" for i in range(1_000_000)))
    measure(f"score 1M-turn JSONL ({many.stat().st_size / 1e6:.0f} MB)", home, "score", str(many))
    short_lines = work / "short.txt"
    short_lines.write_text("".join(f"Interviewer: q\nCandidate: a{i}\n" for i in range(500_000)))
    for command in (["score"], ["replay", "--plain"], ["report", "-o", str(work / "r.md")]):
        measure(f"{command[0]} 1M-turn text ({short_lines.stat().st_size / 1e6:.0f} MB)", home, command[0],
                str(short_lines), *command[1:], "--question", "video_recommendations")
    qdir = work / "questions"
    qdir.mkdir()
    (qdir / "big.yaml").write_text("id: big\nsummary: |\n" + "  x\n" * 25_000_000)
    measure("questions, a 50 MB question YAML", home, "questions", "--questions-dir", str(qdir))
    (qdir / "big.yaml").unlink()
    bomb = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    bomb += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (qdir / "bomb.yaml").write_text("\n".join(bomb) + "\n")
    measure("questions, a YAML alias bomb (9^10 nodes)", home, "questions", "--questions-dir", str(qdir))

    print("\nA misbehaving model server (--timeout 2, 2 retries)")
    model = SimulatedModel()
    env = {"OPENAI_API_KEY": "sk-bench"}
    answer = "I'd frame it as ranking videos to maximise long-term watch time per impression.\n\n"
    with FakeOpenAI([Reply(fault=Fault("drip", seconds=0.5))] * 20) as server:
        measure("run --plain, server drips a byte per 0.5 s", work / "drip", "run", "--plain", "--brain", "llm",
                "--model", "m", "--base-url", server.url, "--timeout", "2", stdin=answer, env=env)

    def huge_reply(body: dict[str, Any]) -> Reply:
        return Reply("Tell me more. " * 750_000) if body.get("stream") else model(body)  # 10 MB per question

    with FakeOpenAI(responder=huge_reply) as server:
        run_home = work / "huge-reply"
        measure("run --plain, every question a 10 MB stream", run_home, "run", "--plain", "--brain", "llm",
                "--model", "m", "--base-url", server.url, stdin=answer * 3, env=env)
        sizes = {p.name: p.stat().st_size for p in run_home.rglob("*") if p.is_file()}
        jsonl = sum(v for k, v in sizes.items() if k.endswith(".jsonl"))
        db = sum(v for k, v in sizes.items() if k.startswith("checkpoints"))
        print(f"{'  stored: transcript':<46} {jsonl / 1e3:.0f} KB, checkpoint database {db / 1e3:.0f} KB")


if __name__ == "__main__":
    main()
