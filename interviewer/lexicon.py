"""Order-free phrase patterns over stemmed words: how the offline reader finds ideas in other words.

A pattern is written in the data files as slots joined by ` + `; each slot is alternatives joined by
`|`; an alternative is a phrase (contiguous words), `@group` expands to a named list of phrases, and
a word ending in `*` matches any word starting with it. All slots must be found in one sentence, in
any order, within a window of words (default 14); slots joined by ` > ` must come in that order:

    "@split + time|date|chronolog* + past|recent|later"
    "{16} goal|objective + is > accuracy|auc"      (a window of 16 words; accuracy after the goal)

Words are stemmed when the pattern is compiled, so "splitting by dates" matches "split + date".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from interviewer.text import Sentence, stem, tokens

DEFAULT_WINDOW = 14


@dataclass(frozen=True)
class Word:
    stem: str
    prefix: bool = False
    exact: bool = False

    def matches(self, s: Sentence, i: int) -> bool:
        if self.exact:
            return s.words_[i] == self.stem
        st = s.stems[i]
        return st.startswith(self.stem) if self.prefix else st == self.stem


Phrase = tuple[Word, ...]


@dataclass(frozen=True)
class Match:
    start: int
    end: int  # exclusive
    spans: tuple[tuple[int, int], ...]

    def covers(self) -> set[int]:
        return {i for a, b in self.spans for i in range(a, b)}

    def owns(self, other: Match) -> bool:
        """True when `other` lies on this match's own words (a negation the pattern itself spells out)."""
        return any(a < other.end and other.start < b for a, b in self.spans)


def _phrase(text: str) -> Phrase | None:
    words: list[Word] = []
    for raw in text.split():
        star = raw.endswith("*")
        exact = raw.startswith("=")
        toks = tokens(raw.rstrip("*").lstrip("="))
        for i, tok in enumerate(toks):
            last = i == len(toks) - 1
            words.append(Word(tok if (star and last) or exact else stem(tok), prefix=star and last, exact=exact))
    return tuple(words) or None


def expand(slot: str, groups: Mapping[str, Iterable[str]]) -> list[str]:
    out: list[str] = []
    for alt in slot.split("|"):
        alt = alt.strip()
        if alt.startswith("@"):
            name = alt[1:]
            if name not in groups:
                raise ValueError(f"unknown word group @{name}")
            out.extend(groups[name])
        elif alt:
            out.append(alt)
    return out


@dataclass(frozen=True)
class Pattern:
    slots: tuple[tuple[Phrase, ...], ...]
    window: int = DEFAULT_WINDOW
    source: str = ""
    ordered: bool = False

    @classmethod
    def compile(cls, text: str, groups: Mapping[str, Iterable[str]] | None = None,
                window: int = DEFAULT_WINDOW) -> Pattern:
        """`{20} a + b` sets this pattern's window to 20 words."""
        body = text
        if body.startswith("{") and "}" in body:
            window, body = int(body[1:body.index("}")]), body[body.index("}") + 1:].strip()
        ordered = " > " in body
        slots = []
        for slot in body.replace(" > ", " + ").split(" + "):
            phrases = tuple(p for p in (_phrase(a) for a in expand(slot, groups or {})) if p)
            if not phrases:
                raise ValueError(f"empty slot in pattern {text!r}")
            slots.append(phrases)
        single_phrase = len(slots) == 1
        return cls(tuple(slots), window=max(window, 64) if single_phrase else window, source=text, ordered=ordered)

    def anchors(self) -> set[str]:
        """First stems of the first slot (exact words only): where the index files this pattern."""
        return {("=" if p[0].exact else "") + p[0].stem for p in self.slots[0] if not p[0].prefix}

    @property
    def fuzzy_start(self) -> bool:
        return any(p[0].prefix for p in self.slots[0])

    def find(self, s: Sentence, banned: set[int] | None = None) -> Match | None:
        """The tightest occurrence of all slots in the sentence, avoiding `banned` positions."""
        hits = []
        for slot in self.slots:
            occ = _occurrences(s, slot, banned)
            if not occ:
                return None
            hits.append(occ)
        best: Match | None = None
        for first in hits[0]:
            chosen = [first]
            for occ in hits[1:]:
                free = [o for o in occ if not any(_overlap(o, c) for c in chosen)]
                if self.ordered:
                    free = [o for o in free if o[0] >= chosen[-1][1]]
                if not free:
                    break
                centre = chosen[0][0]
                chosen.append(min(free, key=lambda o: abs(o[0] - centre)))
            else:
                start = min(a for a, _ in chosen)
                end = max(b for _, b in chosen)
                if end - start <= self.window and (best is None or end - start < best.end - best.start):
                    best = Match(start, end, tuple(chosen))
        return best


    def find_all(self, s: Sentence) -> list[Match]:
        """Every occurrence of a one-slot pattern (a phrase list); the tightest match for others."""
        if len(self.slots) > 1:
            m = self.find(s)
            return [m] if m is not None else []
        return [Match(a, b, ((a, b),)) for a, b in _occurrences(s, self.slots[0], None)]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _starts(s: Sentence, word: Word) -> tuple[int, ...] | list[int]:
    if word.exact:
        return s.positions.get("=" + word.stem, ())
    if not word.prefix:
        return s.positions.get(word.stem, ())
    return sorted(i for st, idx in s.positions.items() if st[:1] != "=" and st.startswith(word.stem) for i in idx)


def _occurrences(s: Sentence, slot: tuple[Phrase, ...], banned: set[int] | None) -> list[tuple[int, int]]:
    out = []
    stems = s.stems
    n = len(stems)
    for phrase in slot:
        k = len(phrase)
        for i in _starts(s, phrase[0]):
            if i + k > n or not all(phrase[j].matches(s, i + j) for j in range(1, k)):
                continue
            if banned and any(i + j in banned for j in range(k)):
                continue
            out.append((i, i + k))
    return out


@dataclass
class Index:
    """Patterns filed under their anchor stems, so a sentence is checked only against plausible ones."""

    by_stem: dict[str, list[tuple[object, Pattern]]] = field(default_factory=dict)
    fuzzy: list[tuple[object, Pattern]] = field(default_factory=list)

    def add(self, key: object, pattern: Pattern) -> None:
        if pattern.fuzzy_start:
            self.fuzzy.append((key, pattern))
        for a in pattern.anchors():
            self.by_stem.setdefault(a, []).append((key, pattern))

    def candidates(self, s: Sentence) -> list[tuple[object, Pattern]]:
        seen: set[int] = set()
        out = []
        for st in s.positions:
            for item in self.by_stem.get(st, ()):
                if id(item[1]) not in seen:
                    seen.add(id(item[1]))
                    out.append(item)
        out.extend(self.fuzzy)
        return out


def compile_all(patterns: Iterable[str], groups: Mapping[str, Iterable[str]] | None = None,
                window: int = DEFAULT_WINDOW) -> tuple[Pattern, ...]:
    return tuple(Pattern.compile(p, groups, window) for p in patterns)


def first_hit(s: Sentence, patterns: Iterable[Pattern]) -> Match | None:
    for p in patterns:
        m = p.find(s)
        if m is not None:
            return m
    return None
