"""Field-by-field merge of store info, from phones and from HQ alike.

A field nobody changed since the writer's `base_version` takes the new value.
A field changed concurrently gets a deterministic winner: the higher hybrid
logical clock (ties broken by device id, then by source); the losing value is
kept in a `SyncConflict` row that HQ reviews. A concurrent write of the value the
field already holds is no conflict: nothing is written and the version stays,
only the field's clock moves up to the higher of the two. So every replica and every
arrival order ends in the same state, and no value is silently lost.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.models import Store, StoreFieldClock, SyncConflict

from .changes import allocate_change_seqs
from .hlc import HLC


@dataclass(frozen=True)
class FieldResult:
    """What happened to one field: applied, won or lost (a concurrent change), and the value."""

    field: str
    outcome: str  # applied, won, lost
    value: str | None


def _clock_key(hlc: HLC, source: str) -> tuple[HLC, str]:
    return (hlc, source)


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
    """The merge itself, on a store whose field clocks are already loaded (`clocks`).

    New clocks are added to `session` and to `clocks`, so several records of one batch
    merge in turn exactly as if each had been flushed. Returns the results and whether
    anything was written (the caller then gives the store a new change number; it
    does not flush).
    """
    results: list[FieldResult] = []
    writes: dict[str, str] = {}
    for field, value in values.items():
        clock = clocks.get(field)
        current = getattr(store, field)
        if clock is None or clock.version <= base_version:
            writes[field] = value
            results.append(FieldResult(field, "applied", value))
            continue
        incoming_wins = _clock_key(hlc, source) > _clock_key(HLC.parse(clock.hlc), clock.source)
        if value == current:
            # the same value from both sides is no conflict and no new version; the
            # field keeps the higher clock, so a later concurrent write meets the same
            # winner in any arrival order
            if incoming_wins:
                clock.hlc, clock.source = str(hlc), source
            results.append(FieldResult(field, "applied", value))
            continue
        winner_value, loser_value = (value, current) if incoming_wins else (current, value)
        session.add(SyncConflict(
            store_id=store.id, field=field, winning_value=winner_value, losing_value=loser_value,
            winning_source=source if incoming_wins else clock.source,
            losing_source=clock.source if incoming_wins else source,
            winning_hlc=str(hlc) if incoming_wins else clock.hlc,
            losing_hlc=clock.hlc if incoming_wins else str(hlc),
            record_id=record_id,
        ))
        if incoming_wins:
            writes[field] = value
        results.append(FieldResult(field, "won" if incoming_wins else "lost", winner_value))
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
    return results, bool(writes)
