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
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Literal

from interviewer.brains.lexicons import Idea, Language, Misconception, ladder_index, lexicon
from interviewer.brains.stance import Cue, features, stance_model
from interviewer.lexicon import Match, Pattern, first_hit
from interviewer.text import Sentence, fold, make_sentence, split_sentences, stems, tokens
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
NEGATION_REACH = 6
"""How many words before an idea a negation ("no need to", "skip") may stand and still deny it."""
TEMPLATE_OVERLAP = 0.6
"""Sentences whose leftover words overlap this much are one template repeated around different terms."""
QUESTION_STATEMENT_WORDS = 25
LIST_ITEMS = 4
"""A sentence of this many short comma-separated items is a list of terms: its items explain nothing."""
LIST_ITEM_WORDS = 4
PLAIN_NEGATIONS = frozenset({"not", "no", "never", "without", "nor", "neither"})
TENTATIVE = frozenset({"probabl", "assum"})
"""A wrong claim said "probably" or "I'd assume" is tentative: a hedged error, not a confident one."""
"""An answer is a clarifying question when, besides its questions, it says no more than this."""

Status = Literal["credited", "hedged", "denied", "disowned"]
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
_LEADING_FILLER = re.compile(r"^(?:(?:so|and|also|ok|okay|oh|right|well|hmm|um|then|but|one more thing|"
                             r"quick question|just to clarify|to clarify|sorry|actually)\W+)+", re.I)


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
    overclaimed: list[int] = field(default_factory=list)
    absolutes: list[int] = field(default_factory=list)
    """Sentences claiming something holds always, never or by definition."""
    """Sentences that declare a problem solved, free or guaranteed."""
    """Sentences that give a reason in substantial words of their own (see `_reasoned`)."""

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


# --- injection --------------------------------------------------------------------------------

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


def _paragraphs(text: str, markers: tuple[str, ...]) -> tuple[list[str], list[str]]:
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


# --- per-sentence reading -----------------------------------------------------------------------

def _all(s: Sentence, patterns: tuple[Pattern, ...]) -> list[Match]:
    return [m for p in patterns for m in p.find_all(s)]


NOT_NEGATING = frozenset({"harm", "problem", "issu", "wrong", "reason", "doubt"})
"""After these, "no" affirms: "no harm in peeking", "no problem with a random split"."""


def _before_in_clause(s: Sentence, marks: list[Match], at: int, reach: int) -> bool:
    clause = s.clauses[at]
    return any(m.start < at and at - m.end <= reach and s.clauses[m.start] == clause
               and not (m.end < len(s.stems) and s.stems[m.end] in NOT_NEGATING) for m in marks)


def _after_in_clause(s: Sentence, marks: list[Match], m: Match) -> bool:
    clause = s.clauses[m.end - 1]
    return any(d.start >= m.start and s.clauses[d.start] == clause for d in marks)


def _plainly_negated(s: Sentence, m: Match) -> bool:
    """"not", "no" or "never" shortly before, in the same clause."""
    clause, first = s.clauses[m.start], max(0, m.start - NEGATION_REACH)
    return any(st in PLAIN_NEGATIONS and s.clauses[j] == clause
               for j, st in enumerate(s.stems[first:m.start], start=first))


def _inside(marks: list[Match], m: Match) -> bool:
    """A negation among the words between the pattern's own words (not one the pattern spells out)."""
    return any(m.start <= d.start < m.end and not m.owns(d) for d in marks)


def _opens_with(s: Sentence, marks: list[Match]) -> bool:
    """A sentence that starts with a hedge ("I'm not sure, maybe ...") hedges all of it."""
    return any(d.start <= 3 and s.clauses[d.start] == 0 for d in marks)


@dataclass
class _Marks:
    dont_know: list[Match]
    hedges: list[Match]
    negators: list[Match]
    denials: list[Match]
    dismissals: list[Match]
    preventives: list[Match]
    cues: list[Match]


def _marks(s: Sentence, lang: Language) -> _Marks:
    return _Marks(_all(s, lang.dont_know), _all(s, lang.hedges), _all(s, lang.negators), _all(s, lang.denials),
                  _all(s, lang.dismissals), _all(s, lang.preventives), _all(s, lang.cues))


