"""Visit cadence by store grade, and the sample stores' weekly price check.

Grades A–E are followed up daily, weekly, every 15 days, every 30 days and yearly
[003 客户追踪日志] [003 客户追踪周志] [003 每15天] [003 每30天] [003 客户追踪年志] (the
source gives D twice; E = yearly is the intended reading, spec §0). Sample stores
collect stock, out-of-stock days and prices every ISO week by Thursday
[000 要求价格信息采集工作在每周四前完成].

With a calendar, a due date that falls on a non-working day moves to the next
working day, so an A store visited on Friday is due on Monday, not overdue.
Days overdue are calendar days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

from .calendar import DEFAULT_CALENDAR, WorkCalendar
from .codes import StoreGrade
from .settings import DEFAULT_SETTINGS, ServiceSettings


def cadence_days(grade: str, settings: ServiceSettings = DEFAULT_SETTINGS) -> int:
    """Days between visits for a store of `grade`."""
    return getattr(settings, f"cadence_days_{StoreGrade(grade).value.lower()}")


def next_visit_due(
    grade: str,
    last_visit_date: date | None,
    settings: ServiceSettings = DEFAULT_SETTINGS,
    calendar: WorkCalendar | None = DEFAULT_CALENDAR,
) -> date | None:
    """The day the next visit is due; None for a store never visited (due at once)."""
    if last_visit_date is None:
        return None
    due = last_visit_date + timedelta(days=cadence_days(grade, settings))
    return calendar.next_working_day(due) if calendar is not None else due


class VisitState(StrEnum):
    """Where a store stands on a given day."""

    OVERDUE = "overdue"
    DUE = "due"
    NOT_DUE = "not_due"


@dataclass(frozen=True)
class StoreCadence:
    """What the cadence needs to know about a store."""

    store_id: int
    grade: str
    last_visit_date: date | None
    is_sample: bool = False


@dataclass(frozen=True)
class StoreVisitStatus:
    """A store's visit state on a day; `days_overdue` is 0 unless overdue."""

    store_id: int
    grade: StoreGrade
    state: VisitState
    due_on: date | None
    days_overdue: int
    is_sample: bool


def visit_status(
    stores: Iterable[StoreCadence],
    day: date,
    settings: ServiceSettings = DEFAULT_SETTINGS,
    calendar: WorkCalendar | None = DEFAULT_CALENDAR,
) -> list[StoreVisitStatus]:
    """Each store's state on `day`: most overdue first, then due, then not due.

    A store never visited is due (not overdue: nothing says since when).
    """
    out = []
    for store in stores:
        due = next_visit_due(store.grade, store.last_visit_date, settings, calendar)
        if due is None or due == day:
            state, late = VisitState.DUE, 0
        elif due < day:
            state, late = VisitState.OVERDUE, (day - due).days
        else:
            state, late = VisitState.NOT_DUE, 0
        out.append(
            StoreVisitStatus(
                store.store_id, StoreGrade(store.grade), state, due, late, store.is_sample
            )
        )
    order = {VisitState.OVERDUE: 0, VisitState.DUE: 1, VisitState.NOT_DUE: 2}
    return sorted(out, key=lambda s: (order[s.state], -s.days_overdue, s.due_on or day,
                                      s.store_id))


def due_stores(
    stores: Iterable[StoreCadence],
    day: date,
    settings: ServiceSettings = DEFAULT_SETTINGS,
    calendar: WorkCalendar | None = DEFAULT_CALENDAR,
) -> list[StoreVisitStatus]:
    """The stores a rep should visit on `day`: overdue ones first, then those due."""
    return [s for s in visit_status(stores, day, settings, calendar)
            if s.state is not VisitState.NOT_DUE]


def iso_week_key(day: date) -> str:
    """The ISO week of `day` as stored on price checks, e.g. "2026-W48".

    The one ISO-week rule: pages, the push path and the seed all name weeks with it.
    """
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@lru_cache(maxsize=1024)  # a push repeats its moments; equal instants share a week
def iso_week_of(moment: datetime, timezone: str) -> str:
    """The ISO week (e.g. "2026-W48") of a moment, in the distributor's zone."""
    return iso_week_key(moment.astimezone(ZoneInfo(timezone)).date())


def price_check_deadline(day: date, settings: ServiceSettings = DEFAULT_SETTINGS) -> date:
    """The last day (inclusive) for the price check of `day`'s ISO week."""
    monday = day - timedelta(days=day.isoweekday() - 1)
    return monday + timedelta(days=settings.price_check_deadline_weekday - 1)


class PriceCheckState(StrEnum):
    """A sample store's price check for one ISO week (spec §3.3: DUE → SUBMITTED | LATE)."""

    NOT_REQUIRED = "not_required"
    DUE = "due"
    SUBMITTED = "submitted"
    LATE = "late"


@dataclass(frozen=True)
class PriceCheckStatus:
    """The state for the week, its key and deadline, and the submission day if any."""

    state: PriceCheckState
    week: str
    deadline: date
    submitted_on: date | None


def price_check_due(
    is_sample: bool,
    day: date,
    submitted_on: date | None,
    settings: ServiceSettings = DEFAULT_SETTINGS,
) -> PriceCheckStatus:
    """The price-check state of `day`'s ISO week for a store.

    `submitted_on` is the first day this week's check was submitted (None: not yet).
    Late covers both "missing after the deadline" and "submitted after it".
    """
    week, deadline = iso_week_key(day), price_check_deadline(day, settings)
    if submitted_on is not None and iso_week_key(submitted_on) != week:
        raise ValueError(f"submitted_on {submitted_on} is not in week {week}")
    if not is_sample:
        state = PriceCheckState.NOT_REQUIRED
    elif submitted_on is not None:
        state = PriceCheckState.SUBMITTED if submitted_on <= deadline else PriceCheckState.LATE
    else:
        state = PriceCheckState.DUE if day <= deadline else PriceCheckState.LATE
    return PriceCheckStatus(state, week, deadline, submitted_on)
