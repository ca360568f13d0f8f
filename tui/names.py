"""The words the app shows for the rubric's ids (kept free of pydantic, so the first screen paints fast)."""

from __future__ import annotations

from rubrics.vocabulary import AREA_NAMES, TIER_NAMES

__all__ = ["AREA_NAMES", "EDGE_HELP", "LEVEL_NAMES", "TIER_NAMES", "recommendation"]

LEVEL_NAMES = {1: "poor", 2: "weak", 3: "solid", 4: "excellent"}
EDGE_HELP = ("Edge found: the last of the 4 levels you answered well before the questions passed what you "
             "knew; 4/4: every level held.")


def recommendation(value: str) -> str:
    return value.replace("_", " ")
