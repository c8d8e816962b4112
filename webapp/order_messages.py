"""Order problems and order-desk refusals in the reader's language.

The words of each problem code live in `rules.code_labels` (kinds `order_problem`,
`quantity_rule_problem`, `window_problem`); this fills in their parameters (dates in
the reader's format, money in yuan, the allocation period by name). Any page that shows
a refused order (the owner's cart, HQ's phone entry) may call `order_problem_message`.
"""

from datetime import date, datetime

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _

from .i18n import code_label
from .rules.ordering import Problem
from .rules.prices import format_yuan
from .services.refusals import ActionRefused


def _shown(name: str, value) -> str:
    if isinstance(value, datetime):
        return format_datetime(value, "short")
    if isinstance(value, date):
        return format_date(value, "medium")
    if name == "period":
        return code_label("limit_period", value)
    if name == "max_fen":
        return format_yuan(int(value))
    return "" if value is None else str(value)


def order_problem_message(problem: Problem) -> str:
    """One refused order's (or line's) problem in words, its parameters filled in."""
    words = code_label("order_problem", problem.code)
    params = {name: _shown(name, value) for name, value in problem.params.items()}
    if problem.code == "outside_window" and not params.get("next_open"):
        return code_label("order_problem", "no_ordering_window")
    try:
        return words % params if params else words.replace("%%", "%")
    except (KeyError, TypeError, ValueError):
        return words


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
