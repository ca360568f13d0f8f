"""Fit the misconception stance model on dev data only: `python -m evals.misconceptions.train`.

Examples are (sentence, misconception) pairs that a misconception's patterns touch, read exactly as
the product reads them (`interviewer.brains.reading.problem_candidates` and `stance.features`):
- the dev phrasing sets (dev, dev2, dev3): wrong and hedged phrasings are positives for their own
  misconception, everything else they touch is negative;
- the golden, heldout/dev and heldout/dev3-dev6 transcripts: the sentences in `transcript_labels.yaml` are
  positives, all other touched sentences negatives (real answers are where false alarms would hurt).
  heldout/dev2 is left out: its sentences were never marked, so its real errors would count as negatives.
The test phrasing set and the test transcripts are never read. Training is deterministic (fixed
order, plain gradient descent), so the same data always gives the same weights.
"""

from __future__ import annotations

import argparse
import json
import math
from collections import Counter
from pathlib import Path

import yaml

from evals.misconceptions.run import load_set
from interviewer.brains.clauses import marks_of
from interviewer.brains.lexicons import lexicon
from interviewer.brains.reading import problem_candidates, read
from interviewer.brains.stance import features
from interviewer.store import load_transcript

HERE = Path(__file__).parent
ROOT = HERE.parent
DEV_SETS = ("dev", "dev2", "dev3", "dev4", "dev5")
Example = tuple[dict[str, float], int, str, str]  # features, label, group, misconception id
L2 = 0.01
THRESHOLD = 0.6


def _candidates(text: str) -> list[tuple[str, str, dict[str, float]]]:
    lang = lexicon().language
    out = []
    for s in read(text).sentences:
        for _, cue in problem_candidates(s, marks_of(s, lang)):
            out.append((cue.misconception, s.text, features(s, cue)))
    return out


def phrasing_examples(name: str) -> list[Example]:
    out: list[Example] = []
    for item in load_set(name).items:
        for kind, texts in (("wrong", item.wrong), ("hedged", item.hedged), ("correct", item.correct)):
            for i, text in enumerate(texts):
                group = f"{name}:{item.id}:{kind}:{i}"
                for mid, _, f in _candidates(text):
                    out.append((f, int(kind != "correct" and mid == item.id), group, mid))
    return out


def transcript_examples() -> list[Example]:
    labels = yaml.safe_load((HERE / "transcript_labels.yaml").read_text(encoding="utf-8"))["positives"]
    positive = {(p["file"], p["id"], p["text"]) for p in labels}
    out: list[Example] = []
    for folder in (ROOT / "golden", *(ROOT / "heldout" / f"dev{n}" for n in ("", 3, 4, 5, 6))):
        for lab in json.loads((folder / "labels.json").read_text(encoding="utf-8")):
            t = load_transcript(folder / lab["file"])
            for turn in t.turns:
                if turn.speaker != "candidate":
                    continue
                for mid, text, f in _candidates(turn.text):
                    hit = any(fl == lab["file"] and i == mid and text.startswith(p) for fl, i, p in positive)
                    out.append((f, int(hit), f"transcript:{lab['file']}", mid))
    return out


def fit(examples: list[Example], l2: float = L2, epochs: int = 60, rate: float = 0.3,
        min_count: int = 2) -> dict[str, float]:
    counts = Counter(k for f, *_ in examples for k in f)
    keep = {k for k, n in counts.items() if n >= min_count}
    w: dict[str, float] = {}
    pos = sum(y for _, y, *_ in examples) or 1
    neg = len(examples) - pos or 1
    for epoch in range(epochs):
        lr = rate / (1 + epoch / 10)
        for f, y, *_ in examples:
            z = sum(w.get(k, 0.0) * v for k, v in f.items() if k in keep)
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            g = (p - y) * (len(examples) / (2 * (pos if y else neg)))  # balance the classes
            for k, v in f.items():
                if k in keep:
                    w[k] = w.get(k, 0.0) - lr * (g * v + l2 * w.get(k, 0.0))
    return {k: round(v, 4) for k, v in w.items() if abs(v) > 1e-4}


def _prob(w: dict[str, float], f: dict[str, float]) -> float:
    z = sum(w.get(k, 0.0) * v for k, v in f.items())
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def scores(w: dict[str, float], examples: list[Example], threshold: float) -> tuple[float, float]:
    """Phrasing-level recall and precision, as `evals.misconceptions.run` measures them."""
    by_group: dict[str, list[tuple[int, str, float]]] = {}
    for f, y, g, mid in examples:
        by_group.setdefault(g, []).append((y, mid, _prob(w, f)))
    tp = fp = wrong = 0
    for g, rows in by_group.items():
        if g.startswith("transcript:"):
            fp += sum(1 for y, _, p in rows if p >= threshold and not y)
            tp += sum(1 for y, _, p in rows if p >= threshold and y)
            continue
        kind, own = g.split(":")[2], g.split(":")[1]
        flagged = {mid for _, mid, p in rows if p >= threshold}
        if kind == "wrong":
            wrong += 1
            tp += own in flagged
            fp += len(flagged - {own})
        elif kind == "correct":
            fp += len(flagged)
    return (tp / wrong if wrong else 0.0), (tp / (tp + fp) if tp + fp else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="leave one dev phrasing set out at a time")
    parser.add_argument("--l2", type=float, default=L2, help=f"weight decay per update (default {L2})")
    parser.add_argument("--threshold", type=float, default=THRESHOLD, help=f"flag at (default {THRESHOLD})")
    args = parser.parse_args()
    sets = {name: phrasing_examples(name) for name in DEV_SETS}
    talk = transcript_examples()
    if args.cv:
        for held in DEV_SETS:
            train = [e for n, ex in sets.items() if n != held for e in ex] + talk
            w = fit(train, l2=args.l2)
            for t in (0.5, 0.6, 0.7, 0.8):
                r, p = scores(w, sets[held], t)
                print(f"held out {held}: threshold {t}: recall {r:.3f} precision {p:.3f}")
        return
    examples = [e for ex in sets.values() for e in ex] + talk
    w = fit(examples, l2=args.l2)
    threshold = args.threshold
    r, p = scores(w, examples, threshold)
    print(f"in-sample: recall {r:.3f} precision {p:.3f} on {len(examples)} candidates")
    out = {"version": "stance-1", "threshold": threshold,
           "trained_on": ["evals/misconceptions/" + n + ".yaml" for n in DEV_SETS]
           + ["evals/golden", "evals/heldout/dev", "evals/heldout/dev3-dev6",
              "evals/misconceptions/transcript_labels.yaml"],
           "weights": dict(sorted(w.items()))}
    (ROOT.parent / "rubrics" / "misconception_model.json").write_text(json.dumps(out, indent=0) + "\n",
                                                                        encoding="utf-8")


if __name__ == "__main__":
    main()
