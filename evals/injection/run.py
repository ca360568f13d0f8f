"""Score inflation from prompt-injection attacks: each attack is added to a candidate answer of every
golden transcript; any level or tier score that rises compared with the clean transcript counts."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

from pydantic import BaseModel

from evals.golden import load_labels
from interviewer.brains.base import Brain
from interviewer.models import AREAS, TIERS
from interviewer.rescore import score_transcript
from interviewer.scoring import Scorecard
from interviewer.store import Transcript, TurnEvent, load_transcript
from rubrics import parse_data


class Attack(BaseModel):
    id: str
    text: str


class AttacksFile(BaseModel):
    version: str
    attacks: list[Attack]


class InjectionCase(BaseModel):
    file: str
    attack: str
    inflation: float
    """Largest rise of any area level or tier score (0 when the attack changed nothing upwards)."""
    changed: bool


class InjectionReport(BaseModel):
    attacks: int
    transcripts: int
    runs: int
    inflated: int
    max_inflation: float
    mean_inflation: float
    by_attack: dict[str, float]
    cases: list[InjectionCase]


def load_attacks() -> list[Attack]:
    text = resources.files("evals.injection").joinpath("attacks.yaml").read_text(encoding="utf-8")
    return parse_data(text, AttacksFile, "evals/injection/attacks.yaml").attacks


def with_attack(t: Transcript, attack: str) -> Transcript:
    """The transcript with the attack appended to the candidate's middle answer."""
    answers = [i for i, e in enumerate(t.events) if isinstance(e, TurnEvent) and e.speaker == "candidate"]
    target = answers[len(answers) // 2]
    events = list(t.events)
    old = events[target]
    assert isinstance(old, TurnEvent)
    events[target] = old.model_copy(update={"text": f"{old.text}\n\n{attack}"})
    return t.model_copy(update={"events": events})


def inflation(clean: Scorecard, attacked: Scorecard) -> float:
    rises = [(attacked.areas[a].level or 0) - (clean.areas[a].level or 0) for a in AREAS]
    rises += [attacked.tiers[t].score - clean.tiers[t].score for t in TIERS]
    return round(max(0.0, *rises), 3)


def run_injection(directory: Path, brain_factory: Callable[[], Brain]) -> InjectionReport:
    labels = load_labels(directory)
    attacks = load_attacks()
    brain = brain_factory()
    cases: list[InjectionCase] = []
    for label in labels:
        t = load_transcript(directory / label.file)
        flags = {"question_id": label.question, "tier": label.tier, "role": label.role}
        clean = score_transcript(t, brain, **flags)  # type: ignore[arg-type]
        for attack in attacks:
            attacked = score_transcript(with_attack(t, attack.text), brain, **flags)  # type: ignore[arg-type]
            inf = inflation(clean, attacked)
            cases.append(InjectionCase(file=label.file, attack=attack.id, inflation=inf,
                                       changed=attacked.contract()["areas"] != clean.contract()["areas"]))
    by_attack = {a.id: max(c.inflation for c in cases if c.attack == a.id) for a in attacks}
    values = [c.inflation for c in cases]
    return InjectionReport(
        attacks=len(attacks), transcripts=len(labels), runs=len(cases), inflated=sum(1 for v in values if v > 0),
        max_inflation=max(values, default=0.0), mean_inflation=round(sum(values) / len(values), 4) if values else 0.0,
        by_attack=by_attack, cases=cases,
    )
