"""A small world for notices, inboxes and surveys: two regions, each with two
territories, one rep per territory, a manager per region, HQ, and stores of known
business type and grade with their owners. Every account's password is TEST_PASSWORD."""

from dataclasses import dataclass, field

from webapp.models import ReferenceItem, Region, Store, Territory, User

# (name, region, territory, business type, grade, owner)
STORES = [
    ("东一烟酒", 0, 0, "grocery", "A", "owner_a"),
    ("东二超市", 0, 0, "supermarket", "B", "owner_b"),
    ("东三便利", 0, 1, "convenience", "A", "owner_c"),
    ("西一烟酒", 1, 2, "grocery", "A", "owner_d"),
    ("西二超市", 1, 3, "supermarket", "C", "owner_d"),
]


@dataclass
class NoticeWorld:
    regions: list[Region] = field(default_factory=list)
    territories: list[Territory] = field(default_factory=list)
    stores: list[Store] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)

    def store(self, name: str) -> Store:
        return next(s for s in self.stores if s.name == name)


def build_notice_world(session, password_hash: str) -> NoticeWorld:
    """The world above, committed."""
    world = NoticeWorld()
    for code, zh, en in (("grocery", "食杂店", "Grocery"), ("supermarket", "超市", "Supermarket"),
                         ("convenience", "便利店", "Convenience store")):
        session.add(ReferenceItem(kind="business_type", code=code, name_zh=zh, name_en=en))
    for r in range(2):
        region = Region(code=f"R{r}", name=("东区", "西区")[r])
        session.add(region)
        session.flush()
        world.regions.append(region)
        for t in range(2):
            territory = Territory(code=f"T{r}{t}", name=f"{region.name}片区{t + 1}",
                                  region_id=region.id)
            session.add(territory)
            world.territories.append(territory)
    session.flush()

    def user(username, role, **extra):
        u = User(username=username, password_hash=password_hash, display_name=username,
                 role=role, **extra)
        session.add(u)
        world.users[username] = u
        return u

    user("hq1", "hq_staff")
    for r, region in enumerate(world.regions):
        user(f"mgr{r}", "market_manager", region_id=region.id)
    for t, territory in enumerate(world.territories):
        user(f"rep{t}", "rep", territory_id=territory.id)
    for owner in sorted({s[5] for s in STORES}):
        user(owner, "store_owner")
    session.flush()
    for i, (name, _r, t, business_type, grade, owner) in enumerate(STORES):
        store = Store(customer_code=f"C{i:03d}", name=name, owner_name=owner, phone="13800000000",
                      address="路1号", business_type=business_type, market_type="urban",
                      grade=grade, territory_id=world.territories[t].id,
                      owner_id=world.users[owner].id)
        session.add(store)
        world.stores.append(store)
    session.commit()
    return world
