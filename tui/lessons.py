"""The lesson of a scorecard, put together at the edge: the data files `interviewer.teaching.teach` reads are
loaded here and handed to it, with the interview's own test of whether a ladder idea was covered (in the
candidate's words or as the generic idea it stands for), so the lesson never asks for what the interviewer
already counted."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewer.events import TurnEvent
    from interviewer.evidence import SessionEvidence
    from interviewer.models import Area
    from interviewer.scoring import Scorecard
    from interviewer.teaching import Teaching
    from rubrics.schema import Question


def lesson(card: Scorecard, evidence: SessionEvidence, question: Question | None, *,
           turns: Sequence[TurnEvent] = (), drill: Area | None = None) -> Teaching:
    from graphs.policy import covered
    from interviewer.teaching import teach
    from rubrics import load_concepts, load_practice, load_tiers

    answers = {t.index: t.text for t in turns if t.speaker == "candidate"}
    return teach(card, evidence, question, tiers=load_tiers(), concepts=load_concepts(),
                 ranking=load_practice().ranking, answers=answers, drill=drill,
                 covered=partial(covered, evidence, question) if question is not None else None)
