"""File plumbing shared by every writer and reader: atomic writes that respect what is already at the
target, the OS-level lock on a session, and reading a file only when it is under its size limit."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from interviewer.errors import DataFileError, StorageError, UserError

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


# --- writing ------------------------------------------------------------------------------------

def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` so that no reader ever sees half of it.

    A regular file (or a new one) is replaced atomically: a temporary file in the same folder, fsynced,
    then renamed over it, keeping the old file's permissions. A symlink is followed, so the link stays
    and its target is what gets replaced. A character device or a FIFO (`/dev/null`, `/dev/stdout`, a
    pipe) is written through, as a shell redirection would. Anything else (a directory, a block
    device, a socket) is refused: renaming over it would destroy it."""
    try:
        info = os.stat(path)  # follows symlinks, /dev/stdout's included
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise StorageError(f"{path}: cannot write ({exc.strerror})") from None
    if info is not None and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        _write_through(path, text)
        return
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise StorageError(f"{path}: cannot write there ({kind}); choose a file name")
    target = Path(os.path.realpath(path))  # a symlink stays; the file it points to is replaced
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            if info is not None:
                os.chmod(tmp, stat.S_IMODE(info.st_mode))
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise StorageError(f"{path}: cannot write ({exc.strerror})") from None


def _write_through(path: Path, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as exc:
        raise StorageError(f"{path}: cannot write ({exc.strerror})") from None


def append_all_or_nothing(f: BinaryIO, data: bytes) -> None:
    """Append `data` to an open append-mode file, or leave the file exactly as it was.

    A full disk can take part of a write and refuse the rest; the partial line is cut off again, so the
    file never ends in half an event. Raises the OSError after repairing."""
    fd = f.fileno()
    size = os.fstat(fd).st_size
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except OSError:
        with contextlib.suppress(OSError):  # shrinking a file frees space, so this works on a full disk
            os.ftruncate(fd, size)
            os.fsync(fd)
        raise


# --- locking ------------------------------------------------------------------------------------

class SessionLocked(UserError):
    """Another process has this session open."""


def lock_exclusive(f: BinaryIO, session_id: str) -> None:
    """Hold an OS-level lock on an open session file for as long as `f` stays open.

    The lock dies with the process, so a crash never leaves a session locked. A writer dropped in this
    process without being closed still holds its lock until the garbage collector closes its file, so
    that is tried once before refusing."""
    if fcntl is None:  # pragma: no cover - Windows: lock one byte far past any real data
        import msvcrt

        def attempt() -> None:
            f.seek(2**40)
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        def attempt() -> None:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        attempt()
    except OSError:
        gc.collect()
        try:
            attempt()
        except OSError:
            raise SessionLocked(f"session {session_id} is open in another process") from None


# --- reading ------------------------------------------------------------------------------------

def _no_constant(value: str) -> Any:
    raise ValueError(f"{value} is not a number JSON allows")


def parse_json(text: str, where: str) -> Any:
    """JSON from outside: nesting past Python's recursion limit, NaN/Infinity and numbers past Python's
    digit limit are one `DataFileError` naming `where`, like any other malformed JSON."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise DataFileError(f"{where}: JSON nested too deeply") from None
    except json.JSONDecodeError:
        raise DataFileError(f"{where}: not valid JSON") from None
    except ValueError as exc:
        raise DataFileError(f"{where}: not valid JSON ({str(exc).split(':')[0][:80]})") from None


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def open_limited(path: Path, limit: int, what: str) -> BinaryIO:
    """Open a file for reading if it is a regular file no bigger than `limit` bytes; else one clear error."""
    try:
        f = open(path, "rb")  # noqa: SIM115 - the caller closes it
    except FileNotFoundError:
        raise DataFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataFileError(f"{path}: is a directory, not {what}") from None
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read ({exc.strerror})") from None
    info = os.fstat(f.fileno())
    if stat.S_ISREG(info.st_mode) and info.st_size > limit:
        f.close()
        raise DataFileError(f"{path}: {_mb(info.st_size)} is over the {_mb(limit)} limit for {what}")
    return f


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a file (a FIFO or device included) no bigger than `limit`; else one clear error."""
    with open_limited(path, limit, what) as f:
        try:
            data = f.read(limit + 1)
        except OSError as exc:
            raise DataFileError(f"{path}: cannot read ({exc.strerror})") from None
    if len(data) > limit:
        raise DataFileError(f"{path}: over the {_mb(limit)} limit for {what}")
    return data
