"""HQ's writes to store info: its own edits and its decisions on reported changes.

Every write goes through `merge_store_fields`, like a phone's, so an HQ edit and a
concurrent offline update meet as a `SyncConflict` instead of one silently erasing
the other. Each action leaves an `AuditLog` line. Nothing here commits.
"""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.models import AuditLog, ReferenceItem, Store, StoreChange, User, utcnow
from webapp.models.store import DELIVERY_METHODS, EDITABLE_FIELDS
from webapp.rules.store_changes import validate_phone

from .context import SERVER_CLOCK
from .hlc import HLC, HybridClock
from .store_merge import FieldResult, merge_store_fields

MAX_LENGTHS = {"phone": 32, "owner_name": 100, "address": 300, "opening_hours": 100,
               "business_type": 32, "delivery_method": 20}
REQUIRED_FIELDS = ("phone", "owner_name", "address")


class ActionRefused(ValueError):
    """An HQ action that cannot be done. `reason` is a stable code the pages translate;
    `detail` is an English explanation (e.g. the failing field)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def required_reason(reason: str | None, limit: int) -> str:
    """The stripped reason an HQ refusal or discard must give, cut to `limit` characters."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("reason_required")
    return reason[:limit]


def record_audit(session: Session, user: User, action: str, entity_type: str,
                 entity_id: Any, details: dict, server_hlc: HLC | None = None,
                 device_id: str | None = None) -> None:
    """One audit-log line for an HQ action (who, what, which entity, the server clock)."""
    session.add(AuditLog(at=utcnow(), user_id=user.id, device_id=device_id, action=action,
                         entity_type=entity_type, entity_id=str(entity_id)[:36],
                         details=details, server_hlc=str(server_hlc) if server_hlc else None))


def locked_store(session: Session, store_id: int) -> Store:
    """The store, re-read under a row lock so two writers merge one after the other."""
    return session.scalars(select(Store).where(Store.id == store_id).with_for_update()
                           .execution_options(populate_existing=True)).one()


def clean_store_values(session: Session, values: dict[str, Any]) -> dict[str, str]:
    """Validate HQ-entered store values; raises ActionRefused('invalid_value', detail)."""
    cleaned: dict[str, str] = {}
    for field, value in values.items():
        if field not in EDITABLE_FIELDS:
            raise ActionRefused("invalid_value", f"{field}: not an editable store field")
        text = value.strip() if isinstance(value, str) else ""
        if field in REQUIRED_FIELDS and not text:
            raise ActionRefused("invalid_value", f"{field}: must not be empty")
        if len(text) > MAX_LENGTHS[field]:
            raise ActionRefused("invalid_value", f"{field}: longer than {MAX_LENGTHS[field]}")
        if field == "phone":
            try:
                text = validate_phone(text)
            except ValueError as error:
                raise ActionRefused("invalid_value", f"phone: {error}") from None
        elif field == "delivery_method" and text not in DELIVERY_METHODS:
            raise ActionRefused("invalid_value", f"delivery_method: unknown code {text!r}")
        elif field == "business_type" and session.scalar(select(ReferenceItem.id).where(
                ReferenceItem.kind == "business_type", ReferenceItem.code == text,
                ReferenceItem.active.is_(True))) is None:
            raise ActionRefused("invalid_value", f"business_type: unknown code {text!r}")
        cleaned[field] = text
    return cleaned


def hq_edit_store(session: Session, store: Store, user: User, changes: dict[str, Any],
                  clock: HybridClock = SERVER_CLOCK) -> list[FieldResult]:
    """Apply HQ's edit of `store`: only fields whose value differs are merged (an unchanged
    field keeps its clock, so it cannot beat a phone's concurrent change)."""
    cleaned = clean_store_values(session, changes)
    store = locked_store(session, store.id)
    changed = {f: v for f, v in cleaned.items() if getattr(store, f) != v}
    if not changed:
        return []
    before = {f: getattr(store, f) for f in changed}
    hlc = clock.now()
    results = merge_store_fields(session, store, changed, base_version=store.version, hlc=hlc,
                                 source=f"hq:{user.id}", record_id=f"hq-edit:{user.id}")
    record_audit(session, user, "hq.store_edit", "store", store.id,
                 {"changes": {f: [before[f], v] for f, v in changed.items()},
                  "store_version": store.version}, hlc)
    session.flush()
    return results


def waiting_fields(change: StoreChange) -> dict[str, str]:
    """The fields of a reported change that were not applied at once (they wait for HQ)."""
    return {f: v for f, v in (change.changes or {}).items() if f not in (change.previous or {})}


def approve_store_change(session: Session, change: StoreChange, user: User,
                         note: str = "", clock: HybridClock = SERVER_CLOCK) -> list[FieldResult]:
    """Apply the waiting fields with the record's own clock and base version, so a field
    changed since then becomes a conflict rather than being overwritten blindly."""
    if change.status != "pending":
        raise ActionRefused("already_decided", change.status)
    waiting = waiting_fields(change)
    clean_store_values(session, {f: v for f, v in waiting.items() if f == "business_type"})
    store = locked_store(session, change.store_id)
    hlc = HLC.parse(change.hlc) if change.hlc else clock.now()
    before = {f: getattr(store, f) for f in waiting}
    results = merge_store_fields(session, store, waiting, base_version=change.base_version,
                                 hlc=hlc, source=change.id, record_id=change.id)
    change.previous = {**(change.previous or {}), **before}
    change.status, change.applied_at, change.decided_by_id = "applied", utcnow(), user.id
    change.decision_note = (note or "").strip()[:500] or None
    record_audit(session, user, "hq.store_change_approved", "store_change", change.id,
                 {"store_id": store.id, "fields": {r.field: r.outcome for r in results},
                  "store_version": store.version}, hlc)
    session.flush()
    return results


def reject_store_change(session: Session, change: StoreChange, user: User,
                        reason: str) -> StoreChange:
    """Refuse the waiting fields of a reported change; the reason is required."""
    reason = required_reason(reason, 500)
    if change.status != "pending":
        raise ActionRefused("already_decided", change.status)
    change.status, change.decided_by_id, change.decision_note = "rejected", user.id, reason
    record_audit(session, user, "hq.store_change_rejected", "store_change", change.id,
                 {"store_id": change.store_id, "fields": sorted(waiting_fields(change)),
                  "reason": change.decision_note})
    session.flush()
    return change
