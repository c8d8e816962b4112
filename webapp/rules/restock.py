"""Emergency restock (应急补货): request limits, the market manager's decision, follow-up.

A rep files the request for a store's one-off need (wedding, funeral, reception, group
purchase, stock-out) [000 红白喜事、会议接待] [000 团购或库存不能满足正常经营需要]; the
market manager verifies and approves or refuses it [000 认真核实、审批]; after supply the
rep checks that the extra stock sold normally, to prevent irregular trading
[000 防范不规范经营行为的发生]. The manuals give no quantities: the limits are settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

from .codes import RestockReason, RestockStatus
from .settings import DEFAULT_SETTINGS, ServiceSettings
from .transitions import IllegalTransition, StatusMachine

R = RestockStatus

RESTOCK_TRANSITIONS: dict[str, frozenset[str]] = {
    R.SUBMITTED: frozenset({R.APPROVED, R.REJECTED}),
    R.APPROVED: frozenset({R.FULFILLED}),
    R.REJECTED: frozenset(),
    R.FULFILLED: frozenset({R.FOLLOWED_UP}),
    R.FOLLOWED_UP: frozenset(),
}
RESTOCK_MACHINE = StatusMachine(
    "restock request",
    RESTOCK_TRANSITIONS,
    {
        (R.SUBMITTED, R.FULFILLED): "the market manager must approve the request before supply",
        (R.APPROVED, R.FOLLOWED_UP): "the extra stock must be supplied before its follow-up",
    },
)


class LineLike(Protocol):
    """Anything with a product id and a quantity (e.g. a sync RestockLine)."""

    product_id: int
    quantity: int


def validate_restock_request(
    lines: Iterable[tuple[int, int] | LineLike],
    recent_requests: int = 0,
    settings: ServiceSettings = DEFAULT_SETTINGS,
) -> list[str]:
    """Every problem with a request's lines (product id, cartons), or an empty list.

    `recent_requests` is how many requests the store filed in the last
    `restock_limit_window_days` days (this one not included).
    """
    pairs = [(ln.product_id, ln.quantity) if not isinstance(ln, tuple) else ln for ln in lines]
    s = settings
    problems: list[str] = []
    if not pairs:
        problems.append("a restock request needs at least one product line")
    seen: set[int] = set()
    total = 0
    for product_id, quantity in pairs:
        if product_id in seen:
            problems.append(f"product {product_id} is listed twice")
        seen.add(product_id)
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
            problems.append(f"product {product_id}: quantity must be a whole number above zero")
            continue
        total += quantity
        if quantity > s.restock_max_units_per_product:
            problems.append(
                f"product {product_id}: {quantity} cartons is over the limit of "
                f"{s.restock_max_units_per_product} per product"
            )
    if total > s.restock_max_units_per_request:
        problems.append(
            f"{total} cartons in all is over the limit of {s.restock_max_units_per_request} "
            "per request"
        )
    if recent_requests >= s.restock_max_requests_per_store:
        problems.append(
            f"the store already filed {recent_requests} restock request(s) in the last "
            f"{s.restock_limit_window_days} days (limit {s.restock_max_requests_per_store})"
        )
    return problems


def restock_transition(current: str, target: str) -> RestockStatus:
    """`target` if a request may move there from `current`, else IllegalTransition."""
    RESTOCK_MACHINE.check(current, target)
    return RestockStatus(target)


@dataclass(frozen=True)
class RestockDecision:
    """The market manager's decision: the new status and the stated reason."""

    status: RestockStatus
    reason: str | None


def decide(status: str, approve: bool, reason: str | None = None) -> RestockDecision:
    """Approve or refuse a submitted request. A refusal needs a reason.

    Raises IllegalTransition if the request is no longer waiting for a decision.
    """
    target = R.APPROVED if approve else R.REJECTED
    reason = reason.strip() if reason else None
    if not approve and not reason:
        raise ValueError("a refused restock request needs a reason for the rep and the store")
    return RestockDecision(restock_transition(status, target), reason or None)


def followup_due(fulfilled_on: date, settings: ServiceSettings = DEFAULT_SETTINGS) -> date:
    """The day the sales follow-up of a fulfilled request is due."""
    return fulfilled_on + timedelta(days=settings.restock_followup_days)


class FollowupVerdict(StrEnum):
    """The outcome of the sales follow-up."""

    NORMAL = "normal"
    ABNORMAL = "abnormal"
    TOO_EARLY = "too_early"


@dataclass(frozen=True)
class FollowupResult:
    """The verdict, the share of the extra stock sold (percent) and why."""

    verdict: FollowupVerdict
    sold_pct: float
    reason: str


def sales_followup_check(
    extra_qty: int, sold_qty: int, days: int, settings: ServiceSettings = DEFAULT_SETTINGS
) -> FollowupResult:
    """Judge whether the extra stock sold normally `days` days after supply.

    Selling at least `restock_followup_min_sold_pct` % of it is normal at any time.
    Less is abnormal once `restock_followup_days` have passed (the need the request
    claimed did not take the stock), and too early to judge before that.
    """
    if extra_qty <= 0:
        raise ValueError("the extra quantity must be above zero")
    if sold_qty < 0 or days < 0:
        raise ValueError("sold quantity and days cannot be negative")
    pct = round(100 * sold_qty / extra_qty, 1)
    need = settings.restock_followup_min_sold_pct
    if 100 * sold_qty >= need * extra_qty:  # exact: the rounded pct is only for display
        return FollowupResult(FollowupVerdict.NORMAL, pct, f"{pct:g}% sold in {days} days")
    if days < settings.restock_followup_days:
        return FollowupResult(
            FollowupVerdict.TOO_EARLY, pct,
            f"{pct:g}% sold so far; judge after {settings.restock_followup_days} days",
        )
    return FollowupResult(
        FollowupVerdict.ABNORMAL, pct,
        f"only {pct:g}% sold in {days} days (expected at least {need:g}%): "
        "check where the extra stock went",
    )


__all__ = [
    "FollowupResult", "FollowupVerdict", "IllegalTransition", "RESTOCK_TRANSITIONS",
    "RestockDecision", "RestockReason", "RestockStatus", "decide",
    "followup_due", "restock_transition", "sales_followup_check", "validate_restock_request",
]
