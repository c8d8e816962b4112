"""rep1's product suggestions to owner1's first store for the demo (品牌培育): two products
the store does not order yet, key brands first, each with a note. Shown to owner1 in the
catalogue, never in the cart (客户自主订货).

No random numbers are drawn here (the rest of the data set stays as it was): the times
count back from the end of the history, the ids are fixed.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ..models import ProductRecommendation
from .history import local_moment
from .people import World

NOTES = ("重点培育品牌，口感柔和，适合您店的老顾客", "新品上市，价位补缺，可以先少量试试")


def _fixed_id(n: int) -> str:
    return str(uuid.UUID(int=0xD3E1_0000_0000_0000_0000_0000_0000_0000 + n, version=4))


def seed_owner1_recommendations(session: Session, world: World, end: date,
                                tz: ZoneInfo) -> None:
    """Two suggestions by rep1 (territory 1's rep) to owner1's first store."""
    stores = [s for s in world.stores if world.owner_ids and s["owner_id"] == world.owner_ids[0]]
    if not stores or not world.rep_ids:
        return
    store = stores[0]
    stocked = set(world.assortment.get(store["id"], []))
    candidates = sorted(world.product_ids, key=lambda p: (p not in world.key_product_ids, p))
    picked = [p for p in candidates if p not in stocked][:2] or candidates[:2]
    now = world.until or local_moment(end, 18, tz)
    session.execute(insert(ProductRecommendation), [
        {"id": _fixed_id(n + 1), "store_id": store["id"], "product_id": product_id,
         "rep_id": world.rep_ids[0], "device_id": None, "note": NOTES[n],
         "recommended_at": now - timedelta(days=3 + 4 * n), "withdrawn_at": None}
        for n, product_id in enumerate(picked)])
