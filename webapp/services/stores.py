"""Stores: the phone's store_update records, and HQ's own edits of store info.

Fields a rep may change at once (`rules.store_changes.split_change`) are merged now;
the others wait for HQ as a pending `StoreChange` (`store_changes` decides those).
Every write goes through `store_fields.merge_store_fields`, like a phone's, so an HQ
edit and a concurrent offline update meet as a `SyncConflict` instead of one silently
erasing the other. HQ's edits leave an `AuditLog` line. Nothing here commits.
"""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.hlc import HybridClock
from sync.outcome import Outcome, Rejection
from sync.records import Record
from sync.store_merge import FieldResult

from ..models import ReferenceItem, Store, StoreChange, StoreFieldClock, User
from ..models.store import DELIVERY_METHODS, EDITABLE_FIELDS
from ..rules.store_changes import split_change, validate_phone
from .audit import record_audit
from .bulk import insert_rows
from .change_feed import allocate_change_seqs
from .context import PushContext, server_hlc
from .lookups import Lookups
from .refusals import ActionRefused
from .store_fields import merge_loaded_fields, merge_store_fields

MAX_LENGTHS = {"phone": 32, "owner_name": 100, "address": 300, "opening_hours": 100,
               "business_type": 32, "delivery_method": 20}
REQUIRED_FIELDS = ("phone", "owner_name", "address")


def _known_business_types(ctx: PushContext, records: list[Record]) -> set[str]:
    """The active business-type codes among those the records name (one query)."""
    named = {r.data.changes.get("business_type") for r in records} - {None, ""}
    if not named:
        return set()
    return set(ctx.session.scalars(select(ReferenceItem.code).where(
        ReferenceItem.kind == "business_type", ReferenceItem.code.in_(sorted(named)),
        ReferenceItem.active.is_(True))))


def _check_reference_values(changes: dict[str, str], known_business_types: set[str]) -> None:
    business_type = changes.get("business_type")
    if business_type and business_type not in known_business_types:
        raise Rejection(f"store_update.changes.business_type: unknown code {business_type!r}")


def apply_store_updates(ctx: PushContext, records: list[Record],
                        lookups: Lookups) -> list[Outcome]:
    """Apply store_update records in order, as if one by one, with a few queries in all.

    The stores are locked (FOR UPDATE, in id order) and their field clocks loaded once;
    each record then merges in memory in turn, so a later record of the batch sees the
    version and clocks an earlier one left. Change numbers are allocated in one block.
    """
    known_types = _known_business_types(ctx, records)
    checked: list[tuple[Record, int] | Outcome] = []
    for record in records:
        try:
            info = lookups.store(record.data.store_id)
            _check_reference_values(dict(record.data.changes), known_types)
        except Rejection as error:
            checked.append(Outcome(record.id, "rejected", str(error)))
            continue
        checked.append((record, info.id))
    store_ids = sorted({item[1] for item in checked if isinstance(item, tuple)})
    stores: dict[int, Store] = {}
    clocks: dict[int, dict[str, StoreFieldClock]] = {sid: {} for sid in store_ids}
    if store_ids:
        stores = {s.id: s for s in ctx.session.scalars(
            select(Store).where(Store.id.in_(store_ids)).order_by(Store.id).with_for_update())}
        for clock in ctx.session.scalars(select(StoreFieldClock).where(
                StoreFieldClock.store_id.in_(store_ids))):
            clocks[clock.store_id][clock.field] = clock
    outcomes: list[Outcome] = []
    changes_rows: list[dict] = []
    written: list[Store] = []
    for item in checked:
        if isinstance(item, Outcome):
            outcomes.append(item)
            continue
        record, store_id = item
        data, store = record.data, stores[store_id]
        if data.base_version > store.version:
            outcomes.append(Outcome(
                record.id, "rejected", f"store_update.base_version {data.base_version} is "
                f"newer than the store's version {store.version}"))
            continue
        changes = dict(data.changes)
        now_fields, later_fields = split_change(changes, ctx.settings, ctx.user.role)
        previous = {f: getattr(store, f) for f in now_fields}
        results, wrote = merge_loaded_fields(
            ctx.session, store, clocks[store_id], now_fields, base_version=data.base_version,
            hlc=record.hlc, source=record.id, record_id=record.id)
        if wrote:
            written.append(store)
        changes_rows.append({
            "id": record.id, "store_id": store.id, "reported_by_id": ctx.user.id,
            "device_id": ctx.device_id, "base_version": data.base_version, "changes": changes,
            "previous": previous, "status": "pending" if later_fields else "applied",
            "reported_at": ctx.now, "applied_at": None if later_fields else ctx.now,
            "hlc": str(record.hlc)})
        fields = {r.field: {"outcome": r.outcome, "value": r.value} for r in results}
        fields.update({f: {"outcome": "pending_hq", "value": v} for f, v in later_fields.items()})
        conflict = any(r.outcome in ("won", "lost") for r in results)
        outcomes.append(Outcome(record.id, "conflict" if conflict else "applied",
                                entity_type="store_change", entity_id=record.id,
                                details={"fields": fields, "store_version": store.version}))
    if written:
        first = allocate_change_seqs(ctx.session, len(written))
        for offset, store in enumerate(written):
            store.change_seq = first + offset
    if changes_rows:
        ctx.session.flush()
        insert_rows(ctx.session, StoreChange.__table__, changes_rows)
    return outcomes


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
                  clock: HybridClock | None = None) -> list[FieldResult]:
    """Apply HQ's edit of `store`: only fields whose value differs are merged (an unchanged
    field keeps its clock, so it cannot beat a phone's concurrent change)."""
    cleaned = clean_store_values(session, changes)
    store = locked_store(session, store.id)
    changed = {f: v for f, v in cleaned.items() if getattr(store, f) != v}
    if not changed:
        return []
    before = {f: getattr(store, f) for f in changed}
    hlc = (clock or server_hlc()).now()
    results = merge_store_fields(session, store, changed, base_version=store.version, hlc=hlc,
                                 source=f"hq:{user.id}", record_id=f"hq-edit:{user.id}")
    record_audit(session, user, "hq.store_edit", "store", store.id,
                 {"changes": {f: [before[f], v] for f, v in changed.items()},
                  "store_version": store.version}, hlc)
    session.flush()
    return results
