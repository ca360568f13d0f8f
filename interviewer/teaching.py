"""What a scorecard teaches: per area what you showed, what the next level asks (as questions to practise)
and one stronger answer; the three things to practise first; the verdicts and red flags explained.

Pure: `teach` is given the scorecard, the evidence it was scored from, the question (None for the generic
rubric) and the data files it reads, and returns one `Teaching` that the app, `interviewer report` and
`interviewer score --json` all show. Ids, level codes and versions stay in `details` (and the JSON)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from pydantic import BaseModel

from interviewer.evidence import SessionEvidence
from interviewer.models import AREA_TITLES, AREAS, Area, PointKey, Recommendation, Tier
from interviewer.scoring import Scorecard, TierView, by_threshold
from rubrics.lexicon_schema import ConceptsFile
from rubrics.practice_schema import Ranking
from rubrics.schema import Question, RedFlag, TiersFile

LEVEL_NAMES = {1: "poor", 2: "weak", 3: "solid", 4: "excellent"}
STEPS = ("strong_no_hire", "no_hire", "lean_hire", "hire", "strong_hire")


def standing(level: int | None) -> str:
    """A level in words: "weak (2 of 4)", or "not reached"."""
    return "not reached" if level is None else f"{LEVEL_NAMES[level]} ({level} of 4)"


def words(rec: str) -> str:
    return rec.replace("_", " ")


class Quote(BaseModel):
    turn: int
    text: str


class Ask(BaseModel):
    """One idea of the next level, as a question to practise."""

    point: str
    """Internal id: the ladder point's id, or `concept:<id>` for the generic rubric."""
    idea: str
    ask: str
    simpler: str = ""
    named: bool = False
    """You named the idea without explaining it (a named term earns nothing): practise the why."""


class Fix(BaseModel):
    """A confident error: what was said, what is wrong with it, what is correct."""

    id: str
    turn: int | None
    said: str
    problem: str
    correct: str


class AreaLesson(BaseModel):
    area: Area
    title: str
    level: int | None
    edge: int | None
    coverage: str
    showed: list[Quote]
    next_level: int
    """The level to practise: one past the edge (the top level when the edge is already there)."""
    next_title: str
    missing: list[Ask]
    example: str
    example_is_quote: bool
    """True: words a stronger answer might say (a generic concept's example); False: what it does."""
    fixes: list[Fix]
    hints: int
    at_top: bool

    @property
    def standing(self) -> str:
        return standing(self.level)


class PractiseItem(BaseModel):
    rank: int
    area: Area
    title: str
    weight: float
    gap: float
    priority: float
    why: str
    ask: str
    example: str
    example_is_quote: bool


class FlagNote(BaseModel):
    """A red flag found, with the evidence that raised it (flags the transcript did not decide never appear)."""

    tier: Tier
    tier_name: str
    id: str
    flag: str
    rule: str
    evidence: str


class Teaching(BaseModel):
    rubric: str
    tier: Tier
    drill: Area | None = None
    verdict: str
    tiers: dict[Tier, str]
    role: str
    areas: dict[Area, AreaLesson]
    practise_first: list[PractiseItem]
    stronger_still: list[PractiseItem]
    flags: list[FlagNote]
    rule: str
    """How "practise first" is ranked, in words."""


Covered = Callable[[PointKey], bool]


def _percent(weight: float) -> str:
    return f"{round(weight * 100)}%"


def _weights_phrase(weights: Mapping[Area, float]) -> str:
    """`deployment counts 25%, data, modeling and evaluation count 20% each and problem framing counts 15%`."""
    groups: dict[str, list[str]] = {}
    for area in sorted(AREAS, key=lambda a: -weights[a]):
        groups.setdefault(_percent(weights[area]), []).append(AREA_TITLES[area].lower())
    parts = [f"{_short_list(names)} {'count' if len(names) > 1 else 'counts'} {pct}{' each' if len(names) > 1 else ''}"
             for pct, names in groups.items()]
    return _short_list(parts)


def _short_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def tier_name(tiers: TiersFile, tier: str) -> str:
    """`FAANG+`, `Growth startups`: a tier's name without its gloss."""
    return tiers.tier(tier).name.split(" (")[0]


