"""Prompt tokens per LLM call as the interview grows: the LLM brain's rolling summary + current-area
thread versus a naive prompt carrying the full history. Runs a whole interview through the local
fake OpenAI server with the simulated model, and counts every prompt with tiktoken (offline)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from pydantic import SecretStr

from evals.fake_openai import FakeOpenAI
from evals.model_sim import SimulatedModel
from evals.sim.candidate import load_profiles
from evals.sim.run import simulate
from interviewer.brains import make_brain
from interviewer.settings import LLMSettings
from interviewer.store import load_transcript
from interviewer.tokens import count_messages

CHECKPOINTS = (10, 20, 40)


def main() -> None:
    with FakeOpenAI(responder=SimulatedModel()) as server, tempfile.TemporaryDirectory() as tmp:
        settings = LLMSettings(model="gpt-4o-mini", base_url=server.url, api_key=SecretStr("sk-bench"))
        brain = make_brain("llm", settings)
        result = simulate(load_profiles()["strong_generalist"], "video_recommendations", tier="faang",
                          brain=brain, home=Path(tmp), minutes=120)
        requests = list(server.requests)
        turns = load_transcript(result.transcript).turns
    assess = [r for r in requests if "grading half" in r["messages"][0]["content"]]
    print(f"interview: {len(turns)} turns, {result.answers} answers, {len(requests)} model calls")
    print(f"{'turn':>5} {'brain prompt':>13} {'naive prompt':>13} {'ratio':>7}")
    answered = [t for t in turns if t.speaker == "candidate"]
    for checkpoint in CHECKPOINTS:
        # the assess call for the last answer at or before this turn
        idx = max((i for i, t in enumerate(answered) if t.index <= checkpoint), default=None)
        if idx is None or idx >= len(assess):
            print(f"{checkpoint:>5} (interview ended before this turn)")
            continue
        brain_tokens = count_messages(assess[idx]["messages"], settings.model)
        history = "\n".join(f"{t.speaker}: {t.text}" for t in turns if t.index <= answered[idx].index)
        naive = [assess[idx]["messages"][0], {"role": "user", "content": f"Full transcript:\n{history}"}]
        naive_tokens = count_messages(naive, settings.model)
        print(f"{checkpoint:>5} {brain_tokens:>13} {naive_tokens:>13} {brain_tokens / naive_tokens:>7.0%}")


if __name__ == "__main__":
    main()
