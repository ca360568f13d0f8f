"""The interview's time box: each area's share of the time, its budget, and the clock."""

from __future__ import annotations

from interviewer.models import Area
from interviewer.scoring import tier_weights
from interviewer.settings import InterviewSettings
from rubrics import load_scoring, load_tiers

BREADTH = 2
"""Points passed at a level before going deeper, when the level has that many and time allows."""


def breadth(settings: InterviewSettings, area: Area) -> int:
    """Points passed at a level before going deeper: a specialist's interview trades breadth outside the
    focus area for depth inside it."""
    if settings.role == "specialist" and settings.focus is not None and settings.focus != area:
        return 1
    return BREADTH


def area_weights(settings: InterviewSettings) -> dict[Area, float]:
    """Share of interview time per area: tier weights, shifted by team type and a specialist's focus."""
    weights = dict(tier_weights(load_tiers().tier(settings.tier), settings.team))
    if settings.role == "specialist" and settings.focus in weights:
        weights[settings.focus] *= load_scoring().specialist_focus_boost  # type: ignore[index]
    total = sum(weights.values())
    return {a: w / total for a, w in weights.items()}


def area_budget(settings: InterviewSettings, area: Area, elapsed: float, remaining: list[Area]) -> float:
    """Seconds for `area`: its weighted share of the time left among the areas still to come."""
    weights = area_weights(settings)
    left = max(0.0, settings.minutes * 60 - elapsed)
    share = sum(weights[a] for a in remaining) or 1.0
    return left * weights[area] / share


def time_left(settings: InterviewSettings, elapsed: float) -> float:
    return max(0.0, settings.minutes * 60 - elapsed)


def time_is_up(settings: InterviewSettings, elapsed: float) -> bool:
    return time_left(settings, elapsed) <= 0


def clock_seconds(asked_at: float, now: float, cap: float) -> float:
    """Interview time an answer used: from the question to the answer, never more than `cap` (breaks,
    a closed app and crashes do not eat the candidate's interview)."""
    return max(0.0, min(now - asked_at, cap))
