"""The phone's `order` records: a store owner's order, online or offline, applied by
`push.apply_batch` through `orders.place_order` (the one write path, style habit 4).

Exactly once: the record's client id is the key. `apply_batch` keeps a sync receipt
for every applied record, so the same record pushed again (a retry after a cut
connection, a second tab) answers `duplicate` and places no second order. A refused
order stores nothing and comes back with every problem, per line, as codes and
parameters (`details["problems"]`) for the owner's page to put in their words.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sync.outcome import Outcome
from sync.records import Record

from ..rules import ordering
from .context import PushContext
from .lookups import Lookups
from .orders import OrderRefused, place_order
from .refusals import ActionRefused

REFUSED = "order: refused by the ordering rules"


def problem_json(problem: ordering.Problem) -> dict[str, Any]:
    """One rules problem as JSON: code, line index (None: the whole order), parameters
    with dates and times as ISO 8601 text."""
    params = {key: value.isoformat() if isinstance(value, (date, datetime)) else value
              for key, value in problem.params.items()}
    return {"code": str(problem.code), "line": problem.line, "params": params}


def apply_orders(ctx: PushContext, records: list[Record], lookups: Lookups) -> list[Outcome]:
    """Place each record's order; each succeeds or is refused alone (its own savepoint,
    so a refusal after the store lock leaves nothing of it)."""
    outcomes = []
    for record in records:
        data = record.data
        try:
            with ctx.session.begin_nested():
                order = place_order(
                    ctx.session, ctx.user, data.store_id,
                    [(line.product_id, line.quantity) for line in data.lines],
                    data.delivery_method, data.wanted_date, data.note or None, ctx.now,
                    ctx.settings)
        except OrderRefused as refused:
            problems = [problem_json(p) for p in refused.problems]
            outcomes.append(Outcome(
                record.id, "rejected",
                f"{REFUSED}: {', '.join(p['code'] for p in problems)}",
                details={"problems": problems}))
            continue
        except ActionRefused as refused:
            if refused.reason == "not_found":
                error = f"store {data.store_id} does not exist or is not in your territory"
            else:
                error = f"order: not allowed for role {ctx.user.role}"
            outcomes.append(Outcome(record.id, "rejected", error))
            continue
        outcomes.append(Outcome(record.id, "applied", entity_type="order",
                                entity_id=str(order.id),
                                details={"order_id": order.id, "number": order.number}))
    return outcomes
