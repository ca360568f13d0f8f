"""Passages aimed at a grader or a model, set aside before an answer is read.

A paragraph or fenced block that opens with an injection marker (also letter-spaced: "i g n o r e") is
kept out of the reading; the assessment reports it. `defences_off()` exists only for the injection eval,
which shows that each attack would move the scorer without the defence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

DEFENCES: ContextVar[bool] = ContextVar("reader_defences", default=True)
"""Folding hidden text and setting injected passages aside. Only the injection eval turns this off, to
show that each attack would move the scorer without the defence."""


@contextmanager
def defences_off() -> Iterator[None]:
    """Read without the defences inside the block (this thread or task only)."""
    token = DEFENCES.set(False)
    try:
        yield
    finally:
        DEFENCES.reset(token)


_FENCE = re.compile(r"```.*?(?:```|\Z)", re.S)
_SPACED = re.compile(r"\b(?:\w\s+){3,}\w\b")


def _flat(text: str) -> tuple[str, list[str]]:
    """Lower case with whitespace collapsed, and the letter-spaced runs closed up ("i g n o r e  t h e"
    reads "ignorethe"), which are matched against markers without their spaces."""
    lower = text.lower()
    runs = [re.sub(r"\s+", "", m.group(0)) for m in _SPACED.finditer(lower)]
    return " ".join(lower.split()), runs


def injection_hit(text: str, markers: tuple[str, ...]) -> bool:
    flat, runs = _flat(text)
    for marker in markers:
        if marker.startswith("^"):
            if re.search(r"(?m)^\W*" + re.escape(marker[1:]), text.lower()):
                return True
        elif marker in flat or (runs and any(marker.replace(" ", "") in run for run in runs)):
            return True
    return False


def split_paragraphs(text: str, markers: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Paragraphs to read; fenced blocks and paragraphs that open with an injection are set aside."""
    injected: list[str] = []

    def drop_fence(m: re.Match[str]) -> str:
        if injection_hit(m.group(0), markers):
            injected.append(m.group(0))
            return "\n\n"
        return m.group(0)

    text = _FENCE.sub(drop_fence, text)
    kept: list[str] = []
    for para in re.split(r"\n\s*\n", text):
        opening = para.strip()[:240]
        if para.strip() and injection_hit(opening, markers):
            injected.append(para.strip())
        else:
            kept.append(para)
    return kept, injected
