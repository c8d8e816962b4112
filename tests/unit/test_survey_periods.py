"""The quarterly survey's periods (002 满意度调查 如每季度或每年): named by quarter, offered
from the quarter's first local day to its last."""

from datetime import date

import pytest

from webapp.rules.survey_periods import (
    check_score,
    is_quarter_period,
    quarter_last_day,
    quarter_period,
    ticket_period,
)


@pytest.mark.parametrize(("day", "period", "last"), [
    (date(2026, 1, 1), "2026-Q1", date(2026, 3, 31)),
    (date(2026, 3, 31), "2026-Q1", date(2026, 3, 31)),
    (date(2026, 4, 1), "2026-Q2", date(2026, 6, 30)),
    (date(2026, 9, 30), "2026-Q3", date(2026, 9, 30)),
    (date(2026, 12, 31), "2026-Q4", date(2026, 12, 31)),
])
def test_a_day_belongs_to_its_quarter(day, period, last):
    assert quarter_period(day) == period and quarter_last_day(day) == last


def test_quarterly_periods_are_told_from_order_and_ticket_ones():
    assert is_quarter_period("2026-Q4")
    assert not is_quarter_period("order:12") and not is_quarter_period(ticket_period("x"))
    assert not is_quarter_period("2026-Q5")


@pytest.mark.parametrize("bad", [0, 6, 2.5, "4", True, None])
def test_a_score_is_a_whole_number_from_1_to_5(bad):
    with pytest.raises(ValueError):
        check_score(bad)
    assert check_score(5) == 5