def _status(s: Sentence, marks: _Marks, m: Match, kind: str, asks: bool) -> Status:
    if any(d.start <= m.start for d in marks.dont_know) or _after_in_clause(s, marks.dont_know, m):
        return "disowned"
    negated = _before_in_clause(s, marks.negators, m.start, NEGATION_REACH) or _inside(marks.negators, m)
    if kind == "risk":  # "avoid leakage", "no leakage because ..." still show the risk was seen;
        # "no point in regularisation" does not
        negated = negated and not _before_in_clause(s, marks.preventives, m.start, 12)
        negated = (negated and any(n.end == m.start for n in marks.negators)) \
            or _before_in_clause(s, marks.dismissals, m.start, NEGATION_REACH)
    if negated or _after_in_clause(s, marks.denials, m):
        return "denied"
    if asks or _opens_with(s, marks.hedges) or _before_in_clause(s, marks.hedges, m.start, 12) \
            or _after_in_clause(s, marks.hedges, m):
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


def _has_cue(s: Sentence, marks: _Marks, lang: Language) -> bool:
    return bool(marks.cues) or any(st.isdigit() or st in lang.number_words for st in s.stems)


def _is_question(s: Sentence, lang: Language) -> bool:
    """A real question to the interviewer: ends with "?", opens like a question, is not a check
    ("does that make sense?") and is not a hedged proposal ("maybe just sample them?")."""
    if not s.asks:
        return False
    opening = make_sentence(_LEADING_FILLER.sub("", s.text), s.paragraph, s.index)
    if not opening.stems or first_hit(opening, lang.rhetorical) is not None:
        return False
    if any(m.start == 0 for m in _all(opening, lang.hedges)):
        return False
    return any(m.start == 0 for m in _all(opening, lang.question_openers))


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
    paragraphs, injected = _paragraphs(text[:MAX_ASSESSED_CHARS], markers)
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
    _deny_what_errors_deny(reading)
    unsure = any(_all(s, lang.dont_know) for s in sentences)
    if unsure:  # "I don't know X. My guess is Y": nothing in such an answer is said with confidence
        reading.ideas = [IdeaHit(h.idea, h.sentence, h.match, "hedged", h.explained) if h.status == "credited"
                         else h for h in reading.ideas]
    reading.dont_know = unsure and not any(h.status == "hedged" and h.explained for h in reading.ideas)
    reading.hedged = any(_all(s, lang.hedges) for s in sentences)
    reading.overclaimed = [i for i, s in enumerate(sentences) if first_hit(s, lang.overclaims) is not None]
    reading.absolutes = [i for i, s in enumerate(sentences) if i not in reading.questions
                         and first_hit(s, lang.absolutes) is not None and not _all(s, lang.hedges)]
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
    marks = _marks(s, lang)
    if marks.hedges or marks.dont_know or first_hit(s, lang.hype) is not None or not _has_cue(s, marks, lang):
        return False
    return len(_substance(s, set(), lang)) >= load_scoring().reasoning.min_substance


def _read_sentence(reading: Reading, i: int, s: Sentence, lang: Language, ladder: object,
                   question: Question | None) -> None:
    lex = lexicon()
    marks = _marks(s, lang)
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


def problem_candidates(s: Sentence, marks: _Marks) -> list[tuple[Misconception, Cue]]:
    """Every misconception whose patterns touch the sentence, with what the rules saw around it."""
    lex = lexicon()
    hedged = s.asks or bool(marks.hedges) or any(st in TENTATIVE for st in s.stems)

    def negated(m: Match) -> bool:
        return _before_in_clause(s, marks.negators, m.start, NEGATION_REACH) or _inside(marks.negators, m)

    def warns(patterns: tuple[Pattern, ...]) -> bool:
        """A warning word that is itself not negated ("we don't need to split by date" warns of nothing)."""
        return any(m is not None and not _plainly_negated(s, m) for m in (p.find(s) for p in patterns))

    warned = warns(lex.global_reject)
    out: dict[str, tuple[Misconception, Cue]] = {}
    for item, pattern in lex.misconceptions.candidates(s):
        assert isinstance(item, Misconception)
        m = pattern.find(s)
        if m is None or item.spec.id in out:
            continue
        out[item.spec.id] = (item, Cue(item.spec.id, "match", negated(m), _after_in_clause(s, marks.denials, m),
                                       warned, warns(item.reject), hedged))
    for item in lex.denials:
        for gate, patterns in (("denies", item.denies), ("topic", item.topic)):
            if item.spec.id in out:
                break
            for pattern in patterns:
                m = pattern.find(s)
                if m is not None:
                    out[item.spec.id] = (item, Cue(item.spec.id, gate, negated(m),
                                                   _after_in_clause(s, marks.denials, m), warned,
                                                   warns(item.reject), hedged))
                    break
    return list(out.values())


