"""Reading an answer the way the offline brain does: sentences, stems, phrases, hedges and injections.

Matching works on normalised words: lower-cased, punctuation turned into spaces, each word stemmed
with the Snowball English stemmer. A phrase matches when its words appear contiguously. Injection
markers are matched on the lower-cased raw text instead, because they often hinge on punctuation.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import snowballstemmer

from rubrics.schema import Fact, LanguageFile, Question

MAX_ASSESSED_CHARS = 20_000
"""Answers longer than this are stored whole but only their start is read (nobody says more)."""

_STEMMERS = threading.local()
"""Snowball stemmers keep the word being stemmed on the object, so each thread needs its own."""
_NON_WORD = re.compile(r"[^0-9a-z]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_FENCE = re.compile(r"```.*?(?:```|\Z)", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x1b]")
_EXPLAINED_FREE_WORDS = 6


@cache
def _stem(word: str) -> str:
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


def clean(text: str) -> str:
    """Unicode-normalise and drop control characters (ANSI escapes, NUL) but keep newlines and tabs."""
    return _CONTROL.sub(" ", unicodedata.normalize("NFKC", text))


def words(text: str) -> list[str]:
    return [_stem(w) for w in _NON_WORD.sub(" ", clean(text).lower()).split()]


def normalise(text: str) -> str:
    """Stemmed words joined by single spaces, padded so ` phrase ` finds whole-word matches."""
    return " " + " ".join(words(text)) + " "


@cache
def phrase_key(phrase: str) -> str:
    return normalise(phrase)


def contains(norm: str, phrase: str) -> bool:
    key = phrase_key(phrase)
    return key.strip() != "" and key in norm


def first_match(norm: str, phrases: list[str]) -> str | None:
    return next((p for p in phrases if contains(norm, p)), None)


@dataclass(frozen=True)
class Sentence:
    text: str
    norm: str
    word_count: int
    paragraph: int


@dataclass
class Reading:
    """What the offline brain sees in one answer."""

    sentences: list[Sentence]
    injected: list[str] = field(default_factory=list)
    dont_know: bool = False
    hedges: int = 0
    is_question: bool = False
    truncated: bool = False

    @property
    def word_count(self) -> int:
        return sum(s.word_count for s in self.sentences)

    @property
    def norm(self) -> str:
        return " ".join(s.norm for s in self.sentences)


def _marker_hit(raw_lower: str, markers: list[str]) -> bool:
    for marker in markers:
        if marker.startswith("^"):
            if re.search(r"(?m)^\W*" + re.escape(marker[1:]), raw_lower):
                return True
        elif marker in raw_lower:
            return True
    return False


def _paragraphs(text: str, markers: list[str]) -> tuple[list[str], list[str]]:
    """Split into paragraphs; fenced code blocks and paragraphs that open with an injection go out."""
    injected: list[str] = []

    def drop_fence(m: re.Match[str]) -> str:
        if _marker_hit(" ".join(m.group(0).lower().split()), markers):
            injected.append(m.group(0))
            return "\n\n"
        return m.group(0)

    text = _FENCE.sub(drop_fence, text)
    kept: list[str] = []
    for para in re.split(r"\n\s*\n", text):
        opening = " ".join(para.lower().split()[:12])
        if para.strip() and _marker_hit(opening, markers):
            injected.append(para.strip())
        else:
            kept.append(para)
    return kept, injected


def _looks_like_question(sentences: list[Sentence], raw: str, openers: list[str]) -> bool:
    if "?" not in raw or not sentences:
        return False
    asked = [s for s in sentences if s.text.rstrip().endswith("?")]
    told = [s for s in sentences if not s.text.rstrip().endswith("?")]
    if not asked:
        return False
    statement_words = sum(s.word_count for s in told)
    opens = any(s.norm.startswith(phrase_key(o)) for s in asked for o in openers)
    return statement_words <= 25 and (opens or statement_words <= 8)


def read(text: str, lang: LanguageFile) -> Reading:
    """Split an answer into sentences, set injected text aside, and note hedges and "don't know"."""
    text = clean(text)
    truncated = len(text) > MAX_ASSESSED_CHARS
    text = text[:MAX_ASSESSED_CHARS]
    paragraphs, injected = _paragraphs(text, lang.injection)
    sentences: list[Sentence] = []
    for p_index, para in enumerate(paragraphs):
        for piece in _SENTENCE_END.split(para):
            piece = piece.strip()
            if not piece:
                continue
            if _marker_hit(" ".join(piece.lower().split()), lang.injection):
                injected.append(piece)
                continue
            norm = normalise(piece)
            sentences.append(Sentence(piece, norm, len(norm.split()), p_index))
    reading = Reading(sentences=sentences, injected=injected, truncated=truncated)
    norm = reading.norm
    reading.dont_know = any(contains(norm, p) for p in lang.dont_know)
    reading.hedges = sum(1 for s in sentences for p in lang.hedges if contains(s.norm, p))
    kept_raw = " ".join(s.text for s in sentences)
    reading.is_question = _looks_like_question(sentences, kept_raw, lang.question_openers)
    return reading


def question_sentences(reading: Reading, lang: LanguageFile) -> list[Sentence]:
    """Sentences that ask the interviewer something (end with ? and open like a question)."""
    return [s for s in reading.sentences if s.text.rstrip().endswith("?")
            and any(s.norm.startswith(phrase_key(o)) for o in lang.question_openers)]


def matching_facts(question: Question, text: str) -> list[tuple[int, Fact]]:
    """Facts of the question's sheet that the text asks about, with how many keywords matched."""
    norm = normalise(text)
    found = [(sum(1 for k in f.keywords if contains(norm, k)), f) for f in question.facts]
    return sorted(((n, f) for n, f in found if n), key=lambda pair: -pair[0])


def dont_know_sentences(reading: Reading, lang: LanguageFile) -> set[int]:
    return {i for i, s in enumerate(reading.sentences) if any(contains(s.norm, p) for p in lang.dont_know)}


def is_explained(sentence: Sentence, matched_words: int) -> bool:
    """A point counts as explained, not just name-dropped, when its sentence says something beyond
    the terms themselves: enough words that are not part of any matched phrase."""
    return sentence.word_count - matched_words >= _EXPLAINED_FREE_WORDS
