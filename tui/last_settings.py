"""The setup screen's last choices, kept in `settings.json` in the data home so the next launch starts
from them. Never the API key: only what the setup screen shows. A missing or damaged file means
defaults, never an error."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from interviewer.defaults import DEFAULT_MINUTES

FILE = "settings.json"


@dataclass(frozen=True)
class LastSettings:
    question: str = ""
    tier: str = ""
    role: str = "generalist"
    focus: str = "modeling"
    team: str = "hybrid"
    track: str = "mixed"
    minutes: str = str(DEFAULT_MINUTES)
    brain: str = ""
    model: str = ""
    base_url: str = ""


def load_last(home: Path) -> LastSettings:
    try:
        raw = json.loads((home / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return LastSettings()
    if not isinstance(raw, dict):
        return LastSettings()
    known = {f.name for f in fields(LastSettings)}
    return LastSettings(**{k: str(v) for k, v in raw.items() if k in known and isinstance(v, str | int | float)})


def save_last(home: Path, last: LastSettings) -> None:
    """Written whole to a temporary file, then renamed, so a crash never leaves half a file."""
    home.mkdir(parents=True, exist_ok=True)
    tmp = home / f".{FILE}.tmp"
    tmp.write_text(json.dumps(asdict(last), indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, home / FILE)
