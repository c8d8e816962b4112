"""Reported store changes waiting for HQ: the decision to apply or refuse them.

A rep's change of fields they may not apply at once waits as a pending `StoreChange`
(`stores.apply_store_updates`); HQ applies it through the field merge with the
record's own clock and base version, or refuses it with a reason. Each decision
leaves an `AuditLog` line and tells the rep who reported it (a STORE_CHANGE_DECIDED
notification, once per change). Nothing here commits.
"""

from sqlalchemy.orm import Session

from sync.hlc import HLC, HybridClock
from sync.store_merge import FieldResult

from ..models import StoreChange, User, utcnow
from ..rules.codes import NotificationKind
from .audit import record_audit
from .context import server_hlc
from .notifications import notify
from .refusals import ActionRefused, required_reason
from .store_fields import merge_store_fields
from .stores import clean_store_values, locked_store


def waiting_fields(change: StoreChange) -> dict[str, str]:
    """The fields of a reported change that were not applied at once (they wait for HQ,
    or waited until HQ decided: `previous` holds only the fields applied at once, so an
    approved change still shows what it changed)."""
    return {f: v for f, v in (change.changes or {}).items() if f not in (change.previous or {})}


def _tell_reporter(session: Session, change: StoreChange) -> None:
    """The rep who reported the change learns HQ's decision (once per change)."""
    notify(session, [change.reported_by_id], NotificationKind.STORE_CHANGE_DECIDED,
           "store_change", change.id, f"store_change:{change.id}:decided",
           store_id=change.store_id,
           params={"store": change.store.name if change.store else "",
                   "status": change.status, "reason": change.decision_note or ""})


def approve_store_change(session: Session, change: StoreChange, user: User,
                         note: str = "", clock: HybridClock | None = None) -> list[FieldResult]:
    """Apply the waiting fields with the record's own clock and base version, so a field
    changed since then becomes a conflict rather than being overwritten blindly."""
    if change.status != "pending":
        raise ActionRefused("already_decided", change.status)
    waiting = waiting_fields(change)
    clean_store_values(session, {f: v for f, v in waiting.items() if f == "business_type"})
    store = locked_store(session, change.store_id)
    hlc = HLC.parse(change.hlc) if change.hlc else (clock or server_hlc()).now()
    before = {f: getattr(store, f) for f in waiting}
    results = merge_store_fields(session, store, waiting, base_version=change.base_version,
                                 hlc=hlc, source=change.id, record_id=change.id)
    # `previous` stays the fields applied at once: folding the approved ones in emptied
    # `waiting_fields`, and the approved change showed nothing of what it changed
    change.status, change.applied_at, change.decided_by_id = "applied", utcnow(), user.id
    change.decision_note = (note or "").strip()[:500] or None
    record_audit(session, user, "hq.store_change_approved", "store_change", change.id,
                 {"store_id": store.id, "fields": {r.field: r.outcome for r in results},
                  "before": before, "store_version": store.version}, hlc)
    _tell_reporter(session, change)
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
    _tell_reporter(session, change)
    session.flush()
    return change
