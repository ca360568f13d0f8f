"""The rubric, tier, language and question-bank data files and their loader."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from interviewer.models import AREAS, TIERS
from rubrics import load_areas, load_language, load_questions, load_scoring, load_tiers, parse_data
from rubrics.errors import DataFileError
from rubrics.schema import Question, TiersFile
from tui.cli import main

BANK = Path(__file__).parent.parent / "rubrics" / "questions"


def test_every_packaged_data_file_validates() -> None:
    assert [a.id for a in load_areas().areas] == list(AREAS)
    assert sorted(t.id for t in load_tiers().tiers) == sorted(TIERS)
    assert load_language().dont_know
    assert load_scoring().reasoning.min_substance > 0 and load_scoring().level_weights[4] > 0


def test_bank_has_at_least_twelve_questions_with_full_ladders() -> None:
    bank = load_questions()
    assert len(bank) >= 12
    for q in bank.values():
        assert set(q.ladders) == set(AREAS)
        assert all(len(ladder.levels) == 4 for ladder in q.ladders.values())


def test_bank_covers_every_tier_and_the_seed_questions() -> None:
    bank = load_questions()
    assert {q.tier for q in bank.values()} == set(TIERS)
    for tier in load_tiers().tiers:
        assert tier.example_question_id in bank, tier.id
    assert "2 billion users" in bank["video_recommendations"].prompt
    assert "10,000 user support tickets" in bank["support_ticket_triage"].prompt
    assert "your recent paper" in bank["research_deep_dive"].prompt


def test_tier_weights_come_with_a_rationale_per_area() -> None:
    for tier in load_tiers().tiers:
        assert abs(sum(tier.weights.values()) - 1) < 1e-9
        assert all(len(tier.rationale[a]) > 40 for a in AREAS)
    faang, research = load_tiers().tier("faang"), load_tiers().tier("research_lab")
    assert faang.weights["deployment"] > faang.weights["problem_framing"]
    assert research.weights["modeling"] == max(research.weights.values())


def _question_yaml() -> dict:
    return yaml.safe_load((BANK / "video_recommendations.yaml").read_text())


def test_missing_field_names_file_and_field() -> None:
    raw = _question_yaml()
    del raw["ladders"]["data"]["levels"][1]["hint"]
    with pytest.raises(DataFileError) as err:
        parse_data(yaml.safe_dump(raw), Question, "mine.yaml")
    assert str(err.value).startswith("mine.yaml: ladders.data.levels[1].hint")


def test_yaml_syntax_error_names_the_line() -> None:
    with pytest.raises(DataFileError, match=r"^bad\.yaml: line 3: "):
        parse_data("id: x\ntitle: y\n  - : [\n", Question, "bad.yaml")


def test_weights_that_do_not_sum_to_one_are_rejected() -> None:
    raw = yaml.safe_load((Path(__file__).parent.parent / "rubrics" / "tiers.yaml").read_text())
    raw["tiers"][0]["weights"]["data"] = 0.9
    with pytest.raises(DataFileError, match=r"tiers\.yaml: tiers"):
        parse_data(yaml.safe_dump(raw), TiersFile, "tiers.yaml")


def test_user_question_directory_adds_questions(tmp_path: Path) -> None:
    raw = _question_yaml()
    raw["id"] = "my_own_question"
    (tmp_path / "mine.yaml").write_text(yaml.safe_dump(raw))
    assert "my_own_question" in load_questions(str(tmp_path))


def test_user_question_directory_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    raw = _question_yaml()
    raw["id"] = "from_env"
    (tmp_path / "mine.yaml").write_text(yaml.safe_dump(raw))
    monkeypatch.setenv("INTERVIEWER_QUESTIONS", str(tmp_path))
    assert main(["questions"]) == 0
    assert "from_env" in capsys.readouterr().out


def test_user_question_cannot_shadow_the_bank(tmp_path: Path) -> None:
    (tmp_path / "dup.yaml").write_text(yaml.safe_dump(_question_yaml()))
    with pytest.raises(DataFileError, match="already used"):
        load_questions(str(tmp_path))


def test_broken_user_file_gives_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = _question_yaml()
    raw["id"] = "broken_one"
    raw["tier"] = "unicorn"
    (tmp_path / "broken.yaml").write_text(yaml.safe_dump(raw))
    assert main(["--questions-dir", str(tmp_path), "questions"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "broken.yaml: tier:" in err


def test_questions_command_lists_the_bank(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["questions"]) == 0
    out = capsys.readouterr().out
    assert "video_recommendations" in out and "support_ticket_triage" in out
    assert f"{len(load_questions())} questions" in out


def test_display_names_agree_with_the_rubric_files() -> None:
    """The app shows names kept in code (so it paints before YAML loads); they are the YAML's own."""
    from rubrics.vocabulary import AREA_NAMES, TIER_NAMES

    assert {a.id: a.title for a in load_areas().areas} == AREA_NAMES
    tiers = load_tiers().tiers
    assert {t.id for t in tiers} == set(TIER_NAMES)
    assert all(t.name.lower().startswith(TIER_NAMES[t.id].lower()) for t in tiers)  # "FAANG+ (big tech)"


def test_a_key_with_a_newline_is_refused_in_one_line(tmp_path: Path) -> None:
    """Found by the hostile-reader fuzz test: a ladder keyed "\\n" broke the one-line error."""
    from rubrics import get_question

    data = get_question("video_recommendations").model_dump(mode="json") | {"id": "user_question"}
    data["ladders"] = {"\n": {}}
    (tmp_path / "q.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_questions(str(tmp_path))
    assert "\n" not in str(caught.value) and "\\n" in str(caught.value)
