"""The deterministic offline interviewer: ladder probes from the bank, talking points by lexicon."""

from __future__ import annotations

import re
from dataclasses import dataclass

from interviewer.brains.base import AskRequest, AssessRequest, TextSink
from interviewer.brains.reading import (
    Reading,
    contains,
    dont_know_sentences,
    first_match,
    is_explained,
    matching_facts,
    phrase_key,
    read,
)
from interviewer.evidence import depth_of
from interviewer.models import AREA_TITLES, Area, Assessment, PointHit
from rubrics import load_areas, load_language
from rubrics.schema import Question

VERSION = "offline-1"
_ACKS = ("Good.", "Okay, that's reasonable.", "Makes sense.", "Right.", "Fair enough.")


@dataclass(frozen=True)
class Problem:
    area: Area
    text: str
    quote: str


def find_points(reading: Reading, question: Question) -> list[PointHit]:
    """Every ladder talking point the answer covers, in any area, with the sentence that shows it."""
    skip = dont_know_sentences(reading, load_language())
    raw: list[tuple[Area, int, str, int]] = []
    phrases: dict[int, set[str]] = {}
    whole = reading.norm  # a phrase absent from the whole answer is in no sentence: test each point once first
    for area, ladder in question.ladders.items():
        for lv in ladder.levels:
            for point in lv.points:
                present = [p for p in point.synonyms if contains(whole, p)]
                for i, sentence in enumerate(reading.sentences if present else []):
                    phrase = None if i in skip else first_match(sentence.norm, present)
                    if phrase is not None:
                        raw.append((area, lv.level, point.id, i))
                        phrases.setdefault(i, set()).add(phrase_key(phrase))
                        break
    matched = {i: sum(len(p.split()) for p in keys) for i, keys in phrases.items()}
    return [
        PointHit(
            area=area,
            level=level,
            point=point,
            quote=reading.sentences[i].text[:400],
            explained=is_explained(reading.sentences[i], matched[i]),
        )
        for area, level, point, i in raw
    ]


def find_problems(reading: Reading) -> list[Problem]:
    """Confidently wrong claims from the areas' misconception lists."""
    found: list[Problem] = []
    for spec in load_areas().areas:
        for m in spec.misconceptions:
            for sentence in reading.sentences:
                if first_match(sentence.norm, m.phrases):
                    found.append(Problem(spec.id, m.problem, sentence.text[:400]))
                    break
    return found


def assess_answer(request: AssessRequest) -> Assessment:
    lang = load_language()
    reading = read(request.answer, lang)
    base = {
        "area": request.area,
        "level_probed": request.level,
        "hedged": reading.hedges > 0,
        "dont_know": reading.dont_know,
        "injection_suspected": bool(reading.injected),
    }
    if not reading.sentences:
        note = "only injected instructions, ignored" if reading.injected else "no answer given"
        return Assessment(**base, verdict="empty", points_hit=[], depth_shown=0, correctness_problems=[],
                          is_question=False, confidence=1.0, note=note)
    if reading.is_question:
        return Assessment(**base, verdict="question", points_hit=[], depth_shown=0, correctness_problems=[],
                          is_question=True, confidence=0.8, note="clarifying question")
    hits = find_points(reading, request.question)
    problems = [p for p in find_problems(reading)]
    mine = [h for h in hits if h.area == request.area]
    explained_levels = {h.level for h in mine if h.explained}
    depth = depth_of(explained_levels)
    at_or_above = [h for h in mine if h.explained and h.level >= request.level]
    mentioned = [h for h in mine if h.level >= request.level]
    own_problems = [p for p in problems if p.area == request.area]
    if own_problems:
        verdict = "wrong"
    elif at_or_above:
        verdict = "solid"
    elif reading.dont_know:
        verdict = "dont_know"
    elif mentioned:
        verdict = "partial"
    else:
        verdict = "weak"
    confidence = min(1.0, 0.5 + 0.15 * len(mine)) if verdict == "solid" else 0.7
    if reading.hedges >= 3:
        confidence = max(0.3, confidence - 0.2)
    note = f"{len(mine)} point(s) in {AREA_TITLES[request.area].lower()}, {len(hits) - len(mine)} elsewhere"
    if reading.injected:
        note += f"; {len(reading.injected)} injected passage(s) ignored"
    if reading.truncated:
        note += "; answer truncated for assessment"
    return Assessment(
        **base,
        verdict=verdict,
        points_hit=hits,
        depth_shown=depth,
        correctness_problems=[f"{p.area}: {p.text} ({p.quote})" for p in problems],
        is_question=False,
        confidence=round(confidence, 2),
        note=note,
    )


def answer_from_facts(question: Question, text: str) -> str:
    """Reveal the facts a clarifying question asks about, and only those."""
    scored = matching_facts(question, text)
    if not scored:
        return "That isn't specified; make a reasonable assumption, say it out loud, and carry on."
    best = scored[0][0]
    return " ".join(f.answer for s, f in scored[:2] if s == best or s >= 2)


def last_question(asked: list[str]) -> str:
    """The question sentence at the end of the interviewer's last probe."""
    if not asked:
        return ""
    found = re.findall(r"[^.?!\n]*\?", asked[-1])
    return found[-1].strip() if found else asked[-1]


def next_probe(question: Question, area: Area, level: int, asked: list[str], rescue: bool) -> str:
    probes = question.ladders[area].at(level).probes
    preferred = probes[1:] + probes[:1] if rescue else probes
    return next((p for p in preferred if not any(p in said for said in asked)), preferred[0])


def compose(request: AskRequest) -> str:
    """The offline interviewer's next line, built from the bank's probes for the policy's choice."""
    q = request.question
    ladder = q.ladders[request.area]
    title = AREA_TITLES[request.area].lower()
    if request.kind == "open":
        return (
            f"Here's the problem.\n\n{q.prompt}\n\nAsk me any clarifying questions you need. "
            "When you're ready, tell me how you would frame it: what are we optimising for, "
            "and what would the ML system predict?"
        )
    if request.kind == "clarify":
        answer = answer_from_facts(q, request.candidate_text)
        if request.reason == "clarify_phase":
            return f"{answer}\n\nAnything else, or shall we start with how you'd frame it?"
        return f"{answer}\n\nBack to my question: {last_question(request.asked)}".rstrip()
    if request.kind == "wrap_up":
        return (
            "That's our time. Thanks, that was a good conversation. I'll put together your "
            "scorecard now: levels per area with the evidence, and where your knowledge edge was."
        )
    probe = next_probe(q, request.area, request.level, request.asked, rescue=request.kind == "rescue")
    if request.kind == "hint":
        return f"Here's a nudge: {ladder.at(request.level).hint}\n\n{probe}"
    if request.kind == "rescue":
        lead = "Let me put it another way." if request.reason != "partial" else (
            "You named the idea; walk me through how it would actually work here.")
        return f"{lead} {probe}"
    if request.kind == "deeper":
        ack = _ACKS[request.turn % len(_ACKS)]
        covered = ladder.at(request.level - 1).title.lower() if request.level > 1 else title
        return f"{ack} That covers {covered}. Let's go deeper: {probe}"
    prev = AREA_TITLES[request.previous_area].lower() if request.previous_area else ""
    why = {
        "time": f"We're running short on time for {prev}, so let's leave it there.",
        "edge": f"Okay, let's leave {prev} there.",
        "top": f"Great, that's {prev} covered in depth.",
        "skip": f"Sure, we'll skip the rest of {prev}.",
    }.get(request.reason, "")
    return f"{why} Let's talk about {title}. {probe}".strip()


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
        return {"brain": VERSION, "language": load_language().version}

