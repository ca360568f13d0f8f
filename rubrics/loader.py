"""The one loader for rubric data: packaged YAML via importlib.resources, plus user question files."""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from rubrics.errors import DataFileError
from rubrics.schema import (
    AreasFile,
    ConceptsFile,
    LanguageFile,
    MisconceptionsFile,
    Question,
    ScoringFile,
    TiersFile,
)

M = TypeVar("M", bound=BaseModel)

QUESTIONS_ENV = "INTERVIEWER_QUESTIONS"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster


def _describe(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ""
    for part in err["loc"]:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    where = where or "(top level)"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {err['msg']}{more}"


def parse_data(text: str, model: type[M], name: str) -> M:
    """Parse YAML text into `model`; any problem becomes one DataFileError naming file and field."""
    try:
        raw: Any = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise DataFileError(f"{name}:{line}: {problem}") from None
    if not isinstance(raw, dict):
        raise DataFileError(f"{name}: expected a mapping at the top level")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise DataFileError(f"{name}: {_describe(exc)}") from None


def _packaged(name: str) -> str:
    return resources.files("rubrics").joinpath(name).read_text(encoding="utf-8")


@cache
def load_areas() -> AreasFile:
    return parse_data(_packaged("areas.yaml"), AreasFile, "rubrics/areas.yaml")


@cache
def load_tiers() -> TiersFile:
    return parse_data(_packaged("tiers.yaml"), TiersFile, "rubrics/tiers.yaml")


@cache
def load_language() -> LanguageFile:
    return parse_data(_packaged("language.yaml"), LanguageFile, "rubrics/language.yaml")


@cache
def load_concepts() -> ConceptsFile:
    return parse_data(_packaged("concepts.yaml"), ConceptsFile, "rubrics/concepts.yaml")


@cache
def load_misconceptions() -> MisconceptionsFile:
    return parse_data(_packaged("misconceptions.yaml"), MisconceptionsFile, "rubrics/misconceptions.yaml")


@cache
def load_scoring() -> ScoringFile:
    return parse_data(_packaged("scoring.yaml"), ScoringFile, "rubrics/scoring.yaml")


def _read_user_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DataFileError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read ({exc.strerror})") from None


def user_questions_dir(flag: str | None = None) -> Path | None:
    value = flag or os.environ.get(QUESTIONS_ENV)
    if not value:
        return None
    path = Path(value).expanduser()
    if not path.is_dir():
        raise DataFileError(f"{path}: question directory does not exist")
    return path


@cache
def _bank() -> tuple[Question, ...]:
    folder = resources.files("rubrics").joinpath("questions")
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            out.append(parse_data(entry.read_text(encoding="utf-8"), Question, f"rubrics/questions/{entry.name}"))
    return tuple(out)


def load_questions(extra_dir: str | None = None) -> dict[str, Question]:
    """The packaged bank plus any user files (from `extra_dir` or $INTERVIEWER_QUESTIONS), by id."""
    bank: dict[str, Question] = {}
    sources: dict[str, str] = {}
    for q in _bank():
        bank[q.id] = q
        sources[q.id] = "the built-in bank"
    folder = user_questions_dir(extra_dir)
    if folder is not None:
        for path in sorted(folder.glob("*.y*ml")):
            q = parse_data(_read_user_file(path), Question, str(path))
            if q.id in bank:
                raise DataFileError(f"{path}: id: question id {q.id!r} is already used by {sources[q.id]}")
            bank[q.id] = q
            sources[q.id] = str(path)
    return bank


def get_question(question_id: str, extra_dir: str | None = None) -> Question:
    bank = load_questions(extra_dir)
    if question_id not in bank:
        known = ", ".join(sorted(bank))
        raise DataFileError(f"unknown question {question_id!r}; known questions: {known}")
    return bank[question_id]
