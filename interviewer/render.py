"""Plain-text renderings for the terminal: the scorecard, the edge map and the question table."""

from __future__ import annotations

import textwrap

from interviewer.models import AREA_TITLES, AREAS, Area
from interviewer.scoring import Scorecard
from rubrics.schema import Question

LEVEL_NAMES = {1: "poor", 2: "weak", 3: "solid", 4: "excellent"}
BAR = "█"


def table(rows: list[list[str]], headers: list[str]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()
    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def question_table(bank: dict[str, Question]) -> str:
    rows = [[q.id, q.tier, q.title, q.summary] for q in sorted(bank.values(), key=lambda q: (q.tier, q.id))]
    return table(rows, ["id", "tier", "title", "summary"]) + f"\n\n{len(rows)} questions"


def edge_bar(edge: int | None) -> str:
    if edge is None:
        return "not reached"
    return (BAR * edge + "·" * (4 - edge)) + f" {edge}/4"


def edge_map_text(edges: dict[Area, int | None]) -> str:
    return "\n".join(f"  {AREA_TITLES[a]:<16} {edge_bar(edges.get(a))}" for a in AREAS)


def _level(level: int | None) -> str:
    return "—" if level is None else f"{level} {LEVEL_NAMES[level]}"


def scorecard_text(card: Scorecard, width: int = 100) -> str:
    out = [f"Scorecard — {card.question_id} (tier {card.tier}, {card.role})", ""]
    rows = [[AREA_TITLES[a], _level(s.level), edge_bar(s.edge), str(s.hints), str(len(s.problems))]
            for a, s in card.areas.items()]
    out += [table(rows, ["area", "level", "edge (knowledge found)", "hints", "errors"]), ""]
    for area, s in card.areas.items():
        if not s.evidence and not s.problems:
            continue
        out.append(f"{AREA_TITLES[area]}:")
        for ev in s.evidence:
            out.append(textwrap.fill(f'"{ev.quote}" (turn {ev.turn})', width, initial_indent="  • ",
                                     subsequent_indent="    "))
        for p in s.problems:
            said = "hedged: " if p.hedged else ""
            out.append(textwrap.fill(f"problem ({said}“{p.quote}”): {p.text}", width, initial_indent="  ✗ ",
                                     subsequent_indent="    "))
        for note in s.notes:
            out.append(textwrap.fill(note, width, initial_indent="  · ", subsequent_indent="    "))
    out.append("")
    rows = [[v.name, f"{v.score:.2f}", v.recommendation.replace("_", " "), "; ".join(v.red_flags) or "none"]
            for v in card.tiers.values()]
    out += [table(rows, ["tier view", "score", "recommendation", "red flags"]), ""]
    rv = card.role_verdict
    detail = rv.detail
    for area in card.areas:  # the role's detail names areas by id; a reader wants their titles
        detail = detail.replace(area, AREA_TITLES[area])
    out.append(f"Role ({rv.role}, {rv.expectation}): {'met' if rv.met else 'not met'} — {detail}")
    out.append(f"Overall: level {card.overall.level} ({LEVEL_NAMES[card.overall.level]}), "
               f"{card.overall.recommendation.replace('_', ' ')} for {card.tiers[card.tier].name}")
    out += [f"Note: {n}" for n in card.notes]
    return "\n".join(out)
