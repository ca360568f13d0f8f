"""Agreement with a labelled set of transcripts: per-area and overall levels, next to a constant
predictor, interviewer turns mapped to areas, and the scorecard's own consistency on every transcript.

A set is a directory of transcripts with `labels.json` (contract): `question` is a bank id or free
text. Free text is scored against the bank question the transcript is clearly about, or else the
generic five-area rubric (never a guessed question).
"""

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
from interviewer.rescore import classify, resolve_question, score_transcript, walk
from interviewer.scoring import Scorecard, score
from interviewer.store import Transcript, load_transcript
from interviewer.text import fold
from rubrics import load_questions
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
    turn_areas: dict[str, str] = {}
    """Interviewer turn index -> the area its answer is about ("none" for turns that ask nothing)."""

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
    rubric: str
    problems: list[str]
    """Consistency checks this transcript's scorecard failed (empty when it holds together)."""


class AreaMetrics(BaseModel):
    exact: float
    within1: float
    mae: float
    qwk: float
    baseline_exact: float
    baseline_within1: float
    """The same figures for the best constant predictor (always the most common label)."""
    confusion: dict[str, dict[str, int]]


class Disagreement(BaseModel):
    file: str
    area: str
    label: int | None
    predicted: int | None
    justification: str


class LabelledReport(BaseModel):
    directory: str
    transcripts: int
    brain: str
    areas: dict[str, AreaMetrics]
    overall: AreaMetrics
    pooled: AreaMetrics
    pooled_qwk: float
    generic: int
    """Transcripts scored with the generic rubric (their question is not in the bank or not clear)."""
    turn_accuracy: float | None
    turns_labelled: int
    turn_baseline: float | None
    """Accuracy of always answering the most common area."""
    inconsistent: list[str]
    worst: list[Disagreement]
    cases: list[Case]


def load_labels(directory: Path) -> list[Label]:
    """The eval directory's labels, bounded like every reader (size, count, one line on any error)."""
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


def consistency(card: Scorecard, transcript: Transcript, answer_areas: dict[int, Area | None]) -> list[str]:
    """What a reader of the scorecard would find contradictory: an edge without a level (or the other
    way round), a quote that is not from an answer about its area, an injected passage quoted, an
    overall level that contradicts the recommendation."""
    out: list[str] = []
    answers = {t.index: t for t in transcript.turns if t.speaker == "candidate"}
    for area, s in card.areas.items():
        if (s.level is None) != (s.edge is None):
            out.append(f"{area}: edge {s.edge} but level {s.level}")
        for ev in s.evidence:
            turn = answers.get(ev.turn)
            if turn is None or ev.quote.rstrip(" …") not in " ".join(fold(turn.text).split()):
                out.append(f"{area}: quote not found in answer {ev.turn}")
            elif s.coverage == "probed" and answer_areas.get(ev.turn) != area:
                out.append(f"{area}: quote from an answer about {answer_areas.get(ev.turn)}")
    from interviewer.scoring import OVERALL_LEVEL

    if card.overall.level != OVERALL_LEVEL[card.overall.recommendation]:
        out.append(f"overall level {card.overall.level} contradicts {card.overall.recommendation}")
    return out


def score_case(directory: Path, label: Label, brain: Brain) -> tuple[Case, list[tuple[str, str]]]:
    transcript = load_transcript(directory / label.file)
    bank = load_questions()
    question_id = label.question if label.question in bank else None
    question = resolve_question(transcript, question_id, None)
    steps, evidence = walk(transcript, question, brain)
    card = score(evidence, question_id=question.id if question else "generic", tier=label.tier, role=label.role,
                 versions=brain.versions(), rubric=question.id if question else "generic")
    problems = consistency(card, transcript, {s.turn: (None if s.assessment.is_question else s.area) for s in steps})
    problems += [f"quotes injected text: {e.quote[:60]}" for s in steps for e in card.areas[s.area].evidence
                 if any(e.quote in p or p in e.quote for p in s.assessment.signals.injected if len(p) > 20)]
    turns: list[tuple[str, str]] = []
    previous: Area | None = None
    for t in transcript.turns:
        if t.speaker == "interviewer":
            previous = classify(t.text, question, previous)
            gold = label.turn_areas.get(str(t.index))
            if gold in AREAS:
                turns.append((gold, previous))
    case = Case(label=label, predicted={a: s.level for a, s in card.areas.items()}, overall=card.overall.level,
                recommendation=card.overall.recommendation, rubric=card.rubric, problems=problems)
    return case, turns


def _area_metrics(pairs: list[metrics.Pair]) -> AreaMetrics:
    base = metrics.constant_baseline(pairs)
    return AreaMetrics(exact=round(metrics.exact(pairs), 3), within1=round(metrics.within_one(pairs), 3),
                       mae=round(metrics.mae(pairs), 3), qwk=round(metrics.quadratic_weighted_kappa(pairs), 3),
                       baseline_exact=round(metrics.exact(base), 3),
                       baseline_within1=round(metrics.within_one(base), 3),
                       confusion=metrics.confusion(pairs))


def run_labelled(directory: Path, brain_factory: Callable[[], Brain], concurrency: int = 1) -> LabelledReport:
    labels = load_labels(directory)
    if concurrency > 1:
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            results = list(pool.map(lambda lab: score_case(directory, lab, brain_factory()), labels))
    else:
        brain = brain_factory()
        results = [score_case(directory, lab, brain) for lab in labels]
    cases = [c for c, _ in results]
    turns = [t for _, ts in results for t in ts]
    per_area = {a: [(c.label.scores.get(a), c.predicted[a]) for c in cases] for a in AREAS}
    pooled = [p for pairs in per_area.values() for p in pairs]
    worst = sorted(
        (Disagreement(file=c.label.file, area=a, label=c.label.scores.get(a), predicted=c.predicted[a],
                      justification=c.label.justification.get(a, ""))
         for c in cases for a in AREAS if c.label.scores.get(a) != c.predicted[a]),
        key=lambda d: -(abs((d.label or 0) - (d.predicted or 0)) + (2 if (d.label is None) != (d.predicted is None)
                                                                    else 0)),
    )[:8]
    most = max(AREAS, key=lambda a: sum(1 for g, _ in turns if g == a)) if turns else None
    return LabelledReport(
        directory=str(directory), transcripts=len(cases), brain=brain_factory().kind,
        areas={a: _area_metrics(per_area[a]) for a in AREAS},
        overall=_area_metrics([(c.label.overall, c.overall) for c in cases]),
        pooled=_area_metrics(pooled), pooled_qwk=round(metrics.quadratic_weighted_kappa(pooled), 3),
        generic=sum(1 for c in cases if c.rubric == "generic"),
        turn_accuracy=round(sum(1 for g, p in turns if g == p) / len(turns), 3) if turns else None,
        turns_labelled=len(turns),
        turn_baseline=round(sum(1 for g, _ in turns if g == most) / len(turns), 3) if turns else None,
        inconsistent=[f"{c.label.file}: {p}" for c in cases for p in c.problems],
        worst=worst, cases=cases,
    )


def score_file(path: Path, brain: Brain, label: Label) -> Scorecard:
    """One transcript scored the way the labelled eval scores it (used by the robustness suites)."""
    bank = load_questions()
    return score_transcript(load_transcript(path), brain, question_id=label.question if label.question in bank
                            else None, tier=label.tier, role=label.role)
