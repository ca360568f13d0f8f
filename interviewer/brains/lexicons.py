"""The offline reader's compiled lexicons: language, generic concepts, misconceptions, ladder points.

Everything here is data from `rubrics/` compiled once into patterns (see `interviewer.lexicon`). A
question's ladder points are compiled on first use and kept with the question.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cache

from interviewer.lexicon import Index, Pattern, compile_all
from interviewer.models import Area
from interviewer.text import fold, stems
from rubrics import load_concepts, load_language, load_misconceptions, load_tiers
from rubrics.lexicon_schema import IdeaKind, MisconceptionSpec
from rubrics.schema import Question

LADDER_WINDOW = 6
"""Words apart that the words of a multi-word ladder synonym may be found in any order."""


@dataclass(frozen=True)
class Idea:
    """Something a grader listens for: a ladder point of the question or a generic concept."""

    area: Area
    level: int
    point: str
    kind: IdeaKind
    text: str
    source: str  # "ladder" or "concept"


@dataclass(frozen=True)
class Language:
    dont_know: tuple[Pattern, ...]
    hedges: tuple[Pattern, ...]
    negators: tuple[Pattern, ...]
    denials: tuple[Pattern, ...]
    dismissals: tuple[Pattern, ...]
    preventives: tuple[Pattern, ...]
    cues: tuple[Pattern, ...]
    reasons: tuple[Pattern, ...]
    number_words: frozenset[str]
    empty_words: frozenset[str]
    hype: tuple[Pattern, ...]
    overclaims: tuple[Pattern, ...]
    absolutes: tuple[Pattern, ...]
    question_openers: tuple[Pattern, ...]
    rhetorical: tuple[Pattern, ...]
    rhetorical_tags: tuple[Pattern, ...]
    assumptions: tuple[Pattern, ...]
    topics: dict[str, tuple[Pattern, ...]]
    injection: tuple[str, ...]
    version: str


@dataclass
class Misconception:
    spec: MisconceptionSpec
    asserts: tuple[Pattern, ...]
    denies: tuple[Pattern, ...]
    topic: tuple[Pattern, ...]
    reject: tuple[Pattern, ...]


@dataclass
class Lexicon:
    language: Language
    concepts: Index = field(default_factory=Index)
    misconceptions: Index = field(default_factory=Index)
    denials: list[Misconception] = field(default_factory=list)
    global_reject: tuple[Pattern, ...] = ()
    watched: tuple[tuple[str, Pattern], ...] = ()
    """Phrases the tiers' red flags listen for."""
    versions: dict[str, str] = field(default_factory=dict)


def _phrases(items: list[str], groups: dict[str, list[str]]) -> tuple[Pattern, ...]:
    return compile_all(items, groups)


@cache
def lexicon() -> Lexicon:
    lang = load_language()
    g = lang.groups
    empty = {s for w in (*lang.vague, *lang.stop_words) for s in stems(w)}
    language = Language(
        dont_know=_phrases(lang.dont_know, g), hedges=_phrases(lang.hedges, g),
        negators=_phrases(lang.negators, g), denials=_phrases(lang.denials, g),
        dismissals=_phrases(lang.dismissals, g),
        preventives=_phrases(lang.preventives, g),
        cues=_phrases([*lang.reasons, *lang.trade_offs, *lang.conditions], g),
        reasons=_phrases(lang.reasons, g),
        number_words=frozenset(s for w in lang.number_words for s in stems(w)),
        empty_words=frozenset(empty), hype=_phrases([*lang.hype, *lang.overclaims], g),
        overclaims=_phrases(lang.overclaims, g), absolutes=_phrases(lang.absolutes, g),
        question_openers=_phrases(lang.question_openers, g), rhetorical=_phrases(lang.rhetorical, g),
        rhetorical_tags=_phrases(lang.rhetorical_tags, g),
        assumptions=_phrases(lang.assumptions, g),
        topics={t: _phrases(words, g) for t, words in lang.requirement_topics.items()},
        injection=tuple(" ".join(fold(m).lower().split()) for m in lang.injection),
        version=lang.version,
    )
    lex = Lexicon(language=language)
    concepts = load_concepts()
    for c in concepts.concepts:
        idea = Idea(c.area, c.level, c.point, c.kind, c.text, "concept")
        for p in compile_all(c.match, concepts.groups):
            lex.concepts.add(idea, p)
    mis = load_misconceptions()
    lex.global_reject = compile_all(mis.reject, mis.groups)
    for spec in mis.misconceptions:
        m = Misconception(spec, compile_all(spec.match, mis.groups), compile_all(spec.denies, mis.groups),
                          compile_all(spec.topic, mis.groups), compile_all(spec.reject, mis.groups))
        for p in m.asserts:
            lex.misconceptions.add(m, p)
        lex.denials.append(m)
    tiers = load_tiers()
    phrases = sorted({p for t in tiers.tiers for f in t.red_flags for p in f.rule.phrases})
    lex.watched = tuple((p, Pattern.compile(p)) for p in phrases)
    lex.versions = {"language": lang.version, "concepts": concepts.version, "misconceptions": mis.version}
    return lex


_LADDERS: dict[int, tuple[Question, Index]] = {}
_LADDER_LOCK = threading.Lock()


def ladder_index(question: Question) -> Index:
    """The question's ladder points as patterns: each synonym as written, and its content words in
    any order close together ("split by time" also finds "split the data by time")."""
    with _LADDER_LOCK:
        cached = _LADDERS.get(id(question))
        if cached is not None and cached[0] is question:
            return cached[1]
    stop = lexicon().language.empty_words
    index = Index()
    for area, ladder in question.ladders.items():
        for lv in ladder.levels:
            for point in lv.points:
                idea = Idea(area, lv.level, point.id, "practice", point.text, "ladder")
                for synonym in point.synonyms:
                    index.add(idea, Pattern.compile(synonym))
                    content = [w for w in synonym.split() if not (set(stems(w)) <= stop)]
                    negated = any(s in ("not", "no", "never", "without") for s in stems(synonym))
                    if 2 <= len(content) < len(synonym.split()) and not negated:
                        index.add(idea, Pattern.compile(" + ".join(content), window=LADDER_WINDOW))
    with _LADDER_LOCK:
        _LADDERS[id(question)] = (question, index)
    return index
