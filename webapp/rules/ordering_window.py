"""The ordering window: when a store's order domain (订货域) takes orders.

HQ keeps the windows as data [000 订货域、配送域信息的维护]: each is a weekday
(Monday = 0) and a local time range in the configured zone. A window whose closing
time is earlier than its opening time runs past midnight into the next day (Sunday's
runs into Monday); opening and closing at the same time is a whole day (00:00–00:00
is "all day"). Windows are half-open: open at `opens`, closed again at `closes`, so
Monday 00:00–00:00 and Tuesday 00:00–00:00 touch without overlapping.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .codes import WindowProblem

MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY


@dataclass(frozen=True)
class OrderingWindow:
    """One weekly window: weekday (Monday = 0) and local opening and closing times."""

    weekday: int
    opens: time
    closes: time

    def spans(self) -> list[tuple[int, int]]:
        """Minutes of the week [start, end) the window covers, split at the week's end."""
        start = self.weekday * MINUTES_PER_DAY + _minutes(self.opens)
        length = (_minutes(self.closes) - _minutes(self.opens)) % MINUTES_PER_DAY \
            or MINUTES_PER_DAY
        end = start + length
        if end <= MINUTES_PER_WEEK:
            return [(start, end)]
        return [(start, MINUTES_PER_WEEK), (0, end - MINUTES_PER_WEEK)]


def _minutes(moment: time) -> float:
    return moment.hour * 60 + moment.minute + moment.second / 60


def _week_minute(instant: datetime, zone: str) -> tuple[datetime, float]:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"instant must be timezone-aware, got {instant.isoformat()}")
    local = instant.astimezone(ZoneInfo(zone))
    return local, local.weekday() * MINUTES_PER_DAY + _minutes(local.time()) \
        + local.microsecond / 60_000_000


def window_problems(windows: Iterable[OrderingWindow]) -> list[tuple[WindowProblem, int]]:
    """Each impossible or overlapping window as (problem, index in `windows`); empty: fine.

    An overlap is reported on the later of the two windows (in week order)."""
    problems: list[tuple[WindowProblem, int]] = []
    spans: list[tuple[int, int, int]] = []
    for index, window in enumerate(windows):
        if isinstance(window.weekday, bool) or window.weekday not in range(7):
            problems.append((WindowProblem.BAD_WEEKDAY, index))
        else:
            spans += [(start, end, index) for start, end in window.spans()]
    spans.sort()
    overlapping: set[int] = set()
    reach, reached_by = -1, -1  # the furthest end so far, and whose
    for start, end, index in spans:
        if start < reach and index != reached_by:
            overlapping.add(index)
        if end > reach:
            reach, reached_by = end, index
    problems += [(WindowProblem.OVERLAP, index) for index in sorted(overlapping)]
    return problems


def is_open(windows: Iterable[OrderingWindow], instant: datetime, zone: str) -> bool:
    """Whether `instant` falls inside one of `windows` (local time in `zone`)."""
    _, minute = _week_minute(instant, zone)
    return any(start <= minute < end for w in windows for start, end in w.spans())


def next_opening(windows: Iterable[OrderingWindow], instant: datetime,
                 zone: str) -> datetime | None:
    """When ordering next opens after `instant`, as an aware local datetime in `zone`;
    `instant` itself when it is open now; None when there is no window at all."""
    windows = list(windows)
    if not windows:
        return None
    if is_open(windows, instant, zone):
        return instant.astimezone(ZoneInfo(zone))
    local, minute = _week_minute(instant, zone)
    best: tuple[float, OrderingWindow] | None = None
    for window in windows:
        start = window.weekday * MINUTES_PER_DAY + _minutes(window.opens)
        wait = (start - minute) % MINUTES_PER_WEEK
        if best is None or wait < best[0]:
            best = (wait, window)
    assert best is not None
    wait, window = best
    day: date = local.date() + timedelta(days=(window.weekday - local.weekday()) % 7)
    if day == local.date() and _minutes(window.opens) <= _minutes(local.time()):
        day += timedelta(days=7)  # today's opening has passed: next week's
    # wall-clock time in the zone (a DST zone's gap is resolved by zoneinfo's fold rules)
    return datetime.combine(day, window.opens, tzinfo=ZoneInfo(zone))
