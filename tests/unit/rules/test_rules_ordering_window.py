"""The ordering window of a store's order domain (订货域) [000 订货域、配送域信息的维护]:
weekly windows kept by HQ as data, read in the configured zone."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from webapp.rules.codes import WindowProblem
from webapp.rules.ordering_window import (
    OrderingWindow,
    is_open,
    next_opening,
    window_problems,
)

ZONE = "Asia/Shanghai"
SH = ZoneInfo(ZONE)
# 2026-11-23 is a Monday
WEEKDAYS_9_TO_5 = [OrderingWindow(day, time(9), time(17)) for day in range(5)]
FRIDAY_NIGHT = [OrderingWindow(4, time(22), time(2))]  # Friday 22:00 to Saturday 02:00
SUNDAY_NIGHT = [OrderingWindow(6, time(20), time(6))]  # Sunday 20:00 to Monday 06:00
ALL_WEEK = [OrderingWindow(day, time(0), time(0)) for day in range(7)]


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SH)


@pytest.mark.parametrize(("windows", "moment", "expected"), [
    (WEEKDAYS_9_TO_5, local(23, 9), True),  # opens at 09:00 sharp
    (WEEKDAYS_9_TO_5, local(23, 16, 59), True),
    (WEEKDAYS_9_TO_5, local(23, 17), False),  # closed again at 17:00
    (WEEKDAYS_9_TO_5, local(23, 8, 59), False),
    (WEEKDAYS_9_TO_5, local(28, 10), False),  # Saturday
    (FRIDAY_NIGHT, local(27, 23), True),
    (FRIDAY_NIGHT, local(28, 1, 30), True),  # past midnight, into Saturday
    (FRIDAY_NIGHT, local(28, 2), False),
    (SUNDAY_NIGHT, local(30, 5), True),  # Monday 05:00: Sunday's window wraps the week
    (SUNDAY_NIGHT, local(24, 5), False),  # but only into Monday
    (ALL_WEEK, local(26, 23, 59), True),  # 00:00–00:00 is the whole day
    (ALL_WEEK, local(27, 0), True),
    ([], local(23, 10), False),
])
def test_an_instant_is_inside_the_window_in_the_configured_zone(windows, moment, expected):
    assert is_open(windows, moment, ZONE) is expected
    assert is_open(windows, moment.astimezone(UTC), ZONE) is expected  # UTC in, same answer


@pytest.mark.parametrize(("windows", "moment", "opens"), [
    (WEEKDAYS_9_TO_5, local(23, 7), local(23, 9)),  # later the same day
    (WEEKDAYS_9_TO_5, local(23, 18), local(24, 9)),  # after closing: tomorrow
    (WEEKDAYS_9_TO_5, local(27, 17), local(30, 9)),  # Friday evening: Monday
    (WEEKDAYS_9_TO_5, local(29, 23, 30), local(30, 9)),  # Sunday night, across midnight
    ([OrderingWindow(0, time(9), time(17))], local(23, 17), datetime(2026, 11, 30, 9, tzinfo=SH)),
    (FRIDAY_NIGHT, local(28, 3), datetime(2026, 12, 4, 22, tzinfo=SH)),  # next week
    (SUNDAY_NIGHT, local(30, 7), datetime(2026, 12, 6, 20, tzinfo=SH)),
])
def test_outside_the_window_the_next_opening_is_given_in_local_time(windows, moment, opens):
    found = next_opening(windows, moment, ZONE)
    assert found == opens
    assert found.utcoffset() == opens.utcoffset()  # shown in the configured zone


def test_inside_the_window_it_is_open_now_and_without_windows_never():
    assert next_opening(WEEKDAYS_9_TO_5, local(23, 10), ZONE) == local(23, 10)
    assert next_opening([], local(23, 10), ZONE) is None


def test_a_utc_instant_is_read_on_the_local_day():
    # Monday 23:30 UTC is Tuesday 07:30 in Shanghai: before Tuesday's opening
    moment = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    assert next_opening(WEEKDAYS_9_TO_5, moment, ZONE) == local(24, 9)


def test_a_naive_instant_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        is_open(WEEKDAYS_9_TO_5, datetime(2026, 11, 23, 10), ZONE)


@pytest.mark.parametrize(("windows", "problems"), [
    (WEEKDAYS_9_TO_5, []),
    (ALL_WEEK, []),  # whole days touch, they do not overlap
    ([OrderingWindow(0, time(9), time(12)), OrderingWindow(0, time(12), time(17))], []),
    ([OrderingWindow(0, time(9), time(12)), OrderingWindow(0, time(11), time(17))],
     [(WindowProblem.OVERLAP, 1)]),
    ([OrderingWindow(0, time(0), time(0)), OrderingWindow(0, time(9), time(10)),
      OrderingWindow(0, time(20), time(21))],
     [(WindowProblem.OVERLAP, 1), (WindowProblem.OVERLAP, 2)]),  # inside a long one
    ([OrderingWindow(6, time(22), time(3)), OrderingWindow(0, time(2), time(5))],
     [(WindowProblem.OVERLAP, 1)]),  # across the week's end
    ([OrderingWindow(7, time(9), time(17))], [(WindowProblem.BAD_WEEKDAY, 0)]),
    ([OrderingWindow(-1, time(9), time(17))], [(WindowProblem.BAD_WEEKDAY, 0)]),
])
def test_hq_gets_a_clear_problem_for_impossible_or_overlapping_windows(windows, problems):
    assert window_problems(windows) == problems
