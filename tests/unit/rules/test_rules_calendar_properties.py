"""Property tests of the working calendar (hypothesis).

Adding working time never lands outside working time (except exactly at a period's
end), is monotonic in the amount and in the start, round-trips with elapsed working
time, and elapsed working time is additive. Two calendars: Shanghai with the 2025
National Day holidays and make-up days, and Berlin (DST changes) with short hours.
"""

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.rules.calendar import WorkCalendar

SHANGHAI = WorkCalendar(
    holidays=frozenset(date(2025, 10, d) for d in range(1, 9)),
    makeup_workdays=frozenset({date(2025, 9, 28), date(2025, 10, 11)}),
)
BERLIN = WorkCalendar(
    tz="Europe/Berlin", workdays=frozenset({0, 2, 4}), day_start=time(8, 30),
    day_end=time(12, 15), holidays=frozenset({date(2025, 12, 24), date(2025, 12, 26)}),
)
EXAMPLES = settings(max_examples=150, deadline=None, database=None)

calendars = st.sampled_from([SHANGHAI, BERLIN])
moments = st.datetimes(
    min_value=datetime(2025, 9, 1), max_value=datetime(2026, 4, 30), timezones=st.just(UTC)
)
amounts = st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=200))
positive = st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(hours=100))


def inside_or_at_end(cal: WorkCalendar, moment: datetime) -> bool:
    return cal.is_working_time(moment) or cal.is_working_time(moment - timedelta(microseconds=1))


@EXAMPLES
@given(calendars, moments, amounts)
def test_result_is_working_time_or_a_period_end(cal, start, amount):
    result = cal.add_working_time(start, amount)
    assert result >= start
    assert inside_or_at_end(cal, result)
    if amount == timedelta(0):
        assert cal.is_working_time(result)


@EXAMPLES
@given(calendars, moments, amounts, amounts)
def test_monotonic_in_amount(cal, start, a, b):
    low, high = sorted((a, b))
    assert cal.add_working_time(start, low) <= cal.add_working_time(start, high)


@EXAMPLES
@given(calendars, moments, moments, amounts)
def test_monotonic_in_start(cal, s1, s2, amount):
    early, late = sorted((s1, s2))
    assert cal.add_working_time(early, amount) <= cal.add_working_time(late, amount)


@EXAMPLES
@given(calendars, moments, amounts)
def test_round_trip_with_elapsed_working_time(cal, start, amount):
    assert cal.working_time_between(start, cal.add_working_time(start, amount)) == amount


@EXAMPLES
@given(calendars, moments, amounts, positive)
def test_adding_in_two_steps_equals_adding_once(cal, start, a, b):
    assert cal.add_working_time(cal.add_working_time(start, a), b) == cal.add_working_time(
        start, a + b
    )


@EXAMPLES
@given(calendars, moments, moments, moments)
def test_elapsed_working_time_is_additive_and_bounded(cal, a, b, c):
    assert cal.working_time_between(a, b) + cal.working_time_between(b, c) == (
        cal.working_time_between(a, c)
    )
    lo, hi = sorted((a, b))
    assert timedelta(0) <= cal.working_time_between(lo, hi) <= hi - lo


@EXAMPLES
@given(calendars, moments, st.integers(min_value=0, max_value=20))
def test_working_days_are_day_lengths_of_working_time(cal, start, days):
    assert cal.add_working_days(start, days) == cal.add_working_time(
        start, cal.day_length * days
    )


@EXAMPLES
@given(calendars, moments)
def test_next_working_moment_is_idempotent(cal, start):
    nxt = cal.next_working_moment(start)
    assert nxt >= start and cal.is_working_time(nxt)
    assert cal.next_working_moment(nxt) == nxt
    assert cal.working_time_between(start, nxt) == timedelta(0)
