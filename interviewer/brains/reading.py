"""Reading one answer the way the offline brain does: what was said, and how it was meant.

The answer is folded (hidden characters and look-alike letters made plain), passages aimed at a
grader are set aside, and each sentence is read for ideas (ladder points and generic concepts, found
in other words too), for how each idea is held (credited, hedged, denied, or disowned with "I don't
know"), whether it is explained (a reason with substance, not a name in a list or a template), for
confident errors, clarifying questions and stated assumptions. One reading serves the assessment,
the follow-up question and the evidence fold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from interviewer.brains.clauses import (
    NEGATION_REACH,
    Marks,
    after_in_clause,
    all_matches,
    before_in_clause,
    inside,
    marks_of,
    opens_with,
    plainly_negated,
)
from interviewer.brains.injected import DEFENCES, injection_hit, split_paragraphs
from interviewer.brains.lexicons import Idea, Language, Misconception, ladder_index, lexicon
from interviewer.brains.stance import Cue, features, stance_model
from interviewer.lexicon import Match, Pattern, first_hit
from interviewer.text import Sentence, fold, make_sentence, split_sentences
from rubrics import load_scoring
from rubrics.schema import Fact, Question

MAX_ASSESSED_CHARS = 20_000
"""Answers longer than this are stored whole but only their start is read (nobody says more)."""
SUBSTANCE_PER_IDEA = 3
"""Distinct words of substance (not stop words, filler or the idea's own words) an idea explained with a
reason (a cause, consequence, trade-off, condition or number) needs."""
IDEAS_PER_REASON = 2
"""A reason explains the ideas next to it, not a whole list: "X, Y and Z so we never touch PII" explains
at most this many of them per reason, number or trade-off given."""
SPECIFICS_PER_IDEA = 5
"""Without a reason, an idea still counts as explained when its sentence is this specific: concrete
choices tied to the problem ("randomised by user; primary metric satisfied watch time") rather than names."""
TEMPLATE_OVERLAP = 0.6
"""Sentences whose leftover words overlap this much are one template repeated around different terms."""
QUESTION_STATEMENT_WORDS = 25
"""An answer is a clarifying question when, besides its questions, it says no more than this."""
LIST_ITEMS = 4
"""A sentence of this many short comma-separated items is a list of terms: its items explain nothing."""
LIST_ITEM_WORDS = 4
TENTATIVE = frozenset({"probabl", "assum"})
"""A wrong claim said "probably" or "I'd assume" is tentative: a hedged error, not a confident one."""

Status = Literal["credited", "hedged", "denied", "disowned"]
_LEADING_FILLER = re.compile(r"^(?:(?:so|and|also|ok|okay|oh|right|well|hmm|um|then|but|one more thing|"
                             r"quick question|just to clarify|to clarify|sorry|actually|roughly|approximately|ballpark|"
                             r"out of curiosity|first)\W+)+", re.I)


@dataclass(frozen=True)
class IdeaHit:
    idea: Idea
    sentence: int
    match: Match
    status: Status
    explained: bool


@dataclass(frozen=True)
class ProblemHit:
    spec: Misconception
    sentence: int
    hedged: bool


@dataclass
class Reading:
    """What the offline brain sees in one answer."""

    sentences: list[Sentence]
    injected: list[str] = field(default_factory=list)
    truncated: bool = False
    ideas: list[IdeaHit] = field(default_factory=list)
    problems: list[ProblemHit] = field(default_factory=list)
    questions: list[int] = field(default_factory=list)
    """Sentences that ask the interviewer something about the problem."""
    assumptions: list[int] = field(default_factory=list)
    topics: dict[str, int] = field(default_factory=dict)
    """Requirement topics asked about or assumed (users, scale, latency…), with the sentence."""
    dont_know: bool = False
    hedged: bool = False
    templated: set[int] = field(default_factory=set)
    reasoned: list[int] = field(default_factory=list)
    """Sentences that give a reason in substantial words of their own (see `_reasoned`)."""
    overclaimed: list[int] = field(default_factory=list)
    """Sentences that declare a problem solved, free or guaranteed."""
    absolutes: list[int] = field(default_factory=list)
    """Sentences claiming something holds always, never or by definition."""

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sentences)

    @property
    def is_question(self) -> bool:
        """Mostly a clarifying question: questions, and little said besides."""
        if not self.questions:
            return False
        told = sum(s.words for i, s in enumerate(self.sentences) if i not in self.questions)
        explained = any(h.explained and h.status == "credited" for h in self.ideas)
        return told <= QUESTION_STATEMENT_WORDS and not explained

    @property
    def filler(self) -> bool:
        """Ideas named in a repeated template or in lists with nothing said about them."""
        named = [h for h in self.ideas if h.status in ("credited", "hedged")]
        return bool(self.templated) or (len(named) >= 4 and not any(h.explained for h in named))

    def text_of(self, i: int) -> str:
        return self.sentences[i].text


# --- per-sentence reading -----------------------------------------------------------------------

def _status(s: Sentence, marks: Marks, m: Match, kind: str, asks: bool) -> Status:
    if any(d.start <= m.start for d in marks.dont_know) or after_in_clause(s, marks.dont_know, m):
        return "disowned"
    negated = before_in_clause(s, marks.negators, m.start, NEGATION_REACH) or inside(marks.negators, m)
    if kind == "risk":  # "avoid leakage", "no leakage because ..." still show the risk was seen;
        # "no point in regularisation" does not
        negated = negated and not before_in_clause(s, marks.preventives, m.start, 12)
        negated = (negated and any(n.end == m.start for n in marks.negators)) \
            or before_in_clause(s, marks.dismissals, m.start, NEGATION_REACH)
    if negated or after_in_clause(s, marks.denials, m):
        return "denied"
    if asks or opens_with(s, marks.hedges) or before_in_clause(s, marks.hedges, m.start, 12) \
            or after_in_clause(s, marks.hedges, m):
        return "hedged"
    return "credited"


def _substance(s: Sentence, covered: set[int], lang: Language) -> set[str]:
    return {st for i, st in enumerate(s.stems) if i not in covered and st not in lang.empty_words
            and not st.isdigit() and len(st) > 2}


def _is_list(s: Sentence) -> bool:
    """Mostly short comma-separated items: "cleaning, deduplication, normalisation, outlier removal"."""
    items = [len(x.split()) for x in re.split(r",|;|\band\b|\bor\b", s.text) if x.strip()]
    short = sum(1 for n in items if n <= LIST_ITEM_WORDS)
    return len(items) >= LIST_ITEMS and short >= len(items) * 0.6


def _has_cue(s: Sentence, marks: Marks, lang: Language) -> bool:
    return bool(marks.cues) or any(st.isdigit() or st in lang.number_words for st in s.stems)


def _is_question(s: Sentence, lang: Language) -> bool:
    """A real question to the interviewer: ends with "?", opens like a question, is not a check
    ("does that make sense?") and is not a hedged proposal ("maybe just sample them?")."""
    if not s.asks:
        return False
    opening = make_sentence(_LEADING_FILLER.sub("", s.text), s.paragraph, s.index)
    if not opening.stems or first_hit(opening, lang.rhetorical) is not None:
        return False
    if any(m.end == len(opening.stems) for m in all_matches(opening, lang.rhetorical_tags)):
        return False  # "..., right?" checks, it does not ask
    if any(m.start == 0 for m in all_matches(opening, lang.hedges)):
        return False
    return any(m.start == 0 for m in all_matches(opening, lang.question_openers))


def _topics(s: Sentence, lang: Language, question: Question | None) -> set[str]:
    found = {t for t, pats in lang.topics.items() if first_hit(s, pats) is not None}
    if question is not None:
        found |= {f"fact:{f.topic}" for f in facts_asked(question, s.text)}
    return found


def facts_asked(question: Question, text: str) -> list[Fact]:
    """Facts of the question's sheet that the text asks about, best match first."""
    s = make_sentence(fold(text), 0, 0)
    scored = []
    for f in question.facts:
        n = sum(1 for k in f.keywords if Pattern.compile(k).find(s) is not None)
        if n:
            scored.append((n, f))
    scored.sort(key=lambda pair: -pair[0])
    return [f for _, f in scored]


# --- the whole answer ---------------------------------------------------------------------------

def read(text: str, question: Question | None = None) -> Reading:
    """Read one answer: sentences, ideas and how they are held, errors, questions and assumptions."""
    lex = lexicon()
    lang = lex.language
    guard = DEFENCES.get()
    text = fold(text) if guard else text
    truncated = len(text) > MAX_ASSESSED_CHARS
    markers = lang.injection if guard else ()
    paragraphs, injected = split_paragraphs(text[:MAX_ASSESSED_CHARS], markers)
    sentences: list[Sentence] = []
    for p_index, para in enumerate(paragraphs):
        for piece in split_sentences(para):
            if markers and injection_hit(piece, markers):
                injected.append(piece)
                continue
            sentences.append(make_sentence(piece, p_index, len(sentences)))
    reading = Reading(sentences=sentences, injected=injected, truncated=truncated)
    ladder = ladder_index(question) if question is not None else None
    for i, s in enumerate(sentences):
        _read_sentence(reading, i, s, lang, ladder, question)
    _mark_templates(reading, lang)
    _deny_what_errors_deny(reading, question)
    unsure = any(all_matches(s, lang.dont_know) for s in sentences)
    if unsure:  # "I don't know X. My guess is Y": nothing in such an answer is said with confidence
        reading.ideas = [IdeaHit(h.idea, h.sentence, h.match, "hedged", h.explained) if h.status == "credited"
                         else h for h in reading.ideas]
    reading.dont_know = unsure and not any(h.status == "hedged" and h.explained for h in reading.ideas)
    reading.hedged = any(all_matches(s, lang.hedges) for s in sentences)
    reading.overclaimed = [i for i, s in enumerate(sentences) if first_hit(s, lang.overclaims) is not None]
    reading.absolutes = [i for i, s in enumerate(sentences) if i not in reading.questions
                         and first_hit(s, lang.absolutes) is not None and not all_matches(s, lang.hedges)]
    if reading.overclaimed:  # a problem declared solved or free: a bluff, whatever else it names
        reading.ideas = [IdeaHit(h.idea, h.sentence, h.match, h.status, False) for h in reading.ideas]
    elif not unsure:
        reading.reasoned = [i for i, s in enumerate(sentences) if _reasoned(reading, i, s, lang)]
    return reading


def _reasoned(reading: Reading, i: int, s: Sentence, lang: Language) -> bool:
    """A sentence that argues, whatever its vocabulary: a reason, consequence, condition or number, said
    plainly (no hedge, hype, list or repeated template) with enough distinct words of substance."""
    if i in reading.questions or i in reading.templated or _is_list(s):
        return False
    marks = marks_of(s, lang)
    if marks.hedges or marks.dont_know or first_hit(s, lang.hype) is not None or not _has_cue(s, marks, lang):
        return False
    return len(_substance(s, set(), lang)) >= load_scoring().reasoning.min_substance


def _read_sentence(reading: Reading, i: int, s: Sentence, lang: Language, ladder: object,
                   question: Question | None) -> None:
    lex = lexicon()
    marks = marks_of(s, lang)
    asks = _is_question(s, lang)
    if asks:
        reading.questions.append(i)
    assumes = first_hit(s, lang.assumptions) is not None
    if assumes:
        reading.assumptions.append(i)
    if asks or assumes:
        for topic in _topics(s, lang, question):
            reading.topics.setdefault(topic, i)
    found: list[tuple[Idea, Match]] = []
    used: dict[str, set[int]] = {}
    sources = ([ladder] if ladder is not None else []) + [lex.concepts]
    for source in sources:
        cands = source.candidates(s)  # type: ignore[attr-defined]
        cands.sort(key=lambda kp: -kp[0].level)
        for idea, pattern in cands:
            assert isinstance(idea, Idea)
            if any(f[0] == idea for f in found):
                continue
            m = pattern.find(s, banned=used.get(idea.area))
            if m is None:
                continue
            found.append((idea, m))
            used.setdefault(idea.area, set()).update(m.covers())
    covered = {p for _, m in found for p in m.covers()}
    substance = _substance(s, covered, lang)
    cued = _has_cue(s, marks, lang)
    if first_hit(s, lang.hype) is not None or first_hit(s, lang.absolutes) is not None:
        budget = 0  # hype, or a claim said to hold always: named, not explained
    elif _is_list(s):  # a list explains only with a stated reason ("two-tower" is not a number)
        budget = len(substance) // SUBSTANCE_PER_IDEA // 2 if marks.cues else 0
    elif cued:
        reasons = len(marks.cues) + sum(1 for st in s.stems if st.isdigit() or st in lang.number_words)
        budget = min((len(substance) + 1) // SUBSTANCE_PER_IDEA, IDEAS_PER_REASON * reasons)
    else:
        budget = len(substance) // SPECIFICS_PER_IDEA
    anchors = [m.start for m in marks.cues if m.start not in covered]
    anchors += [j for j, st in enumerate(s.stems) if st.isdigit()]
    statuses = {id(m): _status(s, marks, m, idea.kind, asks) for idea, m in found}
    # the budget goes to the ideas the reasons sit next to, not to whatever was named first
    order = sorted(found, key=lambda f: min((abs(a - f[1].start) for a in anchors), default=f[1].start))
    explained: set[int] = set()
    for _idea, m in order:
        if budget > 0 and statuses[id(m)] in ("credited", "hedged"):
            explained.add(id(m))
            budget -= 1
    for idea, m in sorted(found, key=lambda f: f[1].start):
        reading.ideas.append(IdeaHit(idea, i, m, statuses[id(m)], id(m) in explained))
    _read_problems(reading, i, s, marks)


def problem_candidates(s: Sentence, marks: Marks) -> list[tuple[Misconception, Cue]]:
    """Every misconception whose patterns touch the sentence, with what the rules saw around it."""
    lex = lexicon()
    hedged = s.asks or bool(marks.hedges) or any(st in TENTATIVE for st in s.stems)

    def negated(m: Match) -> bool:
        return before_in_clause(s, marks.negators, m.start, NEGATION_REACH) or inside(marks.negators, m)

    def warns(patterns: tuple[Pattern, ...]) -> bool:
        """A warning word that is itself not negated ("we don't need to split by date" warns of nothing)."""
        return any(m is not None and not plainly_negated(s, m) for m in (p.find(s) for p in patterns))

    warned = warns(lex.global_reject)
    out: dict[str, tuple[Misconception, Cue]] = {}
    for item, pattern in lex.misconceptions.candidates(s):
        assert isinstance(item, Misconception)
        m = pattern.find(s)
        if m is None or item.spec.id in out:
            continue
        out[item.spec.id] = (item, Cue(item.spec.id, "match", negated(m), after_in_clause(s, marks.denials, m),
                                       warned, warns(item.reject), hedged))
    for item in lex.denials:
        for gate, patterns in (("denies", item.denies), ("topic", item.topic)):
            if item.spec.id in out:
                break
            for pattern in patterns:
                m = pattern.find(s)
                if m is not None:
                    out[item.spec.id] = (item, Cue(item.spec.id, gate, negated(m),
                                                   after_in_clause(s, marks.denials, m), warned,
                                                   warns(item.reject), hedged))
                    break
    return list(out.values())


def _read_problems(reading: Reading, i: int, s: Sentence, marks: Marks) -> None:
    """Confident errors: a claim asserted, or a best practice dismissed, as the stance model reads it."""
    model = stance_model()
    for item, cue in problem_candidates(s, marks):
        if model.probability(features(s, cue)) >= model.threshold:
            reading.problems.append(ProblemHit(item, i, cue.hedged))


def _deny_what_errors_deny(reading: Reading, question: Question | None) -> None:
    """A misconception denies the practices it names ("we switch all traffic on day one; shadow mode just
    wastes a month"): those ideas, or ladder points that stand for them, are never credited alongside the
    error - in its own sentence, and anywhere in the answer when the error is said with confidence."""
    here = {(p.sentence, f"concept:{c}") for p in reading.problems for c in p.spec.spec.practice}
    anywhere = {f"concept:{c}" for p in reading.problems if not p.hedged for c in p.spec.spec.practice}
    if not here:
        return

    def denies(h: IdeaHit) -> bool:
        if h.idea.source == "concept":
            return h.idea.point in anywhere or (h.sentence, h.idea.point) in here
        if question is None:
            return False
        same = set(ladder_equivalents(question, h.idea.area, h.idea.level, h.idea.point))
        return bool(same & anywhere) or any((h.sentence, c) in here for c in same)

    reading.ideas = [IdeaHit(h.idea, h.sentence, h.match, "denied", False) if denies(h) else h
                     for h in reading.ideas]


_EQUIVALENTS: dict[tuple[int, str, int, str], tuple[str, ...]] = {}


def ladder_equivalents(question: Question, area: str, level: int, point: str) -> tuple[str, ...]:
    """The generic concepts ("concept:<id>") a ladder point's own words express, read by this same reader."""
    cache_key = (id(question), area, level, point)
    if cache_key not in _EQUIVALENTS:
        spec = question.ladders[area].at(level).point(point)  # type: ignore[index]
        words = " ".join([spec.text, *spec.synonyms]) if spec else ""
        _EQUIVALENTS[cache_key] = tuple(sorted({h.idea.point for h in read(words).ideas
                                                if h.idea.area == area and h.idea.source == "concept"}))
    return _EQUIVALENTS[cache_key]


def _mark_templates(reading: Reading, lang: Language) -> None:
    """Sentences that repeat one skeleton around different terms explain nothing: the skeleton is every
    word of the sentence that is not part of an idea, filler included."""
    by_sentence: dict[int, set[int]] = {}
    for h in reading.ideas:
        by_sentence.setdefault(h.sentence, set()).update(h.match.covers())
    skeletons = {i: {st for j, st in enumerate(reading.sentences[i].stems) if j not in cov}
                 for i, cov in by_sentence.items()}
    items = [(i, sk) for i, sk in skeletons.items() if len(sk) >= 4]
    for a in range(len(items)):
        for b in range(a + 1, len(items)):
            (i, x), (j, y) = items[a], items[b]
            if len(x & y) / len(x | y) >= TEMPLATE_OVERLAP:
                reading.templated.update((i, j))
    if reading.templated:
        reading.ideas = [IdeaHit(h.idea, h.sentence, h.match, h.status, False) if h.sentence in reading.templated
                         else h for h in reading.ideas]
