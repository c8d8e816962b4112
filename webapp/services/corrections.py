"""Corrections: a visit or price check may correct an earlier one of the same store."""

from sqlalchemy import select

from sync.outcome import Rejection
from sync.records import Record

from .context import PushContext


def correction_targets(ctx: PushContext, model, records: list[Record]) -> dict[str, int]:
    """Store id of every stored record the batch's records correct (one query per 500)."""
    targets = sorted({r.data.corrects for r in records if r.data.corrects is not None})
    found: dict[str, int] = {}
    for start in range(0, len(targets), 500):
        found.update(ctx.session.execute(select(model.id, model.store_id).where(
            model.id.in_(targets[start:start + 500]))).all())
    return found


def check_correction(record: Record, store_id: int, targets: dict[str, int]) -> None:
    """A Rejection unless the record it corrects exists and belongs to the same store."""
    target = record.data.corrects
    if target is None:
        return
    found = targets.get(target)
    if found is None:
        raise Rejection(f"{record.type}.corrects: {target} is not a known {record.type}")
    if found != store_id:
        raise Rejection(f"{record.type}.corrects: {target} belongs to another store")
