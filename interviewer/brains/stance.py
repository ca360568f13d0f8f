"""Is a sentence that touches a misconception's topic asserting it, or warning against it?

The misconception patterns in `rubrics/misconceptions.yaml` are a wide net: they find sentences about
random splits, post-outcome features, skipped A/B tests... whatever the candidate thinks of them. A
small logistic-regression model (weights in `rubrics/misconception_model.json`, fitted by
`evals/misconceptions/train.py` on the dev phrasing sets and labelled dev transcript sentences only)
reads the stance: negation-marked words, which kind of pattern fired, and the warning words around it.
Inference is a dictionary lookup and a sum: deterministic, instant, nothing downloaded.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

from interviewer.text import Sentence

NEGATIONS = frozenset({"not", "no", "never", "without", "nor", "neither", "skip", "instead", "rather", "avoid",
                       "overkill", "unnecessari", "pointless"})
APPROVE = frozenset({"fine", "enough", "ok", "okay", "good", "simpl", "just", "standard", "better", "best", "alway",
                     "strict", "truth", "correct", "right", "clean", "reliabl", "trustworthi", "valid", "harmless",
                     "direct", "straight", "automat", "guarante", "everyth", "whatev", "period", "obvious", "sure",
                     "definit", "ship", "launch", "done", "same", "exact", "perfect", "trust", "safe"})
WARN = frozenset({"leak", "mislead", "mistak", "wrong", "trap", "naiv", "bad", "riski", "danger", "pitfal", "inflat",
                  "bias", "optimist", "overestim", "fool", "careful", "caution", "meaningless", "useless", "fail",
                  "break", "stale", "drift", "hurt", "harm", "problem", "issu", "risk", "cheat", "contamin", "noisi",
                  "instead", "rather", "avoid", "never", "should", "must", "need", "check", "verifi", "validat",
                  "measur", "audit", "confirm", "gate", "still", "even", "although", "though", "but", "howev"})
LEXICAL = True
"""Word features (negation-marked stems and bigrams) besides the stance lexicon; see train.py --cv."""


@dataclass(frozen=True)
class Cue:
    """What the rules saw around one candidate (sentence, misconception)."""

    misconception: str
    gate: str  # "match" (states the claim) or "denies" (names the best practice it dismisses)
    negated: bool
    denied_after: bool
    warned: bool
    warned_here: bool
    hedged: bool


def features(s: Sentence, cue: Cue) -> dict[str, float]:
    f: dict[str, float] = {"bias": 1.0, f"id={cue.misconception}": 1.0, f"gate={cue.gate}": 1.0}
    for name, on in (("negated", cue.negated), ("denied_after", cue.denied_after), ("warned", cue.warned),
                     ("warned_here", cue.warned_here), ("hedged", cue.hedged), ("asks", s.asks)):
        if on:
            f[name] = 1.0
            f[f"{name}&{cue.gate}"] = 1.0
    scope_clause = -1
    previous = "^"
    for st, clause in zip(s.stems, s.clauses, strict=True):
        if st in NEGATIONS:
            scope_clause = clause
        mark = "~" if clause == scope_clause and st not in NEGATIONS else ""
        for kind, words in (("approve", APPROVE), ("warn", WARN)):
            if st in words:
                key = f"{kind}{mark}"
                f[key] = f.get(key, 0.0) + 1.0
                f[f"{key}&{cue.gate}"] = f.get(f"{key}&{cue.gate}", 0.0) + 1.0
        if LEXICAL:
            f[f"w={mark}{st}"] = 1.0
            f[f"b={previous}_{st}"] = 1.0
        previous = st
    return f


@dataclass(frozen=True)
class StanceModel:
    weights: dict[str, float]
    threshold: float
    version: str

    def probability(self, feats: dict[str, float]) -> float:
        z = sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def stance_model() -> StanceModel:
    raw = json.loads(resources.files("rubrics").joinpath("misconception_model.json").read_text(encoding="utf-8"))
    return StanceModel(weights=raw["weights"], threshold=raw["threshold"], version=raw["version"])
