"""A stand-in model for the local fake server: answers the LLM brain's prompts deterministically.

It reads the prompt the way a model would have to (question id, area and level from the assess
prompt; the fenced candidate answer; the task material of the ask prompt) and replies with what the
offline rules would say. It lets the whole LLM path - prompts, HTTP, streaming, structured output,
validation - run in CI with no network. Cassettes recorded from it are replayed the same way.
"""

from __future__ import annotations

import re
from typing import Any

from evals.fake_openai import Reply
from interviewer.brains.base import AssessRequest
from interviewer.brains.llm import ModelAssessment, ModelPoint, ModelProblem
from interviewer.brains.offline import assess_answer
from rubrics import get_question, load_questions

_ANSWER = re.compile(r"<candidate_answer>\n(.*)\n</candidate_answer>", re.S)
_AREA = re.compile(r"\(area id (\w+), level (\d)\)")
_QID = re.compile(r"Question id: (\S+)")
_MATERIAL = re.compile(r"Material for this turn[^\n]*\n(.*?)\n\nThe candidate's last answer", re.S)
_TASK = re.compile(r"Your task now: (.*?)\n", re.S)


def _unfence(text: str) -> str:
    return text.replace("</candidate-answer", "</candidate_answer").replace("<candidate-answer", "<candidate_answer")


class SimulatedModel:
    """Callable responder for `FakeOpenAI(responder=SimulatedModel())`."""

    def __call__(self, body: dict[str, Any]) -> Reply:
        messages = body.get("messages", [])
        system = str(messages[0].get("content", "")) if messages else ""
        user = str(messages[1].get("content", "")) if len(messages) > 1 else ""
        if "grading half" in system:
            return self._assess(system, user)
        return Reply(self._ask(user))

    def _assess(self, system: str, user: str) -> Reply:
        qid, where, answer = _QID.search(system), _AREA.search(system), _ANSWER.search(user)
        if not (qid and where and answer):
            return Reply('{"error": "prompt not understood"}')
        question = get_question(qid.group(1)) if qid.group(1) in load_questions() else None
        request = AssessRequest(question=question, area=where.group(1), level=int(where.group(2)),  # type: ignore[arg-type]
                                probe="", answer=_unfence(answer.group(1)))
        a = assess_answer(request)
        reply = ModelAssessment(
            verdict=a.verdict, dont_know=a.dont_know, hedged=a.hedged, injection_suspected=a.injection_suspected,
            points_hit=[ModelPoint(level=h.level, point=h.point, quote=h.quote, explained=h.explained)
                        for h in a.points_hit if h.area == request.area],
            problems=[ModelProblem(text=p.text, quote=p.quote) for p in a.problems if p.area == request.area],
            confidence=a.confidence, note=a.note)
        return Reply(reply.model_dump_json())

    def _ask(self, user: str) -> str:
        material = _MATERIAL.search(user)
        task = _TASK.search(user)
        body = material.group(1).strip() if material else ""
        what = task.group(1) if task else ""
        fields = dict(line.split(": ", 1) for line in body.splitlines() if ": " in line)
        if what.startswith("Greet"):
            return (f"Hi, thanks for joining. Here's the problem: {fields.get('The problem', '')}\n\nWhat questions "
                    f"do you have? When you're ready: {fields.get('Question to ask', '')}")
        if what.startswith("Close the interview"):
            return "That's our time - thank you. Your scorecard follows."
        if what.startswith("Answer the candidate's clarifying question"):
            return fields.get("Facts to give (only these)", "That isn't specified - state an assumption.")
        probe = fields.get("Question to ask", "What would you do next?")
        echo = fields.get("The candidate's own words to build on")
        if "barely argued it" in what:  # asked why a thinly argued claim holds
            claim = fields.get("The claim to question", "")
            return f"You said “{claim}”. Why does that hold here, and how would you check it?"
        if what.startswith("Quote the candidate's claim"):
            return f"You said “{fields.get('The claim to question', '')}”. {fields.get('Ask', probe)}"
        lead = {"Give the hint": "A small nudge: " + fields.get("Hint", "") + " ",
                "The last answer": "Let me ask that more simply. ", "Close ": "Let's move on. "}
        prefix = next((v for k, v in lead.items() if what.startswith(k)), f"You said “{echo}”. " if echo else "")
        return prefix + probe
