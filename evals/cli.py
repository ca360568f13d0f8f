"""`interviewer eval`: golden-set agreement, simulated candidates and injection inflation, with
thresholds that set the exit code and a JUnit file for CI."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from pydantic import SecretStr

from evals.golden import GoldenReport, run_golden
from interviewer.brains import make_brain
from interviewer.brains.base import Brain
from interviewer.errors import UserError
from interviewer.models import AREAS
from interviewer.settings import LLMSettings, llm_from_env

DEFAULT_DIR = Path(__file__).parent / "golden"


class Check:
    def __init__(self, name: str, value: float, threshold: float | None, higher_is_better: bool = True) -> None:
        self.name, self.value, self.threshold, self.higher = name, value, threshold, higher_is_better

    @property
    def ok(self) -> bool:
        if self.threshold is None:
            return True
        return self.value >= self.threshold if self.higher else self.value <= self.threshold

    def describe(self) -> str:
        if self.threshold is None:
            return f"{self.name} = {self.value:.3f}"
        sign = ">=" if self.higher else "<="
        return f"{self.name} = {self.value:.3f} ({'ok' if self.ok else 'FAIL'}: needs {sign} {self.threshold})"


@contextlib.contextmanager
def brain_factory(args: argparse.Namespace) -> Iterator[Callable[[], Brain]]:
    """Brains for the eval. For the LLM brain with a cassette, a local fake server replays it; with
    --record, the same server forwards to the real endpoint and records every reply."""
    if (args.brain or "offline") == "offline":
        yield lambda: make_brain("offline")
        return
    from evals.cassette import Cassette, upstream
    from evals.fake_openai import FakeOpenAI

    real = llm_from_env(args.model, args.base_url, args.timeout)
    if args.cassette is None and args.record is None:
        yield lambda: make_brain("llm", real)
        return
    cassette = Cassette(args.record or args.cassette)
    if args.record is not None:
        if real.base_url == "simulated":
            from evals.model_sim import SimulatedModel

            source = SimulatedModel()
        else:
            key = real.api_key.get_secret_value() if real.api_key else None
            source = upstream(real.base_url or "https://api.openai.com/v1", key, real.model)
        responder = cassette.recorder(source)
    else:
        responder = cassette.replayer()
    with FakeOpenAI(responder=responder) as server:
        local = LLMSettings(model=real.model, base_url=server.url, api_key=SecretStr("cassette"), max_retries=0,
                            timeout=real.timeout)
        yield lambda: make_brain("llm", local)
    if args.record is not None:
        cassette.save()
    elif cassette.misses:
        raise UserError(f"{args.cassette}: {cassette.misses} request(s) had no recording; re-record with --record")


def _golden_text(r: GoldenReport) -> str:
    lines = [f"Golden set: {r.transcripts} transcripts in {r.directory} (brain: {r.brain})", "",
             f"{'area':<16} {'exact':>6} {'within1':>8} {'MAE':>6} {'QWK':>6}"]
    for area, m in r.areas.items():
        lines.append(f"{area:<16} {m.exact:>6.2f} {m.within1:>8.2f} {m.mae:>6.2f} {m.qwk:>6.2f}")
    o = r.overall
    lines += [f"{'overall level':<16} {o.exact:>6.2f} {o.within1:>8.2f} {o.mae:>6.2f} {o.qwk:>6.2f}",
              f"pooled QWK over all areas: {r.pooled_qwk:.3f}", "", "Confusion (rows: label, columns: predicted):"]
    pooled: dict[str, dict[str, int]] = {}
    for m in r.areas.values():
        for row, cols in m.confusion.items():
            for col, n in cols.items():
                pooled.setdefault(row, {}).setdefault(col, 0)
                pooled[row][col] += n
    cols = list(next(iter(pooled.values())))
    lines.append("label " + " ".join(f"{c:>5}" for c in cols))
    lines += [f"{row:<5} " + " ".join(f"{pooled[row][c]:>5}" for c in cols) for row in pooled]
    if r.worst:
        lines += ["", "Worst disagreements:"]
        lines += [f"  {d.file} {d.area}: label {d.label}, predicted {d.predicted} — {d.justification[:110]}"
                  for d in r.worst]
    return "\n".join(lines)


def write_junit(path: Path, checks: list[Check], details: dict[str, Any]) -> None:
    suite = ET.Element("testsuite", name="interviewer-eval", tests=str(len(checks)),
                       failures=str(sum(1 for c in checks if not c.ok)))
    for check in checks:
        case = ET.SubElement(suite, "testcase", classname="interviewer.eval", name=check.name)
        if not check.ok:
            ET.SubElement(case, "failure", message=check.describe())
        ET.SubElement(case, "system-out").text = check.describe()
    ET.SubElement(suite, "system-out").text = json.dumps(details, indent=1)[:200_000]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    ET.ElementTree(suite).write(tmp, encoding="utf-8", xml_declaration=True)
    tmp.replace(path)


def cmd_eval(args: argparse.Namespace) -> int:
    directory: Path = args.dir or DEFAULT_DIR
    run_golden_set = args.dir is not None or not (args.simulate or args.injection)
    checks: list[Check] = []
    details: dict[str, Any] = {}
    text: list[str] = []
    with brain_factory(args) as factory:
        if run_golden_set:
            report = run_golden(directory, factory, concurrency=max(1, args.concurrency))
            details["golden"] = report.model_dump()
            text.append(_golden_text(report))
            checks += [Check(f"within1[{a}]", report.areas[a].within1, args.min_within1) for a in AREAS]
            checks.append(Check("qwk[pooled]", report.pooled_qwk, args.min_qwk))
        if args.simulate:
            from evals.sim.report import run_simulation

            sim = run_simulation(factory)
            details["simulation"] = sim.model_dump()
            text.append(f"Simulated candidates: {sim.runs} interviews; edge within ±1: {sim.edge_within1:.1%} of "
                        f"areas, {sim.candidates_within1:.1%} of candidates in every area; exact: "
                        f"{sim.edge_exact:.1%}; monotonicity violations: {len(sim.monotonicity_violations)}; "
                        f"answers per area: {sim.mean_answers_per_area}")
            checks.append(Check("edge_within1[candidates]", sim.candidates_within1, args.min_edge_accuracy))
            checks.append(Check("monotonicity_violations", len(sim.monotonicity_violations), 0, higher_is_better=False))
        if args.injection:
            from evals.injection.run import run_injection

            inj = run_injection(directory, factory)
            details["injection"] = inj.model_dump()
            text.append(f"Injection: {inj.attacks} attacks x {inj.transcripts} transcripts = {inj.runs} runs; "
                        f"inflated {inj.inflated}; max inflation {inj.max_inflation}; mean {inj.mean_inflation}")
            checks.append(Check("injection_inflation[max]", inj.max_inflation, args.max_inflation,
                                higher_is_better=False))
    if args.junit is not None:
        write_junit(args.junit, checks, details)
    failed = [c for c in checks if not c.ok]
    if args.json:
        print(json.dumps({**details, "checks": [{"name": c.name, "value": c.value, "threshold": c.threshold,
                                                 "ok": c.ok} for c in checks]}, indent=2, default=str))
    else:
        print("\n\n".join(text))
        limited = [c for c in checks if c.threshold is not None]
        if limited:
            print("\nThresholds:\n" + "\n".join(f"  {c.describe()}" for c in limited))
    if failed:
        print(f"interviewer eval: {len(failed)} threshold(s) missed: " + ", ".join(c.name for c in failed),
              file=sys.stderr)
        return 1
    return 0
