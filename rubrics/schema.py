"""Pydantic schema of the rubric, tier, question-bank and scoring data files (the reader's lexicons are in
`rubrics/lexicon_schema.py`)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from rubrics.vocabulary import AREAS, Area, Role, TeamFocus, TeamTrack, Tier


class Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- areas.yaml -------------------------------------------------------------------------------

class LevelAnchor(Spec):
    level: int = Field(ge=1, le=4)
    name: str
    description: str


class AreaSpec(Spec):
    id: Area
    title: str
    description: str
    anchors: list[LevelAnchor] = Field(min_length=4, max_length=4)
    keywords: list[str] = Field(min_length=1)
    transitions: list[str] = []
    headings: list[str] = []
    """Words that, as a turn's first short sentence ("Evaluation." "Fine. Model."), announce the area."""

    @field_validator("anchors")
    @classmethod
    def _levels_one_to_four(cls, anchors: list[LevelAnchor]) -> list[LevelAnchor]:
        if [a.level for a in anchors] != [1, 2, 3, 4]:
            raise ValueError("anchors must be levels 1, 2, 3, 4 in order")
        return anchors

    def anchor(self, level: int) -> LevelAnchor:
        return self.anchors[level - 1]


class AreasFile(Spec):
    version: str
    areas: list[AreaSpec]

    @field_validator("areas")
    @classmethod
    def _all_five(cls, areas: list[AreaSpec]) -> list[AreaSpec]:
        if tuple(a.id for a in areas) != AREAS:
            raise ValueError(f"areas must be exactly {', '.join(AREAS)} in that order")
        return areas


# --- tiers.yaml -------------------------------------------------------------------------------

class Priority(Spec):
    name: str
    percent: int = Field(ge=0, le=100)
    items: list[str]
    areas: list[Area]
    note: str = ""


RuleKind = Literal["area_below", "phrases_any", "phrases_none", "no_clarifying_questions", "not_assessable"]


class RedFlagRule(Spec):
    """How a red flag is detected in a transcript. `not_assessable` flags are listed, never raised."""

    kind: RuleKind
    area: Area | None = None
    below: int | None = Field(default=None, ge=2, le=4)
    phrases: list[str] = []

    @model_validator(mode="after")
    def _complete(self) -> RedFlagRule:
        if self.kind == "area_below" and (self.area is None or self.below is None):
            raise ValueError("area_below needs area and below")
        if self.kind in ("phrases_any", "phrases_none") and not self.phrases:
            raise ValueError(f"{self.kind} needs phrases")
        return self


class RedFlag(Spec):
    id: str
    text: str
    rule: RedFlagRule


class Thresholds(Spec):
    """Minimum weighted score (1–4 scale) for each recommendation; below no_hire is strong_no_hire."""

    strong_hire: float
    hire: float
    lean_hire: float
    no_hire: float

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if not (4 >= self.strong_hire > self.hire > self.lean_hire > self.no_hire >= 1):
            raise ValueError("thresholds must satisfy 4 >= strong_hire > hire > lean_hire > no_hire >= 1")
        return self


class TierSpec(Spec):
    id: Tier
    name: str
    companies: list[str]
    focus: str
    priorities: list[Priority]
    weights: dict[Area, float]
    rationale: dict[Area, str]
    thresholds: Thresholds
    must_have: dict[Area, int] = {}
    red_flags: list[RedFlag]
    example_question: str
    example_question_id: str

    @field_validator("priorities")
    @classmethod
    def _percent_total(cls, priorities: list[Priority]) -> list[Priority]:
        total = sum(p.percent for p in priorities)
        if total != 100:
            raise ValueError(f"priority percentages add up to {total}, not 100")
        return priorities

    @model_validator(mode="after")
    def _weights(self) -> TierSpec:
        if set(self.weights) != set(AREAS) or set(self.rationale) != set(AREAS):
            raise ValueError("weights and rationale must name all five areas")
        if abs(sum(self.weights.values()) - 1.0) > 1e-6:
            raise ValueError(f"weights add up to {sum(self.weights.values()):.3f}, not 1.0")
        return self


class TeamOption(Spec):
    """One position on a team axis and how it shifts the area weights and time."""

    id: str
    name: str
    description: str
    multipliers: dict[Area, float] = {}
    expectations: list[str]


class RoleSpec(Spec):
    id: Role
    name: str
    description: str
    expectation: Literal["breadth", "depth"]
    min_level: int = Field(ge=1, le=4)
    expectations: list[str]


class TiersFile(Spec):
    version: str
    tiers: list[TierSpec]
    team_focus: list[TeamOption]
    team_track: list[TeamOption]
    roles: list[RoleSpec]

    @model_validator(mode="after")
    def _complete(self) -> TiersFile:
        if sorted(t.id for t in self.tiers) != sorted(("faang", "growth_startup", "research_lab")):
            raise ValueError("tiers must be faang, growth_startup and research_lab")
        focus_ids: set[str] = set(TeamFocus.__args__)  # type: ignore[attr-defined]
        track_ids: set[str] = set(TeamTrack.__args__)  # type: ignore[attr-defined]
        if {o.id for o in self.team_focus} != focus_ids:
            raise ValueError(f"team_focus must be {sorted(focus_ids)}")
        if {o.id for o in self.team_track} != track_ids:
            raise ValueError(f"team_track must be {sorted(track_ids)}")
        if sorted(r.id for r in self.roles) != ["generalist", "specialist"]:
            raise ValueError("roles must be generalist and specialist")
        return self

    def tier(self, tier_id: str) -> TierSpec:
        return next(t for t in self.tiers if t.id == tier_id)

    def role(self, role_id: str) -> RoleSpec:
        return next(r for r in self.roles if r.id == role_id)


