"""The `interviewer` command. It lives in the outermost layer because `run`, `resume` and the app
drive the graph; heavy libraries (langgraph, textual, openai) are imported only by the commands
that need them, so `interviewer --help` and `interviewer questions` start fast."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer import __version__
from interviewer.errors import USER_ERRORS, UserError
from rubrics.vocabulary import AREAS, TIERS

if TYPE_CHECKING:
    import argparse

Handler = Callable[["argparse.Namespace"], int]


def _interview_flags(p: argparse.ArgumentParser, *, with_question: bool = True) -> None:
    if with_question:
        p.add_argument("--question", help="question id (see `interviewer questions`); default: the tier's example")
        p.add_argument("--minutes", type=float, default=45, help="length of the interview (default 45)")
        p.add_argument("--focus", choices=AREAS, help="a specialist's area of expertise (gets more time)")
    p.add_argument("--tier", choices=TIERS, help="company tier the interview is calibrated for")
    p.add_argument("--role", choices=("generalist", "specialist"), help="breadth (generalist) or depth (specialist)")
    p.add_argument("--team", choices=("hybrid", "infra", "ml"), default="hybrid", help="team focus: infra vs ML")
    p.add_argument("--track", choices=("mixed", "research", "application"), default="mixed",
                   help="team orientation: research vs application")


def _brain_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--brain", choices=("offline", "llm"),
                   help="offline (default without a model server) or llm (OpenAI-compatible server)")
    p.add_argument("--model", help="model name for the llm brain (default $OPENAI_MODEL or gpt-4o-mini)")
    p.add_argument("--base-url", help="OpenAI-compatible server URL (default $OPENAI_BASE_URL)")
    p.add_argument("--timeout", type=float, help="seconds to wait for a model reply (default 60)")


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="interviewer",
        description="A mock ML system design interviewer that finds the edge of your knowledge. "
                    "With no command, opens the terminal app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--home", help="data folder for sessions and checkpoints (default $INTERVIEWER_HOME)")
    parser.add_argument("--questions-dir", help="extra question files (default $INTERVIEWER_QUESTIONS)")
    _interview_flags(parser)
    _brain_flags(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("run", help="start a mock interview (the app, or --plain for stdin/stdout)")
    _interview_flags(p)
    _brain_flags(p)
    p.add_argument("--plain", action="store_true", help="plain stdin/stdout, no TUI")

    p = sub.add_parser("resume", help="continue an unfinished interview (the latest when no ID)")
    p.add_argument("id", nargs="?", help="session id (see `interviewer history --all`)")
    _brain_flags(p)
    p.add_argument("--plain", action="store_true", help="plain stdin/stdout, no TUI")

    p = sub.add_parser("replay", help="step through a transcript turn by turn")
    p.add_argument("file", type=Path)
    p.add_argument("--plain", action="store_true", help="print it instead of opening the app")
    p.add_argument("--question", help="question id, for plain-text transcripts")
    _brain_flags(p)

    p = sub.add_parser("score", help="score a transcript (JSONL session or plain text)")
    p.add_argument("file", type=Path)
    p.add_argument("--question", help="question id, for plain-text transcripts (inferred otherwise)")
    _interview_flags(p, with_question=False)
    _brain_flags(p)
    p.add_argument("--json", action="store_true", help="print the contract JSON object")
    p.add_argument("--diff", type=Path, metavar="OTHER", help="compare with another transcript or scorecard")

    p = sub.add_parser("report", help="write a report a candidate would want to read")
    p.add_argument("file", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--format", choices=("md", "json"), default="md")
    p.add_argument("--question", help="question id, for plain-text transcripts")
    _interview_flags(p, with_question=False)
    _brain_flags(p)

    p = sub.add_parser("eval", help="agreement with labelled transcripts, robustness, simulated candidates")
    p.add_argument("dir", type=Path, nargs="?", help="labelled set (default: the frozen test split)")
    _brain_flags(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--junit", type=Path, metavar="FILE")
    p.add_argument("--min-within1", type=float)
    p.add_argument("--min-qwk", type=float, help="pooled area QWK")
    p.add_argument("--min-overall-qwk", type=float)
    p.add_argument("--min-edge-accuracy", type=float)
    p.add_argument("--max-inflation", type=float)
    p.add_argument("--min-recall", type=float, help="misconception recall")
    p.add_argument("--min-precision", type=float, help="misconception precision")
    p.add_argument("--concurrency", type=int, default=1)
    p.add_argument("--robustness", action="store_true", help="paraphrase, stuffing and filler, negation and hedges")
    p.add_argument("--injection", action="store_true", help="score inflation from injection attacks")
    p.add_argument("--misconceptions", nargs="+", metavar="SET", help="phrasing sets, e.g. dev test")
    p.add_argument("--simulate", action="store_true", help="simulated candidates through the graph")
    p.add_argument("--interviewer", action="store_true", help="grade the interviewer on simulated interviews")
    p.add_argument("--questions", nargs="+", metavar="ID", help="banked questions to simulate")
    p.add_argument("--profiles", nargs="+", metavar="ID", help="simulated candidate profiles")
    p.add_argument("--cassette", type=Path, help="replay recorded LLM responses from this file")
    p.add_argument("--record", type=Path, metavar="CASSETTE", help="record LLM responses to this file")

    p = sub.add_parser("questions", help="list the question bank")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("history", help="your finished interviews and progress per area")
    p.add_argument("--plot", action="store_true", help="draw each area's level over time")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="include unfinished sessions")
    return parser


def _home(args: argparse.Namespace) -> Path:
    from interviewer.paths import default_home

    return Path(args.home).expanduser() if getattr(args, "home", None) else default_home()


def _llm(args: argparse.Namespace) -> Any:
    from interviewer.settings import llm_from_env

    return llm_from_env(getattr(args, "model", None), getattr(args, "base_url", None),
                        getattr(args, "timeout", None))


def _brain(args: argparse.Namespace, recorded: str | None = None) -> Any:
    from interviewer.brains import make_brain
    from interviewer.settings import choose_brain

    llm = _llm(args)
    kind = choose_brain(getattr(args, "brain", None) or recorded, llm)
    return make_brain(kind, llm)


def cmd_questions(args: argparse.Namespace) -> int:
    import json

    from interviewer.render import question_table
    from rubrics import load_questions

    bank = load_questions(args.questions_dir)
    if args.json:
        print(json.dumps([{"id": q.id, "tier": q.tier, "title": q.title, "summary": q.summary}
                          for q in bank.values()], indent=2))
    else:
        print(question_table(bank))
    return 0


def _settings(args: argparse.Namespace) -> Any:
    from interviewer.models import TeamType
    from interviewer.settings import InterviewSettings
    from rubrics import get_question, load_tiers

    tier = args.tier or "faang"
    question_id = args.question or load_tiers().tier(tier).example_question_id
    question = get_question(question_id, args.questions_dir)
    return InterviewSettings(question_id=question.id, tier=args.tier or question.tier,
                             role=args.role or "generalist", team=TeamType(focus=args.team, track=args.track),
                             minutes=args.minutes, focus=args.focus)


def cmd_run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    brain = _brain(args)
    home = _home(args)
    if not getattr(args, "plain", False) and sys.stdin.isatty() and sys.stdout.isatty():
        from tui.app import run_app

        return run_app(home=home, settings=settings, brain=brain, questions_dir=args.questions_dir)
    from graphs.session import InterviewSession
    from tui.plain import PlainRunner

    session = InterviewSession.create(settings, home=home, brain=brain, questions_dir=args.questions_dir)
    runner = PlainRunner(session)
    return _guard_session(session, lambda: runner.run(session.begin))


def _guard_session(session: Any, body: Callable[[], int]) -> int:
    try:
        return body()
    except KeyboardInterrupt:
        session.pause()  # the interview clock stops while the session is closed
        print(f"\nSession saved. Continue with: interviewer resume {session.id}", file=sys.stderr)
        return 130


def cmd_resume(args: argparse.Namespace) -> int:
    from interviewer.store import list_sessions

    home = _home(args)
    unfinished = [s for s in list_sessions(home) if not s.finished]
    if args.id:
        match = [s for s in list_sessions(home) if s.id == args.id]
        if not match:
            raise UserError(f"no session {args.id!r} in {home / 'sessions'}")
        if match[0].finished:
            raise UserError(f"session {args.id} is finished; see `interviewer report` or `replay`")
        info = match[0]
    elif unfinished:
        info = unfinished[-1]
    else:
        raise UserError(f"no unfinished session in {home / 'sessions'}")
    brain = _brain(args, recorded=info.brain)  # the brain in use when it stopped, a switch included
    if not args.plain and sys.stdin.isatty() and sys.stdout.isatty():
        from tui.app import run_app

        return run_app(home=home, brain=brain, resume_id=info.id, questions_dir=args.questions_dir)
    from graphs.session import InterviewSession
    from tui.plain import PlainRunner

    session = InterviewSession.reopen(info.id, home=home, brain=brain, questions_dir=args.questions_dir)
    runner = PlainRunner(session)
    return _guard_session(session, lambda: runner.run(session.resume_step))


def _team(args: argparse.Namespace) -> Any:
    from interviewer.models import TeamType

    if getattr(args, "team", "hybrid") == "hybrid" and getattr(args, "track", "mixed") == "mixed":
        return None
    return TeamType(focus=args.team, track=args.track)


def _scorecard(args: argparse.Namespace, path: Path) -> Any:
    from interviewer.rescore import score_transcript
    from interviewer.store import load_transcript

    transcript = load_transcript(path)
    # A session scored offline is rescored offline unless --brain says otherwise, so `score` reproduces
    # its scorecard; an LLM session's model may be gone, so it follows the current configuration.
    recorded = transcript.header.brain if transcript.header else None
    return score_transcript(transcript, _brain(args, recorded=None if recorded == "llm" else recorded),
                            question_id=args.question, tier=args.tier, role=args.role, team=_team(args),
                            questions_dir=args.questions_dir)


def cmd_score(args: argparse.Namespace) -> int:
    card = _scorecard(args, args.file)
    if args.diff is not None:
        from interviewer.report import scorecard_diff

        other = _scorecard(args, args.diff)
        print(scorecard_diff(card, other, str(args.file), str(args.diff)))
        return 0
    if args.json:
        import json

        print(json.dumps(card.contract(), indent=2, ensure_ascii=False))
    else:
        from interviewer.render import scorecard_text

        print(scorecard_text(card))
    return 0


COMMANDS: dict[str, str] = {
    "run": "cmd_run", "resume": "cmd_resume", "score": "cmd_score", "questions": "cmd_questions",
    "replay": "tui.commands:cmd_replay", "report": "tui.commands:cmd_report",
    "history": "tui.commands:cmd_history", "eval": "evals.cli:cmd_eval",
}


def _handler(name: str) -> Handler:
    target = COMMANDS[name]
    if ":" not in target:
        return globals()[target]  # type: ignore[no-any-return]
    module, func = target.split(":")
    import importlib

    return getattr(importlib.import_module(module), func)  # type: ignore[no-any-return]


def _open_app(args: argparse.Namespace | None) -> int:
    from tui.app import run_app

    return run_app(home=_home(args), questions_dir=getattr(args, "questions_dir", None))


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        if not argv:  # the everyday launch: straight to the app, without building the whole parser
            return _open_app(None)
        args = build_parser().parse_args(argv)
        if args.command is None:
            return _open_app(args)
        return _handler(args.command)(args)
    except USER_ERRORS as exc:
        print(f"interviewer: {exc}", file=sys.stderr)
        return getattr(exc, "exit_code", 2)
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
