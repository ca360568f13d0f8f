"""Replaying a transcript turn by turn with each assessment and the edge map as it grew.

A session's JSONL carries the assessments made during the interview; those are shown as they were.
Plain-text transcripts (and sessions without assessments) are assessed by the chosen brain.
"""

from __future__ import annotations

import textwrap

from pydantic import BaseModel

from interviewer.brains.base import Brain
from interviewer.models import AREA_TITLES, Area, Assessment, Speaker
from interviewer.render import edge_bar
from interviewer.rescore import resolve_question, walk
from interviewer.store import Transcript
from rubrics.schema import Question


class ReplayStep(BaseModel):
    index: int
    speaker: Speaker
    text: str
    area: Area | None = None
    assessment: Assessment | None = None
    edges: dict[Area, int | None] = {}


def replay_steps(transcript: Transcript, brain: Brain, question: Question | None) -> list[ReplayStep]:
    scored, _ = walk(transcript, question, brain, recorded=transcript.assessments)
    by_turn = {s.turn: s for s in scored}
    edges: dict[Area, int | None] = {}
    steps = []
    turns = transcript.turns
    for i, turn in enumerate(turns):
        s = by_turn.get(turn.index)
        if s is not None:
            edges = s.edges
        # an interviewer turn is about the area its answer was assessed under
        answer = next((by_turn[t.index] for t in turns[i + 1:i + 2] if t.index in by_turn), None)
        area = s.area if s else turn.area or (answer.area if answer else None)
        steps.append(ReplayStep(index=turn.index, speaker=turn.speaker, text=turn.text, area=area,
                                assessment=s.assessment if s else None, edges=dict(edges)))
    return steps


def load_replay(transcript: Transcript, brain: Brain, question_id: str | None = None,
                questions_dir: str | None = None) -> tuple[Question | None, list[ReplayStep]]:
    """The question (None for the generic rubric) and the steps of a replay: answers are assessed as the
    interview read them (their start), and shown whole."""
    question = resolve_question(transcript, question_id, questions_dir)
    whole = {t.index: t.text for t in transcript.turns}
    steps = replay_steps(transcript.for_scoring(), brain, question)
    return question, [s.model_copy(update={"text": whole.get(s.index, s.text)}) for s in steps]


def describe_assessment(a: Assessment) -> list[str]:
    lines = [f"verdict {a.verdict} at {AREA_TITLES[a.area].lower()} L{a.level_probed}; depth shown {a.depth_shown}"]
    for hit in a.points_hit:
        how = "explained" if hit.explained else "named only"
        lines.append(f"+ {AREA_TITLES[hit.area].lower()} L{hit.level} {hit.point} ({how})")
    lines += [f"✗ {p.text} (“{p.quote[:80]}”)" for p in a.problems]
    flags = [name for name, on in (("hedged", a.hedged), ("said they don't know", a.dont_know),
                                   ("clarifying question", a.is_question),
                                   ("injection attempt ignored", a.injection_suspected)) if on]
    if flags:
        lines.append("notes: " + ", ".join(flags))
    return lines


def replay_text(question: Question | None, steps: list[ReplayStep], width: int = 100) -> str:
    title = f"{question.title} ({question.id})" if question else "a question outside the bank (generic rubric)"
    out = [f"Replay — {title}", ""]
    last_edges: dict[Area, int | None] = {}
    for step in steps:
        label = "Interviewer" if step.speaker == "interviewer" else "Candidate"
        where = f" [{AREA_TITLES[step.area].lower()}]" if step.area and step.speaker == "interviewer" else ""
        out.append(f"── turn {step.index} · {label}{where}")
        out += [textwrap.fill(p, width) if p else "" for p in step.text.split("\n")]
        if step.assessment is not None:
            out += ["   " + line for line in describe_assessment(step.assessment)]
            if step.edges != last_edges:
                grown = ", ".join(f"{AREA_TITLES[a].lower()} {edge_bar(e)}" for a, e in step.edges.items()
                                  if e is not None and last_edges.get(a) != e)
                if grown:
                    out.append(f"   edge map: {grown}")
                last_edges = step.edges
        out.append("")
    return "\n".join(out)
