"""The deterministic offline interviewer: ladder probes from the bank, talking points by lexicon."""

from __future__ import annotations

from interviewer.brains.base import AskRequest, AssessRequest, TextSink
from interviewer.brains.echo import echoes
from interviewer.brains.followup import NO_FACT, area_title, gives_reason, last_question, material, near_duplicate
from interviewer.brains.lexicons import lexicon
from interviewer.brains.reading import Reading, read
from interviewer.evidence import depth_of
from interviewer.models import AREA_TITLES, Assessment, PointHit, PointKey, Problem, Signals
from rubrics import load_scoring

VERSION = "offline-2"
QUOTE_LIMIT = 600
"""Quotes are whole sentences; a run-on "sentence" longer than this is cut at a word boundary."""


def quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= QUOTE_LIMIT:
        return text
    return text[:QUOTE_LIMIT].rsplit(" ", 1)[0] + " …"


def assessment_from_reading(reading: Reading, request: AssessRequest) -> Assessment:
    """The typed assessment of one reading: ideas, errors and signals, then the verdict for the probe."""
    hits: list[PointHit] = []
    denied: list[PointKey] = []
    disowned: list[PointKey] = []
    for h in reading.ideas:
        key = PointKey(area=h.idea.area, level=h.idea.level, point=h.idea.point)
        if h.status == "denied":
            denied.append(key)
        elif h.status == "disowned":
            disowned.append(key)
        else:
            hits.append(PointHit(area=key.area, level=key.level, point=key.point,
                                 quote=quote(reading.text_of(h.sentence)), explained=h.explained,
                                 hedged=h.status == "hedged"))
    problems = [Problem(area=p.spec.spec.area, id=p.spec.spec.id, text=p.spec.spec.problem,
                        correct=p.spec.spec.correct, quote=quote(reading.text_of(p.sentence)), hedged=p.hedged)
                for p in reading.problems]
    signals = Signals(
        questions=[reading.text_of(i) for i in reading.questions], topics=sorted(reading.topics),
        assumptions=[reading.text_of(i) for i in reading.assumptions], hedged=reading.hedged,
        dont_know=reading.dont_know, denied=denied, disowned=disowned,
        injected=[" ".join(t.split())[:300] for t in reading.injected], filler=reading.filler,
        phrases=sorted({phrase for phrase, p in lexicon().watched for s in reading.sentences if p.find(s)}),
        echoes=echoes(reading, request.area)[:8],
        truncated=reading.truncated, reasoned=len(reading.reasoned),
        overclaimed=[quote(reading.text_of(i)) for i in reading.overclaimed],
        absolutes=[quote(reading.text_of(i)) for i in reading.absolutes],
    )
    area, level = request.area, request.level
    base = {"area": area, "level_probed": level, "signals": signals, "problems": problems}
    if not reading.sentences:
        note = "only injected instructions, ignored" if reading.injected else "no answer given"
        return Assessment(**base, verdict="empty", points_hit=[], depth_shown=0, confidence=1.0, note=note)
    if reading.is_question:
        return Assessment(**base, verdict="question", points_hit=hits, depth_shown=0, confidence=0.8,
                          note="clarifying question")
    mine = [h for h in hits if h.area == area]
    firm = [h for h in mine if h.explained and not h.hedged]
    depth = depth_of({h.level for h in firm})
    if any(p.area == area and not p.hedged for p in problems):
        verdict = "wrong"
    elif any(h.level >= level for h in firm):
        verdict = "solid"
    elif reading.dont_know and not firm:
        verdict = "dont_know"
    elif any(h.level >= level for h in mine) or firm:
        verdict = "partial"
    else:
        verdict = "weak"
    confidence = min(1.0, 0.5 + 0.15 * len(firm)) if verdict == "solid" else 0.7
    if reading.hedged:
        confidence = max(0.3, confidence - 0.2)
    note = f"{len(mine)} idea(s) in {AREA_TITLES[area].lower()}, {len(hits) - len(mine)} elsewhere"
    if reading.injected:
        note += f"; {len(reading.injected)} injected passage(s) ignored"
    if reading.filler:
        note += "; terms listed without substance"
    if reading.overclaimed:
        note += "; a problem declared solved rather than handled"
    if reading.truncated:
        note += "; answer truncated for assessment"
    return Assessment(**base, verdict=verdict, points_hit=hits, depth_shown=depth, confidence=round(confidence, 2),
                      note=note)


def assess_answer(request: AssessRequest) -> Assessment:
    return assessment_from_reading(read(request.answer, request.question), request)


_BUILD = ("You said “{echo}”. {q}", "Building on “{echo}”: {q}", "You mentioned “{echo}”. {q}",
          "Staying with “{echo}” for a moment: {q}", "Take “{echo}” one step further. {q}")
_WHY = ("You mentioned “{echo}” - but not why. Why does it matter for this problem, and how would it work?",
        "Say more about “{echo}”: what goes wrong here without it, and how exactly would you do it?",
        "You named “{echo}”. Walk me through how that would work on this data, and why it's worth it.")
