"""HQ's ordering data checked before it is stored: a product's minimum and multiple
[003 25条整倍数] and the allocations [000 货源投放] must fit each other, so no store is
left with a product it can never order (windows: `ordering_window.window_problems`)."""

from __future__ import annotations

from typing import Any

from .codes import LimitPeriod, QuantityRuleProblem
from .ordering import whole_number


def quantity_rule_problems(minimum: Any, multiple: Any, limit: Any = None,
                           period: Any = LimitPeriod.WEEK) -> list[QuantityRuleProblem]:
    """What is impossible in a product's minimum and multiple, and in an allocation
    (`limit` None: none) against them (empty: fine)."""
    q = QuantityRuleProblem
    problems = []
    good = {name: value for name, value in (("minimum", minimum), ("multiple", multiple),
                                           ("limit", limit))
            if (number := whole_number(value)) is not None and number > 0
            and not isinstance(value, str)}
    if "minimum" not in good:
        problems.append(q.BAD_MINIMUM)
    if "multiple" not in good:
        problems.append(q.BAD_MULTIPLE)
    if "minimum" in good and "multiple" in good and minimum % multiple:
        problems.append(q.MINIMUM_NOT_MULTIPLE)
    if limit is not None:
        if "limit" not in good:
            problems.append(q.BAD_LIMIT)
        elif "minimum" in good and limit < minimum:
            problems.append(q.LIMIT_BELOW_MINIMUM)
        elif "multiple" in good and limit % multiple:
            problems.append(q.LIMIT_NOT_MULTIPLE)
        if period not in set(LimitPeriod):
            problems.append(q.BAD_PERIOD)
    return problems
