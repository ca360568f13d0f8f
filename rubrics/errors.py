"""The error a bad data file raises: one line naming the file and the field or line."""

from __future__ import annotations


class DataFileError(Exception):
    """A data file (rubric, tier, question, prompt, transcript) failed to load or validate."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