# --- questions/*.yaml -------------------------------------------------------------------------

class TalkingPoint(Spec):
    id: str
    text: str
    synonyms: list[str] = Field(min_length=1)
    ask: str = ""
    """A question that targets this point without giving it away (the interviewer's probe for it)."""
    simpler: str = ""
    """The same question made simpler or more concrete, for a second try after a miss."""


class LadderLevel(Spec):
    level: int = Field(ge=1, le=4)
    title: str
    points: list[TalkingPoint] = Field(min_length=2)
    probes: list[str] = Field(min_length=2)
    hint: str
    stronger: str

    def point(self, point_id: str) -> TalkingPoint | None:
        """The talking point with this id at this level, if there is one."""
        return next((p for p in self.points if p.id == point_id), None)


class Ladder(Spec):
    levels: list[LadderLevel] = Field(min_length=4, max_length=4)

    @field_validator("levels")
    @classmethod
    def _levels_one_to_four(cls, levels: list[LadderLevel]) -> list[LadderLevel]:
        if [lv.level for lv in levels] != [1, 2, 3, 4]:
            raise ValueError("ladder levels must be 1, 2, 3, 4 in order")
        return levels

    def at(self, level: int) -> LadderLevel:
        return self.levels[level - 1]


class Fact(Spec):
    topic: str
    keywords: list[str] = Field(min_length=1)
    answer: str


class Question(Spec):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_]*$")
    title: str
    tier: Tier
    summary: str
    prompt: str
    facts: list[Fact] = Field(min_length=3)
    ladders: dict[Area, Ladder]
    tags: list[str] = []
    source: str = ""

    @field_validator("ladders")
    @classmethod
    def _all_areas(cls, ladders: dict[Area, Ladder]) -> dict[Area, Ladder]:
        missing = [a for a in AREAS if a not in ladders]
        if missing:
            raise ValueError(f"ladders missing area(s): {', '.join(missing)}")
        return ladders

    @model_validator(mode="after")
    def _unique_point_ids(self) -> Question:
        seen: set[str] = set()
        for area, ladder in self.ladders.items():
            for lv in ladder.levels:
                for p in lv.points:
                    key = f"{area}.{p.id}"
                    if key in seen:
                        raise ValueError(f"duplicate talking point id {key}")
                    seen.add(key)
        return self


# --- scoring.yaml -----------------------------------------------------------------------------

class Inference(Spec):
    """When a plain transcript is said to be about a bank question (otherwise: the generic rubric)."""

    opening_turns: int = Field(ge=1)
    min_score: float = Field(ge=0, le=1)
    min_margin: float = Field(ge=1)
    min_mass: float = Field(gt=0)
    mass_margin: float = Field(ge=1)


class Reasoning(Spec):
    min_substance: int = Field(ge=1)
    credit: float = Field(ge=0, le=1)
    cap: int = Field(ge=0)
    argued: int = Field(ge=1)


class FramingCap(Spec):
    base: float = Field(ge=1, le=4)
    per_topic: float = Field(ge=0, le=1)


class ScoringFile(Spec):
    version: str
    evidence_base: float = Field(ge=1, le=4)
    level_weights: dict[int, float]
    credit_cap: float = Field(gt=0)
    points_needed: dict[int, float]
    hedged_credit: float = Field(ge=0, le=1)
    named_credit: float = Field(ge=0, le=1)
    problem_penalty: float = Field(ge=0)
    max_problem_penalty: float = Field(ge=0)
    problem_cap: int = Field(ge=1, le=4)
    hint_penalty: float = Field(ge=0)
    max_hint_penalty: float = Field(ge=0)
    covered_min_points: float = Field(ge=0)
    framing_topics: dict[int, int]
    framing_cap: FramingCap
    min_coverage_for_hire: float = Field(ge=0, le=1)
    red_flag_steps: int = Field(ge=0)
    max_red_flag_steps: int = Field(ge=0)
    min_answers_for_absence_flags: int = Field(ge=0)
    inference: Inference
    thread_turns: int = Field(ge=1)
    thread_chars: int = Field(ge=100)
    specialist_focus_boost: float = Field(ge=1)
    reasoning: Reasoning

    @field_validator("level_weights")
    @classmethod
    def _all_weights(cls, table: dict[int, float]) -> dict[int, float]:
        if sorted(table) != [1, 2, 3, 4] or any(v < 0 for v in table.values()):
            raise ValueError("level_weights must give a weight of at least 0 to each level 1-4")
        return table

    @field_validator("points_needed")
    @classmethod
    def _all_levels(cls, table: dict[int, float]) -> dict[int, float]:
        if sorted(table) != [1, 2, 3, 4] or any(v < 1 for v in table.values()):
            raise ValueError("points_needed must give at least 1 for each level 1-4")
        return table
