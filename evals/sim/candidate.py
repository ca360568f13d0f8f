"""Simulated candidates who answer from blind answer banks, with a known edge per area.

The banks (evals/sim/answers/<question>/) were written by people who never saw the ladders, the
lexicons or the scorer, so what the interviewer finds measures its reading, not its own vocabulary.
Each answer the candidate gives is labelled with what it is (a level-k answer, or a failure of some
kind), which is what the interviewer harness grades follow-ups against.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel

from interviewer.models import AREAS, Area, Role
from rubrics import parse_data

Failure = Literal["hedge", "dont_know", "wrong", "bluff"]
AnswerKind = Literal["level", "hedge", "dont_know", "wrong", "bluff", "question", "assumption", "command"]


class Profile(BaseModel):
    id: str
    description: str
    role: Role
    edges: dict[Area, int]
    failure: Failure
    clarifies: int = 0
    assumes: bool = False
    asks_inside: bool = False
    focus: Area | None = None


class ProfilesFile(BaseModel):
    version: str
    test_banks: list[str] = []
    profiles: list[Profile]


class AreaBank(BaseModel):
    level_1: list[str]
    level_2: list[str]
    level_3: list[str]
    level_4: list[str]
    dont_know: list[str]
    hedge: list[str]
    bluff: list[str]
    wrong: list[str]
    question_in_answer: list[str] = []

    def level(self, k: int) -> list[str]:
        return getattr(self, f"level_{k}")  # type: ignore[no-any-return]


class Bank(BaseModel):
    question: str
    clarifying: list[str]
    assumptions: list[str]
    areas: dict[Area, AreaBank]


class Answer(BaseModel):
    text: str
    kind: AnswerKind
    level: int = 0


@cache
def _profiles_file() -> ProfilesFile:
    text = resources.files("evals.sim").joinpath("profiles.yaml").read_text(encoding="utf-8")
    return parse_data(text, ProfilesFile, "evals/sim/profiles.yaml")


def load_profiles() -> dict[str, Profile]:
    return {p.id: p for p in _profiles_file().profiles}


def held_out_banks() -> frozenset[str]:
    """Answer banks never used to tune the interviewer: their figures are reported apart."""
    return frozenset(_profiles_file().test_banks)


@cache
def load_bank(question_id: str) -> Bank:
    root = resources.files("evals.sim").joinpath("answers").joinpath(question_id)
    start = yaml.safe_load(root.joinpath("start.yaml").read_text(encoding="utf-8"))
    areas = {a: yaml.safe_load(root.joinpath(f"{a}.yaml").read_text(encoding="utf-8")) for a in AREAS}
    return Bank.model_validate({"question": question_id, "clarifying": start["clarifying"],
                                "assumptions": start["assumptions"], "areas": areas})


def banked_questions() -> list[str]:
    root = resources.files("evals.sim").joinpath("answers")
    return sorted(p.name for p in root.iterdir() if p.is_dir())


class SimulatedCandidate:
    """Answers the interviewer's pending probe as the profile would, never the same words twice."""

    def __init__(self, profile: Profile, bank: Bank, start: int = 0) -> None:
        self.profile = profile
        self.bank = bank
        self.start = start
        self.asked = 0
        self.used: dict[tuple[str, str], int] = {}
        self.turn = 0

    def _pick(self, area: Area, key: str, options: list[str]) -> str:
        i = self.used.get((area, key), self.start)
        self.used[(area, key)] = i + 1
        return options[i % len(options)]

    def answer(self, phase: str, area: Area, level: int) -> Answer:
        self.turn += 1
        p = self.profile
        if phase == "clarify" and self.asked < p.clarifies:
            self.asked += 1
            return Answer(text=self.bank.clarifying[(self.asked - 1) % len(self.bank.clarifying)], kind="question")
        bank = self.bank.areas[area]
        if level <= p.edges[area]:  # someone who knows answers at their own depth, whatever was asked
            depth = p.edges[area]
            if p.asks_inside and bank.question_in_answer and self.turn % 4 == 0 and depth <= 2:
                return Answer(text=self._pick(area, "q", bank.question_in_answer), kind="level", level=2)
            text = self._pick(area, f"level_{depth}", bank.level(depth))
            level = depth
            if p.assumes and area == "problem_framing" and self.used.get((area, "assumed"), 0) == 0:
                self.used[(area, "assumed")] = 1
                text = f"{self.bank.assumptions[0]} {text}"
            return Answer(text=text, kind="level", level=level)
        failure: Failure = p.failure
        return Answer(text=self._pick(area, failure, getattr(bank, failure)), kind=failure)
