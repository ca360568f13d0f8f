"""A worker process for the concurrency tests and the benchmark: short scripted interviews (offline brain)
against one session store. `python -m tests.pg_worker URL HOME COUNT TAG` prints the session ids it ran."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ANSWERS = [
    "I would frame it as ranking videos by expected watch time, with labels from watch logs.",
    "Offline I would track NDCG on a time-based split, online an A/B test on watch time per user.",
    "I don't know how I would correct for position bias.",
]


def answers_for(session_id: str) -> list[str]:
    """Each session's answers name it, so a turn written into the wrong session would be seen."""
    return [f"{a} [{session_id}]" for a in ANSWERS]


def run(url: str | None, home: Path, count: int, tag: str) -> list[str]:
    from graphs.session import InterviewSession
    from interviewer.brains.offline import OfflineBrain
    from interviewer.settings import InterviewSettings
    from interviewer.storage import open_store

    store = open_store(home, url)
    settings = InterviewSettings(question_id="video_recommendations", tier="faang")
    ids = []
    for i in range(count):
        sid = f"{tag}-{i}"
        session = InterviewSession.create(settings, home=home, brain=OfflineBrain(), store=store, session_id=sid)
        session.begin()
        for answer in answers_for(sid):
            session.send(answer)
        session.send("/end")
        session.close()
        ids.append(sid)
    return ids


if __name__ == "__main__":
    url, home, count, tag = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    print(json.dumps(run(url or None, home, count, tag)))
