"""The interview on plain stdin/stdout: no TUI, pipes welcome.

An answer ends with an empty line or end of input (`ANSWER_RULE`). Blank lines inside a ``` code fence
never end it, and an answer that starts with a line holding only three double quotes runs to the
next such line, so pasted paragraphs and code keep their blank lines. At end of input the interview wraps up and the
scorecard is printed. Model failures are shown with a way forward; with no terminal to ask, the
session retries once and then continues with the offline brain.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from graphs.session import HELP, InterviewSession, Step
from interviewer.brains import make_brain
from interviewer.errors import UserError
from interviewer.render import edge_map_text, scorecard_text
from interviewer.settings import LLMSettings
from interviewer.terminal import inert

PASTE = '"""'
ANSWER_RULE = ('end each answer with an empty line; to paste text with blank lines, put a line with only """ '
               "before and after it (blank lines inside ``` code fences are kept too); /help lists commands")


def read_answer(stream: TextIO) -> str | None:
    """One answer: lines up to an empty line outside a code fence, or a paste between two `PASTE` lines.
    None at end of input with nothing typed."""
    lines: list[str] = []
    pasting = fenced = False
    while True:
        line = stream.readline()
        if line == "":
            return "\n".join(lines).strip("\n") if lines else None
        line = line.rstrip("\r\n")
        if line.strip() == PASTE and (pasting or not lines):
            if pasting:
                return "\n".join(lines).strip("\n")
            pasting = True
            continue
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if line.strip() == "" and not pasting and not fenced:
            if lines:
                return "\n".join(lines)
            continue
        lines.append(line)


FATAL = {"auth", "not_found", "rejected"}
"""Model errors that retrying cannot fix; without a terminal to ask, the run stops on them."""


class PlainRunner:
    def __init__(self, session: InterviewSession, *, llm: LLMSettings | None = None,
                 stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        self.session = session
        self.llm = llm
        self.stdin = stdin or sys.stdin
        self.out = stdout or sys.stdout
        self.streamed = False
        session.on_text = self._chunk

    def _say(self, text: str) -> None:
        """Everything shown goes through here: text from the model, the transcript or a question file is
        made inert, so it cannot drive the terminal."""
        self.out.write(inert(text))

    def _chunk(self, text: str) -> None:
        if not self.streamed:
            self._say("\nInterviewer: ")
            self.streamed = True
        self._say(text)
        self.out.flush()

    def _show(self, step: Step) -> None:
        if self.streamed:
            self._say("\n\n")
        elif step.text:
            self._say(f"\nInterviewer: {step.text}\n\n")
        self.streamed = False
        if step.notice:
            self._say(f"[note] {step.notice}\n")
        self.out.flush()

    def _recover(self, step: Step) -> Step:
        """A model call failed: retry, switch to the offline brain, or save and quit."""
        interactive = self.stdin.isatty()
        attempts = 0
        while step.error:
            self._say(f"\n[model error] {step.error}\n")
            if interactive:
                self._say("[r]etry, continue with the [o]ffline brain, or [q]uit (your session is saved)? ")
                self.out.flush()
                choice = (self.stdin.readline() or "q").strip().lower()[:1]
            elif step.error_kind in FATAL or (step.error_kind == "connection" and step.pending is None):
                # a wrong key, model or URL will not fix itself: stop with the message (session saved)
                raise UserError(step.error, exit_code=3)
            else:
                choice = "r" if attempts == 0 else "o"
                self._say({"r": "[retrying]\n", "o": "[switching to the offline brain]\n"}[choice])
            attempts += 1
            if choice == "q":
                raise KeyboardInterrupt
            if choice == "o":
                self.session.use_brain(make_brain("offline"))
            step = self.session.retry()
            self._show(step)
        return step

    def _lesson(self, step: Step) -> str:
        """The three things to practise first (the report has every area: `interviewer report`)."""
        from interviewer.teaching import practise_text
        from tui.lessons import lesson

        s = self.session
        if step.scorecard is None or s.state is None:
            return ""
        taught = lesson(step.scorecard, s.state.evidence, s.context.question, turns=s.writer.transcript.turns,
                        drill=s.settings.drill)
        items = taught.practise_first or taught.stronger_still
        if not items:
            return ""
        head = "Practise these first" if taught.practise_first else "What would make it stronger still"
        body = "\n".join(practise_text(i) for i in items)
        return (f"\n{head}:\n{body}\n({taught.rule if taught.practise_first else 'Every area is excellent.'} "
                f"Every area, with quotes: interviewer report {getattr(s.writer, 'path', s.id)} -o report.md)\n")

    def run(self, opening: Callable[[], Step]) -> int:
        """Print the session id first, then the opening (`begin` or `resume_step`), then converse."""
        self._say(f"session: {self.session.id}\n")
        self._say(f"({ANSWER_RULE})\n")
        self.out.flush()
        first = opening()
        self._show(first)
        step = self._recover(first)
        while not step.done:
            answer = read_answer(self.stdin)
            if answer is None:
                answer = "/end"
            elif answer.strip().lower() == "/help":
                self._say(f"{HELP}\nIn this plain mode: {ANSWER_RULE.split('; /help')[0]}.\n")
                continue
            elif answer.strip().lower() == "/edges":
                self._say(edge_map_text(step.edges) + "\n")
                continue
            step = self.session.send(answer)
            self._show(step)
            step = self._recover(step)
        assert step.scorecard is not None
        self._say("Edge map (where your knowledge ran out, per area):\n")
        self._say(edge_map_text(step.edges) + "\n\n")
        self._say(scorecard_text(step.scorecard) + "\n")
        self._say(self._lesson(step))
        self._say(f"\ntranscript: {self.session.writer.where}\n")
        self.out.flush()
        return 0
