"""Pydantic schema of the reader's data files: language.yaml, concepts.yaml and misconceptions.yaml."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from rubrics.schema import Spec
from rubrics.vocabulary import Area


class LanguageFile(Spec):
    """Lexicons the offline reader uses (patterns over stemmed words, see interviewer/lexicon.py)."""

    version: str
    groups: dict[str, list[str]] = {}
    dont_know: list[str]
    hedges: list[str]
    negators: list[str]
    denials: list[str]
    dismissals: list[str]
    preventives: list[str]
    reasons: list[str]
    trade_offs: list[str]
    conditions: list[str]
    number_words: list[str]
    vague: list[str]
    stop_words: list[str]
    hype: list[str]
    overclaims: list[str]
    absolutes: list[str]
    question_openers: list[str]
    rhetorical: list[str]
    rhetorical_tags: list[str]
    assumptions: list[str]
    requirement_topics: dict[str, list[str]]
    injection: list[str]


IdeaKind = Literal["practice", "risk"]


class Concept(Spec):
    """A generic idea of the five-area rubric, found in any question's answers."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    area: Area
    level: int = Field(ge=1, le=4)
    kind: IdeaKind
    text: str
    ask: str
    example: str
    match: list[str]

    @property
    def point(self) -> str:
        return f"concept:{self.id}"


class DeepDive(Spec):
    """A question that pushes a specialist's focus area past the talking points (asked at level 4)."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    area: Area
    ask: str

    @property
    def point(self) -> str:
        return f"deep:{self.id}"


class ConceptsFile(Spec):
    version: str
    groups: dict[str, list[str]] = {}
    concepts: list[Concept]
    deep_dives: list[DeepDive] = []

    @model_validator(mode="after")
    def _unique(self) -> ConceptsFile:
        ids = [c.id for c in self.concepts] + [d.point for d in self.deep_dives]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate concept id(s): {', '.join(dupes)}")
        return self

    def find(self, point: str) -> Concept | DeepDive | None:
        """The generic idea (`concept:<id>`) or deep dive (`deep:<id>`) a target point names."""
        return next((item for item in (*self.concepts, *self.deep_dives) if item.point == point), None)


class MisconceptionSpec(Spec):
    """A confidently wrong claim, found two ways: `match` patterns state it ("a random split is fine")
    and are wrong unless negated or warned against; `denies` patterns name a best practice and are
    wrong when negated ("no need to monitor drift"). `reject` words make a sentence a warning instead."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    area: Area
    practice: list[str] = []
    """Concepts of concepts.yaml this claim denies (a negated best practice must not earn them)."""
    problem: str
    correct: str
    challenge: str = ""
    """What the interviewer asks when a candidate states it: a question, not the answer."""
    match: list[str] = []
    denies: list[str] = []
    topic: list[str] = []
    """Wider patterns for the subject itself; whether a sentence asserts or rejects it is the stance model's call."""
    reject: list[str] = []

    @model_validator(mode="after")
    def _has_patterns(self) -> MisconceptionSpec:
        if not self.match and not self.denies:
            raise ValueError(f"{self.id}: needs match or denies patterns")
        return self


class MisconceptionsFile(Spec):
    version: str
    groups: dict[str, list[str]] = {}
    reject: list[str] = []
    """Words that turn any claim into a warning against it ("a random split would leak the future")."""
    misconceptions: list[MisconceptionSpec]
