"""Robustness of the scorer: reworded answers, stuffing and filler, negation and hedges.

- Paraphrase: pairs of transcripts with identical interviewer turns where every candidate answer
  says the same things in other words (written blind by the transcript writers). Drift per area.
- Stuffing and filler: an honest weak transcript (labelled overall 1-2) with the rubric's own terms
  added to one answer - as a list, in an empty template repeated around each term, in hype - must
  not gain a level anywhere; an interview made of one stuffed answer must never be a hire.
- Negation and hedges: answers that say "I don't know", stay vague, or deny a best practice (from the
  blind answer banks and misconception phrasings) must not earn firm credit for what they disowned.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel

from evals.injection.run import with_attack
from evals.labelled import Label, load_labels
from interviewer.brains.base import AssessRequest, Brain
from interviewer.models import AREAS
from interviewer.rescore import score_transcript
from interviewer.scoring import Scorecard
from interviewer.store import Transcript, load_transcript, parse_text
from rubrics import get_question, load_misconceptions, load_questions
from rubrics.schema import Question

HERE = Path(__file__).parent


class ParaphraseReport(BaseModel):
    pairs: int
    mean_drift: float
    max_drift: int
    drift_by_area: dict[str, float]
    worst: list[str]


def _levels(card: Scorecard) -> dict[str, int | None]:
    return {a: s.level for a, s in card.areas.items()}


def _score(t: Transcript, brain: Brain, label: Label) -> Scorecard:
    bank = load_questions()
    return score_transcript(t, brain, question_id=label.question if label.question in bank else None,
                            tier=label.tier, role=label.role)


def run_paraphrase(directory: Path, labels_dir: Path, brain: Brain) -> ParaphraseReport:
    labels = {lab.file: lab for lab in load_labels(labels_dir)}
    drifts: dict[str, list[int]] = {a: [] for a in AREAS}
    worst: list[str] = []
    pairs = 0
    for twin in sorted(directory.glob("*__twin.txt")):
        original = directory / twin.name.replace("__twin", "")
        label = labels[original.name]
        a = _levels(_score(load_transcript(original), brain, label))
        b = _levels(_score(load_transcript(twin), brain, label))
        pairs += 1
        for area in AREAS:
            d = abs((a[area] or 0) - (b[area] or 0)) if (a[area] is None) == (b[area] is None) else 1
            drifts[area].append(d)
            if d > 1:
                worst.append(f"{original.name} {area}: {a[area]} -> {b[area]}")
    flat = [d for ds in drifts.values() for d in ds]
    return ParaphraseReport(pairs=pairs, mean_drift=round(sum(flat) / len(flat), 3) if flat else 0.0,
                            max_drift=max(flat, default=0),
                            drift_by_area={a: round(sum(ds) / len(ds), 3) if ds else 0.0 for a, ds in drifts.items()},
                            worst=worst)


# --- stuffing and filler ------------------------------------------------------------------------

TEMPLATES = {
    "list": lambda terms: "We'd also use " + ", ".join(terms[:-1]) + f" and {terms[-1]}.",
    "filler": lambda terms: " ".join(f"In this design I would rely on {t}, because it addresses exactly the risk we "
                                     "are discussing here." for t in terms),
    "template": lambda terms: " ".join(f"Concretely, {t} matters a lot here, since without it the system would "
                                       "quietly get worse over time." for t in terms),
    "hype": lambda terms: ("We'd leverage a state-of-the-art, end-to-end stack with " + ", ".join(terms)
                           + ", following industry best practices throughout."),
    "reasons": lambda terms: " ".join(f"{t.capitalize()} is important because it is a best practice that makes the "
                                      "system more robust and improves performance." for t in terms),
}


def rubric_terms(question: Question | None, limit: int = 14) -> list[str]:
    """The rubric's own vocabulary: the first name of each deep ladder point (or generic concepts)."""
    if question is None:
        return ["position bias correction", "inverse propensity weighting", "delayed labels", "interleaving",
                "canary rollout", "shadow mode", "calibration", "distillation", "feature store", "drift monitoring",
                "two-tower retrieval", "A/B testing", "statistical power", "time-based split"][:limit]
    terms = [p.synonyms[0] for area in AREAS for lv in question.ladders[area].levels[1:] for p in lv.points]
    return terms[::max(1, len(terms) // limit)][:limit]


class StuffingCase(BaseModel):
    file: str
    style: str
    raised: list[str]
    """Areas whose level rose above the honest transcript's."""


class StuffingReport(BaseModel):
    transcripts: int
    runs: int
    raised_runs: int
    raised_areas: int
    one_answer: dict[str, str]
    """Recommendation of a one-answer interview stuffed in each style (must never be hire)."""
    cases: list[StuffingCase]


def run_stuffing(labels_dir: Path, brain: Brain) -> StuffingReport:
    cases: list[StuffingCase] = []
    bank = load_questions()
    weak = [lab for lab in load_labels(labels_dir) if lab.overall <= 2]
    for label in weak:
        t = load_transcript(labels_dir / label.file)
        honest = _levels(_score(t, brain, label))
        terms = rubric_terms(bank.get(label.question))
        for style, make in TEMPLATES.items():
            stuffed = _levels(_score(with_attack(t, make(terms)), brain, label))
            raised = [a for a in AREAS if (stuffed[a] or 0) > (honest[a] or 0)]
            cases.append(StuffingCase(file=label.file, style=style, raised=raised))
    one_answer = {}
    q = get_question("video_recommendations")
    for style, make in TEMPLATES.items():
        text = f"Interviewer: {q.prompt}\nCandidate: {make(rubric_terms(q, limit=40))}\n"
        card = score_transcript(parse_text(text, "stuffed"), brain, question_id=q.id, tier="faang")
        one_answer[style] = card.overall.recommendation
    return StuffingReport(transcripts=len(weak), runs=len(cases), raised_runs=sum(1 for c in cases if c.raised),
                          raised_areas=sum(len(c.raised) for c in cases), one_answer=one_answer, cases=cases)


# --- negation and hedges ------------------------------------------------------------------------

class NegationReport(BaseModel):
    answers: int
    credited: int
    """Disowned, vague or denying answers that still earned firm credit in their area."""
    examples: list[str]


def _bank_answers(split: set[str] | None) -> list[tuple[str, str, str, str]]:
    """(question, area, kind, text) for every dont_know and hedge answer of the blind answer banks."""
    out = []
    root = resources.files("evals.sim").joinpath("answers")
    for qdir in sorted(root.iterdir(), key=lambda p: p.name):
        if split is not None and qdir.name not in split:
            continue
        for area in AREAS:
            data = yaml.safe_load(qdir.joinpath(f"{area}.yaml").read_text(encoding="utf-8"))
            for kind in ("dont_know", "hedge"):
                out += [(qdir.name, area, kind, text) for text in data.get(kind, [])]
    return out


def run_negation(brain: Brain, questions: set[str] | None = None, phrasing_set: str = "dev") -> NegationReport:
    bank = load_questions()
    examples: list[str] = []
    answers = credited = 0
    for qid, area, kind, text in _bank_answers(questions):
        a = brain.assess(AssessRequest(question=bank[qid], area=area, level=2, probe="", answer=text))  # type: ignore[arg-type]
        answers += 1
        firm = [h for h in a.points_hit if h.area == area and h.explained and not h.hedged]
        if firm and (kind == "dont_know" or a.verdict == "solid"):
            credited += 1
            examples.append(f"{qid}/{area}/{kind}: {[h.point for h in firm]} <- {text[:80]}")
    practices = {m.id: m.practice for m in load_misconceptions().misconceptions if m.practice}
    data = yaml.safe_load((HERE / "misconceptions" / f"{phrasing_set}.yaml").read_text(encoding="utf-8"))
    for item in data["items"]:
        wanted = {f"concept:{c}" for c in practices.get(item["id"], [])}
        if not wanted:
            continue
        for text in item["wrong"]:
            a = brain.assess(AssessRequest(question=None, area="data", level=2, probe="", answer=text))
            answers += 1
            hit = [h.point for h in a.points_hit if h.point in wanted and h.explained and not h.hedged]
            if hit:
                credited += 1
                examples.append(f"denied {item['id']}: {hit} <- {text[:80]}")
    return NegationReport(answers=answers, credited=credited, examples=examples[:20])


def report_json(*reports: BaseModel) -> str:
    return json.dumps([r.model_dump() for r in reports], indent=1)
