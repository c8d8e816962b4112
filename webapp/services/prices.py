"""Price checks: the phone's shelf prices, appended with the guide price of the moment.

Only the latest check of a store and product carries a change number, so a pull
sends that one and never an older one pushed late.
"""

from sqlalchemy import select, update

from sync.outcome import Outcome, Rejection
from sync.records import Record
from sync.times import clamp_future, iso_week_of

from ..models import PriceCheck
from .bulk import insert_rows
from .change_feed import allocate_change_seqs
from .context import PushContext
from .corrections import check_correction, correction_targets
from .lookups import Lookups


def _number_latest(ctx: PushContext, rows: list[dict]) -> None:
    """Give change numbers to the checks that become the latest of their store and
    product (by observed_at, then id); clear the number of the stored ones they
    supersede. Only the latest check carries a number, so the pull needs no probe.

    The block is allocated first: it locks the counter row, so concurrent pushes of
    the same store and product read each other's latest check in turn.
    """
    first = allocate_change_seqs(ctx.session, len(rows))
    store_ids = sorted({row["store_id"] for row in rows})
    stored: dict[tuple[int, int], tuple] = {}
    for start in range(0, len(store_ids), 500):
        for check_id, store_id, product_id, observed in ctx.session.execute(
                select(PriceCheck.id, PriceCheck.store_id, PriceCheck.product_id,
                       PriceCheck.observed_at)
                .where(PriceCheck.store_id.in_(store_ids[start:start + 500]),
                       PriceCheck.change_seq.is_not(None))):
            stored[(store_id, product_id)] = (observed, check_id)
    best: dict[tuple[int, int], tuple] = dict(stored)
    for row in rows:
        key = (row["store_id"], row["product_id"])
        if key not in best or (row["observed_at"], row["id"]) > best[key]:
            best[key] = (row["observed_at"], row["id"])
    winners = {check_id for _, check_id in best.values()}
    for offset, row in enumerate(rows):
        row["change_seq"] = first + offset if row["id"] in winners else None
    superseded = sorted(check_id for _, check_id in stored.values() if check_id not in winners)
    for start in range(0, len(superseded), 500):
        ctx.session.execute(update(PriceCheck).where(
            PriceCheck.id.in_(superseded[start:start + 500])).values(change_seq=None)
            .execution_options(synchronize_session=False))


def apply_price_checks(ctx: PushContext, records: list[Record],
                       lookups: Lookups) -> list[Outcome]:
    """Insert each valid price check with the guide price of the moment; reject the rest."""
    outcomes, rows = [], []
    targets = correction_targets(ctx, PriceCheck, records)
    for record in records:
        data = record.data
        try:
            store = lookups.store(data.store_id)
            product = lookups.product(data.product_id)
            check_correction(record, store.id, targets)
        except Rejection as error:
            outcomes.append(Outcome(record.id, "rejected", str(error)))
            continue
        observed, skewed = clamp_future(data.observed_at, ctx)
        rows.append({
            "id": record.id, "store_id": store.id, "product_id": product.id,
            "rep_id": ctx.user.id, "device_id": ctx.device_id, "observed_at": observed,
            "iso_week": iso_week_of(observed, ctx.settings.timezone),
            "shelf_price_fen": data.shelf_price_fen, "guide_price_fen": product.guide_price_fen,
            "stock_units": data.stock_units, "out_of_stock_days": data.out_of_stock_days,
            "corrects_id": data.corrects, "hlc": str(record.hlc), "created_at": ctx.now,
        })
        outcomes.append(Outcome(record.id, "applied", entity_type="price_check",
                                entity_id=record.id,
                                details={"flags": ["clock_skew"]} if skewed else {}))
    if rows:
        _number_latest(ctx, rows)
        insert_rows(ctx.session, PriceCheck.__table__, rows)
    return outcomes
