"""The eval runner: metrics, golden agreement, cassettes, injection inflation, thresholds and CI gate."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from evals import metrics
from evals.injection.run import inflation, load_attacks, with_attack
from interviewer.brains.offline import OfflineBrain
from interviewer.rescore import score_transcript
from interviewer.store import load_transcript
from tui.cli import main

ROOT = Path(__file__).parent.parent
GOLDEN = ROOT / "evals" / "golden"


def test_qwk_is_one_for_perfect_agreement_and_low_for_reversal() -> None:
    assert metrics.quadratic_weighted_kappa([(1, 1), (2, 2), (3, 3), (4, 4)]) == pytest.approx(1.0)
    assert metrics.quadratic_weighted_kappa([(1, 4), (2, 3), (3, 2), (4, 1)]) < 0


def test_within_one_treats_null_against_a_level_as_a_miss() -> None:
    pairs = [(None, None), (2, 3), (None, 2), (4, 1)]
    assert metrics.within_one(pairs) == 0.5
    assert metrics.exact(pairs) == 0.25
    assert metrics.mae(pairs) == 2.0


def test_confusion_counts_nulls() -> None:
    table = metrics.confusion([(None, 2), (3, 3)])
    assert table["null"]["2"] == 1 and table["3"]["3"] == 1


DEV = ROOT / "evals" / "heldout" / "dev"
TEST = ROOT / "evals" / "heldout" / "test"


def test_the_dev_split_agrees_with_its_blind_labels_better_than_a_constant(capsys: pytest.CaptureFixture[str],
                                                                          tmp_path: Path) -> None:
    """In-sample (the dev split is tuned on): a regression guard, printed next to a constant predictor."""
    junit = tmp_path / "eval.xml"
    rc = main(["eval", str(DEV), "--json", "--min-within1", "0.75", "--min-qwk", "0.6", "--junit", str(junit)])
    report = json.loads(capsys.readouterr().out)["labelled"]
    assert rc == 0
    assert report["transcripts"] >= 20 and report["generic"] >= 8  # off-bank questions scored generically
    assert report["pooled"]["exact"] > report["pooled"]["baseline_exact"] + 0.1
    assert report["turn_accuracy"] > report["turn_baseline"] + 0.3
    assert report["inconsistent"] == []
    suite = ET.parse(junit).getroot()
    assert suite.get("failures") == "0" and len(suite.findall("testcase")) == 8


@pytest.fixture
def small_golden(tmp_path: Path) -> Path:
    """Six golden transcripts (strong, solid and weak) with their labels: enough for the gate mechanics."""
    keep = {"g01_video_strong.txt", "g02_triage_strong.txt", "g04_search_solid.txt", "g05_eta_solid.txt",
            "g08_feed_weak.txt", "g10_deepdive_weak.txt"}
    small = tmp_path / "golden"
    small.mkdir()
    labels = [label for label in json.loads((GOLDEN / "labels.json").read_text()) if label["file"] in keep]
    assert len(labels) == len(keep)
    for name in keep:
        shutil.copy(GOLDEN / name, small / name)
    (small / "labels.json").write_text(json.dumps(labels))
    return small


def test_a_missed_threshold_sets_the_exit_code(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                               small_golden: Path) -> None:
    junit = tmp_path / "eval.xml"
    assert main(["eval", str(small_golden), "--min-qwk", "0.99", "--junit", str(junit)]) == 1
    assert "threshold(s) missed: qwk[pooled]" in capsys.readouterr().err
    assert ET.parse(junit).getroot().get("failures") == "1"


def test_the_frozen_test_split_is_unchanged_and_a_changed_copy_is_refused(tmp_path: Path) -> None:
    from evals.cli import checksum, verify_frozen
    from interviewer.errors import UserError

    assert verify_frozen(TEST) == checksum(TEST)
    for line in (ROOT / "evals" / "FROZEN.sha256").read_text().splitlines():
        if line and not line.startswith("#"):
            digest, name = line.split(maxsplit=1)
            assert hashlib.sha256((ROOT / name).read_bytes()).hexdigest() == digest, name
    copy = tmp_path / "test"
    shutil.copytree(TEST, copy)
    (copy / "labels.json").write_text((copy / "labels.json").read_text().replace('"overall": 4', '"overall": 3', 1))
    with pytest.raises(UserError, match="frozen split changed"):
        verify_frozen(copy)


def test_ci_gate_fails_when_labels_disagree(tmp_path: Path) -> None:
    """The script .ci/run calls exits non-zero when the scorer misses a threshold on the labelled split."""
    bad = tmp_path / "test"
    shutil.copytree(TEST, bad)
    (bad / "SHA256").unlink()  # an unfrozen copy, so the labels may change
    labels = json.loads((bad / "labels.json").read_text())[:8]  # eight are enough to miss the gate
    kept = {label["file"] for label in labels}
    for f in bad.glob("*.txt"):
        if f.name not in kept:
            f.unlink()
    for label in labels:  # invert every label: a scorer that agreed before now disagrees
        label["scores"] = {a: (None if v is None else 5 - v) for a, v in label["scores"].items()}
        label["overall"] = 5 - label["overall"]
    (bad / "labels.json").write_text(json.dumps(labels))
    env = {**os.environ, "INTERVIEWER_BIN": str(Path(sys.executable).parent / "interviewer")}
    if not Path(env["INTERVIEWER_BIN"]).exists():
        pytest.skip("interviewer console script not installed next to this python")
    run = subprocess.run(["bash", str(ROOT / ".ci" / "evals"), str(bad), str(tmp_path / "reports")],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode != 0
    assert "threshold(s) missed" in run.stderr
    assert (tmp_path / "reports" / "test-split-offline.junit.xml").exists()
    assert "--min-qwk" in (ROOT / ".ci" / "evals").read_text()
    assert ".ci/evals" in (ROOT / ".ci" / "run").read_text()


def test_llm_brain_replays_its_cassette_to_about_the_same_agreement(capsys: pytest.CaptureFixture[str],
                                                                    small_golden: Path) -> None:
    """Six of the golden transcripts (CI's eval gates replay the whole cassette)."""
    rc = main(["eval", str(small_golden), "--json", "--brain", "llm", "--model", "fake-model",
               "--cassette", str(ROOT / "evals" / "cassettes" / "golden.json"), "--concurrency", "4"])
    llm = json.loads(capsys.readouterr().out)
    assert rc == 0
    main(["eval", str(small_golden), "--json"])
    offline = json.loads(capsys.readouterr().out)
    assert llm["labelled"]["brain"] == "llm"
    assert abs(llm["labelled"]["pooled_qwk"] - offline["labelled"]["pooled_qwk"]) < 0.05


def test_a_changed_prompt_misses_the_cassette(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text('{"version": 1, "entries": {}}')
    rc = main(["eval", str(GOLDEN), "--brain", "llm", "--model", "fake-model", "--cassette", str(empty)])
    assert rc == 3  # the model path failed: an LLM error, reported in one line
    err = capsys.readouterr().err
    assert err.startswith("interviewer: The model server at http://127.0.0.1:") and "HTTP 500" in err


@pytest.mark.parametrize("attack", [a.id for a in load_attacks()])
def test_no_attack_inflates_a_score(attack: str) -> None:
    text = next(a.text for a in load_attacks() if a.id == attack)
    for name, qid in [("g21_eta_injection.txt", "eta_prediction"), ("g10_deepdive_weak.txt", "research_deep_dive")]:
        t = load_transcript(GOLDEN / name)
        clean = score_transcript(t, OfflineBrain(), question_id=qid)
        attacked = score_transcript(with_attack(t, text), OfflineBrain(), question_id=qid)
        assert inflation(clean, attacked) == 0


def test_there_are_at_least_eighteen_attack_styles() -> None:
    assert len({a.id for a in load_attacks()}) >= 18


def test_every_attack_raises_a_score_when_the_defences_are_off() -> None:
    """The defence test above can fail: without folding hidden text and setting injected passages aside,
    every attack style moves the scorer on at least one of these transcripts."""
    from interviewer.brains.injected import defences_off

    with defences_off():
        inert = []
        targets = [("g21_eta_injection.txt", "eta_prediction"), ("g10_deepdive_weak.txt", "research_deep_dive")]
        clean = {name: score_transcript(load_transcript(GOLDEN / name), OfflineBrain(), question_id=qid)
                 for name, qid in targets}
        for attack in load_attacks():
            rises = []
            for name, qid in targets:
                t = load_transcript(GOLDEN / name)
                rises.append(inflation(clean[name], score_transcript(with_attack(t, attack.text), OfflineBrain(),
                                                                     question_id=qid)))
            if max(rises) == 0:
                inert.append(attack.id)
    assert inert == []


def test_misconception_phrasings_are_caught_in_sample() -> None:
    """The dev phrasing sets the stance model was trained on (in-sample figures; the held-back `test`
    set is reported by `interviewer eval --misconceptions test`)."""
    from evals.misconceptions.run import run_misconceptions

    r = run_misconceptions("dev")
    assert r.recall >= 0.9 and r.precision >= 0.95 and r.hedged_as_confident == 0


def test_a_gate_overrides_a_target_and_an_unknown_gate_is_one_line(capsys: pytest.CaptureFixture[str],
                                                                   small_golden: Path) -> None:
    assert main(["eval", str(small_golden), "--gate", "qwk[pooled]>=0.99"]) == 1
    assert "qwk[pooled] = " in capsys.readouterr().out
    assert main(["eval", str(small_golden), "--gate", "qwk[pooled]>=0.1"]) == 0
    capsys.readouterr()
    assert main(["eval", str(small_golden), "--gate", "no_such_check<=1"]) == 2
    assert "expected CHECK<=N" in capsys.readouterr().err


def test_a_rotated_simulated_candidate_starts_at_another_answer_of_each_bank_list() -> None:
    from evals.sim.candidate import SimulatedCandidate, load_bank, load_profiles

    bank = load_bank("video_recommendations")
    profile = load_profiles()["bluffer"]
    first = [SimulatedCandidate(profile, bank, start=k).answer("areas", "data", 3).text for k in range(3)]
    assert first == bank.areas["data"].bluff[:3]
