"""Helpers for the sync tests: devices, records and pushes over the real HTTP API."""

import itertools
import uuid

from sqlalchemy import select
from time_helpers import hlc_ms, local_iso

from webapp.models import Product, Store, StoreProduct, User

_counter = itertools.count(1)


def register(client, username: str, password: str, name: str = "test phone") -> dict:
    """Register a device through POST /api/devices; returns {device_id, token}."""
    response = client.post("/api/devices", json={"username": username, "password": password,
                                                 "device_name": name})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def hlc(node: str = "phone-1", offset_ms: int = 0) -> str:
    """A client clock reading near the app clock's now."""
    return f"{hlc_ms(offset_ms)}:{next(_counter) % 1000}:{node}"


def record(kind: str, data: dict, seq: int | None = None, **extra) -> dict:
    """A raw record as a phone sends it."""
    body = {"id": str(uuid.uuid4()), "type": kind, "hlc": extra.pop("hlc", hlc()), "data": data}
    if seq is not None:
        body["seq"] = seq
    body.update(extra)
    return body


def push(client, device: dict, records: list, **envelope):
    """POST /sync/push with the device's bearer token."""
    body = {"device_id": device["device_id"], "schema_version": 1, "records": records}
    body.update(envelope)
    return client.post("/sync/push", json=body,
                       headers={"Authorization": f"Bearer {device['token']}"})


def rep_world(db, username: str = "rep1") -> dict:
    """The rep, one of their stores with its assortment, and one store of another territory."""
    rep = db.session.scalar(select(User).where(User.username == username))
    store = db.session.scalar(select(Store).where(Store.territory_id == rep.territory_id)
                              .order_by(Store.id))
    foreign = db.session.scalar(select(Store).where(Store.territory_id != rep.territory_id))
    product_ids = db.session.scalars(select(StoreProduct.product_id)
                                     .where(StoreProduct.store_id == store.id)).all()
    product = db.session.get(Product, product_ids[0])
    return {"rep": rep, "store": store, "foreign": foreign, "product": product}


def visit_data(store_id: int, **overrides) -> dict:
    data = {"store_id": store_id, "started_at": local_iso(-4, 10, 0),
            "ended_at": local_iso(-4, 10, 20), "purposes": ["routine"], "notes": "ok"}
    data.update(overrides)
    return data


def price_data(store_id: int, product_id: int, **overrides) -> dict:
    data = {"store_id": store_id, "product_id": product_id,
            "observed_at": local_iso(-4, 10, 5), "shelf_price": "23.50",
            "stock_units": 12, "out_of_stock_days": 0}
    data.update(overrides)
    return data
