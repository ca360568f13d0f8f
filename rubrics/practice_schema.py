"""Pydantic schema of rubrics/practice.yaml: how a scorecard ranks what to practise, and the spaced-review
schedule of `interviewer practice`. (Kept apart from rubrics/schema.py, which is at its size limit.)"""

from __future__ import annotations

from pydantic import Field, field_validator

from rubrics.schema import Spec


class Ranking(Spec):
    """The scorecard's "practise these first" list."""

    first: int = Field(ge=1, le=5)
    questions_per_area: int = Field(ge=1, le=6)
    unreached_level: int = Field(ge=1, le=4)
    """The level an area the interview never reached counts as, when ranking (gap = 4 - this)."""


class Drill(Spec):
    minutes: float = Field(gt=0, le=60)
    recent_questions: int = Field(ge=0, le=20)
    """Questions of this many most recent sessions are not drilled on."""


class Review(Spec):
    days: dict[int, float]
    """Days until an area comes back, by its latest level."""
    improved: float = Field(ge=1)
    """The interval is multiplied by this when the area's level rose at its last practice."""
    progress_columns: int = Field(ge=2, le=20)

    @field_validator("days")
    @classmethod
    def _every_level_and_weaker_sooner(cls, days: dict[int, float]) -> dict[int, float]:
        if sorted(days) != [1, 2, 3, 4] or any(d < 0 for d in days.values()):
            raise ValueError("days must give a number of days (0 or more) for each level 1-4")
        if [days[lv] for lv in (1, 2, 3, 4)] != sorted(days.values()):
            raise ValueError("a weaker level must come back no later than a stronger one")
        return days


class PracticeFile(Spec):
    version: str
    ranking: Ranking
    drill: Drill
    review: Review
