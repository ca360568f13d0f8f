"""Agreement metrics between predicted and reference levels: plain functions over lists of pairs."""

from __future__ import annotations

from collections.abc import Sequence

LEVELS = (1, 2, 3, 4)
Pair = tuple[int | None, int | None]
"""(reference, predicted); None is an area that was not reached."""


def scored(pairs: Sequence[Pair]) -> list[tuple[int, int]]:
    return [(a, b) for a, b in pairs if a is not None and b is not None]


def exact(pairs: Sequence[Pair]) -> float:
    """Share of pairs that agree exactly (null = null counts as agreement)."""
    return sum(1 for a, b in pairs if a == b) / len(pairs) if pairs else 0.0


def within_one(pairs: Sequence[Pair]) -> float:
    """Share within one level; a null against a level is a disagreement."""
    if not pairs:
        return 0.0
    ok = sum(1 for a, b in pairs if (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= 1))
    return ok / len(pairs)


def mae(pairs: Sequence[Pair]) -> float:
    both = scored(pairs)
    return sum(abs(a - b) for a, b in both) / len(both) if both else 0.0


def quadratic_weighted_kappa(pairs: Sequence[Pair], levels: Sequence[int] = LEVELS) -> float:
    """Cohen's kappa with quadratic weights over the pairs where both sides have a level."""
    both = scored(pairs)
    if not both:
        return 0.0
    k = len(levels)
    index = {lv: i for i, lv in enumerate(levels)}
    observed = [[0.0] * k for _ in range(k)]
    for a, b in both:
        observed[index[a]][index[b]] += 1
    n = len(both)
    row = [sum(observed[i]) for i in range(k)]
    col = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    num = den = 0.0
    for i in range(k):
        for j in range(k):
            w = ((i - j) ** 2) / ((k - 1) ** 2)
            num += w * observed[i][j]
            den += w * row[i] * col[j] / n
    return 1.0 - num / den if den else 1.0


def confusion(pairs: Sequence[Pair]) -> dict[str, dict[str, int]]:
    """Rows: reference level (or "null"); columns: predicted level (or "null")."""
    keys = ["null", *map(str, LEVELS)]
    table = {r: dict.fromkeys(keys, 0) for r in keys}
    for a, b in pairs:
        table["null" if a is None else str(a)]["null" if b is None else str(b)] += 1
    return table


def constant_baseline(pairs: Sequence[Pair]) -> list[Pair]:
    """The same pairs predicted by the best constant: always the most common reference level (null
    stays null, so the baseline is not charged for areas nobody reached)."""
    levels = [a for a, _ in pairs if a is not None]
    mode = max(LEVELS, key=lambda lv: (levels.count(lv), -abs(lv - 2.5))) if levels else None
    return [(a, None if a is None else mode) for a, _ in pairs]
