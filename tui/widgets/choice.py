"""A one-line setting: `Label   ‹ value ›`. Left/Right (or a click on an arrow) change the value, Enter and
Space step forward, Up/Down move to the neighbouring field. One widget with no children, so a form of
them paints as fast as a few labels (a Select is half a dozen widgets and an overlay)."""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class Choice(Widget, can_focus=True):
    DEFAULT_CSS = """
    Choice { height: 1; width: 1fr; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    Choice:focus { background: $boost; }
    Choice:disabled { opacity: 50%; }
    """
    BINDINGS = [
        Binding("left", "step(-1)", "Previous", show=False),
        Binding("right", "step(1)", "Next", show=False),
        Binding("enter,space", "step(1, True)", "Change", show=False),
        Binding("up", "app.focus_previous", show=False),
        Binding("down", "app.focus_next", show=False),
    ]

    index: reactive[int] = reactive(0)

    class Changed(Message):
        def __init__(self, choice: Choice, value: str) -> None:
            super().__init__()
            self.choice, self.value = choice, value

        @property
        def control(self) -> Choice:
            return self.choice

    def __init__(self, label: str, options: Sequence[tuple[str, str]], value: str | None = None, *,
                 wrap: bool = True, label_width: int = 14, id: str | None = None) -> None:
        super().__init__(id=id)
        if not options:
            raise ValueError("a Choice needs at least one option")
        self.label = label
        self.options = list(options)
        self.wrap = wrap
        self.label_width = label_width
        self.set_reactive(Choice.index, self._index_of(value) if value is not None else 0)

    def _index_of(self, value: str) -> int:
        for i, (_, v) in enumerate(self.options):
            if v == value:
                return i
        raise ValueError(f"{value!r} is not one of {[v for _, v in self.options]}")

    @property
    def value(self) -> str:
        return self.options[self.index][1]

    @value.setter
    def value(self, value: str) -> None:
        self.index = self._index_of(value)

    @property
    def display_value(self) -> str:
        return self.options[self.index][0]

    def render(self) -> Content:
        # Inline theme variables rather than component classes: each component class costs a style
        # pass per instance, and these rows are on the first screen the app paints.
        first, last = self.index == 0, self.index == len(self.options) - 1
        arrow = "bold $accent"
        value = "bold $text-accent underline" if self.has_focus else "bold"
        left = "‹" if self.wrap or not first else " "
        right = "›" if self.wrap or not last else " "
        return Content.assemble((f"{self.label:<{self.label_width}}", "$foreground-muted"), (left, arrow),
                                (f" {self.display_value} ", value), (right, arrow))

    def watch_index(self, old: int, new: int) -> None:
        if old != new:
            self.post_message(self.Changed(self, self.value))

    def action_step(self, delta: int, cycle: bool = False) -> None:
        size = len(self.options)
        target = self.index + delta
        if self.wrap or cycle:
            target %= size
        self.index = max(0, min(size - 1, target))

    def on_click(self, event: events.Click) -> None:
        """A click left of the value steps back, anywhere else steps forward."""
        self.focus()
        self.action_step(-1 if event.x < self.label_width + 2 else 1)
