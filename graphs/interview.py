"""The interview graph: intro → clarify → areas (edge probing) → wrap-up → scored."""

from __future__ import annotations

from typing import Any, Literal

from langgraph.graph import END, START, StateGraph

from graphs import nodes
from graphs.context import InterviewContext
from graphs.state import InterviewState


def after_speak(state: InterviewState) -> Literal["listen", "score"]:
    return "score" if state.phase == "wrap_up" else "listen"


def after_listen(state: InterviewState) -> Literal["assess", "advance"]:
    return "advance" if state.command is not None else "assess"


def build_graph(checkpointer: Any = None, context_schema: type = InterviewContext) -> Any:
    """Compile the interview. Pass a checkpointer (SQLite or PostgreSQL in the app, in-memory in tests; none
    under the Agent Server, which brings its own) and, under the server, `served.ServedContext`."""
    g = StateGraph(InterviewState, context_schema=context_schema)
    g.add_node("intro", nodes.intro)
    g.add_node("speak", nodes.speak)
    g.add_node("listen", nodes.listen)
    g.add_node("assess", nodes.assess)
    g.add_node("advance", nodes.advance)
    g.add_node("score", nodes.score)
    g.add_edge(START, "intro")
    g.add_edge("intro", "speak")
    g.add_conditional_edges("speak", after_speak)
    g.add_conditional_edges("listen", after_listen)
    g.add_edge("assess", "advance")
    g.add_edge("advance", "speak")
    g.add_edge("score", END)
    return g.compile(checkpointer=checkpointer)