def verdict_sentence(view: TierView, tiers: TiersFile) -> str:
    """One sentence: the tier's weights, the weighted score against its thresholds, and any rule that moved it."""
    spec = tiers.tier(view.tier)
    t = spec.thresholds
    bars: dict[Recommendation, float] = {"no_hire": t.no_hire, "lean_hire": t.lean_hire, "hire": t.hire,
                                         "strong_hire": t.strong_hire}
    base = view.by_score or by_threshold(view.score, t)
    what = "the areas discussed average" if view.coverage < 0.999 else "your weighted score is"
    head = (f"At {tier_name(tiers, view.tier)}, where {_weights_phrase(view.weights)}, "
            f"{what} {view.score:.2f} of 4")
    if base == "strong_hire":
        place = f"at least the {t.strong_hire:.1f} needed for strong hire"
    else:
        up = STEPS[STEPS.index(base) + 1]
        place = f"short of the {bars[up]:.1f} needed for {words(up)}"  # type: ignore[index]
        if base != "strong_no_hire":
            place += f" but reaching the {bars[base]:.1f} for {words(base)}"
    if not view.adjustments:
        return f"{head}: {place}, so {words(view.recommendation)}."
    why = []
    for adj in view.adjustments:
        if adj.rule == "must_have":
            need = _short_list([f"{AREA_TITLES[a].lower()} at {LEVEL_NAMES[spec.must_have[a]]} or better"
                                for a in adj.areas])
            why.append(f"the tier requires {need}, which caps it at {words(adj.to)}")
        elif adj.rule == "coverage":
            why.append(f"only {view.coverage:.0%} of what the tier weighs was discussed, which caps it at "
                       f"{words(adj.to)}")
        else:
            n = len(view.red_flags)
            why.append(f"{'a red flag' if n == 1 else f'{n} red flags'} lowered it to {words(adj.to)}")
    return f"{head}: {place}; then {', and '.join(why)}."


def role_sentence(card: Scorecard, tiers: TiersFile) -> str:
    spec = tiers.role(card.role)
    name = LEVEL_NAMES[spec.min_level]
    if spec.expectation == "breadth":
        short = [AREA_TITLES[a] for a, s in card.areas.items() if s.level is None or s.level < spec.min_level]
        want = f"A generalist role expects every area at {name} or better"
        return f"{want}: met." if not short else f"{want}; not yet in {_short_list(short)}."
    deep = [AREA_TITLES[a] for a, s in card.areas.items() if s.level is not None and s.level >= spec.min_level]
    want = f"A specialist role expects at least one area at {name}"
    return f"{want}: met in {_short_list(deep)}." if deep else f"{want}; none reached it yet."


def _asks(area: Area, level: int, question: Question | None, concepts: ConceptsFile,
          covered: Covered) -> tuple[str, list[Ask], str, bool]:
    """The level's title, its ideas not shown (as questions), and one stronger example."""
    if question is not None:
        lv = question.ladders[area].at(level)
        missing = [Ask(point=p.id, idea=p.text, ask=p.ask or p.simpler or f"How would you cover this: {p.text}?",
                       simpler=p.simpler)
                   for p in lv.points if not covered(PointKey(area=area, level=level, point=p.id))]
        return lv.title, missing, lv.stronger, False
    ideas = [c for c in concepts.concepts if c.area == area and c.level == level]
    missing = [Ask(point=c.point, idea=c.text, ask=c.ask) for c in ideas
               if not covered(PointKey(area=area, level=level, point=c.point))]
    example = next((c.example for c in ideas if missing and c.point == missing[0].point),
                   ideas[0].example if ideas else "")
    return "", missing, example, True


