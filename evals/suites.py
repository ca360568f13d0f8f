"""The suites `interviewer eval` can run, each adding its figures, text and threshold checks."""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evals.cli import DEFAULT_DIR, Check, labelled_text, verify_frozen
from evals.labelled import run_labelled
from interviewer.brains.base import Brain
from interviewer.models import AREAS

HERE = Path(__file__).parent


def _split_of(directory: Path) -> str:
    return "test" if "test" in directory.name else "dev"


def run_suites(args: argparse.Namespace, factory: Callable[[], Brain], checks: list[Check],
               details: dict[str, Any], text: list[str]) -> None:
    directory: Path = args.dir or DEFAULT_DIR
    extra = args.simulate or args.injection or args.robustness or args.misconceptions or args.interviewer
    if args.dir is not None or not extra:
        stamp = verify_frozen(directory)
        report = run_labelled(directory, factory, concurrency=max(1, args.concurrency))
        details["labelled"] = report.model_dump() | {"checksum": stamp}
        text.append(labelled_text(report) + (f"\nfrozen split, checksum {stamp[:16]}…" if stamp else ""))
        checks += [Check(f"within1[{a}]", report.areas[a].within1, args.min_within1) for a in AREAS]
        checks.append(Check("qwk[pooled]", report.pooled_qwk, args.min_qwk))
        checks.append(Check("qwk[overall]", report.overall.qwk, args.min_overall_qwk))
        checks.append(Check("scorecard_inconsistencies", len(report.inconsistent), 0, higher_is_better=False))
    if args.robustness:
        _robustness(directory, factory(), checks, details, text)
    if args.injection:
        from evals.injection.run import run_injection

        inj = run_injection(directory, factory)
        details["injection"] = inj.model_dump()
        text.append(f"Injection: {inj.attacks} attack styles x {inj.transcripts} transcripts = {inj.runs} runs; "
                    f"inflated {inj.inflated}; max inflation {inj.max_inflation}. Without the reader's defences "
                    f"every style moves the scorer: {not inj.inert_without_defence} (smallest rise "
                    f"{min(inj.undefended_by_attack.values()):.2f}; inert: {inj.inert_without_defence or 'none'})")
        checks.append(Check("injection_inflation[max]", inj.max_inflation, args.max_inflation, higher_is_better=False))
        checks.append(Check("injection_styles_inert_without_defence", len(inj.inert_without_defence), 0,
                            higher_is_better=False))
    if args.misconceptions:
        from evals.misconceptions.run import run_misconceptions

        for name in args.misconceptions:
            mis = run_misconceptions(name)
            details[f"misconceptions[{name}]"] = mis.model_dump()
            text.append(f"Misconceptions ({name} phrasings): recall {mis.recall:.3f}, precision {mis.precision:.3f} "
                        f"(constant 'always flag the topic': precision {mis.baseline_precision:.3f}); hedged "
                        f"phrasings flagged as confident: {mis.hedged_as_confident} of {mis.hedged}")
            checks.append(Check(f"misconception_recall[{name}]", mis.recall, args.min_recall))
            checks.append(Check(f"misconception_precision[{name}]", mis.precision, args.min_precision))
    if args.simulate or args.interviewer:
        from evals.sim.report import run_simulation, simulation_checks, simulation_text

        questions = args.questions or None
        sim = run_simulation(factory, questions=questions, profiles=args.profiles or None,
                             rotations=args.rotations)
        details["simulation"] = sim.model_dump(exclude={"rows"})
        text.append(simulation_text(sim))
        checks += simulation_checks(sim, args)


def _robustness(directory: Path, brain: Brain, checks: list[Check], details: dict[str, Any], text: list[str]) -> None:
    from evals.robustness import run_negation, run_paraphrase, run_stuffing
    from evals.sim.candidate import banked_questions

    split = _split_of(directory)
    para = run_paraphrase(HERE / "paraphrase" / split, directory, brain)
    details["paraphrase"] = para.model_dump()
    text.append(f"Paraphrase ({para.pairs} pairs, {split}): mean drift {para.mean_drift:.3f} levels, "
                f"max {para.max_drift}; "
                f"by area {para.drift_by_area}" + ("" if not para.worst else f"\n  {para.worst}"))
    checks.append(Check("paraphrase_drift[mean]", para.mean_drift, 0.3, higher_is_better=False))
    checks.append(Check("paraphrase_drift[max]", para.max_drift, 1, higher_is_better=False))
    stuffing = run_stuffing(directory, brain)
    details["stuffing"] = stuffing.model_dump()
    never_hire = all(rec not in ("hire", "strong_hire") for rec in stuffing.one_answer.values())
    text.append(f"Stuffing and filler: {stuffing.runs} runs on {stuffing.transcripts} honest weak transcripts; "
                f"{stuffing.raised_areas} areas raised above the honest level; a one-answer stuffed interview: "
                f"{stuffing.one_answer}")
    checks.append(Check("stuffing_areas_raised", stuffing.raised_areas, 0, higher_is_better=False))
    checks.append(Check("stuffed_one_answer_hire", 0 if never_hire else 1, 0, higher_is_better=False))
    questions = {q for q in banked_questions() if (q in TEST_QUESTIONS) == (split == "test")}
    neg = run_negation(brain, questions, "test" if split == "test" else "dev")
    details["negation"] = neg.model_dump()
    text.append(f"Negation and hedges: {neg.credited} of {neg.answers} disowned, vague or denying answers earned "
                "firm credit for what they disowned"
                + ("" if not neg.examples else "\n  " + "\n  ".join(neg.examples[:5])))
    checks.append(Check("negation_credited", neg.credited, None, higher_is_better=False))


TEST_QUESTIONS = {"feed_ranking", "payment_fraud_detection", "code_llm_training", "eta_prediction",
                  "people_you_may_know", "notification_ranking", "semantic_image_search"}
"""Bank questions of the test split (the heldout test transcripts and the test answer banks)."""


def tempdir() -> str:
    return tempfile.mkdtemp()
