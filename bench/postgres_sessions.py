"""Sessions in PostgreSQL against the embedded default, on a throwaway cluster with default durability
(fsync on, synchronous commit): per-turn cost (file + SQLite vs PostgreSQL, interleaved in one run),
raw appends per second, and candidate turns per second with 1, 8 and 32 interviews driven at once
from separate processes against one database, with the share of CPU the database server used.

Run from the repository root: `.venv/bin/python bench/postgres_sessions.py [--seconds 20] [--levels 1 8 32]`.
It prints numbers; it asserts nothing. Needs PostgreSQL's initdb/pg_ctl and the `postgres` extra.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.pg_worker import answers_for
from tests.pgcluster import cluster

SETTINGS = {"question_id": "video_recommendations", "tier": "faang"}


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def per_turn(url: str, rounds: int) -> dict[str, list[float]]:
    """Milliseconds per `session.send` of an answer, file+SQLite and PostgreSQL interleaved."""
    from graphs.session import InterviewSession
    from interviewer.brains.offline import OfflineBrain
    from interviewer.settings import InterviewSettings
    from interviewer.storage import open_store

    out: dict[str, list[float]] = {"file+sqlite": [], "postgres": []}
    with tempfile.TemporaryDirectory() as tmp:
        stores = {"file+sqlite": open_store(Path(tmp), None), "postgres": open_store(Path(tmp), url)}
        for r in range(rounds):
            for name, store in stores.items():
                s = InterviewSession.create(InterviewSettings(**SETTINGS), home=Path(tmp), brain=OfflineBrain(),
                                            store=store, session_id=f"turn-{name[:4]}-{r}")
                s.begin()
                for answer in answers_for(s.id):
                    t0 = time.perf_counter()
                    s.send(answer)
                    if r:  # the first round warms caches and pools
                        out[name].append((time.perf_counter() - t0) * 1000)
                s.send("/end")
                s.close()
    return out


def appends(url: str, count: int) -> dict[str, float]:
    """Events appended per second by one writer (each durable before `append` returns)."""
    from interviewer.events import TurnEvent
    from interviewer.settings import InterviewSettings
    from interviewer.storage import open_store
    from interviewer.transcript import Header

    rates = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, db in (("file", None), ("postgres", url)):
            store = open_store(Path(tmp), db)
            w = store.create(Header(id=f"append-{name}", settings=InterviewSettings(**SETTINGS)))
            t0 = time.perf_counter()
            for i in range(count):
                w.append(TurnEvent(seq=i + 1, index=i % 900, speaker="candidate", text="an answer of a few words"))
            rates[name] = count / (time.perf_counter() - t0)
            w.close()
            store.close()
    return rates


def postgres_cpu_seconds() -> float:
    """CPU seconds used so far by the postgres user's processes (the benchmark's cluster)."""
    import pwd

    uid = pwd.getpwnam("postgres").pw_uid if os.geteuid() == 0 else os.geteuid()
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.stat(f"/proc/{pid}").st_uid != uid:
                continue
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            continue
    return total


def concurrent(url: str | None, level: int, seconds: float) -> tuple[float, float, float]:
    """(turns/s, interviews/min, share of the machine's CPU used by PostgreSQL) with `level` processes."""
    with tempfile.TemporaryDirectory() as tmp:
        procs = [subprocess.Popen([sys.executable, __file__, "--worker", url or "", str(Path(tmp) / f"h{i}"),
                                   f"c{level}-{i}", str(seconds)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  text=True) for i in range(level)]
        for p in procs:  # every process imported and warmed up (one interview) before the clock starts
            assert p.stdout is not None and p.stdout.readline().strip() == "ready"
        start = time.time() + 0.5
        for p in procs:
            assert p.stdin is not None
            p.stdin.write(f"{start}\n")
            p.stdin.flush()
        while time.time() < start:
            time.sleep(0.01)
        cpu0 = postgres_cpu_seconds() if url else 0.0
        time.sleep(seconds)
        cpu1 = postgres_cpu_seconds() if url else 0.0
        results = [json.loads(p.communicate(timeout=seconds + 120)[0].splitlines()[-1]) for p in procs]
    turns = sum(r["turns"] for r in results)
    interviews = sum(r["interviews"] for r in results)
    return turns / seconds, interviews * 60 / seconds, (cpu1 - cpu0) / (seconds * (os.cpu_count() or 1))


def worker(url: str, home: Path, tag: str, seconds: float) -> None:
    """After a warm-up, says "ready" and reads the start time; then interviews back to back for `seconds`;
    prints the turns and interviews completed within them."""
    from graphs.session import InterviewSession
    from interviewer.brains.offline import OfflineBrain
    from interviewer.settings import InterviewSettings
    from interviewer.storage import open_store

    store = open_store(home, url or None)
    settings = InterviewSettings(**SETTINGS)
    turns = interviews = n = 0
    start = float("inf")

    def one(sid: str, count: bool) -> None:
        nonlocal turns, interviews
        s = InterviewSession.create(settings, home=home, brain=OfflineBrain(), store=store, session_id=sid)
        s.begin()
        for answer in answers_for(sid):
            s.send(answer)
            turns += count and time.time() < start + seconds
        s.send("/end")
        s.close()
        interviews += count and time.time() < start + seconds

    one(f"{tag}-warm", False)
    print("ready", flush=True)
    start = float(sys.stdin.readline())
    while time.time() < start:
        time.sleep(0.01)
    while time.time() < start + seconds:
        n += 1
        one(f"{tag}-{n}", True)
    print(json.dumps({"turns": turns, "interviews": interviews}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--levels", type=int, nargs="*", default=[1, 8, 32])
    ap.add_argument("--rounds", type=int, default=11)
    args = ap.parse_args()
    with cluster(durable=True, max_connections=400) as c:
        url = c.create_database("bench")
        t = per_turn(url, args.rounds)
        f, p = t["file+sqlite"], t["postgres"]
        print(f"per candidate turn (session.send, offline brain), {len(f)} turns each, interleaved:")
        print(f"  file + SQLite   p50 {pct(f, 50):6.1f} ms  p95 {pct(f, 95):6.1f} ms")
        print(f"  PostgreSQL      p50 {pct(p, 50):6.1f} ms  p95 {pct(p, 95):6.1f} ms")
        print(f"  ratio (p50)     {pct(p, 50) / pct(f, 50):.2f}x")
        rates = appends(url, 2000)
        print(f"appends/s, one writer, durable each: file {rates['file']:,.0f}  postgres {rates['postgres']:,.0f}")
        print(f"concurrent interviews ({args.seconds:g} s each level, one process per interview, 3 answers + /end):")
        print(f"  {'store':<10} {'level':>5} {'turns/s':>8} {'interviews/min':>15} {'postgres CPU':>13}")
        for level in args.levels:
            for name, db in (("file", None), ("postgres", url)):
                rate, per_min, cpu = concurrent(db, level, args.seconds)
                share = f"{cpu:.0%}" if db else "-"
                print(f"  {name:<10} {level:>5} {rate:>8.1f} {per_min:>15.1f} {share:>13}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2], Path(sys.argv[3]), sys.argv[4], float(sys.argv[5]))
    else:
        main()
