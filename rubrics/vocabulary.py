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

AREA_NAMES: dict[str, str] = {"problem_framing": "Problem framing", "data": "Data", "modeling": "Modeling",
                              "evaluation": "Evaluation", "deployment": "Deployment"}
"""The areas' titles in `areas.yaml`, kept here too so the first screen paints before YAML is read;
`tests/test_rubrics.py` checks that the two agree."""
TIER_NAMES: dict[str, str] = {"faang": "FAANG+", "growth_startup": "Growth startup", "research_lab": "Research lab"}
"""Short names of the tiers in `tiers.yaml` (whose names start with these, e.g. "FAANG+ (big tech)")."""
