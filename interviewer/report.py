"""Reports a candidate wants to read: verdicts per tier, per-area levels with evidence, a bar chart,
and concrete advice from the ladder levels not reached. Also scorecard diffs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from interviewer.files import write_atomic
from interviewer.models import AREA_TITLES, AREAS
from interviewer.render import LEVEL_NAMES
from interviewer.scoring import Scorecard
from interviewer.terminal import one_line
from rubrics.schema import Question

FULL, EMPTY = "█", "░"


def bar(value: float | None, width: int = 12, top: float = 4.0) -> str:
    if value is None:
        return "—"
    filled = round(width * value / top)
    return FULL * filled + EMPTY * (width - filled)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&!~])")


def _md_cell(text: str) -> str:
    """Outside text (candidate quotes, model notes, question files) as inert Markdown on one line: every
    character that could open HTML, a link, an image, code or emphasis is backslash-escaped, so raw HTML
    and `javascript:` links come out as the literal text, and control characters are made visible."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(text))


def _md_code(text: str) -> str:
    """Outside text inside a code span, where escapes do not work: a backtick cannot close the span."""
    return one_line(text).replace("`", "'")


def advice(card: Scorecard, question: Question) -> dict[str, list[str]]:
    """Per area: what a stronger answer would have covered, from the ladder levels not reached."""
    out: dict[str, list[str]] = {}
    for area in AREAS:
        s = card.areas[area]
        ladder = question.ladders[area]
        tips: list[str] = []
        start = (s.edge or 0) + 1
        if s.level is None:
            tips.append("Not reached in this interview: budget time so every area gets at least a few minutes.")
            start = 1
        for lv in ladder.levels[start - 1:]:
            points = "; ".join(p.text for p in lv.points)
            tips.append(f"L{lv.level} {lv.title}: {lv.stronger} (talking points: {points})")
        for problem in s.problems:
            tips.append(f"Fix: {problem.text} {problem.correct}".strip())
        if s.hints:
            tips.append(f"You needed {s.hints} hint(s) here; practise this level until you can get there unaided.")
        out[area] = tips
    return out


def report_markdown(card: Scorecard, question: Question, *, session: str = "", started: str = "") -> str:
    lines = [f"# Mock interview report — {_md_cell(question.title)}", ""]
    meta = [f"question `{question.id}`", f"tier {card.tier}", card.role]
    if session:
        meta.append(f"session `{_md_code(session)}`")
    if started:
        meta.append(_md_cell(started))
    lines += [" · ".join(meta), "", f"> {_md_cell(question.prompt)}", ""]
    lines += ["## Verdict", "",
              f"**Overall: level {card.overall.level} ({LEVEL_NAMES[card.overall.level]}), "
              f"{card.overall.recommendation.replace('_', ' ')}** for {card.tier}.", "",
              "| tier | weighted score | recommendation | red flags |", "|---|---|---|---|"]
    for view in card.tiers.values():
        flags = "; ".join(view.red_flags) or "none found"
        rec = view.recommendation.replace("_", " ")
        lines.append(f"| {view.name} | {view.score:.2f} | {rec} | {_md_cell(flags)} |")
    rv = card.role_verdict
    lines += ["", f"Role ({rv.role}, {rv.expectation} expected): **{'met' if rv.met else 'not met'}** — {rv.detail}.",
              "", "## Areas", "", "```text"]
    for area in AREAS:
        s = card.areas[area]
        level = "not reached" if s.level is None else f"{s.level}/4 {LEVEL_NAMES[s.level]}"
        lines.append(f"{AREA_TITLES[area]:<16} {bar(s.level)} {level}")
    lines += ["```", "", "| area | level | edge | evidence |", "|---|---|---|---|"]
    for area in AREAS:
        s = card.areas[area]
        quotes = "<br>".join(f"“{_md_cell(e.quote)}” (turn {e.turn})" for e in s.evidence) or "—"
        level = "—" if s.level is None else str(s.level)
        edge = "—" if s.edge is None else f"{s.edge}/4"
        lines.append(f"| {AREA_TITLES[area]} | {level} | {edge} | {quotes} |")
    lines += ["", "## What a stronger answer would have covered", ""]
    for area, tips in advice(card, question).items():
        if not tips:
            continue
        lines += [f"### {AREA_TITLES[area]}", ""]
        lines += [f"- {_md_cell(t)}" for t in tips] + [""]
    if card.notes:
        lines += ["## Notes", ""] + [f"- {_md_cell(n)}" for n in card.notes] + [""]
    versions = _md_cell(", ".join(f"{k} {v}" for k, v in sorted(card.versions.items())))
    lines += ["---", f"Scored with: {versions}.", ""]
    return "\n".join(lines)


def report_json(card: Scorecard, question: Question, *, session: str = "") -> dict[str, Any]:
    return {**card.contract(), "session": session, "scorecard": card.model_dump(mode="json"),
            "advice": advice(card, question)}


def export(card: Scorecard, question: Question, path: Path, fmt: str, *, session: str = "",
           started: str = "") -> Path:
    """Write the report; what is already at `path` is respected (see `write_atomic`)."""
    text = (report_markdown(card, question, session=session, started=started) if fmt == "md"
            else json.dumps(report_json(card, question, session=session), indent=2, ensure_ascii=False) + "\n")
    write_atomic(path, text)
    return path


def scorecard_diff(a: Scorecard, b: Scorecard, name_a: str, name_b: str) -> str:
    """What changed between two scorecards, area by area and tier by tier."""
    def fmt(v: object) -> str:
        return "—" if v is None else str(v)

    lines = [f"{'':<18}{name_a[-28:]:>30}  {name_b[-28:]:>30}"]
    for area in AREAS:
        x, y = a.areas[area], b.areas[area]
        mark = "" if (x.level, x.edge) == (y.level, y.edge) else "  ← changed"
        lines.append(f"{AREA_TITLES[area]:<18}{f'level {fmt(x.level)} edge {fmt(x.edge)}':>30}  "
                     f"{f'level {fmt(y.level)} edge {fmt(y.edge)}':>30}{mark}")
    for tier in a.tiers:
        x, y = a.tiers[tier], b.tiers[tier]
        mark = "" if (x.score, x.recommendation) == (y.score, y.recommendation) else "  ← changed"
        lines.append(f"{tier:<18}{f'{x.score:.2f} {x.recommendation}':>30}  {f'{y.score:.2f} {y.recommendation}':>30}"
                     f"{mark}")
    ox, oy = a.overall, b.overall
    lines.append(f"{'overall':<18}{f'{ox.level} {ox.recommendation}':>30}  {f'{oy.level} {oy.recommendation}':>30}")
    changed = {k for k in set(a.versions) | set(b.versions) if a.versions.get(k) != b.versions.get(k)}
    for key in sorted(changed):
        lines.append(f"{'version ' + key:<18}{fmt(a.versions.get(key)):>30}  {fmt(b.versions.get(key)):>30}")
    return "\n".join(lines)
