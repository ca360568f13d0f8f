"""Prompt tokens per LLM call as the interview grows: the LLM brain's prompt (the probed area's ladder,
a rolling summary and the current area's thread) versus two naive prompts carrying the full history:
(a) the same instructions and ladder plus the whole transcript, (b) the whole rubric ladder (all five
areas) plus the whole transcript, which is what a first, naive design sends. Runs a whole interview
through the local fake OpenAI server with the simulated model; tiktoken counts every prompt offline."""

from __future__ import annotations

import tempfile
from pathlib import Path

from pydantic import SecretStr

from evals.fake_openai import FakeOpenAI
from evals.model_sim import SimulatedModel
from evals.sim.candidate import load_profiles
from evals.sim.run import simulate
from interviewer.brains import make_brain
from interviewer.brains.llm import _ladder
from interviewer.models import AREAS
from interviewer.settings import LLMSettings
from interviewer.store import load_transcript
from interviewer.tokens import count_messages
from rubrics import get_question

CHECKPOINTS = (10, 20, 40)


def main() -> None:
    with FakeOpenAI(responder=SimulatedModel()) as server, tempfile.TemporaryDirectory() as tmp:
        settings = LLMSettings(model="gpt-4o-mini", base_url=server.url, api_key=SecretStr("sk-bench"))
        brain = make_brain("llm", settings)
        result = simulate(load_profiles()["strong_generalist"], "video_recommendations", tier="faang",
                          brain=brain, home=Path(tmp), minutes=120)
        requests = list(server.requests)
        turns = load_transcript(result.transcript).turns
    question = get_question("video_recommendations")
    assess = [r for r in requests if "grading half" in r["messages"][0]["content"]]
    print(f"interview: {len(turns)} turns, {result.answers} answers, {len(requests)} model calls")
    print(f"{'turn':>5} {'brain':>7} {'naive (a)':>10} {'ratio':>6} {'naive (b)':>10} {'ratio':>6}")
    answered = [t for t in turns if t.speaker == "candidate"]
    for checkpoint in CHECKPOINTS:
        # the assess call for the last answer at or before this turn
        idx = max((i for i, t in enumerate(answered) if t.index <= checkpoint), default=None)
        if idx is None or idx >= len(assess):
            print(f"{checkpoint:>5} (interview ended before this turn)")
            continue
        brain_tokens = count_messages(assess[idx]["messages"], settings.model)
        history = "\n".join(f"{t.speaker}: {t.text}" for t in turns if t.index <= answered[idx].index)
        system = assess[idx]["messages"][0]["content"]
        naive_a = [{"role": "system", "content": system}, {"role": "user", "content": f"Transcript:\n{history}"}]
        head, _, _ = system.partition("The ladder for this area")
        whole = "\n".join(f"{area}:\n{_ladder(question, area)}" for area in AREAS)
        naive_b = [{"role": "system", "content": f"{head}The question's ladder, all areas:\n{whole}"},
                   {"role": "user", "content": f"Transcript:\n{history}"}]
        a, b = count_messages(naive_a, settings.model), count_messages(naive_b, settings.model)
        print(f"{checkpoint:>5} {brain_tokens:>7} {a:>10} {brain_tokens / a:>6.0%} {b:>10} {brain_tokens / b:>6.0%}")


if __name__ == "__main__":
    main()
