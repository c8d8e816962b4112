"""The rep's suggestions to one store (already checked to be in scope) and the products
a rep may suggest. Flask-free."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import Product, ProductRecommendation, Store
from ...rules.recommendations import is_shown


@dataclass(frozen=True)
class StoreSuggestion:
    """A standing suggestion: the product, the note, when, whether the owner still sees it."""

    product_id: int
    name: str
    note: str
    recommended_at: datetime
    shown: bool  # False once older than the window (rules.recommendations)


def store_suggestions(session: Session, store: Store, now: datetime) -> list[StoreSuggestion]:
    """The store's suggestions not withdrawn, newest first (the owner's old ones too,
    marked, so the rep sees what to recommend again)."""
    rec = ProductRecommendation
    rows = session.execute(
        select(rec.product_id, Product.name, rec.note, rec.recommended_at)
        .join(Product, Product.id == rec.product_id)
        .where(rec.store_id == store.id, rec.withdrawn_at.is_(None), Product.active.is_(True))
        .order_by(rec.recommended_at.desc(), rec.product_id))
    return [StoreSuggestion(*row, shown=is_shown(row.recommended_at, None, now))
            for row in rows]


def suggestible_products(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every product on sale, key brands first (品牌培育), then by code."""
    return list(session.execute(select(Product.id, Product.name)
                                .where(Product.active.is_(True))
                                .order_by(Product.is_key_brand.desc(), Product.code)).all())
