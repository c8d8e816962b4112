"""Order problems and order-desk refusals in the reader's words: what the owner reads on
the cart line, what HQ's phone entry shows beside a refused line, why a move failed.

`problem_text` is the one wording of an order problem (`rules.codes.OrderProblem` with
its parameters); `order_problem_message` applies it to a `rules.ordering.Problem`.
Parameters come as the rules give them or as JSON (`services.order_records`): dates and
times may be ISO text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _

from .i18n import code_label
from .rules.codes import OrderProblem
from .rules.ordering import Problem
from .services.refusals import ActionRefused
from .templating import localdate, localtime


def _moment(value: Any) -> datetime | None:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return value if isinstance(value, datetime) else None


def _day(value: Any) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return value if isinstance(value, date) else None


def period_words(period: str) -> str:
    """"this week" and its kin, for an allocation's period."""
    return {"day": _("today"), "week": _("this week"), "month": _("this month")}.get(
        str(period), str(period))


def problem_text(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The problem in the current language, with its numbers."""
    p = params or {}
    code = str(code)
    if code == OrderProblem.BAD_QUANTITY:
        if p.get("max"):
            return _("At most %(n)s cartons on one line.", n=p["max"])
        return _("Enter a whole number of cartons above zero.")
    if code == OrderProblem.UNKNOWN_PRODUCT:
        return _("This product is not on sale now: remove it.")
    if code == OrderProblem.DUPLICATE_PRODUCT:
        return _("This product is in the cart twice.")
    if code == OrderProblem.BELOW_MINIMUM:
        return _("Order at least %(n)s cartons of this product.", n=p.get("minimum"))
    if code == OrderProblem.NOT_MULTIPLE:
        return _("Order in multiples of %(n)s cartons (e.g. %(a)s or %(b)s).",
                 n=p.get("multiple"), a=p.get("multiple"), b=2 * int(p.get("multiple") or 1))
    if code == OrderProblem.OVER_LIMIT:
        limit, already = int(p.get("limit") or 0), int(p.get("already") or 0)
        return _("Over the allocation: %(limit)s cartons %(period)s, %(already)s already "
                 "ordered, so at most %(left)s more.", limit=limit,
                 period=period_words(p.get("period", "")), already=already,
                 left=max(limit - already, 0))
    if code == OrderProblem.OUTSIDE_WINDOW:
        opens = _moment(p.get("next_open"))
        if opens is None:
            return _("Ordering is closed now.")
        return _("Ordering is closed now; it opens %(when)s.", when=localtime(opens))
    if code == OrderProblem.NO_ORDERING_WINDOW:
        return _("Your store has no ordering times yet: ask HQ's order desk.")
    if code == OrderProblem.EMPTY_ORDER:
        return _("The cart is empty: add products first.")
    if code == OrderProblem.TOO_MANY_LINES:
        return _("At most %(n)s products in one order.", n=p.get("max_lines"))
    if code == OrderProblem.STORE_NOT_ACTIVE:
        return _("This store is not active and cannot order.")
    if code == OrderProblem.BAD_DELIVERY_METHOD:
        return _("Pick a delivery method.")
    if code == OrderProblem.BAD_WANTED_DATE:
        first, last = _day(p.get("earliest")), _day(p.get("latest"))
        return _("Pick a delivery date from %(first)s to %(last)s.",
                 first=localdate(first) if first else "", last=localdate(last) if last else "")
    if code == OrderProblem.NOTE_TOO_LONG:
        return _("At most %(n)s characters.", n=p.get("limit"))
    if code == OrderProblem.TOO_LARGE:
        return _("This order is too large: split it.")
    return code_label("refusal", "order_rules")


def order_problem_message(problem: Problem) -> str:
    """One refused order's (or line's) problem in words, its parameters filled in."""
    return problem_text(problem.code, problem.params)


def move_refusal_message(error: ActionRefused) -> str:
    """Why the order desk could not move an order (services.orders.move_order)."""
    messages = {
        "stale_version": _("Another clerk moved this order; here it is now."),
        "illegal_transition": _("This move is not allowed from the order's status now."),
        "reason_required": _("Give a reason for rejecting: the store owner will see it."),
        "not_allowed": _("You may not make this move."),
        "not_found": _("This order is not there (or not in your scope)."),
    }
    return messages.get(error.reason, _("This action cannot be done: %(detail)s",
                                        detail=str(error)))
