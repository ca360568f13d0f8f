"""The golden-set eval: score every labelled transcript and measure agreement with the labels."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pydantic import BaseModel, ValidationError

from evals import metrics
from interviewer.brains.base import Brain
from interviewer.models import AREAS, Area, Role, Tier
from interviewer.rescore import score_transcript
from interviewer.scoring import Scorecard
from interviewer.store import load_transcript
from rubrics.errors import DataFileError


class Label(BaseModel):
    file: str
    question: str
    tier: Tier
    role: Role = "generalist"
    profile: str = ""
    scores: dict[Area, int | None]
    overall: int
    justification: dict[str, str] = {}
    notes: str = ""


class Case(BaseModel):
    label: Label
    predicted: dict[Area, int | None]
    overall: int
    recommendation: str


class AreaMetrics(BaseModel):
    exact: float
    within1: float
    mae: float
    qwk: float
    confusion: dict[str, dict[str, int]]


class Disagreement(BaseModel):
    file: str
    area: str
    label: int | None
    predicted: int | None
    justification: str


class GoldenReport(BaseModel):
    directory: str
    transcripts: int
    brain: str
    areas: dict[str, AreaMetrics]
    overall: AreaMetrics
    pooled_qwk: float
    worst: list[Disagreement]
    cases: list[Case]


def load_labels(directory: Path) -> list[Label]:
    path = directory / "labels.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(f"{path}: no labels.json in the eval directory") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(raw, list):
        raise DataFileError(f"{path}: expected a JSON list of labels")
    labels = []
    for i, item in enumerate(raw):
        try:
            labels.append(Label.model_validate(item))
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            raise DataFileError(f"{path}: entry {i}: {where}: {err['msg']}") from None
    return labels


def score_case(directory: Path, label: Label, brain: Brain) -> Case:
    card: Scorecard = score_transcript(load_transcript(directory / label.file), brain, question_id=label.question,
                                       tier=label.tier, role=label.role)
    return Case(label=label, predicted={a: s.level for a, s in card.areas.items()}, overall=card.overall.level,
                recommendation=card.overall.recommendation)


def _area_metrics(pairs: list[metrics.Pair]) -> AreaMetrics:
    return AreaMetrics(exact=round(metrics.exact(pairs), 3), within1=round(metrics.within_one(pairs), 3),
                       mae=round(metrics.mae(pairs), 3), qwk=round(metrics.quadratic_weighted_kappa(pairs), 3),
                       confusion=metrics.confusion(pairs))


def run_golden(directory: Path, brain_factory: Callable[[], Brain], concurrency: int = 1) -> GoldenReport:
    labels = load_labels(directory)
    if concurrency > 1:
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            cases = list(pool.map(lambda lab: score_case(directory, lab, brain_factory()), labels))
    else:
        brain = brain_factory()
        cases = [score_case(directory, lab, brain) for lab in labels]
    per_area = {a: [(c.label.scores.get(a), c.predicted[a]) for c in cases] for a in AREAS}
    pooled = [p for pairs in per_area.values() for p in pairs]
    worst = sorted(
        (Disagreement(file=c.label.file, area=a, label=c.label.scores.get(a), predicted=c.predicted[a],
                      justification=c.label.justification.get(a, ""))
         for c in cases for a in AREAS if c.label.scores.get(a) != c.predicted[a]),
        key=lambda d: -(abs((d.label or 0) - (d.predicted or 0)) + (2 if (d.label is None) != (d.predicted is None)
                                                                    else 0)),
    )[:8]
    return GoldenReport(
        directory=str(directory), transcripts=len(cases), brain=brain_factory().kind,
        areas={a: _area_metrics(per_area[a]) for a in AREAS},
        overall=_area_metrics([(c.label.overall, c.overall) for c in cases]),
        pooled_qwk=round(metrics.quadratic_weighted_kappa(pooled), 3), worst=worst, cases=cases,
    )
