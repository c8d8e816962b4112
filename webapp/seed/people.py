"""Regions, territories, users, reference lists, products and stores."""

import random
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ..models import Product, ReferenceItem, Region, Store, StoreProduct, Territory, User
from . import vocabulary as V

UNUSABLE_HASH = "!seeded-account-no-password"  # check_password always fails on it
CENTRE = (23.3695, 104.2440)  # 文山市
KEY_BRAND_MULTIPLE = 25  # [003 25条整倍数]


@dataclass
class World:
    """What the later generators need to know about the seeded people and places."""

    region_ids: list[int] = field(default_factory=list)
    territory_ids: list[int] = field(default_factory=list)
    rep_ids: list[int] = field(default_factory=list)  # rep i works territory i
    manager_ids: list[int] = field(default_factory=list)
    hq_id: int = 0
    owner_ids: list[int] = field(default_factory=list)
    product_ids: list[int] = field(default_factory=list)
    product_prices: dict[int, tuple[int, int]] = field(default_factory=dict)
    key_product_ids: list[int] = field(default_factory=list)  # ordered in 25-carton steps
    stores: list[dict] = field(default_factory=list)  # rows as inserted
    assortment: dict[int, list[int]] = field(default_factory=dict)
    until: datetime | None = None  # nothing seeded after this moment (the clock's now)

    def happened(self, moment: datetime) -> bool:
        """Whether `moment` is history, not later today."""
        return self.until is None or moment <= self.until


def person_name(rng: random.Random) -> str:
    """A plausible Chinese personal name."""
    given = rng.choice(V.GIVEN) + (rng.choice(V.GIVEN) if rng.random() < 0.6 else "")
    return rng.choice(V.SURNAMES) + given


def seed_reference(session: Session) -> None:
    """The admin-maintained lists the manuals require (业态, 客户类别, 商圈)."""
    rows = []
    for kind, items in (("business_type", V.BUSINESS_TYPES),
                        ("customer_category", V.CUSTOMER_CATEGORIES),
                        ("trading_area", V.TRADING_AREAS)):
        rows += [{"kind": kind, "code": c, "name_zh": zh, "name_en": en} for c, zh, en in items]
    session.execute(insert(ReferenceItem), rows)


