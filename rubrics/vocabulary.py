"""The rubric's fixed vocabulary: the five areas, three tiers, roles and team axes."""

from __future__ import annotations

from typing import Literal

Area = Literal["problem_framing", "data", "modeling", "evaluation", "deployment"]
AREAS: tuple[Area, ...] = ("problem_framing", "data", "modeling", "evaluation", "deployment")
Tier = Literal["faang", "growth_startup", "research_lab"]
TIERS: tuple[Tier, ...] = ("faang", "growth_startup", "research_lab")
Role = Literal["generalist", "specialist"]
TeamFocus = Literal["hybrid", "infra", "ml"]
TeamTrack = Literal["mixed", "research", "application"]
