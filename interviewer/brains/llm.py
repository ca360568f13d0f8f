"""The LLM-backed interviewer: one structured assess call and one streamed ask call per turn.

Prompts are built from the rolling summary plus the current area's thread, so their size stays flat
as the interview grows. Candidate text is fenced. The model's assessment is checked against the
offline reading of the same answer before anyone trusts it: quotes must be verbatim and outside
injected text, points must belong to the probed area's ladder, and nothing the candidate denied,
disowned or hedged is credited as explained. Questions, assumptions and signals come from the reader.
"""

from __future__ import annotations

from pydantic import BaseModel

from interviewer.brains.base import AskRequest, AssessRequest, TextSink, ThreadTurn
from interviewer.brains.followup import last_question, material
from interviewer.brains.offline import assess_answer, quote
from interviewer.evidence import depth_of
from interviewer.llm import Gateway
from interviewer.models import AREA_TITLES, Assessment, PointHit, Problem, Verdict
from prompts import fence, load_prompt
from rubrics import load_areas, load_concepts
from rubrics.schema import Question

VERSION = "llm-2"


class ModelPoint(BaseModel):
    level: int
    point: str
    quote: str
    explained: bool


class ModelProblem(BaseModel):
    text: str
    quote: str


class ModelAssessment(BaseModel):
    """What the model is asked for (a strict JSON schema: every field required)."""

    verdict: Verdict
    points_hit: list[ModelPoint]
    problems: list[ModelProblem]
    dont_know: bool
    hedged: bool
    injection_suspected: bool
    confidence: float
    note: str


def _thread(thread: list[ThreadTurn]) -> str:
    if not thread:
        return "(start of this area)"
    return "\n".join(f"{t.speaker.capitalize()}: {fence(t.text)}" for t in thread)


def _ladder(question: Question | None, area: str) -> str:
    if question is None:  # a question outside the bank: the generic rubric's ideas
        concepts = [c for c in load_concepts().concepts if c.area == area]
        return "\n".join(f"- L{c.level}: concept:{c.id} = {c.text}" for c in sorted(concepts, key=lambda c: c.level))
    lines = []
    for lv in question.ladders[area].levels:  # type: ignore[index]
        points = "; ".join(f"{p.id} = {p.text}" for p in lv.points)
        lines.append(f"- L{lv.level} ({lv.title}): {points}")
    return "\n".join(lines)


def _squash(text: str) -> str:
    return " ".join(text.split())


def check_assessment(raw: ModelAssessment, request: AssessRequest) -> Assessment:
    """Keep only what the answer supports. The offline reading of the same answer supplies the signals,
    the ideas in other areas and the known misconceptions; the model adds what it found in this area."""
    offline = assess_answer(request)
    answer = _squash(request.answer)
    sig = offline.signals
    blocked = {(k.area, k.point) for k in [*sig.denied, *sig.disowned]}
    known = _known_points(request)
    hits: list[PointHit] = []
    for h in raw.points_hit:
        q = _squash(h.quote)
        if (h.level, h.point) not in known or not q or q not in answer or (request.area, h.point) in blocked:
            continue
        if any(q in _squash(p) for p in sig.injected):
            continue
        hits.append(PointHit(area=request.area, level=h.level, point=h.point, quote=quote(h.quote),
                             explained=h.explained and not sig.filler, hedged=sig.hedged and h.explained))
    hits += [h for h in offline.points_hit if h.area != request.area or (h.level, h.point) not in
             {(x.level, x.point) for x in hits}]
    problems = list(offline.problems) + [
        Problem(area=request.area, id="model", text=p.text[:300], quote=quote(p.quote))
        for p in raw.problems if _squash(p.quote) and _squash(p.quote) in answer]
    mine = {h.level for h in hits if h.area == request.area and h.explained and not h.hedged}
    verdict = raw.verdict
    if verdict == "solid" and not any(lv >= request.level for lv in mine):
        verdict = "partial" if hits else "weak"
    if offline.verdict in ("empty", "question"):
        verdict = offline.verdict
    return offline.model_copy(update={
        "verdict": verdict, "points_hit": hits, "problems": problems, "depth_shown": depth_of(mine),
        "confidence": max(0.0, min(1.0, raw.confidence)), "note": raw.note[:300],
    })


