"""Reports a candidate wants to read: the verdicts explained, the three things to practise first, and per
area what you showed, what the next level asks and one stronger answer (all from `interviewer.teaching`);
ids, level codes and versions only in a collapsed Details section and in the JSON. Also scorecard diffs."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from interviewer.files import write_atomic
from interviewer.models import AREA_TITLES, AREAS
from interviewer.scoring import Scorecard
from interviewer.teaching import Teaching, details, standing, stronger, tier_name, words
from interviewer.terminal import one_line
from rubrics import load_tiers
from rubrics.schema import Question

__all__ = ["bar", "export", "report_json", "report_markdown", "scorecard_diff", "write_atomic"]

FULL, EMPTY = "█", "░"
NAMED = " (you named this; practise saying why it matters here)"


def bar(value: float | None, width: int = 12, top: float = 4.0) -> str:
    if value is None:
        return "—"
    filled = round(width * value / top)
    return FULL * filled + EMPTY * (width - filled)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&!~])")


def _md(text: str) -> str:
    """Outside text (candidate quotes, model notes, question files) as inert Markdown on one line: every
    character that could open HTML, a link, an image, code or emphasis is backslash-escaped, so raw HTML
    and `javascript:` links come out as the literal text, and control characters are made visible."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(text))


def _date(started: str) -> str:
    try:
        when = datetime.fromisoformat(started).astimezone()
    except ValueError:
        return started
    return f"{when.day} {when:%b %Y %H:%M}"


def _verdict(card: Scorecard, lesson: Teaching) -> list[str]:
    tiers = load_tiers()
    if lesson.drill is not None:
        return ["## Verdict", "", _md(lesson.verdict), ""]
    head = (f"**{words(card.overall.recommendation).capitalize()}** for {_md(tier_name(tiers, card.tier))}, "
            f"overall {standing(card.overall.level)}. {_md(lesson.verdict)}")
    lines = ["## Verdict", "", head, ""]
    for t, sentence in lesson.tiers.items():
        if t != card.tier:
            lines.append(f"- {_md(tier_name(tiers, t))}: **{words(card.tiers[t].recommendation)}**. {_md(sentence)}")
    lines += ["", _md(lesson.role), ""]
    if lesson.flags:
        lines += ["Red flags, with what raised them:", ""]
        lines += [f"- {_md(f.tier_name)} · {_md(f.flag)}: {_md(f.evidence)}" for f in lesson.flags] + [""]
    return lines


def _practise(lesson: Teaching) -> list[str]:
    lines: list[str] = []
    if lesson.practise_first:
        lines += ["## Practise these first", ""]
        for item in lesson.practise_first:
            lines.append(f"{item.rank}. **{item.title}** — {_md(item.why)}.")
            if item.ask:
                lines.append(f"   Practise: {_md(item.ask)}")
            if item.example:
                lines.append(f"   {_md(stronger(item.example, item.example_is_quote))}")
        lines += ["", f"*{_md(lesson.rule)}*", ""]
    if lesson.stronger_still:
        lines += ["## What would make it stronger still", ""]
        for item in lesson.stronger_still:
            said = " ".join(x for x in (item.ask, stronger(item.example, item.example_is_quote)) if x)
            lines.append(f"- **{item.title}**: {_md(said)}")
        lines.append("")
    return lines


def _areas(card: Scorecard, lesson: Teaching) -> list[str]:
    lines = ["## Areas", "", "```text"]
    for area, a in lesson.areas.items():
        lines.append(f"{AREA_TITLES[area]:<16} {bar(a.level)} {a.standing}")
    lines += ["```", ""]
    for a in lesson.areas.values():
        lines += [f"### {a.title} — {a.standing}", ""]
        if a.coverage == "in_passing":
            lines += ["It came up only in passing, while other areas were discussed.", ""]
        if a.showed:
            lines += ["What you showed:", ""] + [f"- “{_md(q.text)}” (turn {q.turn})" for q in a.showed] + [""]
        elif a.level is None:
            lines += ["Not reached in this interview: budget time so every area gets a few minutes.", ""]
        else:
            lines += ["Nothing you said here explained an idea of this area firmly enough to quote.", ""]
        if a.missing:
            what = "To make it stronger still" if a.at_top else "Missing at the next level"
            title = f" ({_md(a.next_title)})" if a.next_title else ""
            lines += [f"{what}{title} — questions to practise:", ""]
            lines += [f"- {_md(m.ask)}{NAMED if m.named else ''}" for m in a.missing] + [""]
        if a.example:
            lines += [_md(stronger(a.example, a.example_is_quote)), ""]
        if a.fixes:
            lines += ["Corrections:", ""]
            for f in a.fixes:
                turn = f" (turn {f.turn})" if f.turn is not None else ""
                correct = f" What is correct: {_md(f.correct)}" if f.correct else ""
                lines.append(f"- You said “{_md(f.said)}”{turn}: {_md(f.problem)}{correct}")
            lines.append("")
        if a.hints:
            lines += [f"You needed {a.hints} hint{'s' if a.hints > 1 else ''} here; practise this level until you "
                      "can get there unaided.", ""]
    return lines


def report_markdown(card: Scorecard, lesson: Teaching, question: Question | None, *, session: str = "",
                    started: str = "", opening: str = "") -> str:
    """The report. `opening` (the interviewer's first turn) stands in for the prompt when the transcript's
    question is not in the bank."""
    tiers = load_tiers()
    title = question.title if question else "your interview (scored with the generic five-area rubric)"
    prompt = question.prompt if question else opening
    meta = [tier_name(tiers, card.tier), tiers.role(card.role).name]
    if lesson.drill is not None:
        meta.insert(0, f"a drill on {AREA_TITLES[lesson.drill].lower()}")
    if started:
        meta.append(_date(started))
    lines = [f"# Mock interview report — {_md(title)}", "", _md(" · ".join(meta)), ""]
    if prompt:
        lines += [f"> {_md(prompt)}", ""]
    lines += _verdict(card, lesson) + _practise(lesson) + _areas(card, lesson)
    if card.notes:
        lines += ["## Notes", ""] + [f"- {_md(n)}" for n in card.notes] + [""]
    inner = [f"- {_md(line)}" for line in [*([f"session {session}"] if session else []), *details(card, lesson, tiers)]]
    lines += ["<details>", "<summary>Details: ids, level codes and versions</summary>", "", *inner, "", "</details>",
              ""]
    return "\n".join(lines)


def report_json(card: Scorecard, lesson: Teaching, *, session: str = "") -> dict[str, Any]:
    return {**card.contract(lesson), "session": session, "scorecard": card.model_dump(mode="json")}


def export(card: Scorecard, lesson: Teaching, question: Question | None, path: Path, fmt: str, *,
           session: str = "", started: str = "", opening: str = "") -> Path:
    """Write the report; what is already at `path` is respected (see `write_atomic`)."""
    text = (report_markdown(card, lesson, question, session=session, started=started, opening=opening)
            if fmt == "md" else json.dumps(report_json(card, lesson, session=session), indent=2,
                                           ensure_ascii=False) + "\n")
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