_WHY_CLAIM = ("You said “{claim}”. Why does that hold for this problem?",
              "“{claim}” - what makes that the right call here, and how would you check it?")
_CHECK_CLAIM = ("Take “{claim}”: what would go wrong here without it?",
                "You said “{claim}”. How would you know it's working?")
_VERIFY = ("Why is that the right call for this problem, and how would you check that it works?",
           "What would make that approach fail here, and how would you notice?")
_LEAVE = {
    "time": "We're short on time for {prev}, so let's leave it there.",
    "edge": "Okay, let's leave {prev} there.",
    "top": "That's {prev} covered in depth.",
    "skip": "Sure, we'll skip the rest of {prev}.",
}


def _built_on(echo: str, question: str, turn: int, ack: bool) -> str:
    if not echo:
        return question
    lead = "Good. " if ack else ""
    return lead + _BUILD[turn % len(_BUILD)].format(echo=echo, q=question)


def _firm(request: AskRequest) -> bool:
    """A plain "good" only for an answer that explained and argued, unhedged, without errors or absolutes."""
    a = request.assessment
    return bool(a and a.verdict == "solid" and not a.problems and not a.signals.hedged and not a.signals.absolutes
                and a.signals.reasoned >= load_scoring().reasoning.argued)


def compose(request: AskRequest) -> str:
    """The offline interviewer's next line: the policy's choice, in words built on the last answer."""
    q, m = request.question, material(request)
    facts = f"{m.facts}\n\n" if m.facts and request.kind != "clarify" else ""
    if request.kind == "open":
        return (f"Here's the problem.\n\n{q.prompt}\n\nAsk me any clarifying questions you need. When you're "
                f"ready: {m.question}")
    if request.kind == "clarify":
        answer = m.facts or NO_FACT
        if request.reason == "clarify_phase":
            return f"{answer}\n\nAnything else, or shall we start with how you'd frame it?"
        return f"{answer}\n\nBack to my question: {last_question(request.asked)}".rstrip()
    if request.kind == "wrap_up":
        lead = {"time": "That's our time.", "candidate": "Sure, let's stop here.",
                "complete": "That's everything I wanted to cover: we found where your knowledge ends in each area."
                }.get(request.reason, "That's our time.")
        return (f"{lead} Thanks - I'll put together your scorecard now: levels per area with the evidence, "
                "and where your knowledge edge was.")
    if request.kind == "hint":
        return f"Here's a nudge: {m.hint}\n\n{last_question(request.asked) or m.question}"
    if request.kind == "challenge":  # a claim already challenged once is not challenged again
        return facts + _fresh([f"You said “{m.claim}”. {m.challenge}", f"Let me make that more concrete. {m.question}"],
                              request.asked)
    if request.kind == "verify":  # a pass argued in a sentence at most: why does it hold?
        first, then = (_CHECK_CLAIM, _WHY_CLAIM) if gives_reason(m.claim) else (_WHY_CLAIM, _CHECK_CLAIM)
        whys = [t.format(claim=m.claim) for t in (*_rotate(first, request.turn), *_rotate(then, request.turn))]
        return facts + _fresh([*whys, *_VERIFY] if m.claim else list(_VERIFY), request.asked)
    if request.kind == "rescue":
        if request.reason == "dont_know":
            return f"{facts}That's fine - let me come at it from another angle. {m.question}"
        options = [w.format(echo=m.named) for w in _rotate(_WHY, request.turn)] if m.named else []
        return facts + _fresh([*options, f"Let me make that more concrete. {m.question}"], request.asked)
    if request.kind == "pivot":
        prev = area_title(request.previous_area) if request.previous_area else ""
        leave = _LEAVE.get(request.reason, "").format(prev=prev)
        return f"{facts}{leave} Let's turn to {area_title(request.area)}.\n\n{m.question}".strip()
    # the candidate's words said back must not make the question read like one already asked
    return facts + _fresh([_built_on(m.echo, m.question, request.turn, _firm(request)), m.question], request.asked)


def _rotate(options: tuple[str, ...], turn: int) -> list[str]:
    return [options[(turn + k) % len(options)] for k in range(len(options))]


def _fresh(options: list[str], asked: list[str]) -> str:
    """The first wording that is not a near-duplicate of anything already asked (the last one if all are)."""
    return next((o for o in options if not near_duplicate(o, [a.split("\n")[-1] for a in asked])), options[-1])


class OfflineBrain:
    """Deterministic, instant and free: the default brain and the one CI evals use."""

    kind = "offline"
    version = VERSION

    def assess(self, request: AssessRequest) -> Assessment:
        return assess_answer(request)

    def ask(self, request: AskRequest, sink: TextSink | None = None) -> str:
        text = compose(request)
        if sink is not None:
            sink(text)
        return text

    def versions(self) -> dict[str, str]:
        return {"brain": VERSION, **lexicon().versions}

