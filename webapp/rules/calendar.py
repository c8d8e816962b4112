"""The working calendar: working days, working hours, holidays and make-up days (调休).

Deadlines such as "3 working days" [003 3个工作日内回复] and "8 working hours"
[003 8个工作小时内] are counted in working time only.

Conventions:
- Working time is each working day's half-open period [day_start, day_end) in the
  calendar's zone. A day is a working day if it is a make-up working day, or else if
  its weekday is a workday and it is not a holiday.
- Moments in may be in any zone (they must be timezone-aware); moments out are UTC.
- Adding working time starts from the next working moment, so adding to Saturday
  10:00 counts from Monday 09:00. The result is the earliest moment at which that much
  working time has passed: it may be exactly a period's end (Monday 09:00 + 9 h is
  Monday 18:00, not Tuesday 09:00).
- A working day is one working day's length of working time (9 h by default), so
  Friday 17:00 + 1 working day is Monday 17:00.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .settings import DEFAULT_SETTINGS, ServiceSettings

# A calendar with no working day for this long is a configuration error, not a wait.
MAX_SEARCH_DAYS = 3660


def to_utc(moment: datetime) -> datetime:
    """`moment` in UTC; naive datetimes are refused because their zone is a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"moment must be timezone-aware, got naive {moment.isoformat()}")
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class WorkCalendar:
    """Working days and hours in one zone, with HQ-edited holidays and make-up days."""

    tz: str = "Asia/Shanghai"
    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday = 0
    day_start: time = time(9, 0)
    day_end: time = time(18, 0)
    holidays: frozenset[date] = field(default_factory=frozenset)
    makeup_workdays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.day_start >= self.day_end:
            raise ValueError("day_end must be later than day_start")
        if self.holidays & self.makeup_workdays:
            both = ", ".join(sorted(d.isoformat() for d in self.holidays & self.makeup_workdays))
            raise ValueError(f"a day cannot be both a holiday and a make-up working day: {both}")
        ZoneInfo(self.tz)  # fail now on an unknown zone, not at the first deadline

    @classmethod
    def from_settings(
        cls,
        settings: ServiceSettings = DEFAULT_SETTINGS,
        holidays: Iterable[date] = (),
        makeup_workdays: Iterable[date] = (),
    ) -> WorkCalendar:
        """The calendar of a distributor's settings plus its `CalendarDay` rows."""
        return cls(
            tz=settings.timezone,
            workdays=frozenset(settings.workdays),
            day_start=settings.day_start,
            day_end=settings.day_end,
            holidays=frozenset(holidays),
            makeup_workdays=frozenset(makeup_workdays),
        )

    @property
    def zone(self) -> ZoneInfo:
        """The calendar's time zone."""
        return ZoneInfo(self.tz)  # ZoneInfo caches instances by key

    @property
    def day_length(self) -> timedelta:
        """The working time of one working day (wall clock, day_end - day_start)."""
        start = datetime.combine(date.min, self.day_start)
        return datetime.combine(date.min, self.day_end) - start

    def local_date(self, moment: datetime) -> date:
        """The calendar-zone date of `moment`."""
        return to_utc(moment).astimezone(self.zone).date()

    def is_working_day(self, day: date) -> bool:
        """Whether `day` has working hours (make-up days win over weekends)."""
        if day in self.makeup_workdays:
            return True
        return day.weekday() in self.workdays and day not in self.holidays

    def period(self, day: date) -> tuple[datetime, datetime]:
        """The UTC start and end of `day`'s working hours (whether or not it is working)."""
        start = datetime.combine(day, self.day_start, tzinfo=self.zone).astimezone(UTC)
        end = datetime.combine(day, self.day_end, tzinfo=self.zone).astimezone(UTC)
        return start, end

    def is_working_time(self, moment: datetime) -> bool:
        """Whether `moment` falls inside a working period (start included, end excluded)."""
        at = to_utc(moment)
        day = self.local_date(at)
        if not self.is_working_day(day):
            return False
        start, end = self.period(day)
        return start <= at < end

    def next_working_day(self, day: date, include: bool = True) -> date:
        """The first working day on or after `day` (strictly after if not `include`)."""
        current = day if include else day + timedelta(days=1)
        for _ in range(MAX_SEARCH_DAYS):
            if self.is_working_day(current):
                return current
            current += timedelta(days=1)
        raise ValueError(f"no working day within {MAX_SEARCH_DAYS} days of {day}")

    def _periods_from(self, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working periods (UTC) that end after `moment`, clipped to start at it."""
        at = to_utc(moment)
        day = self.local_date(at)
        for _ in range(MAX_SEARCH_DAYS):
            if self.is_working_day(day):
                start, end = self.period(day)
                if end > at:
                    yield max(start, at), end
            day += timedelta(days=1)
        raise ValueError(f"no working time within {MAX_SEARCH_DAYS} days of {at.isoformat()}")

    def next_working_moment(self, moment: datetime) -> datetime:
        """`moment` itself (in UTC) if it is working time, else the next period's start."""
        start, _ = next(self._periods_from(moment))
        return start

    def add_working_time(self, moment: datetime, amount: timedelta) -> datetime:
        """The earliest UTC moment at which `amount` of working time has passed.

        Counting starts at `next_working_moment(moment)`; `amount` must not be negative.
        """
        if amount < timedelta(0):
            raise ValueError("cannot add a negative amount of working time")
        remaining = amount
        for start, end in self._periods_from(moment):
            if remaining <= end - start:
                return start + remaining
            remaining -= end - start
        raise AssertionError("unreachable: _periods_from raises when it runs out")

    def add_working_hours(self, moment: datetime, hours: float) -> datetime:
        """`moment` plus `hours` working hours (see `add_working_time`)."""
        return self.add_working_time(moment, timedelta(hours=hours))

    def add_working_days(self, moment: datetime, days: int) -> datetime:
        """`moment` plus `days` working days, each one `day_length` of working time."""
        if isinstance(days, bool) or not isinstance(days, int):
            raise ValueError(f"working days must be a whole number, not {days!r}")
        return self.add_working_time(moment, self.day_length * days)

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """The working time from `a` to `b`; negative when `b` is before `a`."""
        a, b = to_utc(a), to_utc(b)
        if b < a:
            return -self.working_time_between(b, a)
        total = timedelta(0)
        for start, end in self._periods_from(a):
            if start >= b:
                break
            total += min(end, b) - start
        return total

    def working_seconds_between(self, a: datetime, b: datetime) -> float:
        """`working_time_between(a, b)` in seconds."""
        return self.working_time_between(a, b).total_seconds()

    def add_working_days_to_date(self, day: date, days: int) -> date:
        """The date `days` working days after `day` (`day` itself need not be working)."""
        current = day
        for _ in range(days):
            current = self.next_working_day(current, include=False)
        return current


DEFAULT_CALENDAR = WorkCalendar()
