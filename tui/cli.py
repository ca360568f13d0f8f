"""The `interviewer` command. It lives in the outermost layer because `run`, `resume` and the app
drive the graph; heavy libraries (langgraph, textual, openai) are imported only by the commands
that need them, so `interviewer --help` and `interviewer questions` start fast."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.errors import USER_ERRORS, UserError
from interviewer.terminal import inert, json_for_terminal, one_line

if TYPE_CHECKING:
    import argparse

Handler = Callable[["argparse.Namespace"], int]


def _home(args: argparse.Namespace) -> Path:
    from interviewer.paths import default_home

    return Path(args.home).expanduser() if getattr(args, "home", None) else default_home()


def _store(args: argparse.Namespace) -> Any:
    """Where sessions live: the database of `--database-url` / `$INTERVIEWER_DATABASE_URL`, else the data home."""
    from interviewer.storage import open_store

    return open_store(_home(args), getattr(args, "database_url", None))


def _server(args: argparse.Namespace) -> str | None:
    url = getattr(args, "server", None)
    if url and not url.startswith(("http://", "https://")):
        raise UserError(f"--server {url[:60]!r}: expected an http:// or https:// URL (e.g. http://127.0.0.1:2024)")
    return url or None


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

    notices: list[str] = []
    bank = load_questions(args.questions_dir, notices=notices)
    warn(notices)
    if args.json:
        print(json.dumps([{"id": q.id, "tier": q.tier, "title": q.title, "summary": q.summary}
                          for q in bank.values()], indent=2))
    else:
        print(inert(question_table(bank)))
    return 0


def _settings(args: argparse.Namespace) -> Any:
    from pydantic import ValidationError

    from interviewer.models import TeamType
    from interviewer.settings import InterviewSettings
    from rubrics import get_question, load_tiers

    tier = args.tier or "faang"
    question_id = args.question or load_tiers().tier(tier).example_question_id
    notices: list[str] = []
    question = get_question(question_id, args.questions_dir, notices=notices)
    warn(notices)
    try:
        return InterviewSettings(question_id=question.id, tier=args.tier or question.tier,
                                 role=args.role or "generalist", team=TeamType(focus=args.team, track=args.track),
                                 minutes=args.minutes, focus=args.focus)
    except ValidationError as exc:  # the flags are checked when parsed; this is the backstop
        raise UserError(f"invalid interview settings ({exc.errors()[0]['msg']})") from None


def cmd_run(args: argparse.Namespace) -> int:
    return run_interview(args, _settings(args))


def run_interview(args: argparse.Namespace, settings: Any) -> int:
    """An interview with these settings: the app, or plain stdin/stdout (`--plain`, or no terminal)."""
    brain = _brain(args)
    home, store, server = _home(args), _store(args), _server(args)
    if not getattr(args, "plain", False) and sys.stdin.isatty() and sys.stdout.isatty():
        from tui.app import run_app

        return run_app(home=home, settings=settings, brain=brain, questions_dir=args.questions_dir, store=store,
                       server=server)
    from graphs.session import InterviewSession
    from tui.plain import PlainRunner

    session = InterviewSession.create(settings, home=home, brain=brain, questions_dir=args.questions_dir, store=store,
                                      server=server)
    runner = PlainRunner(session)
    return _guard_session(session, lambda: runner.run(session.begin))


def _guard_session(session: Any, body: Callable[[], int]) -> int:
    try:
        return body()
    except KeyboardInterrupt:
        session.pause()  # the interview clock stops while the session is closed
        print(f"\nSession saved. Continue with: interviewer resume {session.id}", file=sys.stderr)
        return 130
    finally:
        session.close()


def warn(lines: Sequence[str]) -> None:
    """Notices that do not stop the command (a skipped file), one line each on stderr."""
    for line in lines:
        print(f"interviewer: {one_line(line)}", file=sys.stderr)


def cmd_resume(args: argparse.Namespace) -> int:
    home, store, server = _home(args), _store(args), _server(args)
    if args.id:
        info = store.info(args.id)  # an id that is not one is refused before anything is touched
        warn([info.notice] if info.notice else [])
        if info.finished:
            raise UserError(f"session {args.id} is finished; see `interviewer report` or `replay`")
    else:
        listing = store.scan()
        warn(listing.notices)
        unfinished = [s for s in listing.sessions if not s.finished]
        if not unfinished:
            raise UserError(f"no unfinished session in {store.where}")
        info = unfinished[-1]
    brain = _brain(args, recorded=info.brain)  # the brain in use when it stopped, a switch included
    if not args.plain and sys.stdin.isatty() and sys.stdout.isatty():
        from tui.app import run_app

        return run_app(home=home, brain=brain, resume_id=info.id, questions_dir=args.questions_dir, store=store,
                       server=server)
    from graphs.session import InterviewSession
    from tui.plain import PlainRunner

    session = InterviewSession.reopen(info.id, home=home, brain=brain, questions_dir=args.questions_dir, store=store,
                                      server=server)
    runner = PlainRunner(session)
    return _guard_session(session, lambda: runner.run(session.resume_step))


def _team(args: argparse.Namespace) -> Any:
    from interviewer.models import TeamType

    if getattr(args, "team", "hybrid") == "hybrid" and getattr(args, "track", "mixed") == "mixed":
        return None
    return TeamType(focus=args.team, track=args.track)


def transcript_of(args: argparse.Namespace, ref: Path) -> Any:
    """The transcript a command was given: a file, or a session id in the store (file or database)."""
    from interviewer.storage import load_ref

    return load_ref(ref, _store(args))


def _rescored(args: argparse.Namespace, path: Path, transcript: Any = None) -> Any:
    """The transcript's scorecard with its evidence and question (`interviewer.rescore.Rescored`)."""
    from interviewer.rescore import rescore

    transcript = (transcript_of(args, path) if transcript is None else transcript).for_scoring()
    # A session scored offline is rescored offline unless --brain says otherwise, so `score` reproduces
    # its scorecard; an LLM session's model may be gone, so it follows the current configuration.
    recorded = transcript.header.brain if transcript.header else None
    return rescore(transcript, _brain(args, recorded=None if recorded == "llm" else recorded),
                   question_id=args.question, tier=args.tier, role=args.role, team=_team(args),
                   questions_dir=args.questions_dir)


