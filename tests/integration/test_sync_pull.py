"""GET /sync/pull: everything in the caller's scope since a cursor, with tombstones."""

from datetime import datetime

from sqlalchemy import func, select
from sync_helpers import price_data, push, record, register, rep_world
from time_helpers import ago_iso

from webapp.models import PriceCheck, Product, Store, SyncCounter, Ticket, Tombstone
from webapp.services.change_feed import allocate_change_seqs, touch_tickets


def _pull_all(client, device, cursor="", limit=None):
    changes, pages = [], 0
    while True:
        query = f"/sync/pull?cursor={cursor}" + (f"&limit={limit}" if limit else "")
        page = client.get(query, headers={"Authorization": f"Bearer {device['token']}"})
        assert page.status_code == 200
        body = page.get_json()
        changes += body["changes"]
        cursor = body["cursor"]
        pages += 1
        if not body["has_more"]:
            return changes, cursor, pages


def test_a_new_phone_gets_its_territory_and_all_products(seeded, db, client, password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    changes, cursor, _ = _pull_all(client, device)
    stores = {c["id"] for c in changes if c["type"] == "store"}
    expected = set(db.session.scalars(select(Store.id).where(
        Store.territory_id == world["rep"].territory_id)))
    assert stores == expected
    assert world["foreign"].id not in stores
    products = [c for c in changes if c["type"] == "product"]
    assert len(products) == db.session.scalar(select(func.count()).select_from(Product))
    store = next(c for c in changes if c["type"] == "store" and c["id"] == world["store"].id)
    assert store["data"]["version"] == world["store"].version
    assert world["product"].id in store["data"]["assortment"]
    assert {"phone", "owner_name", "address", "opening_hours", "business_type"} <= set(
        store["data"])
    again, same_cursor, _ = _pull_all(client, device, cursor)
    assert again == [] and int(same_cursor) >= int(cursor)  # may skip changes out of scope


def test_paging_returns_everything_exactly_once(seeded, db, client, password):
    device = register(client, "hq", password)
    everything, _, _ = _pull_all(client, device)
    paged, _, pages = _pull_all(client, device, limit=5)
    assert pages > 2
    assert [(c["type"], c["id"]) for c in paged] == [(c["type"], c["id"]) for c in everything]


def test_a_changed_store_comes_back_after_the_cursor(seeded, db, client, password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    _, cursor, _ = _pull_all(client, device)
    store = db.session.get(Store, world["store"].id)
    store.phone = "13911112222"
    store.version += 1
    store.change_seq = allocate_change_seqs(db.session)
    db.session.commit()
    changes, _, _ = _pull_all(client, device, cursor)
    assert [(c["type"], c["id"], c["data"]["phone"]) for c in changes] == [
        ("store", store.id, "13911112222")]


def test_deletions_travel_as_tombstones_and_old_cursors_reset(seeded, db, client, password):
    device = register(client, "hq", password)
    _, cursor, _ = _pull_all(client, device)
    seq = allocate_change_seqs(db.session)
    db.session.add(Tombstone(seq=seq, entity_type="product", entity_id="999"))
    db.session.commit()
    changes, _, _ = _pull_all(client, device, cursor)
    assert changes == [{"type": "product", "id": "999", "deleted": True, "data": None}]
    counter = db.session.get(SyncCounter, 1)
    counter.tombstones_purged_below = seq + 1
    db.session.commit()
    reset = client.get(f"/sync/pull?cursor={cursor}",
                       headers={"Authorization": f"Bearer {device['token']}"}).get_json()
    assert reset["reset"] is True


def test_a_bad_cursor_is_a_clear_400(seeded, client, password):
    device = register(client, "rep1", password)
    response = client.get("/sync/pull?cursor=abc",
                          headers={"Authorization": f"Bearer {device['token']}"})
    assert response.status_code == 400 and "cursor" in response.get_json()["message"]


def _auth(device):
    return {"Authorization": f"Bearer {device['token']}"}


def _ticket_data(store_id: int, **extra) -> dict:
    return {"store_id": store_id, "category": "expired", "description": "过期商品", **extra}


def _latest_checks(db, store_ids) -> dict[tuple[int, int], str]:
    """(store, product) → id of the latest check (by observed_at, then id), from the table."""
    latest: dict[tuple[int, int], tuple[datetime, str]] = {}
    for check_id, store_id, product_id, observed in db.session.execute(
            select(PriceCheck.id, PriceCheck.store_id, PriceCheck.product_id,
                   PriceCheck.observed_at).where(PriceCheck.store_id.in_(store_ids))):
        best = latest.get((store_id, product_id))
        if best is None or (observed, check_id) > best:
            latest[(store_id, product_id)] = (observed, check_id)
    return {key: check_id for key, (_, check_id) in latest.items()}


def test_a_first_pull_carries_the_latest_price_checks_and_open_tickets_of_the_scope(
        seeded, db, client, password):
    world = rep_world(db)
    store, product = world["store"], world["product"]
    hq = register(client, "hq", password)
    # the seeded history ends at the clock's now: `newer` (now) is the latest check
    older = record("price_check", price_data(store.id, product.id, shelf_price="21.00",
                                             observed_at=ago_iso(minutes=1)))
    newer = record("price_check", price_data(store.id, product.id, shelf_price="23.50",
                                             observed_at=ago_iso()))
    late_backlog = record("price_check", price_data(
        store.id, product.id, shelf_price="19.90", observed_at=ago_iso(minutes=2)))
    foreign_product = db.session.scalar(select(Product.id).order_by(Product.id))
    foreign = record("price_check", price_data(world["foreign"].id, foreign_product))
    ticket = record("ticket", _ticket_data(store.id, description="冰柜" * 400))
    foreign_ticket = record("ticket", _ticket_data(world["foreign"].id))
    results = push(client, hq, [older, newer, ticket, foreign_ticket]).get_json()["results"]
    results += push(client, hq, [late_backlog, foreign]).get_json()["results"]
    assert {r["status"] for r in results} == {"applied"}, results

    rep = register(client, "rep1", password)
    changes, _, _ = _pull_all(client, rep)
    territory = set(db.session.scalars(select(Store.id).where(
        Store.territory_id == world["rep"].territory_id)))
    checks = [c for c in changes if c["type"] == "price_check"]
    assert {c["data"]["store_id"] for c in checks} <= territory
    assert {(c["data"]["store_id"], c["data"]["product_id"]): c["id"] for c in checks} == (
        _latest_checks(db, territory))
    assert len(checks) == len({(c["data"]["store_id"], c["data"]["product_id"]) for c in checks})
    mine = next(c for c in checks if c["data"]["store_id"] == store.id
                and c["data"]["product_id"] == product.id)
    assert mine["id"] == newer["id"]
    assert mine["data"]["shelf_price"] == "23.50"
    assert mine["data"]["guide_price"] == f"{product.guide_price_fen // 100}." \
        f"{product.guide_price_fen % 100:02d}"
    assert datetime.fromisoformat(mine["data"]["observed_at"]) == datetime.fromisoformat(
        newer["data"]["observed_at"])
    assert foreign["id"] not in {c["id"] for c in checks}

    tickets = {c["id"]: c for c in changes if c["type"] == "ticket"}
    open_in_scope = set(db.session.scalars(select(Ticket.id).where(
        Ticket.store_id.in_(territory), Ticket.status != "closed")))
    assert set(tickets) == open_in_scope and ticket["id"] in tickets
    assert foreign_ticket["id"] not in tickets
    data = tickets[ticket["id"]]["data"]
    assert data["store_id"] == store.id and data["status"] == "new"
    assert data["kind"] == "complaint" and data["category"] == "expired"
    assert data["severity"] in ("general", "major_b", "major_a")
    assert 0 < len(data["description"]) <= 500 and data["description"].startswith("冰柜")
    assert datetime.fromisoformat(data["resolve_due_at"]).tzinfo is not None


def test_a_closed_ticket_and_a_superseded_price_leave_the_phones_set(
        seeded, db, client, password):
    world = rep_world(db)
    store, product = world["store"], world["product"]
    device = register(client, "rep1", password)
    first = record("price_check", price_data(store.id, product.id, observed_at=ago_iso()))
    ticket = record("ticket", _ticket_data(store.id))
    assert push(client, device, [first, ticket]).status_code == 200
    phone: dict[tuple[str, object], dict] = {}

    def pull_into_phone(cursor):
        changes, cursor, _ = _pull_all(client, device, cursor)
        for change in changes:  # as a phone keeps them: one price check per store×product
            if change["type"] == "price_check":
                key = ("price_check", (change["data"]["store_id"], change["data"]["product_id"]))
            else:
                key = (change["type"], change["id"])
            if change.get("deleted"):
                phone.pop(key, None)
            else:
                phone[key] = change
        return changes, cursor

    _, cursor = pull_into_phone("")
    assert phone[("ticket", ticket["id"])]["data"]["status"] == "new"
    assert phone[("price_check", (store.id, product.id))]["id"] == first["id"]

    row = db.session.get(Ticket, ticket["id"])
    row.status = "closed"
    touch_tickets(db.session, [row])
    db.session.commit()
    second = record("price_check", price_data(store.id, product.id, shelf_price="30.00",
                                              observed_at=ago_iso()))
    assert push(client, device, [second]).get_json()["results"][0]["status"] == "applied"
    changes, cursor = pull_into_phone(cursor)
    assert {"type": "ticket", "id": ticket["id"], "deleted": True, "data": None} in changes
    assert ("ticket", ticket["id"]) not in phone
    assert [c["id"] for c in changes if c["type"] == "price_check"] == [second["id"]]
    assert phone[("price_check", (store.id, product.id))]["data"]["shelf_price"] == "30.00"
    assert db.session.get(PriceCheck, first["id"]).change_seq is None  # superseded

    again, _ = pull_into_phone(cursor)
    assert again == []
    fresh = register(client, "rep1", password, name="new phone")
    everything, _, _ = _pull_all(client, fresh)
    assert ticket["id"] not in {c["id"] for c in everything}  # closed: not on a new phone
    assert not any(c.get("deleted") for c in everything)


def test_paging_across_types_returns_each_change_once_in_change_order(
        seeded, db, client, password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    records = [record("price_check", price_data(world["store"].id, world["product"].id)),
               record("ticket", _ticket_data(world["store"].id))]
    assert push(client, device, records).status_code == 200
    everything, _, _ = _pull_all(client, device)
    assert {"store", "product", "price_check", "ticket"} <= {c["type"] for c in everything}
    for limit in (1, 3, 7):
        paged, _, pages = _pull_all(client, device, limit=limit)
        assert pages >= len(everything) // limit
        assert paged == everything


def test_a_reset_cursor_starts_again_with_every_type(seeded, db, client, password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    assert push(client, device, [record("ticket", _ticket_data(world["store"].id))]
                ).status_code == 200
    everything, cursor, _ = _pull_all(client, device)
    counter = db.session.get(SyncCounter, 1)
    counter.tombstones_purged_below = int(cursor) + 1
    db.session.commit()
    reset = client.get(f"/sync/pull?cursor={cursor}", headers=_auth(device)).get_json()
    assert reset == {"changes": [], "cursor": "", "has_more": True, "reset": True}
    again, _, _ = _pull_all(client, device)
    assert again == everything


def test_pull_json_is_compact_utf8(seeded, db, client, password):
    device = register(client, "rep1", password)
    response = client.get("/sync/pull?cursor=", headers=_auth(device))
    raw = response.get_data()
    assert response.mimetype == "application/json"
    assert b"\\u" not in raw and b", " not in raw[:200] and b'": ' not in raw
    names = [c["data"]["name"] for c in response.get_json()["changes"] if c["type"] == "store"]
    assert any(name.encode() in raw for name in names if not name.isascii())


def test_pull_tokens_are_checked_like_push_tokens(seeded, db, client, password):
    from webapp.models import User

    device = register(client, "rep1", password)
    other = register(client, "rep1", password, name="second phone")
    auth = {"Authorization": f"Bearer {device['token']}"}
    assert client.get("/sync/pull?cursor=", headers=auth).status_code == 200
    mine = client.get(f"/sync/pull?cursor=&device_id={device['device_id']}", headers=auth)
    assert mine.status_code == 200
    wrong = client.get(f"/sync/pull?cursor=&device_id={other['device_id']}", headers=auth)
    assert wrong.status_code == 403 and wrong.get_json()["error"] == "forbidden"
    bogus = client.get("/sync/pull?cursor=", headers={"Authorization": "Bearer nope"})
    assert bogus.status_code == 401 and bogus.is_json
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    rep.active = False
    db.session.commit()
    gone = client.get("/sync/pull?cursor=", headers=auth)
    assert gone.status_code == 401 and gone.get_json()["error"] == "unauthorized"