def area_lesson(card: Scorecard, evidence: SessionEvidence, area: Area, question: Question | None,
                concepts: ConceptsFile, covered: Covered, per_area: int) -> AreaLesson:
    s = card.areas[area]
    at_top = s.edge == 4
    level = 4 if at_top else (s.edge or 0) + 1
    title, missing, example, is_quote = _asks(area, level, question, concepts, covered)
    deeper = level
    while not missing and deeper < 4:  # every idea of that level shown (the edge held back by errors or misses)
        deeper += 1
        title, missing, example, is_quote = _asks(area, deeper, question, concepts, covered)
    fixes, seen = [], set()
    for pe in evidence.areas[area].problems:
        key = (pe.problem.id, pe.problem.quote)
        if key not in seen:
            seen.add(key)
            fixes.append(Fix(id=pe.problem.id, turn=pe.turn, said=pe.problem.quote, problem=pe.problem.text,
                             correct=pe.problem.correct))
    named = {p.key.point for p in evidence.areas[area].points if not p.explained}
    missing = [m.model_copy(update={"named": m.point in named}) for m in missing]
    return AreaLesson(area=area, title=AREA_TITLES[area], level=s.level, edge=s.edge, coverage=s.coverage,
                      showed=[Quote(turn=e.turn, text=e.quote) for e in s.evidence], next_level=deeper,
                      next_title=title, missing=missing[:per_area], example=example, example_is_quote=is_quote,
                      fixes=fixes, hints=s.hints, at_top=at_top)


def _ranked(lessons: Mapping[Area, AreaLesson], view: TierView, name: str,
            ranking: Ranking) -> tuple[list[PractiseItem], list[PractiseItem]]:
    """Areas by tier weight × gap (gap = 4 - level; an unreached area counts as `unreached_level`), the
    first few; and, for areas already excellent, what would make them stronger still."""
    items, top = [], []
    for area, a in lessons.items():
        level = a.level if a.level is not None else ranking.unreached_level
        gap = float(4 - level)
        weight = view.weights[area]
        where = (f"was not reached (ranked as if {LEVEL_NAMES[ranking.unreached_level]})" if a.level is None
                 else f"you reached {a.standing}")
        ask = a.missing[0].ask if a.missing else ""
        item = PractiseItem(rank=0, area=area, title=a.title, weight=weight, gap=gap, priority=round(weight * gap, 4),
                            why=f"counts {_percent(weight)} at {name} and {where}", ask=ask,
                            example=a.example, example_is_quote=a.example_is_quote)
        (items if gap > 0 else top).append(item)
    items.sort(key=lambda i: (-i.priority, -i.weight, AREAS.index(i.area)))
    first = [i.model_copy(update={"rank": n}) for n, i in enumerate(items[:ranking.first], start=1)]
    return first, [i.model_copy(update={"why": f"already {LEVEL_NAMES[4]} at {name}"}) for i in top]


def _said(phrase: str, answers: Mapping[int, str]) -> str:
    for turn, text in sorted(answers.items()):
        if phrase in " ".join(text.lower().split()):
            return f"“{phrase}” (turn {turn})"
    return f"“{phrase}”"


def flag_evidence(flag: RedFlag, card: Scorecard, evidence: SessionEvidence, answers: Mapping[int, str]) -> str:
    """Why a flag the scorecard found was raised, in the words of its rule."""
    rule = flag.rule
    if rule.kind == "phrases_any":
        seen = [p for p in rule.phrases if p in set(evidence.phrases_seen)]
        return "You said " + _short_list([_said(p, answers) for p in seen] or ["it"]) + "."
    if rule.kind == "area_below" and rule.area is not None:
        level = card.areas[rule.area].level
        return (f"{AREA_TITLES[rule.area]} reached {standing(level)}, below the "
                f"{LEVEL_NAMES[rule.below or 3]} level this flag looks for.")
    if rule.kind == "phrases_none":
        shown = ", ".join(f"“{p}”" for p in rule.phrases[:5])
        return f"Raised by absence: none of your {evidence.answers} answers used words like {shown}."
    return f"Raised by absence: no clarifying question or stated assumption in your {evidence.answers} answers."


