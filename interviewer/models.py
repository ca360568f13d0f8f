"""Domain vocabulary shared by every layer: areas, tiers, roles, assessments and turns."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rubrics.vocabulary import AREA_NAMES, AREAS, TIERS, Area, Role, TeamFocus, TeamTrack, Tier

__all__ = ["AREAS", "TIERS", "Area", "Role", "TeamFocus", "TeamTrack", "Tier"]

AREA_TITLES: dict[str, str] = AREA_NAMES

Recommendation = Literal["strong_no_hire", "no_hire", "lean_hire", "hire", "strong_hire"]
RECOMMENDATIONS: tuple[Recommendation, ...] = ("strong_no_hire", "no_hire", "lean_hire", "hire", "strong_hire")
Speaker = Literal["interviewer", "candidate"]
BrainKind = Literal["offline", "llm"]

Verdict = Literal["solid", "partial", "weak", "wrong", "dont_know", "question", "empty"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PointKey(Frozen):
    """One idea of the rubric: a ladder talking point (`point` is its id) or a generic concept
    (`point` is `concept:<id>`), at a level of an area."""

    area: Area
    level: int = Field(ge=1, le=4)
    point: str


class PointHit(Frozen):
    """An idea the candidate covered, with the whole sentence that shows it."""

    area: Area
    level: int = Field(ge=1, le=4)
    point: str
    quote: str
    explained: bool
    """A reason with substance was given, not just the name."""
    hedged: bool = False

    @property
    def key(self) -> PointKey:
        return PointKey(area=self.area, level=self.level, point=self.point)


class Problem(Frozen):
    """A confident (or hedged) technical error, charged to the area it belongs to."""

    area: Area
    id: str
    text: str
    quote: str
    correct: str = ""
    hedged: bool = False


class Signals(Frozen):
    """How the answer was said: what it asked, assumed, hedged, disowned, or tried to slip past the grader."""

    questions: list[str] = []
    """Clarifying questions to the interviewer, anywhere in the answer."""
    topics: list[str] = []
    """Requirement topics asked about or assumed (users, scale, latency, labels...)."""
    assumptions: list[str] = []
    hedged: bool = False
    dont_know: bool = False
    denied: list[PointKey] = []
    """Ideas the candidate dismissed or negated ("we don't need to monitor drift")."""
    disowned: list[PointKey] = []
    """Ideas named with "I don't know ..." - never credited."""
    injected: list[str] = []
    """Passages aimed at the grader, set aside unread."""
    filler: bool = False
    """Terms in lists or a repeated template with nothing said about them."""
    phrases: list[str] = []
    """Phrases a tier's red flags listen for ("not my job"), as found."""
    echoes: list[str] = []
    """Short phrases in the candidate's own words worth saying back in a follow-up."""
    truncated: bool = False
    reasoned: int = 0
    overclaimed: list[str] = []
    absolutes: list[str] = []
    """Sentences claiming something holds always, never or by definition: tested before going deeper."""
    """Sentences that declared a problem solved, free or guaranteed: nothing in the answer counts as explained."""
    """Sentences that argued a point in words of their own (reasons the lexicon has no name for)."""


class Assessment(Frozen):
    """The brain's judgement of one candidate answer, read once and carried as typed data."""

    area: Area
    level_probed: int = Field(ge=1, le=4)
    verdict: Verdict
    points_hit: list[PointHit]
    problems: list[Problem] = []
    signals: Signals = Signals()
    depth_shown: int = Field(ge=0, le=4)
    confidence: float = Field(ge=0.0, le=1.0)
    note: str = ""

    @model_validator(mode="before")
    @classmethod
    def _from_schema_one(cls, data: Any) -> Any:
        """Sessions written before typed problems (schema 1) carried flags and "area: text (quote)"."""
        if not isinstance(data, dict) or "correctness_problems" not in data:
            return data
        data = dict(data)
        old = data.pop("correctness_problems") or []
        flags = {k: data.pop(k, False) for k in ("hedged", "dont_know", "is_question", "injection_suspected")}
        problems = []
        for text in old:
            area, _, rest = str(text).partition(": ")
            what, _, quote = rest.rpartition(" (")
            problems.append({"area": area if area in AREAS else data.get("area", "problem_framing"),
                             "id": "recorded", "text": what or rest, "quote": quote.rstrip(")")})
        data["problems"] = problems
        data["signals"] = {"hedged": flags["hedged"], "dont_know": flags["dont_know"],
                           "injected": ["(recorded)"] if flags["injection_suspected"] else []}
        return data

    @property
    def is_question(self) -> bool:
        return self.verdict == "question"

    @property
    def dont_know(self) -> bool:
        return self.signals.dont_know

    @property
    def hedged(self) -> bool:
        return self.signals.hedged

    @property
    def injection_suspected(self) -> bool:
        return bool(self.signals.injected)

    @property
    def passed(self) -> bool:
        """The answer showed the probed level: something at that level or deeper explained firmly in the
        probed area, with no confident error there and no "I don't know"; from level 3 up, with at least
        one sentence that argues a point (a reason, consequence or number) rather than naming things."""
        if self.dont_know or any(p.area == self.area and not p.hedged for p in self.problems):
            return False
        if self.level_probed >= 3 and not self.signals.reasoned:  # depth is argued, not named
            return False
        return self.verdict == "solid" or any(
            h.area == self.area and h.explained and not h.hedged and h.level >= self.level_probed
            for h in self.points_hit)


class Evidence(Frozen):
    turn: int
    quote: str


class TeamType(Frozen):
    """Where the team sits on the two axes: infra vs ML focus, research vs application."""

    focus: TeamFocus = "hybrid"
    track: TeamTrack = "mixed"
