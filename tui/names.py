"""The words the app shows for the rubric's ids (kept free of pydantic, so the first screen paints fast)."""

from __future__ import annotations

TIER_NAMES = {"faang": "FAANG+", "growth_startup": "Growth startup", "research_lab": "Research lab"}
AREA_NAMES = {"problem_framing": "Problem framing", "data": "Data", "modeling": "Modeling",
              "evaluation": "Evaluation", "deployment": "Deployment"}
LEVEL_NAMES = {1: "poor", 2: "weak", 3: "solid", 4: "excellent"}
EDGE_HELP = ("Edge found: the last of the 4 levels you answered well before the questions passed what you "
             "knew; 4/4: every level held.")


def recommendation(value: str) -> str:
    return value.replace("_", " ")
