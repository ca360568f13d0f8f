"""The `interviewer` command line: its parser, the checks on flag values, and flags given before the command.

A flag's value is checked where it is parsed (`--minutes nan` is one line and exit 2, not a pydantic
traceback). Interview and brain flags may come before or after the command: `interviewer --tier faang
score FILE` means the same as `interviewer score FILE --tier faang`, and a flag that the command does
not take is refused, never silently dropped. Imports only the standard library and our own light
modules, so `interviewer --help` stays fast.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any, NoReturn

from interviewer import __version__
from interviewer.defaults import DEFAULT_MINUTES, DEFAULT_MODEL
from interviewer.errors import UserError
from interviewer.limits import MAX_MINUTES, MAX_TIMEOUT_SECONDS
from rubrics.vocabulary import AREAS, TIERS

S = argparse.SUPPRESS
DEFAULTS: dict[str, Any] = {
    "question": None, "minutes": float(DEFAULT_MINUTES), "focus": None, "tier": None, "role": None, "team": "hybrid",
    "track": "mixed", "brain": None, "model": None, "base_url": None, "timeout": None, "home": None,
    "questions_dir": None, "database_url": None, "server": None,
}
"""Flags that may come before the command; a flag not given takes its default here."""
ANYWHERE = {"home", "questions_dir", "database_url"}
TRANSCRIPT = "a transcript file (JSONL session or plain text), or a session id"


class Parser(argparse.ArgumentParser):
    """argparse, with its errors as one line (a `UserError`, exit 2) instead of usage plus a message."""

    def error(self, message: str) -> NoReturn:
        raise UserError(f"{message} (see `{self.prog} --help`)")


def _number(text: str, what: str, low: float, high: float) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and low < value <= high):
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not {what} (more than {low:g}, at most {high:g})")
    return value


def minutes(text: str) -> float:
    return _number(text, "a number of minutes", 0, MAX_MINUTES)


def seconds(text: str) -> float:
    return _number(text, "a number of seconds", 0, MAX_TIMEOUT_SECONDS)


def fraction(text: str) -> float:
    return _number(text, "a fraction", -1e-9, 1)


def finite(text: str) -> float:
    return _number(text, "a finite number", -math.inf, math.inf)


def count(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a whole number from 1 to 64")
    return int(text)


def _interview_flags(p: argparse.ArgumentParser, *, with_question: bool = True) -> set[str]:
    if with_question:
        p.add_argument("--question", default=S, help="question id (see `interviewer questions`)")
        p.add_argument("--minutes", type=minutes, default=S,
                       help=f"length of the interview (default {DEFAULT_MINUTES})")
        p.add_argument("--focus", choices=AREAS, default=S, help="a specialist's area of expertise (gets more time)")
    p.add_argument("--tier", choices=TIERS, default=S, help="company tier the interview is calibrated for")
    p.add_argument("--role", choices=("generalist", "specialist"), default=S,
                   help="breadth (generalist) or depth (specialist)")
    p.add_argument("--team", choices=("hybrid", "infra", "ml"), default=S, help="team focus: infra vs ML")
    p.add_argument("--track", choices=("mixed", "research", "application"), default=S,
                   help="team orientation: research vs application")
    return ({"question", "minutes", "focus"} if with_question else set()) | {"tier", "role", "team", "track"}


def _brain_flags(p: argparse.ArgumentParser) -> set[str]:
    p.add_argument("--brain", choices=("offline", "llm"), default=S,
                   help="offline (default without a model server) or llm (OpenAI-compatible server)")
    p.add_argument("--model", default=S,
                   help=f"model name for the llm brain (default $OPENAI_MODEL or {DEFAULT_MODEL})")
    p.add_argument("--base-url", default=S, help="OpenAI-compatible server URL (default $OPENAI_BASE_URL)")
    p.add_argument("--timeout", type=seconds, default=S,
                   help="seconds a model reply may take in all, however slowly it arrives (default 60)")
    return {"brain", "model", "base_url", "timeout"}


def _home_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--home", default=S, help="data folder for sessions and checkpoints (default $INTERVIEWER_HOME)")
    p.add_argument("--questions-dir", default=S, help="extra question files (default $INTERVIEWER_QUESTIONS)")
    p.add_argument("--database-url", default=S, metavar="URL",
                   help="keep sessions and checkpoints in PostgreSQL, postgresql://user@host:port/db "
                        "(default $INTERVIEWER_DATABASE_URL; without one, the data folder)")


def _server_flag(p: argparse.ArgumentParser) -> set[str]:
    p.add_argument("--server", default=S, metavar="URL",
                   help="run the interview on a LangGraph Agent Server (e.g. `langgraph dev`'s http://127.0.0.1:2024)")
    return {"server"}


def build_parser() -> tuple[Parser, dict[str | None, set[str]]]:
    """The parser, and for each command the flags it takes that may also come before it."""
    parser = Parser(prog="interviewer", description="A mock ML system design interviewer that finds the edge of "
                                                    "your knowledge. With no command, opens the terminal app.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _home_flags(parser)
    _interview_flags(parser)
    _brain_flags(parser)
    _server_flag(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    takes: dict[str | None, set[str]] = {}

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        _home_flags(p)
        return p

    p = command("run", "start a mock interview (the app, or --plain for stdin/stdout)")
    takes["run"] = takes[None] = _interview_flags(p) | _brain_flags(p) | _server_flag(p)
    p.add_argument("--plain", action="store_true", help="plain stdin/stdout, no TUI")

    p = command("resume", "continue an unfinished interview (the latest when no ID)")
    p.add_argument("id", nargs="?", help="session id (see `interviewer history --all`)")
    takes["resume"] = _brain_flags(p) | _server_flag(p)
    p.add_argument("--plain", action="store_true", help="plain stdin/stdout, no TUI")

    p = command("replay", "step through a transcript turn by turn")
    p.add_argument("file", type=Path, help=TRANSCRIPT)
    p.add_argument("--plain", action="store_true", help="print it instead of opening the app")
    p.add_argument("--question", default=S, help="question id, for plain-text transcripts")
    takes["replay"] = {"question"} | _brain_flags(p)

    p = command("score", "score a transcript (JSONL session or plain text)")
    p.add_argument("file", type=Path, help=TRANSCRIPT)
    p.add_argument("--question", default=S, help="question id, for plain-text transcripts (inferred otherwise)")
    takes["score"] = {"question"} | _interview_flags(p, with_question=False) | _brain_flags(p)
    p.add_argument("--json", action="store_true", help="print the contract JSON object")
    p.add_argument("--diff", type=Path, metavar="OTHER", help="compare with another transcript or scorecard")

    p = command("report", "write a report a candidate would want to read")
    p.add_argument("file", type=Path, help=TRANSCRIPT)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--format", choices=("md", "json"), default="md")
    p.add_argument("--question", default=S, help="question id, for plain-text transcripts")
    takes["report"] = {"question"} | _interview_flags(p, with_question=False) | _brain_flags(p)

    p = command("eval", "agreement with labelled transcripts, robustness, simulated candidates")
    p.add_argument("dir", type=Path, nargs="?", help="labelled set (default: the frozen test split)")
    takes["eval"] = _brain_flags(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--junit", type=Path, metavar="FILE")
    p.add_argument("--min-within1", type=fraction)
    p.add_argument("--min-qwk", type=finite, help="pooled area QWK")
    p.add_argument("--min-overall-qwk", type=finite)
    p.add_argument("--min-edge-accuracy", type=fraction)
    p.add_argument("--max-inflation", type=finite)
    p.add_argument("--min-recall", type=fraction, help="misconception recall")
    p.add_argument("--min-precision", type=fraction, help="misconception precision")
    p.add_argument("--concurrency", type=count, default=1)
    p.add_argument("--robustness", action="store_true", help="paraphrase, stuffing and filler, negation and hedges")
    p.add_argument("--injection", action="store_true", help="score inflation from injection attacks")
    p.add_argument("--misconceptions", nargs="+", metavar="SET", help="phrasing sets, e.g. dev test")
    p.add_argument("--simulate", action="store_true", help="simulated candidates through the graph")
    p.add_argument("--interviewer", action="store_true", help="grade the interviewer on simulated interviews")
    p.add_argument("--questions", nargs="+", metavar="ID", help="banked questions to simulate")
    p.add_argument("--profiles", nargs="+", metavar="ID", help="simulated candidate profiles")
    p.add_argument("--rotations", type=count, default=1,
                   help="run each simulated interview N times, each starting at a different answer of the banks")
    p.add_argument("--gate", action="append", metavar="CHECK<=N", default=[],
                   help="set a check's threshold, e.g. 'deeper_after_miss<=5' (default: the target)")
    p.add_argument("--cassette", type=Path, help="replay recorded LLM responses from this file")
    p.add_argument("--record", type=Path, metavar="CASSETTE", help="record LLM responses to this file")

    p = command("questions", "list the question bank")
    p.add_argument("--json", action="store_true")
    takes["questions"] = set()

    p = command("practice", "your progress per area and the next practice session (a short drill)")
    p.add_argument("--start", action="store_true", help="run the proposed drill now")
    p.add_argument("--plain", action="store_true", help="with --start: plain stdin/stdout, no TUI")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    takes["practice"] = _brain_flags(p)

    p = command("history", "your finished interviews and progress per area")
    p.add_argument("--plot", action="store_true", help="draw each area's level over time")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="include unfinished sessions")
    takes["history"] = set()

    p = command("export", "write a session's JSONL transcript (from the database or the data folder)")
    p.add_argument("id", help="session id (see `interviewer history --all`)")
    p.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    takes["export"] = set()

    p = command("db", "the session database: `db upgrade` creates or upgrades its tables, `db status` shows them")
    p.add_argument("action", choices=("upgrade", "status"))
    takes["db"] = set()
    return parser, takes


def parse(argv: list[str]) -> argparse.Namespace:
    """Parse `argv`. Flags before the command count for it; interview or brain flags with no command
    mean `run`. A flag the command does not take is refused with one line."""
    parser, takes = build_parser()
    args = parser.parse_args(argv)
    given = {name for name in DEFAULTS if hasattr(args, name)} - ANYWHERE
    if args.command is None and given:
        args.command = "run"
        args.plain = False
    stray = sorted(given - takes[args.command])
    if stray:
        flags = ", ".join("--" + name.replace("_", "-") for name in stray)
        raise UserError(f"{flags} {'does' if len(stray) == 1 else 'do'} not apply to `interviewer {args.command}`")
    for name, default in DEFAULTS.items():
        if not hasattr(args, name):
            setattr(args, name, default)
    return args
