"""Where a word stands in its sentence: negations, hedges and denials in the same clause as an idea.

The offline reader asks these questions of every idea and every misconception it finds: is it negated
shortly before ("no need to monitor"), denied after ("monitoring, which we can skip"), hedged, or said
by someone who just said they don't know.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.brains.lexicons import Language
from interviewer.lexicon import Match, Pattern
from interviewer.text import Sentence

NEGATION_REACH = 6
"""How many words before an idea a negation ("no need to", "skip") may stand and still deny it."""
PLAIN_NEGATIONS = frozenset({"not", "no", "never", "without", "nor", "neither"})


def all_matches(s: Sentence, patterns: tuple[Pattern, ...]) -> list[Match]:
    return [m for p in patterns for m in p.find_all(s)]


NOT_NEGATING = frozenset({"harm", "problem", "issu", "wrong", "reason", "doubt"})
"""After these, "no" affirms: "no harm in peeking", "no problem with a random split"."""


def before_in_clause(s: Sentence, marks: list[Match], at: int, reach: int) -> bool:
    clause = s.clauses[at]
    return any(m.start < at and at - m.end <= reach and s.clauses[m.start] == clause
               and not (m.end < len(s.stems) and s.stems[m.end] in NOT_NEGATING) for m in marks)


def after_in_clause(s: Sentence, marks: list[Match], m: Match) -> bool:
    clause = s.clauses[m.end - 1]
    return any(d.start >= m.start and s.clauses[d.start] == clause for d in marks)


def plainly_negated(s: Sentence, m: Match) -> bool:
    """"not", "no" or "never" shortly before, in the same clause."""
    clause, first = s.clauses[m.start], max(0, m.start - NEGATION_REACH)
    return any(st in PLAIN_NEGATIONS and s.clauses[j] == clause
               for j, st in enumerate(s.stems[first:m.start], start=first))


def inside(marks: list[Match], m: Match) -> bool:
    """A negation among the words between the pattern's own words (not one the pattern spells out)."""
    return any(m.start <= d.start < m.end and not m.owns(d) for d in marks)


def opens_with(s: Sentence, marks: list[Match]) -> bool:
    """A sentence that starts with a hedge ("I'm not sure, maybe ...") hedges all of it."""
    return any(d.start <= 3 and s.clauses[d.start] == 0 for d in marks)


@dataclass
class Marks:
    dont_know: list[Match]
    hedges: list[Match]
    negators: list[Match]
    denials: list[Match]
    dismissals: list[Match]
    preventives: list[Match]
    cues: list[Match]


def marks_of(s: Sentence, lang: Language) -> Marks:
    return Marks(*(all_matches(s, patterns) for patterns in (lang.dont_know, lang.hedges, lang.negators,
                                                              lang.denials, lang.dismissals, lang.preventives,
                                                              lang.cues)))
