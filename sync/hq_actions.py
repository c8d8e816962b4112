"""What HQ does about sync: settle conflicts, fix or drop quarantined records, revoke
phones, and (re-exported from `sync.hq_store_edits`) edit stores and decide pending
store changes. Plain Python on a Session; each action is audit-logged; nothing commits.
"""

from dataclasses import replace
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from webapp.models import Device, QuarantinedRecord, SyncConflict, SyncReceipt, User, utcnow

from .context import SERVER_CLOCK, PushContext
from .devices import revoke_device
from .hlc import HybridClock
from .hq_store_edits import (
    ActionRefused,
    approve_store_change,
    clean_store_values,
    hq_edit_store,
    locked_store,
    record_audit,
    reject_store_change,
    required_reason,
    waiting_fields,
)
from .push import apply_batch
from .record_fields import FieldError, expect_uuid
from .store_merge import merge_store_fields

__all__ = [
    "ActionRefused", "approve_store_change", "choose_conflict_value", "clean_store_values",
    "discard_quarantined", "hq_edit_store", "reapply_quarantined", "reject_store_change",
    "revoke_device_by", "waiting_fields",
]


def choose_conflict_value(session: Session, conflict: SyncConflict, user: User, keep: str,
                          clock: HybridClock = SERVER_CLOCK) -> SyncConflict:
    """Settle a conflict: keep the winning value ('kept'), or apply the losing one as an
    HQ edit ('swapped')."""
    if keep not in ("winner", "loser"):
        raise ActionRefused("invalid_choice", keep)
    if conflict.status != "open":
        raise ActionRefused("already_resolved", conflict.status)
    hlc = None
    if keep == "loser":
        if conflict.losing_value is None:
            raise ActionRefused("no_value", conflict.field)
        store = locked_store(session, conflict.store_id)
        if getattr(store, conflict.field) != conflict.losing_value:
            hlc = clock.now()
            merge_store_fields(session, store, {conflict.field: conflict.losing_value},
                               base_version=store.version, hlc=hlc, source=f"hq:{user.id}",
                               record_id=f"conflict:{conflict.id}")
    conflict.status = "kept" if keep == "winner" else "swapped"
    conflict.resolved_by_id, conflict.resolved_at = user.id, utcnow()
    chosen, other = ((conflict.winning_value, conflict.losing_value) if keep == "winner"
                     else (conflict.losing_value, conflict.winning_value))
    record_audit(session, user, f"hq.conflict_{conflict.status}", "sync_conflict", conflict.id,
                 {"store_id": conflict.store_id, "field": conflict.field, "value": chosen,
                  "other": other}, hlc)
    session.flush()
    return conflict


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


def revoke_device_by(session: Session, device: Device, user: User) -> bool:
    """Revoke a phone (its token answers 401 from now on); False if it already was."""
    if device.revoked_at is not None:
        return False
    revoke_device(device, user)
    record_audit(session, user, "hq.device_revoked", "device", device.id,
                 {"owner_id": device.user_id, "name": device.name}, device_id=device.id)
    session.flush()
    return True
