"""The LLM-backed interviewer: one structured assess call and one streamed ask call per turn.

Prompts are built from the rolling summary plus the current area's thread, so their size stays flat
as the interview grows. Candidate text is fenced; the model's assessment is checked against the
answer (quotes must be verbatim, injected passages earn nothing) before anyone trusts it.
"""

from __future__ import annotations

from interviewer.brains.base import AskRequest, AssessRequest, TextSink, ThreadTurn
from interviewer.brains.offline import answer_from_facts, assess_answer, last_question, next_probe
from interviewer.brains.reading import read
from interviewer.evidence import depth_of
from interviewer.llm import Gateway
from interviewer.models import AREA_TITLES, Area, Assessment, PointHit
from prompts import fence, load_prompt
from rubrics import load_areas, load_language
from rubrics.schema import Question

VERSION = "llm-1"


def _thread(thread: list[ThreadTurn]) -> str:
    if not thread:
        return "(start of this area)"
    return "\n".join(f"{t.speaker.capitalize()}: {fence(t.text)}" for t in thread)


def _ladder(question: Question, area: Area) -> str:
    lines = []
    for lv in question.ladders[area].levels:
        points = "; ".join(f"{p.id} = {p.text}" for p in lv.points)
        lines.append(f"- L{lv.level} ({lv.title}): {points}")
    return "\n".join(lines)


def _squash(text: str) -> str:
    return " ".join(text.split())


def check_assessment(raw: Assessment, request: AssessRequest, elsewhere: list[PointHit]) -> Assessment:
    """Keep only what the answer supports: points of the probed area's ladder, with verbatim quotes
    outside injected text. Points in other areas come from the lexicon (`elsewhere`)."""
    reading = read(request.answer, load_language())
    kept_text = _squash(" ".join(s.text for s in reading.sentences))
    ladder = request.question.ladders[request.area]
    known = {(lv.level, p.id) for lv in ladder.levels for p in lv.points}
    hits = [h.model_copy(update={"area": request.area}) for h in raw.points_hit
            if (h.level, h.point) in known and _squash(h.quote) and _squash(h.quote) in kept_text]
    hits += [h for h in elsewhere if h.area != request.area]
    mine = {h.level for h in hits if h.area == request.area and h.explained}
    verdict = raw.verdict
    if verdict == "solid" and not any(lv >= request.level for lv in mine):
        verdict = "partial" if hits else "weak"
    return raw.model_copy(update={
        "area": request.area, "level_probed": request.level, "points_hit": hits, "verdict": verdict,
        "depth_shown": depth_of(mine),
        "injection_suspected": raw.injection_suspected or bool(reading.injected),
    })


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
            question_id=request.question.id, area=request.area, area_title=AREA_TITLES[request.area],
            level=str(request.level), anchors=anchors,
            ladder=_ladder(request.question, request.area), summary=request.summary or "(nothing yet)",
            thread=_thread(request.thread), probe=request.probe, answer=fence(request.answer),
        )
        raw = self.gateway.structured(messages, Assessment, purpose="assess")
        return check_assessment(raw, request, assess_answer(request).points_hit)

    def ask(self, request: AskRequest, sink: TextSink | None = None) -> str:
        q = request.question
        task, material = self._task(request)
        messages = load_prompt("ask").render(
            prompt=q.prompt, summary=request.summary or "(nothing yet)", thread=_thread(request.thread),
            task=task, material=material, candidate=fence(request.candidate_text),
        )
        return self.gateway.stream_text(messages, sink, purpose="ask").strip()

    def _task(self, r: AskRequest) -> tuple[str, str]:
        q, title = r.question, AREA_TITLES[r.area].lower()
        lv = q.ladders[r.area].at(r.level)
        probe = next_probe(q, r.area, r.level, r.asked, rescue=r.kind == "rescue")
        if r.kind == "open":
            return ("Greet the candidate in one sentence, state the problem in full, invite clarifying "
                    "questions, and ask how they would frame it.", q.prompt)
        if r.kind == "clarify":
            facts = answer_from_facts(q, r.candidate_text)
            back = "" if r.reason == "clarify_phase" else f" Then repeat your question: {last_question(r.asked)}"
            return (f"Answer the candidate's clarifying question using ONLY these facts; if they do not "
                    f"cover it, tell them to state an assumption.{back}", facts)
        if r.kind == "wrap_up":
            return ("Close the interview warmly in two sentences; say the scorecard follows. "
                    "Do not give any scores.", "")
        if r.kind == "hint":
            return (f"Give a short hint for your current {title} question without giving the answer, "
                    "then re-ask it.", f"Hint: {lv.hint}\nQuestion: {probe}")
        if r.kind == "rescue":
            return (f"The last answer on {title} was {r.reason or 'weak'}. Rephrase the question more "
                    "concretely (one rescue attempt).", f"Question to ask: {probe}")
        if r.kind == "deeper":
            return (f"Acknowledge briefly, then go one level deeper on {title}: {lv.title}.",
                    f"Question to ask: {probe}")
        prev = AREA_TITLES[r.previous_area].lower() if r.previous_area else "the last area"
        return (f"Close {prev} in a few words ({r.reason or 'moving on'}) and move to {title}.",
                f"Question to ask: {probe}")