def _known_points(request: AssessRequest) -> set[tuple[int, str]]:
    if request.question is None:
        return {(c.level, c.point) for c in load_concepts().concepts if c.area == request.area}
    return {(lv.level, p.id) for lv in request.question.ladders[request.area].levels for p in lv.points}


class LLMBrain:
    kind = "llm"
    version = VERSION

    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway

    def versions(self) -> dict[str, str]:
        return {"brain": VERSION, "assess": load_prompt("assess").version, "ask": load_prompt("ask").version,
                "model": self.gateway.settings.model}

    def assess(self, request: AssessRequest) -> Assessment:
        spec = next(a for a in load_areas().areas if a.id == request.area)
        anchors = "\n".join(f"{a.level} ({a.name}): {a.description}" for a in spec.anchors)
        messages = load_prompt("assess").render(
            question_id=request.question.id if request.question else "generic", area=request.area,
            area_title=AREA_TITLES[request.area], level=str(request.level), anchors=anchors,
            ladder=_ladder(request.question, request.area), summary=request.summary or "(nothing yet)",
            thread=_thread(request.thread), probe=request.probe, answer=fence(request.answer),
        )
        raw = self.gateway.structured(messages, ModelAssessment, purpose="assess")
        return check_assessment(raw, request)

    def ask(self, request: AskRequest, sink: TextSink | None = None) -> str:
        q = request.question
        task, m = self._task(request), material(request)
        lines = [f"The problem: {' '.join(q.prompt.split())}" if request.kind == "open" else "",
                 f"Question to ask: {m.question}" if m.question else "",
                 f"The candidate's own words to build on: {m.echo}" if m.echo else "",
                 f"Named without a reason (ask why): {m.named}" if m.named else "",
                 f"Facts to give (only these): {m.facts}" if m.facts else "",
                 f"The claim to question: {m.claim}" if m.claim else "",
                 f"Ask: {m.challenge}" if m.challenge else "",
                 f"Hint: {m.hint}" if m.hint else ""]
        covered = ", ".join(sorted({k.point.split(":")[-1] for k in request.covered})) or "nothing yet"
        messages = load_prompt("ask").render(
            prompt=q.prompt, minutes=f"{request.minutes:g}", time_left=f"{request.time_left / 60:.0f}",
            summary=request.summary or "(nothing yet)", thread=_thread(request.thread), task=task,
            material="\n".join(x for x in lines if x) or "(none)", covered=covered,
            candidate=fence(request.candidate_text),
        )
        return self.gateway.stream_text(messages, sink, purpose="ask").strip()

    def _task(self, r: AskRequest) -> str:
        title = AREA_TITLES[r.area].lower()
        if r.kind == "open":
            return ("Greet the candidate in one sentence, state the problem in full, invite clarifying "
                    "questions, then ask the question to ask.")
        if r.kind == "clarify":
            back = "" if r.reason == "clarify_phase" else f" Then repeat your question: {last_question(r.asked)}"
            return ("Answer the candidate's clarifying question using ONLY the facts to give; if there are none, "
                    f"tell them to state an assumption.{back}")
        if r.kind == "wrap_up":
            return "Close the interview warmly in two sentences; say the scorecard follows. Do not give any scores."
        if r.kind == "hint":
            return f"Give the hint for your current {title} question without giving the answer, then re-ask it."
        if r.kind == "challenge":
            return "Quote the candidate's claim back and ask the question that tests it. Do not say it is wrong."
        if r.kind == "verify":
            return (f"The last answer on {title} named a sound idea but barely argued it. Quote the claim back and "
                    "ask why it holds for this problem and how they would check it works. Do not say it is right "
                    "or wrong, and do not move on to a new topic.")
        if r.kind == "rescue":
            return (f"The last answer on {title} missed ({r.reason}). Ask the same thing again, simpler and more "
                    "concretely (the question to ask). Never say 'deeper'.")
        if r.kind == "pivot":
            prev = AREA_TITLES[r.previous_area].lower() if r.previous_area else "the last area"
            return f"Close {prev} in a few words and move to {title} with the question to ask."
        return ("Build on the candidate's own words (quote them briefly), then ask the question to ask. Never "
                "ask about anything in the covered list.")
