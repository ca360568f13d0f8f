"""Prompt templates for the LLM brain: Markdown files with a version line, loaded as data."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from string import Template

from pydantic import BaseModel, ConfigDict

from rubrics.errors import DataFileError

_VERSION = re.compile(r"<!--\s*version:\s*([\w.-]+)\s*-->")
_SECTION = re.compile(r"^## (system|user)\s*$", re.M)


class Prompt(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    version: str
    system: str
    user: str

    def render(self, **values: str) -> list[dict[str, str]]:
        """Chat messages with `$placeholders` filled (missing ones are an error, not blank)."""
        return [
            {"role": "system", "content": Template(self.system).substitute(values)},
            {"role": "user", "content": Template(self.user).substitute(values)},
        ]


def parse_prompt(name: str, text: str) -> Prompt:
    version = _VERSION.search(text)
    if version is None:
        raise DataFileError(f"prompts/{name}.md: missing '<!-- version: ... -->' line")
    parts = _SECTION.split(text)
    sections = dict(zip(parts[1::2], (p.strip() for p in parts[2::2]), strict=False))
    if set(sections) != {"system", "user"}:
        raise DataFileError(f"prompts/{name}.md: needs '## system' and '## user' sections")
    return Prompt(name=name, version=version.group(1), system=sections["system"], user=sections["user"])


@cache
def load_prompt(name: str) -> Prompt:
    text = resources.files("prompts").joinpath(f"{name}.md").read_text(encoding="utf-8")
    return parse_prompt(name, text)


def fence(text: str) -> str:
    """Candidate text made safe to place inside <candidate_answer> tags."""
    return text.replace("</candidate_answer", "</candidate-answer").replace("<candidate_answer", "<candidate-answer")
