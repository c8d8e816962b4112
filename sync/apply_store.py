"""store_update records: a reported change of a store's info, applied by the rules.

Fields a rep may change at once (settings.store_change_direct_fields) are merged
now; the others wait for HQ as a pending `StoreChange` (issue: the rep's change is
applied at once where the rep is allowed to, otherwise it waits for HQ).
"""

from sqlalchemy import select

from webapp.models import ReferenceItem, Store, StoreChange

from .context import PushContext
from .lookups import Lookups
from .outcome import Outcome, Rejection
from .records import Record
from .store_merge import merge_store_fields

PRIVILEGED_ROLES = ("hq_staff", "admin", "market_manager")


def _check_reference_values(ctx: PushContext, changes: dict[str, str]) -> None:
    business_type = changes.get("business_type")
    if business_type:
        known = ctx.session.scalar(select(ReferenceItem.id).where(
            ReferenceItem.kind == "business_type", ReferenceItem.code == business_type,
            ReferenceItem.active.is_(True)))
        if known is None:
            raise Rejection(f"store_update.changes.business_type: unknown code {business_type!r}")


def split_by_authority(ctx: PushContext, changes: dict[str, str]) -> tuple[dict, dict]:
    """(fields applied now, fields waiting for HQ) for this user."""
    if ctx.user.role in PRIVILEGED_ROLES:
        return dict(changes), {}
    direct = set(ctx.settings.store_change_direct_fields)
    now = {f: v for f, v in changes.items() if f in direct}
    later = {f: v for f, v in changes.items() if f not in direct}
    return now, later


def apply_store_update(ctx: PushContext, record: Record, lookups: Lookups) -> Outcome:
    """Apply one store_update record (rejected, applied, or conflict with field details)."""
    data = record.data
    try:
        info = lookups.store(data.store_id)
        changes = dict(data.changes)
        _check_reference_values(ctx, changes)
    except Rejection as error:
        return Outcome(record.id, "rejected", str(error))
    store = ctx.session.scalar(select(Store).where(Store.id == info.id).with_for_update())
    if data.base_version > store.version:
        return Outcome(record.id, "rejected",
                       f"store_update.base_version {data.base_version} is newer than the "
                       f"store's version {store.version}")
    now_fields, later_fields = split_by_authority(ctx, changes)
    previous = {f: getattr(store, f) for f in now_fields}
    results = merge_store_fields(ctx.session, store, now_fields, base_version=data.base_version,
                                 hlc=record.hlc, source=record.id, record_id=record.id)
    ctx.session.add(StoreChange(
        id=record.id, store_id=store.id, reported_by_id=ctx.user.id, device_id=ctx.device_id,
        base_version=data.base_version, changes=changes, previous=previous,
        status="pending" if later_fields else "applied", reported_at=ctx.now,
        applied_at=None if later_fields else ctx.now, hlc=str(record.hlc)))
    fields = {r.field: {"outcome": r.outcome, "value": r.value} for r in results}
    fields.update({f: {"outcome": "pending_hq", "value": v} for f, v in later_fields.items()})
    conflict = any(r.outcome in ("won", "lost") for r in results)
    return Outcome(record.id, "conflict" if conflict else "applied",
                   entity_type="store_change", entity_id=record.id,
                   details={"fields": fields, "store_version": store.version})
