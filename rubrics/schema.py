"""Pydantic schema of the rubric, tier, language and question-bank data files."""

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


class Misconception(Spec):
    """A confidently wrong claim an interviewer would mark down, with phrasings that reveal it."""

    id: str
    problem: str
    phrases: list[str] = Field(min_length=1)


class AreaSpec(Spec):
    id: Area
    title: str
    description: str
    anchors: list[LevelAnchor] = Field(min_length=4, max_length=4)
    keywords: list[str] = Field(min_length=1)
    misconceptions: list[Misconception] = []

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


# --- language.yaml ----------------------------------------------------------------------------

class LanguageFile(Spec):
    """Lexicons the offline brain uses to read answers (phrases are matched on normalised words)."""

    version: str
    dont_know: list[str]
    hedges: list[str]
    injection: list[str]
    question_openers: list[str]
    assumptions: list[str]
    trade_offs: list[str]


# --- questions/*.yaml -------------------------------------------------------------------------

class TalkingPoint(Spec):
    id: str
    text: str
    synonyms: list[str] = Field(min_length=1)


class LadderLevel(Spec):
    level: int = Field(ge=1, le=4)
    title: str
    points: list[TalkingPoint] = Field(min_length=2)
    probes: list[str] = Field(min_length=2)
    hint: str
    stronger: str


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

class ScoringFile(Spec):
    version: str
    edge_scores: dict[int, float]
    points_needed: dict[int, int]
    problem_penalty: float = Field(ge=0)
    max_problem_penalty: float = Field(ge=0)
    hint_penalty: float = Field(ge=0)
    max_hint_penalty: float = Field(ge=0)
    covered_min_points: int = Field(ge=1)
    min_coverage_for_hire: float = Field(ge=0, le=1)
    red_flag_steps: int = Field(ge=0)
    max_red_flag_steps: int = Field(ge=0)
    min_answers_for_absence_flags: int = Field(ge=0)
    unclarified_framing_max: int = Field(ge=1, le=4)

    @field_validator("edge_scores")
    @classmethod
    def _all_edges(cls, table: dict[int, float]) -> dict[int, float]:
        if sorted(table) != [0, 1, 2, 3, 4] or any(not 1 <= v <= 4 for v in table.values()):
            raise ValueError("edge_scores must map each edge 0-4 to a score between 1 and 4")
        return table

    @field_validator("points_needed")
    @classmethod
    def _all_levels(cls, table: dict[int, int]) -> dict[int, int]:
        if sorted(table) != [1, 2, 3, 4] or any(v < 1 for v in table.values()):
            raise ValueError("points_needed must give at least 1 for each level 1-4")
        return table
