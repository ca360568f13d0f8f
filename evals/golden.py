"""The golden-set eval: score every labelled transcript and measure agreement with the labels."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Annotated

from pydantic import BaseModel, Field, ValidationError, field_validator

from evals import metrics
from interviewer.brains.base import Brain
from interviewer.files import parse_json, read_limited
from interviewer.limits import MAX_LABELS, MAX_LABELS_BYTES
from interviewer.models import AREAS, Area, Role, Tier
from interviewer.rescore import score_transcript
from interviewer.scoring import Scorecard
from interviewer.store import load_transcript
from rubrics.errors import DataFileError


class Label(BaseModel):
    """One labelled transcript (contract). `file` is relative to the eval directory and stays inside it."""

    file: str = Field(min_length=1, max_length=255)
    question: str = Field(max_length=2000)
    tier: Tier
    role: Role = "generalist"
    profile: str = ""
    scores: dict[Area, Annotated[int, Field(ge=1, le=4)] | None]
    overall: int = Field(ge=1, le=4)
    justification: dict[str, str] = {}
    notes: str = ""

    @field_validator("file")
    @classmethod
    def _inside(cls, value: str) -> str:
        path = PurePosixPath(value.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or ":" in value or "\x00" in value:
            raise ValueError(f"{value[:60]!r} must be a file name inside the eval directory")
        return value


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
    if not path.exists():
        raise DataFileError(f"{path}: no labels.json in the eval directory")
    data = read_limited(path, MAX_LABELS_BYTES, "labels.json")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise DataFileError(f"{path}: not UTF-8 text") from None
    raw = parse_json(text, str(path))
    if not isinstance(raw, list):
        raise DataFileError(f"{path}: expected a JSON list of labels")
    if len(raw) > MAX_LABELS:
        raise DataFileError(f"{path}: {len(raw)} labels, more than the {MAX_LABELS} an eval set may have")
    labels = []
    for i, item in enumerate(raw):
        try:
            labels.append(Label.model_validate(item))
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])[:80]
            raise DataFileError(f"{path}: entry {i}: {where}: {err['msg']}") from None
    return labels


def score_case(directory: Path, label: Label, brain: Brain) -> Case:
    transcript = load_transcript(directory / label.file).for_scoring()
    card: Scorecard = score_transcript(transcript, brain, question_id=label.question, tier=label.tier,
                                       role=label.role)
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
