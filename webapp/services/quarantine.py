"""The quarantine: records a push rejected, kept with their raw payload for HQ.

A push keeps them (`push.quarantine`); here HQ re-applies a fixed record as its
original pusher, or discards it with a reason. Audit-logged; nothing commits.
"""

from dataclasses import replace
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sync.record_fields import FieldError, expect_uuid

from ..models import Device, QuarantinedRecord, SyncReceipt, User, utcnow
from .audit import record_audit
from .context import PushContext
from .push import apply_batch
from .refusals import ActionRefused, required_reason


def _fixed_record_id(session: Session, item: QuarantinedRecord, payload: dict) -> str:
    """The fixed record keeps its id when the stored one was valid (it is the idempotency
    key the phone uses); an unreadable id, or one another record already took (it would
    only answer 'id already used'), must be replaced by a new UUID."""
    try:
        new_id = expect_uuid(payload.get("id"), "id")
    except FieldError as error:
        raise ActionRefused("bad_id", str(error)) from None
    try:
        old_id = expect_uuid(item.record_id, "id")
    except FieldError:
        return new_id
    taken = session.get(SyncReceipt, old_id) is not None
    if new_id != old_id and not taken:
        raise ActionRefused("id_changed", f"keep the record id {old_id}")
    return new_id


def reapply_quarantined(session: Session, ctx: PushContext, item: QuarantinedRecord,
                        fixed_payload: Any) -> dict:
    """Re-run a fixed raw record through `apply_batch` as its ORIGINAL user and device.

    `ctx` is the acting HQ user's context (settings, calendar, clock); the record is
    applied with a copy of it for the original pusher. Applied, conflict or duplicate
    → 'reapplied'; rejected again → stays open with the new error (no second row: the
    push quarantine skips ids that already have an open row). Returns the result.
    """
    actor = ctx.user
    if item.status != "open":
        raise ActionRefused("already_resolved", item.status)
    if not isinstance(fixed_payload, dict):
        raise ActionRefused("not_an_object")
    original = session.get(User, item.user_id) if item.user_id is not None else None
    if original is None:
        raise ActionRefused("no_user")
    item.record_id = _fixed_record_id(session, item, fixed_payload)
    device = session.get(Device, item.device_id) if item.device_id else None
    # A re-apply is not the phone syncing: keep what the device last reported itself.
    kept = (device.last_sync_at, device.clock_skew_ms) if device is not None else None
    pusher = replace(ctx, session=session, user=original, device=device)
    newest_row = session.scalar(select(func.max(QuarantinedRecord.id))) or 0
    result = apply_batch(pusher, [fixed_payload])[0]
    if device is not None:
        device.last_sync_at, device.clock_skew_ms = kept
    if result["status"] == "rejected":
        # apply_batch quarantined the fixed payload as a new row; this item already holds
        # the record, so keep one row (with the newest error) rather than two.
        session.execute(delete(QuarantinedRecord).where(
            QuarantinedRecord.id > newest_row, QuarantinedRecord.record_id == item.record_id,
            QuarantinedRecord.id != item.id))
        item.error = result.get("error") or "rejected"
        action = "hq.quarantine_retry_failed"
    else:
        item.status, item.resolved_by_id, item.resolved_at = "reapplied", actor.id, utcnow()
        item.resolution_note = f"re-applied: {result['status']}"
        action = "hq.quarantine_reapplied"
    record_audit(session, actor, action, "quarantined_record", item.id,
                 {"record_id": item.record_id, "payload": fixed_payload, "result": result},
                 device_id=item.device_id)
    session.flush()
    return result


def discard_quarantined(session: Session, item: QuarantinedRecord, user: User,
                        reason: str) -> QuarantinedRecord:
    """Drop a quarantined record for good; the reason is required and kept."""
    reason = required_reason(reason, 2000)
    if item.status != "open":
        raise ActionRefused("already_resolved", item.status)
    item.status, item.resolved_by_id, item.resolved_at = "discarded", user.id, utcnow()
    item.resolution_note = reason
    record_audit(session, user, "hq.quarantine_discarded", "quarantined_record", item.id,
                 {"record_id": item.record_id, "reason": item.resolution_note})
    session.flush()
    return item
