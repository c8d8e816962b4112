"""What comes back to the rep, closed from the phone online or offline (issue 12 items 5
and 6) as sync records, applied exactly once by the push's receipts:

- `follow_up_done`: a visit follow-up (a dated to-do) marked done, through
  `services.visit_followups.mark_follow_up_done`. Idempotent: a to-do already done stays
  done at its first time, and a second mark (another record, another phone) is answered
  `applied` with `already_done` and changes nothing.
- `restock_followup`: the sales follow-up of a supplied emergency restock, through
  `services.restock_supply.record_sales_followup` (the form's own service): due
  `rules.restock.followup_due` days after the local supply day, judged by
  `rules.restock.sales_followup_check` on the day the rep checked; a failed check flags
  the request and tells the region's market managers [000 防范不规范经营行为的发生].
  A second record with the same answer changes nothing (`already_recorded`); a different
  answer is refused: the first one stands.

Both look the to-do or request up through `webapp.scope` (the rep's territory) and on the
store the record names. Refusals are English for HQ; `sync.refusals` reads their codes.
Nothing commits.
"""

from __future__ import annotations

from sync.outcome import Outcome, Rejection
from sync.records import Record
from sync.times import clamp_future

from ..models import RestockRequest
from .context import PushContext
from .lookups import Lookups
from .refusals import ActionRefused
from .restock import find_restock_request
from .restock_supply import MAX_NOTE, record_sales_followup, supplied_day
from .visit_followups import find_follow_up, find_visit_follow_up, mark_follow_up_done


def _to_do(ctx: PushContext, record: Record):
    data = record.data
    if data.follow_up_id is not None:
        item = find_follow_up(ctx.session, ctx.user, data.follow_up_id)
        named = f"follow_up_done.follow_up_id: no such to-do {data.follow_up_id}"
    else:
        item = find_visit_follow_up(ctx.session, ctx.user, data.visit_id,
                                    data.follow_up_index)
        named = (f"follow_up_done.visit_id: no such to-do (visit {data.visit_id}, "
                 f"follow-up {data.follow_up_index})")
    if item is None or item.visit.store_id != data.store_id:
        raise Rejection(f"{named} in your territory's store {data.store_id}")
    return item


def apply_follow_ups_done(ctx: PushContext, records: list[Record],
                          lookups: Lookups) -> list[Outcome]:
    """Mark each named to-do done (after the batch's visits: a visit and a to-do of it
    marked done may travel in one push)."""
    outcomes = []
    for record in records:
        try:
            lookups.store(record.data.store_id)
            item = _to_do(ctx, record)
        except Rejection as error:
            outcomes.append(Outcome(record.id, "rejected", str(error)))
            continue
        done_at, skewed = clamp_future(record.data.done_at, ctx)
        changed = mark_follow_up_done(ctx.session, item, ctx.user, done_at)
        details = {"follow_up_id": item.id, "done_at": item.done_at.isoformat(),
                   "already_done": not changed}
        if skewed and changed:
            details["flags"] = ["clock_skew"]
        outcomes.append(Outcome(record.id, "applied", entity_type="visit_follow_up",
                                entity_id=str(item.id), details=details))
    return outcomes


def _same_answer(request: RestockRequest, record: Record) -> bool:
    return (request.followup_sold_units == record.data.sold_units
            and (request.followup_note or "") == record.data.note[:MAX_NOTE])


def _refusal(error: ActionRefused) -> Rejection:
    if error.reason == "not_due":
        return Rejection(f"restock_followup: not due before {error.detail}")
    return Rejection(f"restock_followup: {error}")


def _apply_one(ctx: PushContext, record: Record) -> Outcome:
    data = record.data
    request = find_restock_request(ctx.session, ctx.user, data.request_id)
    if request is None or request.store_id != data.store_id:
        raise Rejection(f"restock_followup.request_id: no such restock request "
                        f"{data.request_id} in your territory's store {data.store_id}")
    if request.status == "followed_up":
        if not _same_answer(request, record):
            raise Rejection(
                f"restock_followup: already recorded ({request.followup_sold_units} sold, "
                f"at {request.followed_up_at.isoformat()}); a second, different answer is "
                "refused")
        return Outcome(record.id, "applied", entity_type="restock_request",
                       entity_id=request.id,
                       details={"request_status": request.status, "already_recorded": True,
                                "followup_failed": bool(request.followup_failed)})
    if request.status != "fulfilled":
        raise Rejection(f"restock_followup: the request is not supplied (it is "
                        f"{request.status}); only an approved request HQ supplied is "
                        "followed up")
    checked_at, skewed = clamp_future(data.checked_at, ctx)
    try:
        with ctx.session.begin_nested():
            record_sales_followup(ctx.session, request, ctx.user, data.sold_units, data.note,
                                  checked_at, ctx.calendar.local_date(checked_at),
                                  supplied_day(request, ctx.calendar), ctx.settings,
                                  received_at=ctx.now)
    except ActionRefused as error:
        raise _refusal(error) from None
    details = {"request_status": request.status, "followup_failed": request.followup_failed}
    if skewed:
        details["flags"] = ["clock_skew"]
    return Outcome(record.id, "applied", entity_type="restock_request", entity_id=request.id,
                   details=details)


def apply_restock_followups(ctx: PushContext, records: list[Record],
                            lookups: Lookups) -> list[Outcome]:
    """Record each sales follow-up in order (a second record of the same request meets
    the first one's answer)."""
    outcomes = []
    for record in records:
        try:
            lookups.store(record.data.store_id)
            outcomes.append(_apply_one(ctx, record))
        except Rejection as error:
            outcomes.append(Outcome(record.id, "rejected", str(error)))
    return outcomes
