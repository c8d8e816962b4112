"""Visit cadence by grade and the sample stores' weekly price check."""

from datetime import date

import pytest

from webapp.rules.cadence import (
    PriceCheckState,
    StoreCadence,
    VisitState,
    cadence_days,
    due_stores,
    iso_week_key,
    next_visit_due,
    price_check_deadline,
    price_check_due,
    visit_status,
)
from webapp.rules.calendar import WorkCalendar
from webapp.rules.settings import ServiceSettings

CAL = WorkCalendar(holidays=frozenset({date(2026, 1, 1)}))
MON, TUE, WED, THU, FRI, SAT = (date(2026, 1, d) for d in (5, 6, 7, 8, 9, 10))


@pytest.mark.parametrize(("grade", "days"), [
    ("A", 1),  # [003 客户追踪日志]
    ("B", 7),  # [003 客户追踪周志]
    ("C", 15),  # [003 每15天]
    ("D", 30),  # [003 每30天]
    ("E", 365),  # [003 客户追踪年志] (the source's second "D" is E)
])
def test_cadence_days_per_grade(grade, days):
    assert cadence_days(grade) == days
    assert next_visit_due(grade, MON, calendar=None) == date.fromordinal(MON.toordinal() + days)


@pytest.mark.parametrize(("grade", "last", "due"), [
    ("A", MON, TUE),
    ("A", FRI, date(2026, 1, 12)),  # Saturday rolls to Monday
    ("B", date(2025, 12, 25), date(2026, 1, 2)),  # 1 January is a holiday
    ("C", date(2025, 12, 25), date(2026, 1, 9)),
    ("D", date(2025, 12, 6), MON),  # 5 January 2026
])
def test_due_dates_move_off_non_working_days(grade, last, due):
    assert next_visit_due(grade, last, calendar=CAL) == due


def test_cadence_is_a_setting():
    s = ServiceSettings.from_mapping({"cadence_days_c": 10})
    assert next_visit_due("C", MON, s, calendar=None) == date(2026, 1, 15)


def test_a_never_visited_store_is_due():
    assert next_visit_due("B", None) is None
    [status] = visit_status([StoreCadence(9, "B", None)], WED)
    assert status.state is VisitState.DUE and status.days_overdue == 0


def test_visit_status_for_a_rep_and_a_day():
    stores = [
        StoreCadence(1, "A", TUE),  # due Wednesday: due today
        StoreCadence(2, "B", date(2025, 12, 29)),  # due 5 January: 2 days overdue
        StoreCadence(3, "C", TUE),  # not due
        StoreCadence(4, "A", date(2025, 12, 29), is_sample=True),  # due 30 Dec: 8 days over
        StoreCadence(5, "E", WED),  # visited today
    ]
    result = visit_status(stores, WED, calendar=CAL)
    assert [(s.store_id, s.state, s.days_overdue) for s in result] == [
        (4, VisitState.OVERDUE, 8),
        (2, VisitState.OVERDUE, 2),
        (1, VisitState.DUE, 0),
        (3, VisitState.NOT_DUE, 0),
        (5, VisitState.NOT_DUE, 0),
    ]
    assert result[0].is_sample and result[0].due_on == date(2025, 12, 30)
    assert [s.store_id for s in due_stores(stores, WED, calendar=CAL)] == [4, 2, 1]


def test_without_a_calendar_weekends_count():
    [status] = visit_status([StoreCadence(1, "A", FRI)], date(2026, 1, 12), calendar=None)
    assert status.state is VisitState.OVERDUE and status.days_overdue == 2


@pytest.mark.parametrize(("day", "key"), [
    (MON, "2026-W02"),
    (date(2026, 12, 31), "2026-W53"),
    (date(2027, 1, 1), "2026-W53"),  # ISO year, not calendar year
    (date(2025, 12, 29), "2026-W01"),
])
def test_iso_week_key(day, key):
    assert iso_week_key(day) == key


def test_the_price_check_is_due_by_thursday():  # [000 要求价格信息采集工作在每周四前完成]
    for day in (MON, WED, THU, SAT):
        assert price_check_deadline(day) == THU


@pytest.mark.parametrize(("is_sample", "day", "submitted", "state"), [
    (True, MON, None, PriceCheckState.DUE),
    (True, THU, None, PriceCheckState.DUE),  # still in time on Thursday
    (True, FRI, None, PriceCheckState.LATE),
    (True, FRI, WED, PriceCheckState.SUBMITTED),
    (True, FRI, THU, PriceCheckState.SUBMITTED),
    (True, SAT, FRI, PriceCheckState.LATE),  # submitted after the deadline
    (False, FRI, None, PriceCheckState.NOT_REQUIRED),
])
def test_price_check_states(is_sample, day, submitted, state):
    result = price_check_due(is_sample, day, submitted)
    assert result.state is state
    assert result.week == "2026-W02" and result.deadline == THU


def test_the_deadline_weekday_is_a_setting():
    s = ServiceSettings.from_mapping({"price_check_deadline_weekday": 3})
    assert price_check_due(True, THU, None, s).state is PriceCheckState.LATE


def test_a_submission_from_another_week_is_refused():
    with pytest.raises(ValueError, match="not in week 2026-W02"):
        price_check_due(True, FRI, date(2026, 1, 2), ServiceSettings())
