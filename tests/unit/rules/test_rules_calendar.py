"""Working calendar: working time, adding working hours and days, elapsed working time.

Rows use Mon–Fri 09:00–18:00 Asia/Shanghai and the 2025 National Day holiday
(1–8 October off, Sunday 28 September and Saturday 11 October worked: 调休).
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from webapp.rules.calendar import WorkCalendar
from webapp.rules.settings import ServiceSettings

SH = ZoneInfo("Asia/Shanghai")
NATIONAL_DAY = frozenset(date(2025, 10, d) for d in range(1, 9))
MAKEUP = frozenset({date(2025, 9, 28), date(2025, 10, 11)})
CAL = WorkCalendar(holidays=NATIONAL_DAY, makeup_workdays=MAKEUP)


def sh(y, mo, d, h=0, mi=0, s=0):
    return datetime(y, mo, d, h, mi, s, tzinfo=SH)


@pytest.mark.parametrize(("moment", "working"), [
    (sh(2026, 1, 5, 9), True),  # Monday, the first working second
    (sh(2026, 1, 5, 17, 59, 59), True),
    (sh(2026, 1, 5, 18), False),  # the end is not working time
    (sh(2026, 1, 5, 8, 59, 59), False),
    (sh(2026, 1, 10, 10), False),  # Saturday
    (sh(2025, 10, 2, 10), False),  # National Day holiday on a Thursday
    (sh(2025, 9, 28, 10), True),  # make-up Sunday (调休)
    (sh(2025, 10, 11, 10), True),  # make-up Saturday
    (datetime(2026, 1, 5, 1, 0, tzinfo=UTC), True),  # 09:00 in Shanghai
])
def test_is_working_time(moment, working):
    assert CAL.is_working_time(moment) is working


@pytest.mark.parametrize(("start", "hours", "expected"), [
    (sh(2026, 1, 5, 10), 2, sh(2026, 1, 5, 12)),
    (sh(2026, 1, 5, 9), 9, sh(2026, 1, 5, 18)),  # lands on the period end, not next morning
    (sh(2026, 1, 5, 17), 2, sh(2026, 1, 6, 10)),
    (sh(2026, 1, 5, 8), 1, sh(2026, 1, 5, 10)),  # before hours: counts from 09:00
    (sh(2026, 1, 5, 18, 30), 1, sh(2026, 1, 6, 10)),  # after hours: from next morning
    (sh(2026, 1, 10, 10), 0, sh(2026, 1, 12, 9)),  # Saturday + 0 h = next working moment
    (sh(2026, 1, 9, 16), 8, sh(2026, 1, 12, 15)),  # [003 8个工作小时内] over a weekend
    (sh(2025, 9, 30, 17), 2, sh(2025, 10, 9, 10)),  # holiday week skipped
    (sh(2025, 10, 10, 17), 2, sh(2025, 10, 11, 10)),  # make-up Saturday counts
    (sh(2025, 9, 27, 10), 1, sh(2025, 9, 28, 10)),  # make-up Sunday counts
    (sh(2026, 1, 5, 10), 0.5, sh(2026, 1, 5, 10, 30)),
])
def test_add_working_hours(start, hours, expected):
    result = CAL.add_working_hours(start, hours)
    assert result == expected
    assert result.tzinfo is UTC


@pytest.mark.parametrize(("start", "days", "expected"), [
    (sh(2026, 1, 9, 17), 1, sh(2026, 1, 12, 17)),  # Friday + 1 = Monday, same time
    (sh(2026, 1, 7, 10), 3, sh(2026, 1, 12, 10)),  # [003 3个工作日内回复]: Wed → Mon
    (sh(2026, 1, 5, 10), 2, sh(2026, 1, 7, 10)),  # [003 2个工作日内回复永久对策]
    (sh(2026, 1, 10, 10), 3, sh(2026, 1, 14, 18)),  # from Saturday: Mon 09:00 + 27 h
    (sh(2025, 9, 30, 10), 1, sh(2025, 10, 9, 10)),  # over National Day
    (sh(2026, 1, 5, 10), 0, sh(2026, 1, 5, 10)),
])
def test_add_working_days(start, days, expected):
    assert CAL.add_working_days(start, days) == expected


@pytest.mark.parametrize(("a", "b", "hours"), [
    (sh(2026, 1, 9, 17), sh(2026, 1, 12, 10), 2),  # Friday evening to Monday morning
    (sh(2026, 1, 10, 0), sh(2026, 1, 11, 23), 0),  # the whole weekend
    (sh(2026, 1, 5, 0), sh(2026, 1, 6, 0), 9),
    (sh(2026, 1, 12, 10), sh(2026, 1, 9, 17), -2),  # reversed: negative
    (sh(2025, 9, 30, 9), sh(2025, 10, 10, 9), 18),  # Sep 30 + Oct 9 (holidays between)
])
def test_working_time_between(a, b, hours):
    assert CAL.working_time_between(a, b) == timedelta(hours=hours)
    assert CAL.working_seconds_between(a, b) == hours * 3600


def test_next_working_moment_keeps_a_working_moment():
    moment = sh(2026, 1, 5, 11, 15)
    assert CAL.next_working_moment(moment) == moment
    assert CAL.next_working_moment(sh(2026, 1, 5, 18)) == sh(2026, 1, 6, 9)


def test_naive_moments_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.add_working_hours(datetime(2026, 1, 5, 10), 1)


def test_negative_working_time_is_refused():
    with pytest.raises(ValueError, match="negative"):
        CAL.add_working_hours(sh(2026, 1, 5, 10), -1)


def test_working_days_must_be_whole():
    with pytest.raises(ValueError, match="whole number"):
        CAL.add_working_days(sh(2026, 1, 5, 10), 1.5)


def test_a_day_cannot_be_holiday_and_makeup_day():
    with pytest.raises(ValueError, match="both a holiday and a make-up"):
        WorkCalendar(holidays={date(2026, 1, 1)}, makeup_workdays={date(2026, 1, 1)})


def test_day_end_must_follow_day_start():
    with pytest.raises(ValueError, match="later than"):
        WorkCalendar(day_start=time(18), day_end=time(9))


def test_unknown_zone_is_refused():
    with pytest.raises(Exception, match="Mars"):
        WorkCalendar(tz="Mars/Olympus")


def test_calendar_from_settings_uses_the_distributors_hours_and_days():
    settings = ServiceSettings.from_mapping(
        {"workdays": [0, 1, 2, 3, 4, 5], "day_start": "08:30", "day_end": "17:30"}
    )
    cal = WorkCalendar.from_settings(settings, holidays=[date(2026, 1, 1)])
    assert cal.is_working_time(sh(2026, 1, 10, 8, 30))  # Saturday is now a workday
    assert not cal.is_working_time(sh(2026, 1, 1, 10))  # New Year's Day
    assert cal.day_length == timedelta(hours=9)
    assert cal.add_working_hours(sh(2026, 1, 9, 17), 1) == sh(2026, 1, 10, 9)


def test_a_calendar_without_working_days_fails_loudly():
    cal = WorkCalendar(workdays=frozenset())
    with pytest.raises(ValueError, match="no working"):
        cal.add_working_hours(sh(2026, 1, 5, 10), 1)


def test_add_working_days_to_date_skips_weekends_and_holidays():
    assert CAL.add_working_days_to_date(date(2026, 1, 9), 1) == date(2026, 1, 12)
    assert CAL.add_working_days_to_date(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert CAL.next_working_day(date(2025, 10, 1)) == date(2025, 10, 9)
