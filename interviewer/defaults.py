"""Defaults defined once, with no imports, so the CLI parser and the setup screen can read them without
loading pydantic: the interview's length, and the LLM brain's model, deadline and retries."""

DEFAULT_MINUTES = 45
"""A typical ML system design round (the seed material's 45-minute interview)."""

DEFAULT_MODEL = "gpt-4o-mini"
"""Used when neither `--model` nor `$OPENAI_MODEL` names one; any OpenAI-compatible model works."""

DEFAULT_TIMEOUT_SECONDS = 60.0
"""Seconds one model reply may take in all, however slowly it arrives (each HTTP attempt)."""

DEFAULT_RETRIES = 2
"""Retries of a failed model call (429, 5xx, a dropped connection) before the candidate is told."""
