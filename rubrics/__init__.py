"""Rubric data: the five areas, company tiers, team types, roles and the question bank.

The loaders and schema are imported on first use (PEP 562), so `rubrics.vocabulary` and
`rubrics.errors` stay free of pydantic and YAML: the app paints its first screen without them."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rubrics.loader import (
        get_question,
        load_areas,
        load_concepts,
        load_language,
        load_misconceptions,
        load_practice,
        load_questions,
        load_scoring,
        load_tiers,
        parse_data,
    )
    from rubrics.schema import AreaSpec, Ladder, LadderLevel, Question, TalkingPoint, TierSpec

_LOADER = ("get_question", "load_areas", "load_concepts", "load_language", "load_misconceptions", "load_practice",
           "load_questions", "load_scoring", "load_tiers", "parse_data")
_SCHEMA = ("AreaSpec", "Ladder", "LadderLevel", "Question", "TalkingPoint", "TierSpec")

__all__ = [
    "AreaSpec",
    "Ladder",
    "LadderLevel",
    "Question",
    "TalkingPoint",
    "TierSpec",
    "get_question",
    "load_areas",
    "load_concepts",
    "load_language",
    "load_misconceptions",
    "load_practice",
    "load_questions",
    "load_scoring",
    "load_tiers",
    "parse_data",
]


def __getattr__(name: str) -> Any:
    if name in _LOADER:
        return getattr(import_module("rubrics.loader"), name)
    if name in _SCHEMA:
        return getattr(import_module("rubrics.schema"), name)
    raise AttributeError(f"module 'rubrics' has no attribute {name!r}")
