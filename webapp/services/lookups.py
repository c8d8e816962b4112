"""Batch look-ups: the stores in scope and the products a batch refers to, loaded once."""

from dataclasses import dataclass

from sqlalchemy import select

from sync.outcome import Rejection
from sync.records import Record

from ..models import Product, Store
from ..scope import visible_stores
from .context import PushContext

CHUNK = 500


@dataclass(frozen=True)
class StoreInfo:
    """What the appliers need of a store."""

    id: int
    lat: float | None
    lng: float | None
    territory_id: int


@dataclass(frozen=True)
class ProductInfo:
    """What the appliers need of a product."""

    id: int
    guide_price_fen: int
    active: bool


@dataclass
class Lookups:
    """Stores the pusher may write to, and the existing products, by id."""

    stores: dict[int, StoreInfo]
    products: dict[int, ProductInfo]

    def store(self, store_id: int) -> StoreInfo:
        """The store, or a Rejection when it does not exist or is outside the user's scope."""
        found = self.stores.get(store_id)
        if found is None:
            raise Rejection(f"store {store_id} does not exist or is not in your territory")
        return found

    def product(self, product_id: int) -> ProductInfo:
        """The product, or a Rejection when it does not exist or is no longer sold."""
        found = self.products.get(product_id)
        if found is None or not found.active:
            raise Rejection(f"product {product_id} does not exist or is no longer sold")
        return found


def _chunks(values: list[int]):
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def load_lookups(ctx: PushContext, records: list[Record]) -> Lookups:
    """Load every store (through the scoping helper) and product the records name."""
    store_ids = sorted({r.data.store_id for r in records})
    product_ids: set[int] = set()
    for r in records:
        if r.type == "price_check":
            product_ids.add(r.data.product_id)
        elif r.type == "restock_request":
            product_ids.update(line.product_id for line in r.data.lines)
    stores: dict[int, StoreInfo] = {}
    for chunk in _chunks(store_ids):
        stmt = visible_stores(ctx.user).where(Store.id.in_(chunk)).with_only_columns(
            Store.id, Store.lat, Store.lng, Store.territory_id)
        for row in ctx.session.execute(stmt):
            stores[row.id] = StoreInfo(row.id, row.lat, row.lng, row.territory_id)
    products: dict[int, ProductInfo] = {}
    for chunk in _chunks(sorted(product_ids)):
        stmt = select(Product.id, Product.guide_price_fen, Product.active).where(
            Product.id.in_(chunk))
        for row in ctx.session.execute(stmt):
            products[row.id] = ProductInfo(row.id, row.guide_price_fen, row.active)
    return Lookups(stores, products)
