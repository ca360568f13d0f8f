"""Interviewer brains: the deterministic offline one and the LLM-backed one, behind one protocol."""

from __future__ import annotations

from interviewer.brains.base import AskRequest, AssessRequest, Brain, TextSink, ThreadTurn
from interviewer.models import BrainKind
from interviewer.settings import LLMSettings


def make_brain(kind: BrainKind, llm: LLMSettings | None = None) -> Brain:
    """The brain for a run. The LLM brain (and the openai import) is built only when asked for."""
    if kind == "offline":
        from interviewer.brains.offline import OfflineBrain

        return OfflineBrain()
    from interviewer.brains.llm import LLMBrain
    from interviewer.llm import Gateway

    return LLMBrain(Gateway(llm or LLMSettings()))


__all__ = ["AskRequest", "AssessRequest", "Brain", "TextSink", "ThreadTurn", "make_brain"]
