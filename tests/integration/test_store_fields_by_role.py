"""Which store fields each role gets over HTTP (QA: an owner saw the visit grade and the
price-monitoring sample flag). The rule is `webapp.rules.roles.store_fields_for`; the
store API and the sync pull both follow it (docs/sync-protocol.md, Pull)."""

from sync_helpers import register

INTERNAL = {"grade", "is_sample"}
API_FIELDS = {"id", "customer_code", "name", "owner_name", "phone", "address",
              "opening_hours", "business_type", "delivery_method", "grade", "is_sample",
              "lat", "lng", "version"}
PULL_FIELDS = {"version", "customer_code", "name", "owner_name", "phone", "address",
               "opening_hours", "business_type", "delivery_method", "grade", "is_sample",
               "lat", "lng", "status", "assortment"}


def _api_stores(make_web, username: str) -> tuple[list[dict], dict]:
    web = make_web()
    web.login(username)
    listed = web.client.get("/api/stores").get_json()["stores"]
    assert listed, f"{username} sees no store"
    one = web.client.get(f"/api/stores/{listed[0]['id']}").get_json()["store"]
    return listed, one


def _pulled_stores(client, username: str, password: str) -> list[dict]:
    device = register(client, username, password, name=f"{username} phone")
    response = client.get("/sync/pull?cursor=&limit=5000",
                          headers={"Authorization": f"Bearer {device['token']}"})
    assert response.status_code == 200
    stores = [c["data"] for c in response.get_json()["changes"] if c["type"] == "store"]
    assert stores, f"{username} pulled no store"
    return stores


def test_owner_gets_no_internal_store_fields_from_the_api(seeded, make_web):
    listed, one = _api_stores(make_web, "owner1")
    for store in [*listed, one]:
        assert set(store) == API_FIELDS - INTERNAL
    assert one["name"] and one["customer_code"]


def test_rep_and_hq_keep_every_store_field_in_the_api(seeded, make_web):
    for username in ("rep1", "hq"):
        listed, one = _api_stores(make_web, username)
        for store in [*listed, one]:
            assert set(store) == API_FIELDS, username
        assert any(store["is_sample"] for store in listed) or username == "rep1"


def test_owner_pull_carries_no_internal_store_fields(seeded, client, password):
    for store in _pulled_stores(client, "owner1", password):
        assert set(store) == PULL_FIELDS - INTERNAL


def test_rep_and_hq_pull_keep_every_store_field(seeded, client, password):
    for username in ("rep1", "hq"):
        for store in _pulled_stores(client, username, password):
            assert set(store) == PULL_FIELDS, username
