"""Ordering rules: quantities, allocation limits and the check of a whole cart.

- The retailer orders its own brands and quantities [000 自主提报订货品牌、数量].
- Quantity rules are a product setting: a minimum and a multiple. Retailers report
  ordering in whole multiples of 25 cartons [003 25条整倍数]; the spec leaves open
  whether that holds per brand or per order, so each product carries its own multiple
  (1 = any number) and minimum.
- The supply allocation plan (货源投放方案) [000 货源投放] caps what one store may order of a
  product in a period (day, ISO week or month in the configured zone); what the store
  already ordered in the period (orders not rejected or cancelled) counts.
- Ordering happens inside the store's ordering window (`ordering_window`).

Problems come back as codes with parameters (`OrderProblem`), so pages translate them.
The window and the status machine live in `ordering_window` and `order_status`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .codes import DeliveryMethod, LimitPeriod, OrderProblem
from .ordering_window import OrderingWindow, is_open, next_opening
from .prices import MAX_FEN

_WHOLE = re.compile(r"-?[0-9]{1,9}")
# One order line's most cartons: far above any allocation, below any integer column's end.
MAX_LINE_QUANTITY = 100_000
MAX_LINES = 300  # the catalogue's size: an order of more lines is not a person's
NOTE_MAX_CHARS = 500
# How far ahead an owner may ask for delivery (Rounds default; the manuals aim at T+0
# delivery [000 推进T+0送货模式], so a wish weeks ahead is a typing slip).
WANTED_DATE_HORIZON_DAYS = 30


@dataclass(frozen=True)
class ProductRules:
    """What the rules need of a product: on sale, price, minimum and multiple."""

    product_id: int
    wholesale_price_fen: int
    minimum: int = 1
    multiple: int = 1
    active: bool = True


@dataclass(frozen=True)
class Limit:
    """An allocation: at most `max_quantity` cartons per store in each `period`."""

    max_quantity: int
    period: LimitPeriod = LimitPeriod.WEEK


@dataclass(frozen=True)
class Problem:
    """One reason for refusal: a code, its parameters, and the line it concerns
    (its index in the cart, or None for the whole order)."""

    code: OrderProblem
    line: int | None = None
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckedLine:
    """A line that passed: product, cartons and the price charged."""

    product_id: int
    quantity: int
    unit_price_fen: int


def whole_number(value: Any) -> int | None:
    """`value` as an int if it is a whole number (an int, or text of digits), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        return int(value.strip())
    return None


def quantity_problems(quantity: Any, rules: ProductRules) -> list[Problem]:
    """What is wrong with ordering `quantity` cartons of a product (empty: fine)."""
    number = whole_number(quantity)
    if number is not None and number > MAX_LINE_QUANTITY:  # a whole number, just too many
        return [Problem(OrderProblem.BAD_QUANTITY, params={"max": MAX_LINE_QUANTITY})]
    if number is None or number <= 0:
        return [Problem(OrderProblem.BAD_QUANTITY)]
    problems = []
    if number < rules.minimum:
        problems.append(Problem(OrderProblem.BELOW_MINIMUM, params={"minimum": rules.minimum}))
    if number % rules.multiple:
        problems.append(Problem(OrderProblem.NOT_MULTIPLE, params={"multiple": rules.multiple}))
    return problems


def limit_problem(quantity: int, limit: Limit | None, already: int) -> Problem | None:
    """The over-limit problem if `already` + `quantity` exceeds the allocation, else None."""
    if limit is None or already + quantity <= limit.max_quantity:
        return None
    return Problem(OrderProblem.OVER_LIMIT, params={
        "limit": limit.max_quantity, "already": already, "period": str(limit.period)})


def period_bounds(period: LimitPeriod | str, instant: datetime,
                  zone: str) -> tuple[datetime, datetime]:
    """The UTC [start, end) of the day, ISO week or month holding `instant` in `zone`."""
    tz = ZoneInfo(zone)
    day = instant.astimezone(tz).date()
    period = LimitPeriod(period)
    if period is LimitPeriod.DAY:
        first, last = day, day + timedelta(days=1)
    elif period is LimitPeriod.WEEK:
        first = day - timedelta(days=day.weekday())
        last = first + timedelta(days=7)
    else:
        first = day.replace(day=1)
        last = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return tuple(datetime.combine(d, time(0), tzinfo=tz).astimezone(UTC)  # type: ignore[return-value]
                 for d in (first, last))


