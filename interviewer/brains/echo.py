"""Phrases of an answer worth saying back to the candidate: their own words, never cut mid-clause."""

from __future__ import annotations

import re

from interviewer.brains.reading import Reading
from interviewer.text import Sentence, tokens

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
