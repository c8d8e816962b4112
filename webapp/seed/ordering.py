"""Ordering windows, allocations and new products for the demo: owner1's stores can
always order, and three products are new (新品) on the demo's day.

No random numbers are drawn here, so the rest of the data set stays as it was.
"""

from datetime import date, time, timedelta

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from ..models import OrderingWindow, Product, ProductOrderLimit
from . import vocabulary as V
from .people import World

ALL_DAY = time(0, 0)  # opens == closes: the whole day (rules.ordering_window)
# Other regions order on working days in office hours, so "outside the window" shows.
OFFICE_OPENS, OFFICE_CLOSES = time(8, 30), time(17, 30)
KEY_BRAND_WEEKLY_LIMIT = 100  # cartons per store and ISO week, every key brand
SCARCE_WEEKLY_LIMIT = 10  # the dearest product is allocated sparingly
FIRST_STORE_EXTRA = 200  # owner1's first store is allocated more of one key brand
# new products (rules.new_products): name -> days after the last seeded day they stay new;
# one key brand (its badge beside the key-brand mark) and two carton-by-carton products
NEW_PRODUCTS = {"中华(硬)": 45, "云烟(细支云龙)": 30, "七彩云南(三七)": 14}


def seed_ordering(session: Session, world: World) -> None:
    """Windows per region (owner1's region: every day, all day) and weekly allocations."""
    windows = [{"region_id": world.region_ids[0], "weekday": day, "opens_at": ALL_DAY,
                "closes_at": ALL_DAY} for day in range(7)]
    windows += [{"region_id": region, "weekday": day, "opens_at": OFFICE_OPENS,
                 "closes_at": OFFICE_CLOSES}
                for region in world.region_ids[1:] for day in range(5)]
    session.execute(insert(OrderingWindow), windows)
    limits = [{"product_id": p, "store_id": None, "max_quantity": KEY_BRAND_WEEKLY_LIMIT,
               "period": "week"} for p in world.key_product_ids]
    dearest = max(world.product_prices, key=lambda p: (world.product_prices[p][1], p))
    limits.append({"product_id": dearest, "store_id": None, "max_quantity": SCARCE_WEEKLY_LIMIT,
                   "period": "week"})
    if world.key_product_ids and world.stores:
        limits.append({"product_id": world.key_product_ids[0], "store_id": world.stores[0]["id"],
                       "max_quantity": FIRST_STORE_EXTRA, "period": "week"})
    session.execute(insert(ProductOrderLimit), limits)


def seed_new_products(session: Session, world: World, end: date) -> None:
    """Mark NEW_PRODUCTS new through some days after `end` (the seed's today), so they
    are new on the demo's day whatever day it is seeded."""
    for index, row in enumerate(V.PRODUCTS):
        if row[1] in NEW_PRODUCTS:
            session.execute(update(Product).where(Product.id == world.product_ids[index])
                            .values(new_until=end + timedelta(days=NEW_PRODUCTS[row[1]])))
