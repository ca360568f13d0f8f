"""Reading transcripts: JSONL sessions and the plain-text import format, line by line from a file under
its size limit, so the work is linear in the file; anything malformed is one `DataFileError` naming the
file and line. A UTF-8 BOM is skipped. Duplicate turn indexes and second score events (two processes
writing one session) are refused, not silently scored.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError

from interviewer.errors import DataFileError
from interviewer.events import EventLine, ScoreEvent, TurnEvent
from interviewer.files import open_limited, parse_json
from interviewer.limits import MAX_EVENTS, MAX_JSON_DEPTH, MAX_TRANSCRIPT_BYTES, MAX_TURNS
from interviewer.models import Speaker
from interviewer.transcript import READABLE_SCHEMAS, Header, Transcript

_LABEL = re.compile(r"^(interviewer|candidate)[ \t]*:[ \t]?(.*)$", re.I)
_BOM = b"\xef\xbb\xbf"


def _decode(raw: bytes, name: str, number: int, offset: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{name}:{number}: not UTF-8 text (byte {offset + exc.start})") from None


def _too_deep(obj: Any, limit: int) -> bool:
    stack = [(obj, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def _json_object(text: str, where: str) -> dict[str, Any]:
    obj = parse_json(text, where)
    if not isinstance(obj, dict):
        raise DataFileError(f"{where}: expected a JSON object")
    if _too_deep(obj, MAX_JSON_DEPTH):
        raise DataFileError(f"{where}: JSON nested more than {MAX_JSON_DEPTH} levels deep")
    return obj


def _first_error(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors()[0]
    return ".".join(str(p) for p in err["loc"]), err["msg"]


def _jsonl(lines: Iterable[bytes], name: str, tolerate_torn: bool) -> Transcript:
    header: Header | None = None
    events: list[Any] = []
    turn_lines: dict[int, int] = {}
    score_line: int | None = None
    torn: str | None = None
    offset = 0
    for number, raw in enumerate(lines, start=1):
        start, offset = offset, offset + len(raw)
        if not raw.strip():
            continue
        if number > MAX_EVENTS + 1:
            raise DataFileError(f"{name}:{number}: more than {MAX_EVENTS} events, the most a transcript may hold")
        where = f"{name}:{number}"
        if not raw.endswith(b"\n"):  # only the last line can lack its newline: a crash or a full disk cut it?
            try:
                obj = _json_object(raw.decode("utf-8"), where)
            except (UnicodeDecodeError, DataFileError):
                if not tolerate_torn:
                    raise DataFileError(f"{where}: incomplete last line (torn write)") from None
                torn = raw.decode("utf-8", "replace")
                break
        else:
            obj = _json_object(_decode(raw, name, number, start), where)
        if header is None:
            header = _header(obj, where)
            continue
        try:
            event = EventLine.model_validate({"event": obj}).event
        except ValidationError as exc:
            field, msg = _first_error(exc)
            raise DataFileError(f"{where}: bad event ({field.partition('.')[2] or 'event'}: {msg})") from None
        if isinstance(event, TurnEvent):
            if event.index in turn_lines:
                raise DataFileError(f"{where}: turn {event.index} already appears on line {turn_lines[event.index]};"
                                    " was the session written by two processes at once?")
            turn_lines[event.index] = number
        elif isinstance(event, ScoreEvent):
            if score_line is not None:
                raise DataFileError(f"{where}: a second score event (the first is on line {score_line}); "
                                    "was the session written by two processes at once?")
            score_line = number
        events.append(event)
    if header is None:
        raise DataFileError(f"{name}: empty file, not a transcript")
    return Transcript(header=header, events=events, source=name, format="jsonl", torn=torn)


def _header(obj: dict[str, Any], where: str) -> Header:
    if obj.get("kind") != "header":
        raise DataFileError(f"{where}: not a transcript (the first line must be a header)")
    if obj.get("schema") not in READABLE_SCHEMAS:
        raise DataFileError(f"{where}: unknown schema version {repr(obj.get('schema'))[:20]} "
                            f"(this version reads {', '.join(map(str, READABLE_SCHEMAS))})")
    try:
        return Header.model_validate(obj)
    except ValidationError as exc:
        field, msg = _first_error(exc)
        raise DataFileError(f"{where}: bad header ({field}: {msg})") from None


def _text(lines: Iterable[bytes], name: str) -> Transcript:
    turns: list[tuple[Speaker, list[str]]] = []
    number = offset = 0
    seen_text = False
    for raw in lines:
        text = _decode(raw, name, number + 1, offset)
        offset += len(raw)
        text = text.removesuffix("\n").removesuffix("\r")
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            number += 1
            m = _LABEL.match(line)
            if m:
                if len(turns) >= MAX_TURNS:
                    raise DataFileError(f"{name}:{number}: more than {MAX_TURNS} turns, the most a transcript "
                                        "may hold")
                speaker: Speaker = "interviewer" if m.group(1).lower() == "interviewer" else "candidate"
                turns.append((speaker, [m.group(2)]))
            elif turns:
                turns[-1][1].append(line)
            elif line.strip():
                raise DataFileError(f"{name}:{number}: text before the first 'Interviewer:' or 'Candidate:' label")
            seen_text = seen_text or bool(line.strip())
    if not turns:
        raise DataFileError(f"{name}: no 'Interviewer:' or 'Candidate:' turns found" if seen_text
                            else f"{name}: empty file, not a transcript")
    events = [TurnEvent(index=i, speaker=s, text="\n".join(body).strip()) for i, (s, body) in enumerate(turns)]
    return Transcript(header=None, events=events, source=name, format="text")


def _parse(lines: Iterator[bytes], name: str, tolerate_torn: bool = False) -> Transcript:
    """Either format, told apart by the first non-blank character (`{`: JSONL). A UTF-8 BOM is skipped."""
    head: list[bytes] = []
    for raw in lines:
        head.append(raw.removeprefix(_BOM) if not head else raw)
        if head[-1].strip():
            break
    else:
        raise DataFileError(f"{name}: empty file, not a transcript")
    body = itertools.chain(head, lines)
    if head[-1].lstrip().startswith(b"{"):
        return _jsonl(body, name, tolerate_torn)
    return _text(body, name)


def _bounded_lines(f: BinaryIO, name: str) -> Iterator[bytes]:
    """A file's lines, stopping with an error past the transcript limit: a pipe or a device (`score
    /dev/stdin`) has no size to check first, and one endless line must not fill the memory."""
    total = 0
    while line := f.readline(MAX_TRANSCRIPT_BYTES - total + 1):
        total += len(line)
        if total > MAX_TRANSCRIPT_BYTES:
            raise DataFileError(f"{name}: over the {MAX_TRANSCRIPT_BYTES // (1024 * 1024)} MB limit for a transcript")
        yield line


def _byte_lines(text: str) -> Iterator[bytes]:
    return iter(io.BytesIO(text.encode("utf-8", "surrogatepass")))


def parse_jsonl(text: str, name: str, *, tolerate_torn: bool = False) -> Transcript:
    return _jsonl(_byte_lines(text), name, tolerate_torn)


def parse_text(text: str, name: str) -> Transcript:
    """The plain-text import format. Lines before the first label are an error (unless blank)."""
    return _text(_byte_lines(text.removeprefix("\ufeff")), name)


def load_transcript(path: Path, *, tolerate_torn: bool = False) -> Transcript:
    """Read a JSONL session or a plain-text transcript; errors name the file and line. With
    `tolerate_torn`, a session's incomplete last line is set aside in `torn` instead of refused."""
    with open_limited(path, MAX_TRANSCRIPT_BYTES, "a transcript") as f:
        try:
            return _parse(_bounded_lines(f, str(path)), str(path), tolerate_torn)
        except OSError as exc:
            raise DataFileError(f"{path}: cannot read ({exc.strerror})") from None
