"""Run settings (frozen): which brain, which model and server, where data lives, interview shape."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from interviewer.defaults import DEFAULT_MINUTES, DEFAULT_MODEL, DEFAULT_RETRIES, DEFAULT_TIMEOUT_SECONDS
from interviewer.limits import MAX_MINUTES, MAX_TIMEOUT_SECONDS
from interviewer.models import Area, BrainKind, Role, TeamType, Tier


class LLMSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: SecretStr | None = None
    timeout: float = Field(default=DEFAULT_TIMEOUT_SECONDS, gt=0, le=MAX_TIMEOUT_SECONDS, allow_inf_nan=False)
    """Seconds one reply may take in all, however slowly it arrives (each HTTP attempt)."""
    max_retries: int = Field(default=DEFAULT_RETRIES, ge=0, le=10)

    @property
    def configured(self) -> bool:
        return self.api_key is not None or self.base_url is not None


class InterviewSettings(BaseModel):
    """The shape of one interview; recorded in the transcript header."""

    model_config = ConfigDict(frozen=True)

    question_id: str = Field(max_length=200)
    tier: Tier
    role: Role = "generalist"
    team: TeamType = TeamType()
    minutes: float = Field(default=DEFAULT_MINUTES, gt=0, le=MAX_MINUTES, allow_inf_nan=False)
    focus: Area | None = None
    drill: Area | None = None
    """A drill: only this area, starting at `start_level` (the practice plan's short sessions)."""
    start_level: int = Field(default=1, ge=1, le=4)


def redact_url(url: str) -> str:
    """A server URL fit to show or store: any user name, password or query string (where keys hide) is
    replaced by `***`."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "(an unparseable URL)"
    netloc = ("***@" if "@" in parts.netloc else "") + (f"[{host}]" if ":" in host else host) + port
    return urlunsplit((parts.scheme, netloc, parts.path, "***" if parts.query else "", ""))


def llm_from_env(model: str | None = None, base_url: str | None = None, timeout: float | None = None) -> LLMSettings:
    """LLM settings from flags, falling back to OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_MODEL."""
    key = os.environ.get("OPENAI_API_KEY") or None
    return LLMSettings(
        model=model or os.environ.get("OPENAI_MODEL") or DEFAULT_MODEL,
        base_url=base_url or os.environ.get("OPENAI_BASE_URL") or None,
        api_key=SecretStr(key) if key else None,
        timeout=timeout or 60.0,
    )


def choose_brain(requested: BrainKind | None, llm: LLMSettings) -> BrainKind:
    """Offline unless asked otherwise or a model server is configured."""
    if requested is not None:
        return requested
    return "llm" if llm.configured else "offline"