def seed_people(session: Session, rng: random.Random, reps: int, password_hash: str | None,
                world: World) -> None:
    """Regions (a manager each, ~5 territories each), one territory per rep, HQ, admin."""
    pw = password_hash or UNUSABLE_HASH
    n_regions = max(1, (reps + 4) // 5)
    for r in range(n_regions):
        region = Region(code=f"R{r + 1:02d}", name=f"{V.DISTRICTS[r % len(V.DISTRICTS)]}片区")
        session.add(region)
        session.flush()
        world.region_ids.append(region.id)
    for t in range(reps):
        territory = Territory(code=f"T{t + 1:03d}", name=f"第{t + 1}片区",
                              region_id=world.region_ids[t * n_regions // reps])
        session.add(territory)
        session.flush()
        world.territory_ids.append(territory.id)
    hq = User(username="hq", display_name="营销中心 " + person_name(rng), role="hq_staff",
              password_hash=pw)
    admin = User(username="admin", display_name="系统管理员", role="admin", password_hash=pw)
    session.add_all([hq, admin])
    for r, region_id in enumerate(world.region_ids):
        m = User(username=f"manager{r + 1}", display_name=person_name(rng),
                 role="market_manager", region_id=region_id, password_hash=pw,
                 phone=f"139{rng.randrange(10**8):08d}")
        session.add(m)
        session.flush()
        world.manager_ids.append(m.id)
    for t, territory_id in enumerate(world.territory_ids):
        u = User(username=f"rep{t + 1}", display_name=person_name(rng), role="rep",
                 territory_id=territory_id, password_hash=pw,
                 phone=f"138{rng.randrange(10**8):08d}")
        session.add(u)
        session.flush()
        world.rep_ids.append(u.id)
    session.flush()
    world.hq_id = hq.id


def seed_products(session: Session, world: World) -> None:
    """The product list with guide and wholesale prices (fen); the key brands are ordered
    in whole multiples of 25 cartons [003 25条整倍数], the others carton by carton."""
    for i, (brand, name, pack, guide, wholesale, key) in enumerate(V.PRODUCTS):
        step = KEY_BRAND_MULTIPLE if key else 1
        p = Product(code=f"P{i + 1:04d}", name=name, brand=brand, pack=pack,
                    guide_price_fen=guide, wholesale_price_fen=wholesale, is_key_brand=key,
                    order_minimum=step, order_multiple=step, change_seq=i + 1)
        session.add(p)
        session.flush()
        world.product_ids.append(p.id)
        world.product_prices[p.id] = (guide, wholesale)
        if key:
            world.key_product_ids.append(p.id)


def seed_stores(session: Session, rng: random.Random, n_stores: int, password_hash: str | None,
                world: World) -> None:
    """Stores spread over the territories; owners own one to three stores each."""
    pw = password_hash or UNUSABLE_HASH
    grades = ["A"] * 5 + ["B"] * 30 + ["C"] * 35 + ["D"] * 25 + ["E"] * 5
    owner_rows, store_rows, owner_of = [], [], []
    i = 0
    while i < n_stores:
        count = 2 if i == 0 else rng.choice((1, 1, 1, 2, 3))
        owner_index = len(owner_rows)
        owner_rows.append({"username": f"owner{owner_index + 1}", "display_name": person_name(rng),
                           "role": "store_owner", "password_hash": pw, "locale": "zh",
                           "phone": f"13{rng.randrange(3, 10)}{rng.randrange(10**8):08d}"})
        owner_of += [owner_index] * min(count, n_stores - i)
        i += count
    session.execute(insert(User), owner_rows)
    ids = dict(session.query(User.username, User.id).filter(User.role == "store_owner").all())
    world.owner_ids = [ids[f"owner{k + 1}"] for k in range(len(owner_rows))]
    n_terr = len(world.territory_ids)
    for s in range(n_stores):
        owner = owner_rows[owner_of[s]]
        # owner1's stores both sit in territory 1 so the demo rep1 serves them
        territory = world.territory_ids[0 if owner_of[s] == 0 else s % n_terr]
        lat = CENTRE[0] + rng.uniform(-0.06, 0.06)
        lng = CENTRE[1] + rng.uniform(-0.06, 0.06)
        business = rng.choice(V.BUSINESS_TYPES)
        district = rng.choice(V.DISTRICTS)
        store_rows.append({
            "customer_code": f"5326{s + 1:08d}",
            "name": f"{rng.choice(V.SHOP_PREFIXES)}{rng.choice(V.SHOP_WORDS)}",
            "owner_name": owner["display_name"], "phone": owner["phone"],
            "address": f"{V.CITY}{district}{rng.choice(V.STREETS)}"
                       f"{rng.randrange(1, 300)}号",
            "opening_hours": rng.choice(["08:00-22:00", "07:30-23:00", "09:00-21:00"]),
            "lat": round(lat, 6), "lng": round(lng, 6),
            "business_type": business[0],
            "customer_category": rng.choice(V.CUSTOMER_CATEGORIES)[0],
            "trading_area": rng.choice(V.TRADING_AREAS)[0],
            "market_type": "rural" if district.endswith("镇") else "urban",
            "grade": rng.choice(grades), "is_sample": rng.random() < 0.2 or s < 2,
            "delivery_method": rng.choice(["home_delivery"] * 6 + ["pickup_point",
                                                                    "delegated_delivery"]),
            "settlement": "electronic" if rng.random() < 0.8 else "cash",
            "status": "active", "territory_id": territory,
            "owner_id": world.owner_ids[owner_of[s]], "version": 1,
            "change_seq": len(world.product_ids) + s + 1,
        })
    session.execute(insert(Store), store_rows)
    ids = dict(session.query(Store.customer_code, Store.id).all())
    for row in store_rows:
        row["id"] = ids[row["customer_code"]]
    world.stores = store_rows
    assortment_rows = []
    for row in store_rows:
        k = rng.randrange(8, min(14, len(world.product_ids)) + 1)
        chosen = sorted(rng.sample(world.product_ids, k))
        world.assortment[row["id"]] = chosen
        assortment_rows += [{"store_id": row["id"], "product_id": p} for p in chosen]
    session.execute(insert(StoreProduct), assortment_rows)

