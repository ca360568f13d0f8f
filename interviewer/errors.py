"""Errors a user can cause: each carries one clear message and an exit code."""

from __future__ import annotations

from typing import Literal

from rubrics.errors import DataFileError


class UserError(Exception):
    """A problem the user can fix (bad file, flag, server, key). Printed as one line, no traceback."""

    exit_code = 2

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class StorageError(UserError):
    """The data home cannot be written (read-only, full disk, locked database)."""


LLMErrorKind = Literal["auth", "connection", "timeout", "rate_limit", "server", "bad_response", "not_found",
                       "rejected"]


class LLMError(UserError):
    """A model call failed; `message` is safe to show (never contains the key). Raised by the gateway."""

    exit_code = 3

    def __init__(self, kind: LLMErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind


USER_ERRORS: tuple[type[Exception], ...] = (UserError, DataFileError)
"""Everything the CLI reports as one line and a non-zero exit instead of a traceback."""

__all__ = ["USER_ERRORS", "DataFileError", "LLMError", "StorageError", "UserError"]