@dataclass
class CartCheck:
    """The outcome of checking a cart: the priced lines, or the problems (never both)."""

    lines: list[CheckedLine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def total_fen(self) -> int:
        """The order's total in fen."""
        return sum(line.quantity * line.unit_price_fen for line in self.lines)


def check_cart(
    lines: Iterable[tuple[Any, Any]],
    products: Mapping[int, ProductRules],
    limits: Mapping[int, Limit],
    already: Mapping[int, int],
    windows: Iterable[OrderingWindow],
    instant: datetime,
    zone: str,
) -> CartCheck:
    """Check a whole cart of (product id, quantity) lines at `instant`.

    `products` are the products that exist, `limits` the store's allocation per product,
    `already` the cartons the store ordered of each in the limit's current period.
    Every problem is reported, per line, so the owner fixes them all at once.
    """
    check = CartCheck()
    problems = check.problems
    windows = list(windows)
    if not windows:
        problems.append(Problem(OrderProblem.NO_ORDERING_WINDOW))
    elif not is_open(windows, instant, zone):
        problems.append(Problem(OrderProblem.OUTSIDE_WINDOW,
                                params={"next_open": next_opening(windows, instant, zone)}))
    cart = list(lines)
    if not cart:
        problems.append(Problem(OrderProblem.EMPTY_ORDER))
    elif len(cart) > MAX_LINES:
        problems.append(Problem(OrderProblem.TOO_MANY_LINES, params={"max_lines": MAX_LINES}))
        return check
    seen: set[int] = set()
    for index, (raw_product, raw_quantity) in enumerate(cart):
        product_id = whole_number(raw_product)
        rules = products.get(product_id) if product_id is not None else None
        if rules is None or not rules.active:
            problems.append(Problem(OrderProblem.UNKNOWN_PRODUCT, index))
            continue
        if product_id in seen:
            problems.append(Problem(OrderProblem.DUPLICATE_PRODUCT, index))
            continue
        seen.add(product_id)
        found = [Problem(p.code, index, p.params) for p in quantity_problems(raw_quantity, rules)]
        if not found:
            quantity = whole_number(raw_quantity)
            assert quantity is not None
            over = limit_problem(quantity, limits.get(product_id), already.get(product_id, 0))
            if over:
                found.append(Problem(over.code, index, over.params))
            else:
                check.lines.append(CheckedLine(product_id, quantity, rules.wholesale_price_fen))
        problems += found
    if not problems and check.total_fen > MAX_FEN:
        problems.append(Problem(OrderProblem.TOO_LARGE, params={"max_fen": MAX_FEN}))
    if problems:
        check.lines = []
    return check


def details_problems(delivery_method: Any, wanted_date: Any, note: Any, instant: datetime,
                     zone: str) -> list[Problem]:
    """What is wrong with an order's delivery method, wanted date (today in `zone` up to
    `WANTED_DATE_HORIZON_DAYS` ahead, or none) and note (empty: fine)."""
    problems = []
    if delivery_method not in set(DeliveryMethod):
        problems.append(Problem(OrderProblem.BAD_DELIVERY_METHOD))
    if wanted_date is not None:
        today = instant.astimezone(ZoneInfo(zone)).date()
        latest = today + timedelta(days=WANTED_DATE_HORIZON_DAYS)
        if (not isinstance(wanted_date, date) or isinstance(wanted_date, datetime)
                or not today <= wanted_date <= latest):
            problems.append(Problem(OrderProblem.BAD_WANTED_DATE,
                                    params={"earliest": today, "latest": latest}))
    if note is not None and (not isinstance(note, str) or len(note) > NOTE_MAX_CHARS):
        problems.append(Problem(OrderProblem.NOTE_TOO_LONG, params={"limit": NOTE_MAX_CHARS}))
    return problems

