"""The reps' product suggestions to owner1's stores for the demo (品牌培育): two products
each store does not order yet, key brands first, each with a note, by the store's rep
(rep1 in the demo), so the catalogue shows them whichever store owner1 is on. Shown to owner1 in the
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
    """Two suggestions to each of owner1's stores by the rep of the store's territory."""
    stores = [s for s in world.stores if world.owner_ids and s["owner_id"] == world.owner_ids[0]]
    if not stores or not world.rep_ids:
        return
    now = world.until or local_moment(end, 18, tz)
    candidates = sorted(world.product_ids, key=lambda p: (p not in world.key_product_ids, p))
    rows = []
    for store in stores:
        stocked = set(world.assortment.get(store["id"], []))
        picked = [p for p in candidates if p not in stocked][:2] or candidates[:2]
        rep = world.rep_ids[world.territory_ids.index(store["territory_id"])]
        rows += [{"id": _fixed_id(len(rows) + n + 1), "store_id": store["id"],
                  "product_id": product_id, "rep_id": rep, "device_id": None,
                  "note": NOTES[n], "recommended_at": now - timedelta(days=3 + 4 * n),
                  "withdrawn_at": None}
                 for n, product_id in enumerate(picked)]
    session.execute(insert(ProductRecommendation), rows)
