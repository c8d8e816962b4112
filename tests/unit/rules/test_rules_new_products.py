"""New products (新品) in the owner's catalogue (issue 11, point 2): marked new through
HQ's "new until" day, that day included; the day HQ enters is a real calendar day, not
past, and at most NEW_UNTIL_MAX_DAYS ahead."""

from datetime import date, datetime

import pytest

from webapp.rules.new_products import (
    NEW_UNTIL_MAX_DAYS,
    NewUntilProblem,
    is_new,
    latest_new_until,
    new_until_problem,
    read_new_until,
)

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(("new_until", "today", "expected"), [
    (None, TODAY, False),  # never marked
    (date(2026, 11, 24), TODAY, True),  # the last day still counts
    (date(2026, 11, 25), TODAY, True),
    (date(2027, 11, 24), TODAY, True),
    (date(2026, 11, 23), TODAY, False),  # ended yesterday
    (date(2025, 11, 24), TODAY, False),
    (date(2026, 12, 31), date(2027, 1, 1), False),  # over the new year
    (date(2027, 1, 1), date(2026, 12, 31), True),
])
def test_a_product_is_new_through_its_new_until_day(new_until, today, expected):
    assert is_new(new_until, today) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("", None),  # empty clears the mark
    ("   ", None),
    (None, None),
    ("2026-12-01", date(2026, 12, 1)),
    (" 2026-12-01 ", date(2026, 12, 1)),
    ("2028-02-29", date(2028, 2, 29)),  # a leap day
    ("2027-02-29", NewUntilProblem.BAD_DATE),  # no such day
    ("2026-02-30", NewUntilProblem.BAD_DATE),
    ("2026-13-01", NewUntilProblem.BAD_DATE),
    ("2026-00-10", NewUntilProblem.BAD_DATE),
    ("20261201", NewUntilProblem.BAD_DATE),  # ISO, but not what a date input sends
    ("2026-W49-1", NewUntilProblem.BAD_DATE),
    ("2026/12/01", NewUntilProblem.BAD_DATE),
    ("12/01/2026", NewUntilProblem.BAD_DATE),
    ("２０２６-１２-０１", NewUntilProblem.BAD_DATE),  # full-width digits
    ("2026-12-01T00:00", NewUntilProblem.BAD_DATE),
    ("next week", NewUntilProblem.BAD_DATE),
])
def test_the_typed_day_is_read_or_refused_as_no_calendar_day(text, expected):
    assert read_new_until(text) == expected


@pytest.mark.parametrize(("new_until", "expected"), [
    (None, None),  # clearing is always fine
    (TODAY, None),  # new through today only
    (date(2026, 12, 24), None),
    (date(2027, 11, 25), None),  # 366 days ahead: the furthest allowed
    (date(2027, 11, 26), NewUntilProblem.TOO_FAR),  # 367 days: implausible
    (date(2036, 11, 24), NewUntilProblem.TOO_FAR),  # a typed year off by ten
    (date(2026, 11, 23), NewUntilProblem.PAST),  # yesterday would mark nothing
    (date(2025, 12, 1), NewUntilProblem.PAST),  # a year typed one too low
    (datetime(2026, 12, 1, 8), NewUntilProblem.BAD_DATE),  # a moment is not a day
    ("2026-12-01", NewUntilProblem.BAD_DATE),
])
def test_the_new_until_day_is_today_or_later_and_at_most_366_days_ahead(new_until, expected):
    assert new_until_problem(new_until, TODAY) == expected


def test_the_furthest_day_is_the_documented_number_of_days_ahead():
    assert NEW_UNTIL_MAX_DAYS == 366
    assert latest_new_until(TODAY) == date(2027, 11, 25)
    assert latest_new_until(date(2027, 2, 28)) == date(2028, 2, 29)