def _read_problems(reading: Reading, i: int, s: Sentence, marks: _Marks) -> None:
    """Confident errors: a claim asserted, or a best practice dismissed, as the stance model reads it."""
    model = stance_model()
    for item, cue in problem_candidates(s, marks):
        if model.probability(features(s, cue)) >= model.threshold:
            reading.problems.append(ProblemHit(item, i, cue.hedged))


def _deny_what_errors_deny(reading: Reading) -> None:
    """A sentence that states a misconception denies the practices it names ("we don't need to monitor,
    the offline numbers were good"): those ideas are never credited alongside the error."""
    denied = {(p.sentence, f"concept:{c}") for p in reading.problems for c in p.spec.spec.practice}
    if denied:
        reading.ideas = [IdeaHit(h.idea, h.sentence, h.match, "denied", False) if (h.sentence, h.idea.point) in denied
                         else h for h in reading.ideas]


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


def words_of(text: str) -> list[str]:
    return stems(fold(text))


_CHUNK = re.compile(r"\S+")
ECHO_WORDS = (3, 10)
"""A phrase said back to the candidate is this many of their words: enough to recognise, short to say."""


def _span_text(sentence: Sentence, start: int, end: int) -> str:
    """The candidate's own words (as typed) for stems start..end of the sentence."""
    owner: list[tuple[int, int]] = []
    for m in _CHUNK.finditer(sentence.text):
        owner.extend([(m.start(), m.end())] * len(tokens(m.group(0))))
    if not owner or end > len(owner):
        return ""
    text = sentence.text[owner[start][0]:owner[end - 1][1]]
    return text.strip(" ,;:.!?\"'()[]-—")


def echoes(reading: Reading, area: str | None = None) -> list[str]:
    """Short phrases of the answer worth saying back: numbers with their words first, then the clause
    around each idea the candidate explained (in `area` first), never a denied or disowned one."""
    out: list[str] = []
    lo, hi = ECHO_WORDS
    for s in reading.sentences:
        for i, st in enumerate(s.stems):
            if st.isdigit():
                idx = [j for j, c in enumerate(s.clauses) if c == s.clauses[i]]
                a, b = max(idx[0], i - 4), min(idx[-1] + 1, i + 4)
                phrase = _trim(_span_text(s, a, b))
                if phrase and 2 <= len(phrase.split()) <= hi:
                    out.append(phrase)
    ideas = sorted((h for h in reading.ideas if h.status == "credited"),
                   key=lambda h: (h.idea.area != area, not h.explained, -h.idea.level))
    for h in ideas:
        s = reading.sentences[h.sentence]
        clause = s.clauses[h.match.start]
        idx = [i for i, c in enumerate(s.clauses) if c == clause]
        a, b = idx[0], idx[-1] + 1
        if b - a > hi:  # keep the words around the idea
            a = max(idx[0], h.match.start - 3)
            b = min(idx[-1] + 1, max(h.match.end, a + lo) + 3)
        phrase = _trim(_span_text(s, a, b))
        if phrase and lo <= len(phrase.split()) <= hi + 2:
            out.append(phrase)
    return list(dict.fromkeys(out))


_EDGE_WORDS = {"and", "then", "so", "say", "but", "or", "because", "since", "which", "that", "also", "i", "we",
               "would", "i'd", "we'd", "the", "a", "an", "to", "of", "for", "with", "like", "just", "well"}


_TAIL_WORDS = _EDGE_WORDS | {"is", "are", "was", "were", "be", "been", "it", "its", "in", "on", "at", "by", "as",
                             "from", "into", "our", "their", "my", "your", "this", "these", "those", "if", "when"}
"""A phrase said back never stops on these: "every few seconds for 800M users is" reads as cut off."""


def _trim(phrase: str) -> str:
    words = phrase.split()
    while words and words[0].lower().strip(",;:") in _EDGE_WORDS:
        words.pop(0)
    while words and words[-1].lower().strip(",;:") in _TAIL_WORDS:
        words.pop()
    return " ".join(words).strip(" ,;:.!?\"'()[]-—")
