"""Ordering rules: the retailer's own quantities [000 自主提报订货品牌、数量], whole
multiples of 25 cartons [003 25条整倍数], the allocation plan's limits per period
[000 货源投放], and the check of a whole cart."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from webapp.rules.codes import LimitPeriod, OrderProblem, QuantityRuleProblem
from webapp.rules.ordering import (
    MAX_LINE_QUANTITY,
    MAX_LINES,
    Limit,
    Problem,
    ProductRules,
    check_cart,
    details_problems,
    limit_problem,
    period_bounds,
    quantity_problems,
    whole_number,
)
from webapp.rules.ordering_setup import quantity_rule_problems
from webapp.rules.ordering_window import OrderingWindow

ZONE = "Asia/Shanghai"
SH = ZoneInfo(ZONE)
MONDAY_10 = datetime(2026, 11, 23, 10, tzinfo=SH)
SATURDAY_10 = datetime(2026, 11, 28, 10, tzinfo=SH)
WEEKDAYS = [OrderingWindow(day, time(8), time(18)) for day in range(5)]
CARTONS_OF_25 = ProductRules(1, 8540, minimum=25, multiple=25)
ANY_NUMBER = ProductRules(2, 19900)
P = OrderProblem


@pytest.mark.parametrize(("quantity", "codes"), [
    (25, []), (50, []), (100, []),
    (10, [P.BELOW_MINIMUM, P.NOT_MULTIPLE]),
    (30, [P.NOT_MULTIPLE]),
    (0, [P.BAD_QUANTITY]), (-25, [P.BAD_QUANTITY]), (2.5, [P.BAD_QUANTITY]),
    (25.0, [P.BAD_QUANTITY]), ("25", []), ("2.5", [P.BAD_QUANTITY]), ("", [P.BAD_QUANTITY]),
    ("２５", [P.BAD_QUANTITY]), (True, [P.BAD_QUANTITY]), (None, [P.BAD_QUANTITY]),
    (MAX_LINE_QUANTITY + 25, [P.BAD_QUANTITY]),
])
def test_quantities_are_whole_cartons_at_least_the_minimum_in_whole_multiples(quantity, codes):
    assert [p.code for p in quantity_problems(quantity, CARTONS_OF_25)] == codes


@pytest.mark.parametrize("quantity", [MAX_LINE_QUANTITY + 25, "100025", "99999999999",
                                      " 123456789012345 "])
def test_too_many_cartons_say_the_most_a_line_takes(quantity):
    assert quantity_problems(quantity, CARTONS_OF_25) == [
        Problem(P.BAD_QUANTITY, params={"max": MAX_LINE_QUANTITY})]


def test_the_problems_carry_the_minimum_and_multiple_for_the_page():
    assert quantity_problems(10, CARTONS_OF_25) == [
        Problem(P.BELOW_MINIMUM, params={"minimum": 25}),
        Problem(P.NOT_MULTIPLE, params={"multiple": 25})]


def test_a_product_without_a_multiple_takes_any_number_of_cartons():
    assert all(quantity_problems(n, ANY_NUMBER) == [] for n in (1, 7, 33))


def test_whole_numbers_are_ints_or_plain_digits():
    assert [whole_number(v) for v in (3, " 4 ", "-2", "1e3", 3.0, "0x1", False)] == [
        3, 4, -2, None, None, None, None]


@pytest.mark.parametrize(("quantity", "already", "over"), [
    (50, 0, False), (100, 0, False), (125, 0, True),
    (50, 50, False), (25, 100, True),  # what was ordered in the period counts
])
def test_the_allocation_caps_a_store_per_period_counting_what_it_ordered(quantity, already,
                                                                          over):
    problem = limit_problem(quantity, Limit(100, LimitPeriod.WEEK), already)
    assert (problem is not None) is over
    if over:
        assert problem == Problem(P.OVER_LIMIT, params={"limit": 100, "already": already,
                                                         "period": "week"})


def test_a_product_without_an_allocation_has_no_cap():
    assert limit_problem(10_000, None, 10_000) is None


def _utc(*args):
    return datetime(*args, tzinfo=SH).astimezone(UTC)


@pytest.mark.parametrize(("period", "moment", "bounds"), [
    ("day", datetime(2026, 11, 25, 0, 30, tzinfo=SH),
     (_utc(2026, 11, 25), _utc(2026, 11, 26))),
    # 23:30 UTC on Sunday is already Monday in Shanghai: the new ISO week
    ("week", datetime(2026, 11, 29, 16, 30, tzinfo=UTC),
     (_utc(2026, 11, 30), _utc(2026, 12, 7))),
    ("week", datetime(2026, 11, 29, 23, 59, tzinfo=SH),
     (_utc(2026, 11, 23), _utc(2026, 11, 30))),
    ("month", datetime(2026, 12, 31, 23, tzinfo=SH), (_utc(2026, 12, 1), _utc(2027, 1, 1))),
    ("month", datetime(2026, 2, 10, tzinfo=SH), (_utc(2026, 2, 1), _utc(2026, 3, 1))),
])
def test_the_limit_period_is_a_local_day_iso_week_or_month(period, moment, bounds):
    assert period_bounds(period, moment, ZONE) == bounds


def _check(lines, instant=MONDAY_10, already=None, windows=WEEKDAYS):
    return check_cart(lines, {1: CARTONS_OF_25, 2: ANY_NUMBER,
                              3: ProductRules(3, 100, active=False)},
                      {1: Limit(100)}, already or {}, windows, instant, ZONE)


def test_a_good_cart_is_priced_at_the_wholesale_price():
    check = _check([(1, 50), ("2", "3")])
    assert check.problems == []
    assert [(line.product_id, line.quantity, line.unit_price_fen) for line in check.lines] == [
        (1, 50, 8540), (2, 3, 19900)]
    assert check.total_fen == 50 * 8540 + 3 * 19900


def test_every_problem_is_reported_on_its_line_and_nothing_is_priced():
    check = _check([(1, 30), (99, 1), (2, -1), (3, 1), (2, 1), (1, 25)], already={1: 90})
    assert [(p.code, p.line) for p in check.problems] == [
        (P.NOT_MULTIPLE, 0), (P.UNKNOWN_PRODUCT, 1), (P.BAD_QUANTITY, 2),
        (P.UNKNOWN_PRODUCT, 3),  # not on sale
        (P.DUPLICATE_PRODUCT, 4), (P.DUPLICATE_PRODUCT, 5)]  # products 2 and 1 again
    assert check.lines == []


def test_over_the_limit_names_the_limit_and_what_was_already_ordered():
    check = _check([(1, 25)], already={1: 100})
    assert check.problems == [Problem(P.OVER_LIMIT, 0, {"limit": 100, "already": 100,
                                                         "period": "week"})]


def test_outside_the_window_the_order_says_when_ordering_opens():
    check = _check([(2, 1)], instant=SATURDAY_10)
    assert check.problems == [Problem(P.OUTSIDE_WINDOW, None,
                                      {"next_open": datetime(2026, 11, 30, 8, tzinfo=SH)})]


def test_a_store_without_a_window_cannot_order_and_an_empty_cart_is_refused():
    assert [p.code for p in _check([], windows=[]).problems] == [
        P.NO_ORDERING_WINDOW, P.EMPTY_ORDER]


def test_a_cart_longer_than_the_catalogue_is_refused_whole():
    check = _check([(2, 1)] * (MAX_LINES + 1))
    assert [(p.code, dict(p.params)) for p in check.problems] == [
        (P.TOO_MANY_LINES, {"max_lines": MAX_LINES})]


def test_an_unknown_product_id_of_any_shape_is_unknown():
    check = _check([("abc", 1), (None, 1), (1.5, 1), (True, 25)])
    assert [p.code for p in check.problems] == [P.UNKNOWN_PRODUCT] * 4


@pytest.mark.parametrize(("method", "wanted", "note", "codes"), [
    ("home_delivery", None, None, []),
    ("pickup_point", date(2026, 11, 23), "", []),
    ("delegated_delivery", date(2026, 12, 23), "x" * 500, []),
    ("drone", None, None, [P.BAD_DELIVERY_METHOD]),
    (None, None, None, [P.BAD_DELIVERY_METHOD]),
    ("home_delivery", date(2026, 11, 22), None, [P.BAD_WANTED_DATE]),  # yesterday
    ("home_delivery", date(2026, 12, 24), None, [P.BAD_WANTED_DATE]),  # beyond 30 days
    ("home_delivery", "2026-11-24", None, [P.BAD_WANTED_DATE]),
    ("home_delivery", datetime(2026, 11, 24, tzinfo=SH), None, [P.BAD_WANTED_DATE]),
    ("home_delivery", None, "x" * 501, [P.NOTE_TOO_LONG]),
])
def test_the_delivery_method_wanted_date_and_note(method, wanted, note, codes):
    assert [p.code for p in details_problems(method, wanted, note, MONDAY_10, ZONE)] == codes


Q = QuantityRuleProblem


@pytest.mark.parametrize(("minimum", "multiple", "limit", "period", "problems"), [
    (25, 25, None, "week", []),
    (1, 1, 10, "day", []),
    (50, 25, 200, "month", []),
    (0, 25, None, "week", [Q.BAD_MINIMUM]),
    (25, -25, None, "week", [Q.BAD_MULTIPLE]),
    ("25", 2.5, None, "week", [Q.BAD_MINIMUM, Q.BAD_MULTIPLE]),
    (30, 25, None, "week", [Q.MINIMUM_NOT_MULTIPLE]),  # the real minimum would be 50
    (25, 25, 0, "week", [Q.BAD_LIMIT]),
    (50, 25, 25, "week", [Q.LIMIT_BELOW_MINIMUM]),  # the store could never order it
    (25, 25, 60, "week", [Q.LIMIT_NOT_MULTIPLE]),  # the last 10 could never be ordered
    (25, 25, 100, "year", [Q.BAD_PERIOD]),
])
def test_hq_gets_a_clear_problem_for_impossible_quantity_rules(minimum, multiple, limit,
                                                               period, problems):
    assert quantity_rule_problems(minimum, multiple, limit, period) == problems