def _scorecard(args: argparse.Namespace, path: Path, transcript: Any = None) -> Any:
    return _rescored(args, path, transcript).card


def _lesson(scored: Any, transcript: Any) -> Any:
    """What the scorecard teaches (see interviewer/teaching.py); a drill's lesson is about its one area."""
    from tui.lessons import lesson

    drill = transcript.header.settings.drill if transcript.header else None
    return lesson(scored.card, scored.evidence, scored.question, turns=transcript.turns, drill=drill)


def cmd_score(args: argparse.Namespace) -> int:
    transcript = transcript_of(args, args.file)
    scored = _rescored(args, args.file, transcript)
    card = scored.card
    if args.diff is not None:
        from interviewer.report import scorecard_diff

        other = _scorecard(args, args.diff)
        print(inert(scorecard_diff(card, other, str(args.file), str(args.diff))))
        return 0
    if args.json:
        print(json_for_terminal(card.contract(_lesson(scored, transcript))))
    else:
        from interviewer.render import scorecard_text

        print(inert(scorecard_text(card)))
    return 0


COMMANDS: dict[str, str] = {
    "run": "cmd_run", "resume": "cmd_resume", "score": "cmd_score", "questions": "cmd_questions",
    "replay": "tui.commands:cmd_replay", "report": "tui.commands:cmd_report",
    "history": "tui.commands:cmd_history", "practice": "tui.practice:cmd_practice", "eval": "evals.cli:cmd_eval",
    "export": "tui.database:cmd_export", "db": "tui.database:cmd_db",
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

    # the store is opened by the app when it lists sessions, after the first paint, unless a flag names it
    store = _store(args) if getattr(args, "database_url", None) else None
    return run_app(home=_home(args), questions_dir=getattr(args, "questions_dir", None), store=store)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        if not argv:  # the everyday launch: straight to the app, without building the whole parser
            return _open_app(None)
        from tui.parser import parse

        args = parse(argv)
        if args.command is None:
            return _open_app(args)
        return _handler(args.command)(args)
    except USER_ERRORS as exc:
        print(f"interviewer: {one_line(str(exc))}", file=sys.stderr)
        return getattr(exc, "exit_code", 2)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug, not the user's doing: still one line; INTERVIEWER_DEBUG=1 shows where
        if os.environ.get("INTERVIEWER_DEBUG"):
            raise
        print(f"interviewer: unexpected error ({type(exc).__name__}: {one_line(str(exc))[:200]}); please report "
              "it (run with INTERVIEWER_DEBUG=1 to see where it happened)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
