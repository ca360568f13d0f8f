"""What the interviewer says next, built on what the candidate just said.

The policy chose the kind of turn and the ladder point to aim at; this module finds the words: the
point's own question (or its simpler wording for a second try), a phrase of the candidate's to say
back, the facts a clarifying question asked for, the challenge to a confident error. The offline brain
speaks this text; the LLM brain gets the same material to phrase in its own words.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from interviewer.brains.base import AskRequest
from interviewer.brains.lexicons import lexicon
from interviewer.brains.reading import facts_asked, read
from interviewer.lexicon import first_hit
from interviewer.models import AREA_TITLES, Area, Assessment, PointKey
from interviewer.text import fold, make_sentence, stems
from rubrics import load_concepts, load_misconceptions
from rubrics.schema import Question

NEAR_DUPLICATE = 0.7
"""Questions sharing this share of their words are the same question: the interviewer never repeats one."""
FACTS_PER_QUESTION = 2
"""A question sentence can ask two things ("how many users, and what latency?"); never more is revealed."""
NO_FACT = "That isn't specified - make a reasonable assumption, say it out loud, and carry on."


class Material(BaseModel):
    """Everything a brain needs to phrase one interviewer turn."""

    question: str = ""
    """The question to ask (one of the point's, never one asked before)."""
    echo: str = ""
    """The candidate's own words to build on."""
    facts: str = ""
    """Answers to clarifying questions found in the last answer."""
    challenge: str = ""
    """A confidently wrong claim to question, and its quote."""
    claim: str = ""
    named: str = ""
    """An idea the candidate named without a reason, in their words (a second try asks why)."""
    hint: str = ""


def _words(text: str) -> set[str]:
    return set(stems(fold(text)))


def near_duplicate(text: str, asked: list[str]) -> bool:
    mine = _words(text)
    for said in asked:
        theirs = _words(said)
        if mine and theirs and len(mine & theirs) / min(len(mine), len(theirs)) >= NEAR_DUPLICATE:
            return True
    return False


_WORDS: dict[int, tuple[Question, str]] = {}


def _question_words(question: Question) -> str:
    """Everything the question file says, normalised: an echo must be the candidate's, not ours."""
    cached = _WORDS.get(id(question))
    if cached is not None and cached[0] is question:
        return cached[1]
    parts = [question.prompt, *(f.answer for f in question.facts)]
    for ladder in question.ladders.values():
        for lv in ladder.levels:
            parts += [*lv.probes, lv.hint, lv.stronger, *(p.text for p in lv.points), *(p.ask for p in lv.points)]
    words = " " + " ".join(stems(fold(" ".join(parts)))) + " "
    _WORDS[id(question)] = (question, words)
    return words


def _new_phrases(request: AskRequest) -> list[str]:
    """Phrases of the candidate's last answer that the question file does not contain and the interviewer
    has not said back before."""
    a = request.assessment
    if a is None:
        return []
    bank = _question_words(request.question)
    said = " ".join(request.asked)
    out = []
    for phrase in a.signals.echoes:
        norm = " " + " ".join(stems(fold(phrase))) + " "
        if norm.strip() and norm not in bank and phrase not in said:
            out.append(phrase)
    return out


def echo(request: AskRequest) -> str:
    """The phrase to build on: a number with its words first, else the clause of an idea."""
    return next(iter(_new_phrases(request)), "")


def named_echo(request: AskRequest) -> str:
    """The candidate's words around an idea they named in this area without a reason, to ask why (never a
    bare number: "why does 'above 99%' matter" asks nothing)."""
    a = request.assessment
    quotes = [h.quote for h in a.points_hit if h.area == request.area and not h.explained] if a else []
    return next((p for p in _new_phrases(request)
                 if any(p in q for q in quotes) and not any(c.isdigit() for c in p)), "")


def _point_questions(question: Question, key: PointKey | None, simpler: bool) -> list[str]:
    if key is None:
        return []
    if key.point.startswith(("concept:", "deep:")):
        item = load_concepts().find(key.point)
        return [item.ask] if item else []
    level = question.ladders[key.area].at(key.level)
    point = level.point(key.point)
    if point is None:
        return list(level.probes)
    first = [point.simpler, point.ask] if simpler else [point.ask, point.simpler]
    return [q for q in first if q] + list(level.probes[1:] if simpler else level.probes)


def question_for(request: AskRequest) -> str:
    """The question for the policy's target: never one already asked, nor a near-duplicate of one."""
    simpler = request.kind == "rescue"
    options = _point_questions(request.question, request.target, simpler)
    level = request.question.ladders[request.area].at(request.level)
    options += [*level.probes, *(p.ask for p in level.points if p.ask)]
    for q in options:
        if q and not near_duplicate(q, request.asked):
            return q
    return options[0] if options else "What would you do next here?"


def facts_for(question: Question, text: str) -> str:
    """Answers to the clarifying questions in an answer, from the facts sheet, and only those."""
    if not text.strip():
        return ""
    reading = read(text, question)
    asked = [reading.text_of(i) for i in reading.questions]
    if not asked:
        return ""
    found: list[str] = []
    for q in asked:
        facts = facts_asked(question, q)
        found += [f.answer for f in facts[:FACTS_PER_QUESTION]] if facts else [NO_FACT]
    return " ".join(dict.fromkeys(found))


ABSOLUTE_CHALLENGE = "Does that hold in every case here? When would it not, and what would you do then?"


def _short(text: str) -> str:
    return text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + "…"


def challenge_for(a: Assessment | None, area: Area) -> tuple[str, str]:
    """The confident error in the area, as (the candidate's claim, the question that tests it)."""
    if a is None:
        return "", ""
    problem = next((p for p in a.problems if p.area == area and not p.hedged), None)
    if problem is None:
        if not a.signals.absolutes:
            return "", ""
        return _short(a.signals.absolutes[0]).rstrip(" ."), ABSOLUTE_CHALLENGE
    spec = next((m for m in load_misconceptions().misconceptions if m.id == problem.id), None)
    claim = _short(problem.quote).rstrip(" .")  # said back inside quotes that end the sentence
    return claim, spec.challenge if spec and spec.challenge else "Walk me through what could go wrong with that here."


def gives_reason(text: str) -> bool:
    """The text states a reason in the lexicon's words for one ("because", "to avoid", "which means"...)."""
    return first_hit(make_sentence(fold(text), 0, 0), lexicon().language.reasons) is not None


def verify_claim(a: Assessment | None, area: Area) -> str:
    """The sentence that earned a thinly argued pass (the deepest idea in the area), to ask why it holds."""
    hits = sorted((h for h in a.points_hit if h.area == area and h.explained and not h.hedged),
                  key=lambda h: -h.level) if a else []
    return _short(hits[0].quote).rstrip(" .") if hits else ""


def material(request: AskRequest) -> Material:
    claim, challenge = challenge_for(request.assessment, request.area)
    if request.kind == "verify":
        claim = verify_claim(request.assessment, request.area)
    return Material(
        question=question_for(request) if request.kind not in ("wrap_up", "clarify", "verify") else "",
        echo=echo(request), facts=facts_for(request.question, request.candidate_text),
        claim=claim if request.kind in ("challenge", "verify") else "",
        challenge=challenge if request.kind == "challenge" else "",
        named=named_echo(request) if request.kind == "rescue" else "",
        hint=request.question.ladders[request.area].at(request.level).hint if request.kind == "hint" else "",
    )


def last_question(asked: list[str]) -> str:
    """The question sentence at the end of the interviewer's last probe."""
    if not asked:
        return ""
    found = re.findall(r"[^.?!\n]*\?", asked[-1])
    return found[-1].strip() if found else asked[-1]


def area_title(area: Area) -> str:
    return AREA_TITLES[area].lower()
