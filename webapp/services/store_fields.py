"""Writing the field merge of store info (`sync.store_merge` decides) to a store.

Every writer of store fields (a phone's store_update, HQ's edit, HQ's approval of a
reported change, HQ's choice in a conflict) merges through here: the store's field
clocks are loaded, `sync.store_merge.decide_fields` decides, and this writes the new
values and clocks and keeps each losing value in a `SyncConflict` row for HQ.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.hlc import HLC
from sync.store_merge import FieldClock, FieldResult, decide_fields

from ..models import Store, StoreFieldClock, SyncConflict
from .change_feed import allocate_change_seqs


def merge_store_fields(
    session: Session,
    store: Store,
    values: dict[str, str],
    *,
    base_version: int,
    hlc: HLC,
    source: str,
    record_id: str,
) -> list[FieldResult]:
    """Merge `values` into `store`; returns one FieldResult per field, in input order."""
    clocks = {
        c.field: c
        for c in session.scalars(select(StoreFieldClock).where(
            StoreFieldClock.store_id == store.id, StoreFieldClock.field.in_(list(values))))
    }
    results, wrote = merge_loaded_fields(session, store, clocks, values,
                                         base_version=base_version, hlc=hlc, source=source,
                                         record_id=record_id)
    if wrote:
        store.change_seq = allocate_change_seqs(session)
    session.flush()
    return results


def merge_loaded_fields(
    session: Session,
    store: Store,
    clocks: dict[str, StoreFieldClock],
    values: dict[str, str],
    *,
    base_version: int,
    hlc: HLC,
    source: str,
    record_id: str,
) -> tuple[list[FieldResult], bool]:
    """The merge on a store whose field clocks are already loaded (`clocks`).

    New clocks are added to `session` and to `clocks`, so several records of one batch
    merge in turn exactly as if each had been flushed. Returns the results and whether
    anything was written (the caller then gives the store a new change number; it
    does not flush).
    """
    known = {field: FieldClock(HLC.parse(clock.hlc), clock.source, clock.version)
             for field, clock in clocks.items() if field in values}
    current = {field: getattr(store, field) for field in values}
    decisions = decide_fields(values, current, known, base_version=base_version, hlc=hlc,
                              source=source)
    writes: dict[str, str] = {}
    for field, decision in zip(values, decisions, strict=True):
        conflict = decision.conflict
        if conflict is not None:
            session.add(SyncConflict(
                store_id=store.id, field=field, winning_value=conflict.winning_value,
                losing_value=conflict.losing_value, winning_source=conflict.winning_source,
                losing_source=conflict.losing_source, winning_hlc=str(conflict.winning_hlc),
                losing_hlc=str(conflict.losing_hlc), record_id=record_id))
        if decision.raise_clock:
            clocks[field].hlc, clocks[field].source = str(hlc), source
        if decision.write:
            writes[field] = values[field]
    if writes:
        store.version += 1
        for field, value in writes.items():
            setattr(store, field, value)
            clock = clocks.get(field)
            if clock is None:
                clocks[field] = clock = StoreFieldClock(
                    store_id=store.id, field=field, hlc=str(hlc), version=store.version,
                    source=source)
                session.add(clock)
            else:
                clock.hlc, clock.version, clock.source = str(hlc), store.version, source
    return [d.result for d in decisions], bool(writes)
