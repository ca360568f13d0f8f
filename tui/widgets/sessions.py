"""Your sessions: unfinished interviews to resume and finished ones to replay, each named by its
question's title and when it started."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.dates import when
from tui.names import LEVEL_NAMES

if TYPE_CHECKING:
    from interviewer.store import SessionInfo

SHOWN = 20


def session_option(s: SessionInfo, title: str, now: datetime | None = None) -> Option:
    started = when(s.header.started_at, now)
    if not s.finished:
        answers = f"{s.answers} answer{'s' if s.answers != 1 else ''}"
        return Option(Content.assemble(("▶ ", "bold $success"), (title, "bold"),
                                       (f"\n  resume · {answers} · {started}", "$text-muted")), id=s.id)
    overall = (s.scorecard or {}).get("overall") or {}
    level = overall.get("level")
    result = (f"level {level} of 4 ({LEVEL_NAMES.get(level, '?')}) · "
              f"{str(overall.get('recommendation', '')).replace('_', ' ')}") if level else "finished"
    return Option(Content.assemble(("↺ ", "bold $accent"), (title, "bold"),
                                   (f"\n  replay · {result} · {started}", "$text-muted")), id=s.id)


class SessionList(OptionList):
    """Unfinished interviews first (resume), then finished ones (replay); newest first, at most 20."""

    def show(self, sessions: list[SessionInfo], titles: Mapping[str, str]) -> dict[str, SessionInfo]:
        ordered = [s for s in reversed(sessions) if not s.finished] + [s for s in reversed(sessions) if s.finished]
        shown = {s.id: s for s in ordered[:SHOWN]}
        now = datetime.now().astimezone()
        self.clear_options()
        self.add_options([session_option(s, titles.get(s.header.question) or s.header.question.replace("_", " "),
                                         now) for s in shown.values()] or [Option("none yet", disabled=True)])
        self.highlighted = 0 if shown else None
        return shown
