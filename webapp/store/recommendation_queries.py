"""The rep's suggestions the owner sees in the catalogue (品牌培育, domain spec §2.4):
a mark and the rep's note beside the product, never a cart line: the owner orders it,
or not, by their own tap (客户自主订货). Withdrawn suggestions and those older than
`rules.recommendations.SHOWN_DAYS` are not shown. One query for the whole page. No Flask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Product, ProductRecommendation, Store, User
from ..rules.recommendations import shown_since
from ..scope import visible_store_ids

SHORT_LIST = 5  # suggestions named at the top of the catalogue


@dataclass(frozen=True)
class Suggestion:
    """A product the store's account manager suggests, with their note."""

    product_id: int
    name: str
    code: str
    note: str
    recommended_at: datetime


def catalogue_suggestions(session: Session, user: User, store: Store,
                          now: datetime) -> dict[int, Suggestion]:
    """Product id -> the suggestion the owner sees for `store` (in the owner's scope),
    newest first; products no longer on sale are left out."""
    rec = ProductRecommendation
    rows = session.execute(
        select(rec.product_id, Product.name, Product.code, rec.note, rec.recommended_at)
        .join(Product, Product.id == rec.product_id)
        .where(rec.store_id == store.id, rec.store_id.in_(visible_store_ids(user)),
               rec.withdrawn_at.is_(None), rec.recommended_at >= shown_since(now),
               Product.active.is_(True))
        .order_by(rec.recommended_at.desc(), rec.product_id))
    return {row.product_id: Suggestion(*row) for row in rows}
