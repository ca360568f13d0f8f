"""Session start times as a candidate reads them: local time, relative where that is clearer.

Transcripts record `started_at` in UTC (ISO 8601); everything shown is converted to local time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime


def local(started_at: str) -> datetime | None:
    try:
        return datetime.fromisoformat(started_at).astimezone()
    except ValueError:
        return None


def stamp(started_at: str) -> str:
    """`2026-12-01 14:05` in local time."""
    t = local(started_at)
    return f"{t:%Y-%m-%d %H:%M}" if t else started_at[:16].replace("T", " ")


def when(started_at: str, now: datetime | None = None) -> str:
    """`today 14:05`, `yesterday 09:30`, `Mon 18:00` within a week, else `3 Nov 10:15`."""
    t = local(started_at)
    if t is None:
        return started_at[:16].replace("T", " ")
    now = now or datetime.now().astimezone()
    days = (now.date() - t.date()).days
    if days == 0:
        day = "today"
    elif days == 1:
        day = "yesterday"
    elif 1 < days < 7:
        day = f"{t:%a}"
    else:
        day = f"{t.day} {t:%b}" + (f" {t.year}" if t.year != now.year else "")
    return f"{day} {t:%H:%M}"


def date_labels(started: Sequence[str]) -> list[str]:
    """`28 Nov`, with the time added where one day holds more than one interview (and the seconds
    where one minute does)."""
    times = [local(s) for s in started]
    days = [t.date() if t else None for t in times]
    minutes = [f"{t:%Y%m%d%H%M}" if t else None for t in times]
    several_years = len({d.year for d in days if d}) > 1
    out = []
    for s, t, d, m in zip(started, times, days, minutes, strict=True):
        if t is None:
            out.append(s[:10])
            continue
        label = f"{t.day} {t:%b}" + (f" {t:%y}" if several_years else "")
        if days.count(d) > 1:
            label += f" {t:%H:%M:%S}" if minutes.count(m) > 1 else f" {t:%H:%M}"
        out.append(label)
    return out
