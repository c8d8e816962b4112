"""The rep's product suggestions to a store (品牌培育), as `recommendation` sync records.

A rep recommends a product to a store of their territory, online or offline, with a short
note ("新品，口感柔和，适合你们的客群"); the owner sees it in the catalogue as a suggestion
and orders it, or not, by their own tap: never a cart line, never an order (客户自主订货,
domain spec §2.4; `rules.recommendations`). One suggestion per store and product
(`ProductRecommendation`): recommending again replaces the note and the time and ends a
withdrawal; `withdraw` ends it. Exactly once per record id (the push's receipts); the
store is checked through the scoping helper (the batch's look-ups), the product must
exist and be on sale (a withdrawal needs it to exist only). Among actions on the same
suggestion the latest by the rep's clock wins: one queued offline for days never undoes
a later one (it is applied, and changes nothing). Nothing commits; no Flask.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from sync.outcome import Outcome, Rejection
from sync.records import Record
from sync.times import clamp_future

from ..models import Product, ProductRecommendation
from ..rules.recommendations import newer_than
from .context import PushContext
from .lookups import Lookups


def _products(ctx: PushContext, records: list[Record]) -> dict[int, bool]:
    """Product id -> whether it is on sale, for the products the records name."""
    ids = sorted({r.data.product_id for r in records})
    found: dict[int, bool] = {}
    for start in range(0, len(ids), 500):
        found.update(ctx.session.execute(select(Product.id, Product.active).where(
            Product.id.in_(ids[start:start + 500]))).all())
    return found


def _existing(ctx: PushContext, records: list[Record]) -> dict[tuple[int, int],
                                                                ProductRecommendation]:
    """The stored suggestions of the (store, product) pairs the records name."""
    pairs = {(r.data.store_id, r.data.product_id) for r in records}
    stores = sorted({store for store, _ in pairs})
    found = {}
    for start in range(0, len(stores), 500):
        for row in ctx.session.scalars(select(ProductRecommendation).where(
                ProductRecommendation.store_id.in_(stores[start:start + 500]))):
            if (row.store_id, row.product_id) in pairs:
                found[(row.store_id, row.product_id)] = row
    return found


def _record_time(ctx: PushContext, record: Record) -> datetime:
    """When the rep acted: the record's clock (a phone far ahead counts as now)."""
    moment = datetime.fromtimestamp(record.hlc.wall_ms / 1000, tz=UTC)
    return min(clamp_future(moment, ctx)[0], ctx.now)


def _check(record: Record, lookups: Lookups, products: dict[int, bool]) -> None:
    data = record.data
    lookups.store(data.store_id)  # in the rep's territory (scope.visible_stores)
    on_sale = products.get(data.product_id)
    if on_sale is None or (not on_sale and not data.withdraw):
        raise Rejection(f"recommendation.product_id: product {data.product_id} "
                        "does not exist or is no longer sold")


def apply_recommendations(ctx: PushContext, records: list[Record],
                          lookups: Lookups) -> list[Outcome]:
    """Apply each suggestion or withdrawal in order; a record applied before is a
    duplicate already (the push's receipts), so each arrives exactly once."""
    products = _products(ctx, records)
    stored = _existing(ctx, records)
    outcomes = []
    for record in records:
        data = record.data
        try:
            _check(record, lookups, products)
        except Rejection as error:
            outcomes.append(Outcome(record.id, "rejected", str(error)))
            continue
        at = _record_time(ctx, record)
        key = (data.store_id, data.product_id)
        row = stored.get(key)
        details: dict = {"withdrawn": data.withdraw}
        if row is not None and not newer_than(at, row.recommended_at, row.withdrawn_at):
            details["superseded"] = True  # a later action on the phone or another one stands
        elif data.withdraw:
            if row is not None and row.withdrawn_at is None:
                row.withdrawn_at = at
        elif row is None:
            row = stored[key] = ProductRecommendation(
                id=record.id, store_id=data.store_id, product_id=data.product_id,
                rep_id=ctx.user.id, device_id=ctx.device_id, note=data.note,
                recommended_at=at, withdrawn_at=None)
            ctx.session.add(row)
        else:
            row.rep_id, row.device_id, row.note = ctx.user.id, ctx.device_id, data.note
            row.recommended_at, row.withdrawn_at = at, None
        ctx.session.flush()
        outcomes.append(Outcome(record.id, "applied", entity_type="product_recommendation",
                                entity_id=row.id if row is not None else None,
                                details=details))
    return outcomes
