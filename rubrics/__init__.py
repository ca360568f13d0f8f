"""Rubric data: the five areas, company tiers, team types, roles and the question bank."""

from rubrics.loader import (
    get_question,
    load_areas,
    load_language,
    load_questions,
    load_scoring,
    load_tiers,
    parse_data,
)
from rubrics.schema import AreaSpec, Ladder, LadderLevel, Question, TalkingPoint, TierSpec

__all__ = [
    "AreaSpec",
    "Ladder",
    "LadderLevel",
    "Question",
    "TalkingPoint",
    "TierSpec",
    "get_question",
    "load_areas",
    "load_language",
    "load_questions",
    "load_scoring",
    "load_tiers",
    "parse_data",
]
