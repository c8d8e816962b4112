"""store_update records: a reported change of a store's info, applied by the rules.

Fields a rep may change at once (settings.store_change_direct_fields) are merged
now; the others wait for HQ as a pending `StoreChange` (issue: the rep's change is
applied at once where the rep is allowed to, otherwise it waits for HQ).
"""

from sqlalchemy import select

from webapp.models import ReferenceItem, Store, StoreChange, StoreFieldClock

from .bulk import insert_rows
from .changes import allocate_change_seqs
from .context import PushContext
from .lookups import Lookups
from .outcome import Outcome, Rejection
from .records import Record
from .store_merge import merge_loaded_fields

PRIVILEGED_ROLES = ("hq_staff", "admin", "market_manager")


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
    return apply_store_updates(ctx, [record], lookups)[0]


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
        now_fields, later_fields = split_by_authority(ctx, changes)
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
