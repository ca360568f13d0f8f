"""Misconception detection on phrasings written by people who never saw the detector.

Each set (`dev.yaml` to tune on, `test.yaml` held back) lists, per catalogue entry, confident wrong
phrasings, hedged ones and correct statements on the same topic. Recall: wrong phrasings flagged with
their own id. Precision: of all flags on wrong and correct phrasings, the share that are right (a
flag on a correct statement, or with another id, is a false positive). Hedged phrasings must never
be flagged as confident errors.
"""

from __future__ import annotations

from importlib import resources

from pydantic import BaseModel

from interviewer.brains.reading import read
from rubrics import parse_data


class Item(BaseModel):
    id: str
    wrong: list[str]
    hedged: list[str] = []
    correct: list[str] = []


class PhrasingSet(BaseModel):
    set: str
    writer: str = ""
    items: list[Item]


class Miss(BaseModel):
    id: str
    kind: str
    text: str
    flagged: list[str]


class MisconceptionReport(BaseModel):
    set: str
    wrong: int
    correct: int
    hedged: int
    recall: float
    precision: float
    hedged_as_confident: int
    baseline_precision: float
    """Precision of a detector that flags every phrasing with its topic's id (the constant predictor)."""
    per_id_recall: dict[str, float]
    misses: list[Miss]


def load_set(name: str) -> PhrasingSet:
    text = resources.files("evals.misconceptions").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return parse_data(text, PhrasingSet, f"evals/misconceptions/{name}.yaml")


def flags(text: str) -> dict[str, bool]:
    """Misconception ids found in a text, each with whether it was hedged."""
    out: dict[str, bool] = {}
    for p in read(text).problems:
        out[p.spec.spec.id] = out.get(p.spec.spec.id, True) and p.hedged
    return out


def run_misconceptions(name: str) -> MisconceptionReport:
    data = load_set(name)
    tp = fp = wrong = correct = hedged_conf = 0
    per_id: dict[str, float] = {}
    misses: list[Miss] = []
    for item in data.items:
        hits = 0
        for text in item.wrong:
            found = flags(text)
            confident = {k for k, h in found.items() if not h}
            wrong += 1
            if item.id in found:
                hits += 1
                tp += 1
            else:
                misses.append(Miss(id=item.id, kind="missed", text=text, flagged=sorted(found)))
            fp += len(confident - {item.id})
        per_id[item.id] = round(hits / len(item.wrong), 3) if item.wrong else 0.0
        for text in item.correct:
            correct += 1
            found = flags(text)
            if found:
                fp += len(found)
                misses.append(Miss(id=item.id, kind="false_alarm", text=text, flagged=sorted(found)))
        for text in item.hedged:
            found = flags(text)
            if any(not h for h in found.values()):
                hedged_conf += 1
                misses.append(Miss(id=item.id, kind="hedged_as_confident", text=text, flagged=sorted(found)))
    hedged_total = sum(len(i.hedged) for i in data.items)
    return MisconceptionReport(
        set=name, wrong=wrong, correct=correct, hedged=hedged_total,
        recall=round(tp / wrong, 3) if wrong else 0.0,
        precision=round(tp / (tp + fp), 3) if tp + fp else 0.0,
        hedged_as_confident=hedged_conf,
        baseline_precision=round(wrong / (wrong + correct), 3) if wrong + correct else 0.0,
        per_id_recall=per_id, misses=misses,
    )
