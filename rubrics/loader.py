"""The one loader for rubric data: packaged YAML via importlib.resources, plus user question files.

User question files are data from outside: each is read only under a size limit, must be plain YAML
(no aliases, which can multiply a small file into billions of nodes, and no deep nesting), and files
in the folder that are not question files (editor lock and swap files, sub-folders) are skipped with a
notice instead of breaking the whole bank. Rubrics import nothing from `interviewer`, so the limit
lives here."""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from rubrics.errors import DataFileError
from rubrics.lexicon_schema import ConceptsFile, LanguageFile, MisconceptionsFile
from rubrics.practice_schema import PracticeFile
from rubrics.schema import AreasFile, Question, ScoringFile, TiersFile

M = TypeVar("M", bound=BaseModel)

QUESTIONS_ENV = "INTERVIEWER_QUESTIONS"
MAX_QUESTION_FILE_BYTES = 1024 * 1024
"""The largest question in the bank is 33 KB; 30x that is room for a very thorough question."""
MAX_YAML_DEPTH = 32
"""A question nests 7 levels (ladders → area → levels → level → points → point → synonyms)."""
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster


def _describe(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ""
    for part in err["loc"]:
        # a key comes from the file itself and may hold a newline or control character: shown escaped, so
        # the message stays one line
        name = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(part))
        where += f"[{part}]" if isinstance(part, int) else (f".{name}" if where else name)
    where = where or "(top level)"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {err['msg']}{more}"


def parse_data(text: str, model: type[M], name: str) -> M:
    """Parse YAML text into `model`; any problem becomes one DataFileError naming file and field."""
    try:
        raw: Any = yaml.load(text, Loader=_Loader)
    except RecursionError:
        raise DataFileError(f"{name}: YAML nested too deeply") from None
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


@cache
def load_practice() -> PracticeFile:
    return parse_data(_packaged("practice.yaml"), PracticeFile, "rubrics/practice.yaml")


def _read_user_file(path: Path) -> str:
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_QUESTION_FILE_BYTES + 1)
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read ({exc.strerror})") from None
    if len(data) > MAX_QUESTION_FILE_BYTES:
        raise DataFileError(f"{path}: over the {MAX_QUESTION_FILE_BYTES // 1024} KB limit for a question file")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise DataFileError(f"{path}: not UTF-8 text") from None
    _plain_yaml(text, str(path))
    return text


def _plain_yaml(text: str, name: str) -> None:
    """Refuse aliases and deep nesting before anything is built from the YAML (one pass of the C parser)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                raise DataFileError(f"{name}: line {mark.line + 1}: YAML aliases (*name) are not allowed "
                                    "in question files")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise DataFileError(f"{name}: line {event.start_mark.line + 1}: YAML nested more than "
                                        f"{MAX_YAML_DEPTH} levels deep")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # parse_data reports syntax errors with their line


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


def _question_files(folder: Path, notices: list[str]) -> list[Path]:
    """The question files in a folder. Editor files and sub-folders are skipped, each with a notice."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise DataFileError(f"{folder}: cannot list the question folder ({exc.strerror})") from None
    out = []
    for entry in entries:
        if entry.is_dir():
            notices.append(f"skipped {entry}: a folder (question files are read from the top level only)")
        elif not entry.name.endswith((".yaml", ".yml")):
            continue
        elif entry.name.startswith((".", "#", "~")):
            notices.append(f"skipped {entry}: an editor's lock or temporary file")
        elif not entry.is_file():
            notices.append(f"skipped {entry}: not a regular file")
        else:
            out.append(entry)
    return out


def load_questions(extra_dir: str | None = None, *, notices: list[str] | None = None) -> dict[str, Question]:
    """The packaged bank plus any user files (from `extra_dir` or $INTERVIEWER_QUESTIONS), by id.
    Entries of the folder skipped as not question files are told in `notices`, when given."""
    bank: dict[str, Question] = {}
    sources: dict[str, str] = {}
    for q in _bank():
        bank[q.id] = q
        sources[q.id] = "the built-in bank"
    folder = user_questions_dir(extra_dir)
    if folder is not None:
        for path in _question_files(folder, notices if notices is not None else []):
            q = parse_data(_read_user_file(path), Question, str(path))
            if q.id in bank:
                raise DataFileError(f"{path}: id: question id {q.id!r} is already used by {sources[q.id]}")
            bank[q.id] = q
            sources[q.id] = str(path)
    return bank


def get_question(question_id: str, extra_dir: str | None = None, *, notices: list[str] | None = None) -> Question:
    bank = load_questions(extra_dir, notices=notices)
    if question_id not in bank:
        known = ", ".join(sorted(bank))
        raise DataFileError(f"unknown question {question_id!r}; known questions: {known}")
    return bank[question_id]
