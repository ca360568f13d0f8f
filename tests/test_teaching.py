"""A scorecard that teaches: what you showed, what the next level asks, one stronger answer per area, the
three things to practise first, verdicts and red flags explained; in the report (Markdown and JSON),
`score --json` and the app. Ids, level codes and versions only in the JSON and the collapsed Details."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from textual.widgets import Collapsible, Static

from interviewer.brains.offline import OfflineBrain
from interviewer.rescore import Rescored, rescore
from interviewer.store import load_transcript
from interviewer.teaching import Teaching, teach
from rubrics import load_concepts, load_practice, load_questions, load_tiers
from tests.test_transcripts import PLAIN, cli
from tests.tui_helpers import FRAMING, GOLDEN, SIZE, TARGET, answer, app_for, settle
from tui.lessons import lesson
from tui.screens.scorecard import ScorecardScreen

WEAK, WEAK_GENERIC, STRONG, SOLID = "g09_llmsupport_weak", "g08_feed_weak", "g01_video_strong", "g04_search_solid"


@cache
def scored(name: str) -> tuple[Rescored, Teaching]:
    t = load_transcript(GOLDEN / f"{name}.txt").for_scoring()
    r = rescore(t, OfflineBrain())
    return r, lesson(r.card, r.evidence, r.question, turns=t.turns)


def internal_ids() -> set[str]:
    """Every id a reader should not have to see: talking points, concepts, area and tier ids, level codes."""
    ids = {f"concept:{c.id}" for c in load_concepts().concepts}
    for q in load_questions().values():
        ids |= {p.id for ladder in q.ladders.values() for lv in ladder.levels for p in lv.points if "_" in p.id}
    return ids | {"problem_framing", "growth_startup", "research_lab", "strong_no_hire", "no_hire", "lean_hire"}


def outside_details(markdown: str) -> str:
    return markdown.split("<details>")[0]


def report(name: str, tmp_path: Path, home: Path, fmt: str = "md") -> str:
    out = tmp_path / f"{name}.{fmt}"
    run = cli("report", str(GOLDEN / f"{name}.txt"), "-o", str(out), "--format", fmt, home=home)
    assert run.returncode == 0, run.stderr
    return out.read_text()


def test_a_weak_runs_report_names_three_ranked_things_each_with_a_stronger_answer_and_no_ids(
        tmp_path: Path, home: Path) -> None:
    for name in (WEAK, WEAK_GENERIC):  # a bank question's ladders, and the generic rubric
        text = report(name, tmp_path, home)
        first = text.split("## Practise these first")[1].split("\n## ")[0]
        ranked = re.findall(r"^(\d)\. \*\*(.+?)\*\* — counts \d+% at", first, re.M)
        assert [r[0] for r in ranked] == ["1", "2", "3"], first
        items = re.split(r"^\d\. ", first, flags=re.M)[1:]
        assert all("Practise: " in i and "A stronger answer" in i for i in items), first
        shown = outside_details(text)
        leaked = {i for i in internal_ids() if re.search(rf"(?<![\w:]){re.escape(i.replace('_', chr(92) + '_'))}(?!\w)",
                                                          shown)}
        assert not leaked, (name, leaked)
        assert not re.search(r"\bL[1-4]\b|offline-\d|tiers-\d|scoring-\d", shown)
        assert "<details>" in text and "scoring-" in text.split("<details>")[1]  # versions live in Details


def test_a_generic_rubric_scorecard_gives_a_generic_rubric_report(tmp_path: Path, home: Path) -> None:
    text = report(WEAK_GENERIC, tmp_path, home)
    assert "scored with the generic five-area rubric" in text
    body = json.loads(report(WEAK_GENERIC, tmp_path, home, "json"))
    assert body["rubric"] == "generic" and body["teaching"]["rubric"] == "generic"
    assert all(m["point"].startswith("concept:") for a in body["teaching"]["areas"].values() for m in a["missing"])


def test_a_strong_runs_report_says_what_would_make_it_stronger_still(tmp_path: Path, home: Path) -> None:
    text = report(STRONG, tmp_path, home)
    assert "## Practise these first" not in text  # every area is excellent: nothing below it to rank
    still = text.split("## What would make it stronger still")[1].split("\n## ")[0]
    assert len(re.findall(r"^- \*\*", still, re.M)) == 5 and "A stronger answer" in still
    assert "To make it stronger still" in text  # level-4 ideas not shown, as questions


def test_practise_first_is_ranked_by_tier_weight_times_the_levels_left() -> None:
    _, taught = scored(SOLID)  # FAANG+: evaluation 2 (0.20 x 2), data 3 and modeling 3 (0.20 x 1), framing 3 (0.15)
    assert [i.area for i in taught.practise_first] == ["evaluation", "data", "modeling"]
    assert [i.priority for i in taught.practise_first] == [0.4, 0.2, 0.2]
    assert "counts 20% at FAANG+" in taught.practise_first[0].why and "weak (2 of 4)" in taught.practise_first[0].why
    assert "4 − your level" in taught.rule


def test_an_unreached_area_ranks_by_the_rule_in_the_data_file() -> None:
    r, _ = scored("g06_imagesearch_solid")  # research lab; deployment (10%) was never reached
    ranking = load_practice().ranking
    args = {"tiers": load_tiers(), "concepts": load_concepts()}
    as_weak = teach(r.card, r.evidence, r.question, ranking=ranking, **args)
    as_poor = teach(r.card, r.evidence, r.question, ranking=ranking.model_copy(update={"unreached_level": 1}), **args)
    weak = next(i for i in as_weak.practise_first if i.area == "deployment")
    poor = next(i for i in as_poor.practise_first if i.area == "deployment")
    assert weak.gap == 4 - ranking.unreached_level and "was not reached (ranked as if weak)" in weak.why
    assert (poor.gap, poor.priority) == (3, 0.3) and weak.priority == 0.2
    assert as_weak.areas["deployment"].next_level == 1  # practised from the basics: nothing was shown


def test_each_verdict_is_one_sentence_with_the_weights_and_thresholds() -> None:
    r, taught = scored(SOLID)
    faang = taught.tiers["faang"]
    assert faang.count(". ") == 0 and faang.endswith(".")
    assert "deployment counts 25%" in faang and f"{r.card.tiers['faang'].score:.2f} of 4" in faang
    assert "reaching the 2.6 for lean hire" in faang and "a red flag lowered it to no hire" in faang
    assert taught.verdict == faang  # the interview's own tier


def test_a_red_flag_comes_with_the_evidence_that_raised_it() -> None:
    r, taught = scored(STRONG)
    said = next(f for f in taught.flags if f.id == "slow_to_execute")
    assert said.evidence == "You said “a quarter” (turn 23)."
    absent = next(f for f in taught.flags if f.id == "no_recent_papers")
    assert absent.evidence.startswith("Raised by absence: none of your 15 answers")
    assert {f.flag for f in taught.flags} == {x for v in r.card.tiers.values() for x in v.red_flags}
    _, weak = scored(WEAK)
    level = next(f for f in weak.flags if f.id == "no_scale")
    assert level.evidence.startswith("Deployment reached poor (1 of 4), below the solid level")


def test_flags_the_transcript_could_not_decide_are_never_shown(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text(PLAIN)  # two answers: too few to say what was never said
    t = load_transcript(path).for_scoring()
    r = rescore(t, OfflineBrain())
    taught = lesson(r.card, r.evidence, r.question, turns=t.turns)
    assert not any(f.evidence.startswith("Raised by absence") for f in taught.flags)
    assert all("Poor coding" not in f.flag for f in taught.flags)


def test_a_confident_error_shows_what_was_said_and_what_is_correct() -> None:
    _, taught = scored(WEAK_GENERIC)
    fix = taught.areas["data"].fixes[0]
    assert fix.turn == 15 and "randomly shuffled" in fix.said
    assert fix.correct.startswith("Split by time")


def test_the_next_level_is_asked_as_questions_and_ideas_shown_are_not_asked_again() -> None:
    r, taught = scored(SOLID)
    data = taught.areas["data"]
    assert data.edge == 2 and data.next_level == 3
    ladder = r.question.ladders["data"].at(3)
    asks = {p.id: p.ask for p in ladder.points}
    assert [m.ask for m in data.missing] == [asks[m.point] for m in data.missing]
    shown = {p.key.point for p in r.evidence.areas["data"].points if p.explained}
    assert not shown & {m.point for m in data.missing}
    assert data.example == ladder.stronger


def test_score_json_keeps_the_contract_and_adds_teaching(tmp_path: Path, home: Path) -> None:
    run = cli("score", str(GOLDEN / f"{WEAK}.txt"), "--json", home=home)
    body = json.loads(run.stdout)
    assert {"areas", "tiers", "overall", "rubric", "meta", "teaching"} <= set(body)
    assert set(body["areas"]["data"]) == {"level", "edge", "evidence"}
    assert set(body["tiers"]["faang"]) == {"score", "recommendation", "red_flags"}
    assert [i["rank"] for i in body["teaching"]["practise_first"]] == [1, 2, 3]


def test_a_live_offline_interview_reports_with_turns_as_the_chat_numbers_them(tmp_path: Path, home: Path) -> None:
    said_aloud = f"How many users do we have?\n\n{FRAMING}\n\n{TARGET}\n\n"
    run = cli("run", "--plain", "--question", "video_recommendations", stdin=said_aloud, home=home)
    assert run.returncode == 0, run.stderr
    session = home / "sessions" / f"{run.stdout.splitlines()[0].removeprefix('session: ')}.jsonl"
    for fmt in ("md", "json"):
        out = tmp_path / f"live.{fmt}"
        assert cli("report", str(session), "-o", str(out), "--format", fmt, home=home).returncode == 0
    body = json.loads((tmp_path / "live.json").read_text())
    said = {t.index: t.text for t in load_transcript(session).turns if t.speaker == "candidate"}
    quotes = [q for a in body["teaching"]["areas"].values() for q in a["showed"]]
    assert quotes and all(q["text"] in said[q["turn"]] for q in quotes)
    md = (tmp_path / "live.md").read_text()
    assert f"(turn {quotes[0]['turn']})" in md and "## Practise these first" in md


async def test_the_app_scorecard_teaches_and_keeps_ids_in_a_collapsed_details(home: Path) -> None:
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await answer(pilot, FRAMING)
        await answer(pilot, TARGET)
        await pilot.press("f4", "y")
        await settle(pilot, 0.5)
        screen = app.screen
        assert isinstance(screen, ScorecardScreen)
        why = str(screen.query_one("#verdict-why", Static).render())
        assert "deployment counts 25%" in why and "needed for" in why
        assert "Practise first: 1." in str(screen.query_one("#first", Static).render())
        shown = [str(s.render()) for s in screen.query(Static) if not any(isinstance(a, Collapsible)
                                                                           for a in s.ancestors)]
        text = "\n".join(shown)
        assert "Missing at the next level" in text and "A stronger answer" in text and "(turn 1)" in text
        assert not {i for i in internal_ids() if i in text}
        details = screen.query_one("#details", Collapsible)
        assert details.collapsed
        inner = str(details.query(Static).last().render())
        assert "versions:" in inner and "problem_framing: L" in inner
        details.scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click("#details CollapsibleTitle")
        await pilot.pause()
        assert not details.collapsed