def teach(card: Scorecard, evidence: SessionEvidence, question: Question | None, *, tiers: TiersFile,
          concepts: ConceptsFile, ranking: Ranking, answers: Mapping[int, str] | None = None,
          drill: Area | None = None, covered: Covered | None = None) -> Teaching:
    """The lesson of one scorecard. `answers` (candidate turn → text) lets a red flag quote where it was
    said; `drill` limits the lesson to the drilled area; `covered` says whether an idea was shown (by
    default: explained, in the evidence)."""
    def explained(key: PointKey) -> bool:
        return any(p.key == key and p.explained for p in evidence.areas[key.area].points)

    scope: Sequence[Area] = [drill] if drill else AREAS
    lessons = {a: area_lesson(card, evidence, a, question, concepts, covered or explained,
                              ranking.questions_per_area) for a in scope}
    view = card.tiers[card.tier]
    name = tier_name(tiers, card.tier)
    first, top = _ranked(lessons, view, name, ranking)
    flags = []
    if drill is None:
        for t, v in card.tiers.items():
            spec = tiers.tier(t)
            for text in v.red_flags:
                flag = next((f for f in spec.red_flags if f.text == text), None)
                if flag is not None:
                    flags.append(FlagNote(tier=t, tier_name=tier_name(tiers, t), id=flag.id, flag=text,
                                          rule=flag.rule.kind,
                                          evidence=flag_evidence(flag, card, evidence, answers or {})))
    if drill is not None:
        a = lessons[drill]
        short = 4 - (a.level or 0)
        verdict = f"A drill on {a.title.lower()} only, so no hiring verdict: " + (
            "no answer in it could be graded." if a.level is None else f"you reached {a.standing}"
            + ("." if short == 0 else f", {short} level{'s' if short > 1 else ''} short of excellent."))
        tier_sentences: dict[Tier, str] = {}
        role = ""
    else:
        tier_sentences = {t: verdict_sentence(v, tiers) for t, v in card.tiers.items()}
        verdict, role = tier_sentences[card.tier], role_sentence(card, tiers)
    rule = (f"Ranked by how much each area counts at {name} × the levels left to climb to excellent "
            f"(4 − your level); an area not reached counts as {LEVEL_NAMES[ranking.unreached_level]}.")
    return Teaching(rubric=card.rubric or card.question_id, tier=card.tier, drill=drill, verdict=verdict,
                    tiers=tier_sentences, role=role, areas=lessons, practise_first=first, stronger_still=top,
                    flags=flags, rule=rule)


def stronger(example: str, is_quote: bool) -> str:
    """The stronger example as a line: words a stronger answer might say, or what a stronger answer does."""
    if not example:
        return ""
    if is_quote:
        said = example.strip().strip('“”"')
        return f"A stronger answer might say: “{said}”"
    return f"A stronger answer: {example.strip()}"


def practise_text(item: PractiseItem) -> str:
    """A thing to practise in plain text: the area and why, the question to practise, a stronger answer."""
    lines = [f"{item.rank}. {item.title} — {item.why}." if item.rank else f"{item.title} — {item.why}."]
    if item.ask:
        lines.append(f"   Practise: {item.ask}")
    if item.example:
        lines.append(f"   {stronger(item.example, item.example_is_quote)}")
    return "\n".join(lines)


def details(card: Scorecard, lesson: Teaching, tiers: TiersFile) -> list[str]:
    """The internal side, one line each, for the collapsed Details: ids, level codes, weights, versions."""
    team = f"{card.team.focus}/{card.team.track}"
    out = [f"question {card.question_id} · rubric {lesson.rubric} · tier {card.tier} · role {card.role} · team {team}"]
    for area, a in lesson.areas.items():
        s = card.areas[area]
        level = "L—" if s.level is None else f"L{s.level}"
        edge = "—" if s.edge is None else f"{s.edge}/4"
        missing = ", ".join(m.point for m in a.missing) or "none"
        problems = ", ".join(f.id for f in a.fixes) or "none"
        out.append(f"{area}: {level} (score {s.score if s.score is not None else '—'}), edge {edge}, {s.coverage}, "
                   f"hints {s.hints}; next L{a.next_level} not shown: {missing}; problems: {problems}")
    for t, v in card.tiers.items():
        th = tiers.tier(t).thresholds
        weights = " ".join(f"{a}={w:g}" for a, w in v.weights.items())
        out.append(f"{t}: {v.score:.2f} (coverage {v.coverage:.0%}) by score {v.by_score or '—'} → {v.recommendation}; "
                   f"thresholds {th.no_hire:g}/{th.lean_hire:g}/{th.hire:g}/{th.strong_hire:g}; weights {weights}"
                   + (f"; not assessable here: {'; '.join(v.not_assessed)}" if v.not_assessed else ""))
    for f in lesson.flags:
        out.append(f"flag {f.tier}.{f.id} ({f.rule})")
    out.append("versions: " + ", ".join(f"{k} {v}" for k, v in sorted(card.versions.items())))
    return out

