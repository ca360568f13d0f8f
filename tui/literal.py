"""Text from transcripts, headers, question files and models, shown in the app: literally (no markup)
and inert (control characters shown, never sent to the terminal). Light: the first frame uses it."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from interviewer.terminal import inert


def literal(text: str) -> Content:
    """Content that shows `text` exactly as written, with any control characters made visible."""
    return Content(inert(text))


def tell(target: Any, message: str, **kwargs: Any) -> None:
    """`notify` with a message that may hold outside text (a file name, a server's reply)."""
    target.notify(inert(message), markup=False, **kwargs)
