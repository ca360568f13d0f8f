"""Simulated-candidate eval: every profile on every question, through the real graph."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from evals.sim.candidate import dominates, load_profiles
from evals.sim.run import simulate
from interviewer.brains.base import Brain
from interviewer.models import AREAS
from rubrics import load_questions


class SimRow(BaseModel):
    profile: str
    question: str
    true_edges: dict[str, int]
    found_edges: dict[str, int | None]
    within1: int
    exact: int
    answers_per_area: dict[str, int]
    tier_score: float


class SimReport(BaseModel):
    runs: int
    edge_within1: float
    """Share of (candidate, area) edges found within ±1 of the true edge."""
    edge_exact: float
    candidates_within1: float
    """Share of simulated candidates whose every area edge is within ±1."""
    monotonicity_violations: list[str]
    mean_answers_per_area: dict[str, float]
    rows: list[SimRow]


def run_simulation(brain_factory: Callable[[], Brain], questions: list[str] | None = None,
                   profiles: list[str] | None = None) -> SimReport:
    bank = load_questions()
    qids = questions or sorted(bank)
    chosen = [p for p in load_profiles().values() if profiles is None or p.id in profiles]
    rows: list[SimRow] = []
    with tempfile.TemporaryDirectory() as tmp:
        for qid in qids:
            for profile in chosen:
                r = simulate(profile, qid, tier=bank[qid].tier, brain=brain_factory(), home=Path(tmp))
                found = r.found_edges
                rows.append(SimRow(
                    profile=profile.id, question=qid, true_edges=dict(profile.edges), found_edges=dict(found),
                    within1=r.edge_hits(1), exact=r.edge_hits(0), answers_per_area=dict(r.answers_per_area),
                    tier_score=r.scorecard.tiers[bank[qid].tier].score,
                ))
    violations = []
    by_id = {p.id: p for p in chosen}
    for qid in qids:
        here = {row.profile: row for row in rows if row.question == qid}
        for a in here:
            for b in here:
                if (dominates(by_id[a], by_id[b]) and by_id[a].failure == by_id[b].failure
                        and here[a].tier_score < here[b].tier_score):
                    violations.append(f"{qid}: {a} ({here[a].tier_score}) < {b} ({here[b].tier_score})")
    cells = len(rows) * len(AREAS)
    return SimReport(
        runs=len(rows),
        edge_within1=round(sum(r.within1 for r in rows) / cells, 4) if cells else 0.0,
        edge_exact=round(sum(r.exact for r in rows) / cells, 4) if cells else 0.0,
        candidates_within1=round(sum(1 for r in rows if r.within1 == len(AREAS)) / len(rows), 4) if rows else 0.0,
        monotonicity_violations=violations,
        mean_answers_per_area={a: round(sum(r.answers_per_area[a] for r in rows) / len(rows), 2) for a in AREAS}
        if rows else {},
        rows=rows,
    )
