"""Text as the reader sees it: normalised, split into sentences and clauses, tokenised and stemmed.

Normalising comes first so hidden text is seen: NFKC (full-width and styled letters become plain),
invisible format characters (zero-width spaces, joiners, bidi controls, soft hyphens) are removed and
look-alike Cyrillic and Greek letters are folded to Latin. Sentences are split on end punctuation and
line breaks, but not after abbreviations ("e.g.", "vs.") or inside decimals, so quotes stay whole.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import snowballstemmer

_STEMMERS = threading.local()
"""Snowball stemmers keep the word being stemmed on the object, so each thread needs its own."""

_CONFUSABLES = str.maketrans({
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ӏ": "l",
    "ԛ": "q", "ԝ": "w", "ɡ": "g",
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "Һ": "H", "Ԛ": "Q", "Ԝ": "W",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # typographic quotes and dashes
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"',
    "\u2013": "-", "\u2014": " - ", "\u2212": "-",
})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "approx.", "incl.", "cf.", "al.", "fig.", "no.", "mr.", "mrs.",
                  "ms.", "dr.", "prof.", "sr.", "jr.", "u.s.", "a.m.", "p.m.", "w.r.t.", "resp.", "est.")
_PROTECT = re.compile("|".join(re.escape(a) for a in sorted(_ABBREVIATIONS, key=len, reverse=True)), re.I)
_DOT = "\u2024"  # one-dot leader: stands in for a protected full stop while splitting
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")
_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
_CONTRACTIONS = (("won't", "will not"), ("can't", "can not"), ("cannot", "can not"), ("shan't", "shall not"),
                 ("n't", " not"), ("'re", " are"), ("'ve", " have"), ("'ll", " will"), ("'d", " would"),
                 ("'m", " am"))
_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?")
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]]|\s-\s|\b(?:but|whereas|although|though|however|because|since|so that|"
                           r"unless|which|while|otherwise)\b")


def stem(word: str) -> str:
    return _stem(word)


@cache
def _stem(word: str) -> str:
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    return str(stemmer.stemWord(word))


def fold(text: str) -> str:
    """NFKC, no invisible format characters, look-alike letters folded, control characters to spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return _CONTROL.sub(" ", text.translate(_CONFUSABLES))


def expand_contractions(lower: str) -> str:
    """Contractions spelled out ("don't" reads "do not") and "%" read as "percent"."""
    for short, long in _CONTRACTIONS:
        lower = lower.replace(short, long)
    return lower.replace("%", " percent ")


def tokens(text: str) -> list[str]:
    """Lower-cased words and numbers of already folded text, contractions expanded."""
    return _TOKEN.findall(expand_contractions(text.lower()))


def stems(text: str) -> list[str]:
    return [_stem(t) for t in tokens(text)]


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph (or any text): end punctuation or line breaks, abbreviations kept."""
    protected = _PROTECT.sub(lambda m: m.group(0).replace(".", _DOT), text)
    protected = _DECIMAL.sub(_DOT, protected)
    out = []
    for piece in _BOUNDARY.split(protected):
        piece = piece.strip().replace(_DOT, ".")
        if piece:
            out.append(piece)
    return out


@dataclass(frozen=True)
class Sentence:
    """One sentence of an answer: its text as written, stems, and the clause of each stem."""

    text: str
    stems: tuple[str, ...]
    clauses: tuple[int, ...]
    paragraph: int
    index: int
    positions: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, hash=False)
    """Where each stem occurs: what pattern matching looks up instead of scanning."""
    words_: tuple[str, ...] = ()
    """The words themselves, unstemmed (for patterns that must not match every inflection)."""

    @property
    def words(self) -> int:
        return len(self.stems)

    @property
    def asks(self) -> bool:
        return self.text.rstrip(" \"')").endswith("?")


def make_sentence(text: str, paragraph: int, index: int) -> Sentence:
    """Stems with a clause number each: clauses break at commas, semicolons and linking words."""
    lower = expand_contractions(text.lower())
    raw: list[str] = []
    clause_of: list[int] = []
    clause, pos = 0, 0
    for brk in _CLAUSE_BREAK.finditer(lower):
        for tok in _TOKEN.findall(lower[pos:brk.start()]):
            raw.append(tok)
            clause_of.append(clause)
        clause += 1
        for tok in _TOKEN.findall(brk.group(0)):  # the linking word starts the next clause
            raw.append(tok)
            clause_of.append(clause)
        pos = brk.end()
    for tok in _TOKEN.findall(lower[pos:]):
        raw.append(tok)
        clause_of.append(clause)
    out = [_stem(t) for t in raw]
    where: dict[str, list[int]] = {}
    for i, st in enumerate(out):
        where.setdefault(st, []).append(i)
    for i, w in enumerate(raw):
        where.setdefault("=" + w, []).append(i)
    return Sentence(text=text, stems=tuple(out), clauses=tuple(clause_of), paragraph=paragraph, index=index,
                    positions={k: tuple(v) for k, v in where.items()}, words_=tuple(raw))
