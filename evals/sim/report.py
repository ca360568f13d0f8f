"""Simulated-candidate eval: every profile on every banked question, through the real graph, graded as
an interviewer would be (follow-ups, repeats, acknowledgements, coverage, time) and on the edges found."""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from evals.sim.candidate import banked_questions, held_out_banks, load_profiles
from evals.sim.run import SimResult, simulate
from interviewer.brains.base import Brain
from interviewer.models import AREAS
from rubrics import load_questions


class SimReport(BaseModel):
    brain: str
    runs: int
    edge_within1: float
    """Share of (candidate, area) edges found within one level of the true edge."""
    edge_exact: float
    built_on: float
    """Share of follow-ups that say back a phrase or number of the candidate's previous answer."""
    followups: int
    covered_asked: int
    near_duplicates: int
    deeper_after_miss: int
    wrong_acks: int
    clarifying_answered: float
    areas_reached: float
    turns_per_interview: float
    strong_min_turns: int
    """Fewest candidate turns in a strong candidate's interview (45 minutes)."""
    strong_min_areas: int
    weak_over_budget: int
    """Areas where a weak candidate was kept after the area's time budget ran out."""
    specialist_focus_depth: float
    """Probes in a specialist's focus area divided by the most in any other area (above 1: most depth)."""
    examples: list[str]
    rows: list[SimResult]
    held_out: SimReport | None = None
    """The same figures on the answer banks never used for tuning (`test_banks` in profiles.yaml)."""


def run_simulation(brain_factory: Callable[[], Brain], questions: list[str] | None = None,
                   profiles: list[str] | None = None, rotations: int = 1) -> SimReport:
    """Every profile on every question; with `rotations` > 1, each interview again starting at the next
    answer of each bank list, so more of the banks' answers are heard."""
    bank = load_questions()
    qids = questions or banked_questions()
    chosen = [p for p in load_profiles().values() if profiles is None or p.id in profiles]
    rows: list[SimResult] = []
    with tempfile.TemporaryDirectory() as tmp:
        for qid in qids:
            for profile in chosen:
                for start in range(rotations):
                    rows.append(simulate(profile, qid, tier=bank[qid].tier, brain=brain_factory(), home=Path(tmp),
                                         start=start))
    report = summarise(rows)
    held = [r for r in rows if r.question in held_out_banks()]
    if held and len(held) < len(rows):
        report.held_out = summarise(held)
    return report


def summarise(rows: list[SimResult]) -> SimReport:
    cells = len(rows) * len(AREAS)
    followups = sum(r.followups for r in rows)
    clar = sum(r.clarifying_asked for r in rows)
    strong = [r for r in rows if r.profile == "strong"]
    focus = [r for r in rows if load_profiles()[r.profile].focus]
    depth = []
    for r in focus:
        f = load_profiles()[r.profile].focus
        assert f is not None
        others = max(v for a, v in r.probes_per_area.items() if a != f) or 1
        depth.append(r.probes_per_area[f] / others)
    return SimReport(
        brain=rows[0].brain if rows else "", runs=len(rows),
        edge_within1=round(sum(r.edge_hits(1) for r in rows) / cells, 4) if cells else 0.0,
        edge_exact=round(sum(r.edge_hits(0) for r in rows) / cells, 4) if cells else 0.0,
        built_on=round(sum(r.built_on for r in rows) / followups, 4) if followups else 0.0, followups=followups,
        covered_asked=sum(r.covered_asked for r in rows), near_duplicates=sum(r.near_duplicates for r in rows),
        deeper_after_miss=sum(r.deeper_after_miss for r in rows), wrong_acks=sum(r.wrong_acks for r in rows),
        clarifying_answered=round(sum(r.clarifying_answered for r in rows) / clar, 4) if clar else 1.0,
        areas_reached=round(sum(r.areas_reached for r in rows) / len(rows), 2) if rows else 0.0,
        turns_per_interview=round(sum(r.candidate_turns for r in rows) / len(rows), 1) if rows else 0.0,
        strong_min_turns=min((r.candidate_turns for r in strong), default=0),
        strong_min_areas=min((r.areas_reached for r in strong), default=0),
        weak_over_budget=sum(r.over_budget for r in rows if r.profile == "weak"),
        specialist_focus_depth=round(min(depth), 2) if depth else 0.0,
        examples=[e for r in rows for e in r.examples][:12], rows=rows,
    )


def simulation_text(s: SimReport) -> str:
    return "\n".join([
        f"Simulated candidates ({s.brain} brain): {s.runs} interviews from blind answer banks",
        f"  edges found within ±1: {s.edge_within1:.1%} of areas (exact {s.edge_exact:.1%}; a constant guess of 2 "
        "would be within ±1 for the same share of true edges 1-3 only)",
        f"  follow-ups building on the candidate's previous answer: {s.built_on:.1%} of {s.followups}",
        f"  questions about already-covered points: {s.covered_asked}; near-duplicate questions: {s.near_duplicates}",
        f"  'deeper' after a miss or 'I don't know': {s.deeper_after_miss}; wrong acknowledgements: {s.wrong_acks}",
        f"  clarifying questions answered: {s.clarifying_answered:.1%}; areas reached per interview: {s.areas_reached}",
        f"  candidate turns per interview: {s.turns_per_interview}; a strong candidate's 45 minutes: at least "
        f"{s.strong_min_turns} turns and {s.strong_min_areas} areas",
        f"  specialist focus depth (focus probes / most elsewhere, worst case): {s.specialist_focus_depth}; "
        f"questions a weak candidate got in an area past its time budget: {s.weak_over_budget}",
        *(f"  e.g. {e}" for e in s.examples[:6]),
        *([_held_out_line(s.held_out)] if s.held_out else []),
    ])


def _held_out_line(h: SimReport) -> str:
    return (f"  on the {h.runs} interviews from test banks never tuned on: edges within ±1 {h.edge_within1:.1%}, "
            f"built on {h.built_on:.1%}, covered asked {h.covered_asked}, near-duplicates {h.near_duplicates}, "
            f"deeper after a miss {h.deeper_after_miss}, wrong acknowledgements {h.wrong_acks}, "
            f"specialist focus depth {h.specialist_focus_depth}")


def simulation_checks(s: SimReport, args: argparse.Namespace) -> list:
    from evals.cli import Check

    checks = [Check("edge_within1[areas]", s.edge_within1, args.min_edge_accuracy)]
    if args.interviewer:
        checks += [
            Check("followups_built_on", s.built_on, 0.6),
            Check("covered_points_asked", s.covered_asked, 0, higher_is_better=False),
            Check("near_duplicate_questions", s.near_duplicates, 0, higher_is_better=False),
            Check("deeper_after_miss", s.deeper_after_miss, 0, higher_is_better=False),
            Check("wrong_acknowledgements", s.wrong_acks, 0, higher_is_better=False),
            Check("strong_candidate_turns", s.strong_min_turns, 20),
            Check("strong_candidate_areas", s.strong_min_areas, 5),
            Check("specialist_focus_depth", s.specialist_focus_depth, 1.0),
            Check("weak_candidate_over_budget", s.weak_over_budget, 0, higher_is_better=False),
        ]
    return checks
