"""The store API for other clients: store data scoped exactly as on the pages."""

from flask import abort, jsonify
from flask_login import current_user, login_required

from ...extensions import db
from ...models import Store
from ...rules.roles import store_fields_for
from ...scope import get_visible_store, visible_stores


def store_json(store: Store, role: str) -> dict:
    """The fields of a store that `role` may see (`roles.store_fields_for`)."""
    return store_fields_for(role, {
        "id": store.id,
        "customer_code": store.customer_code,
        "name": store.name,
        "owner_name": store.owner_name,
        "phone": store.phone,
        "address": store.address,
        "opening_hours": store.opening_hours,
        "business_type": store.business_type,
        "delivery_method": store.delivery_method,
        "grade": store.grade,
        "is_sample": store.is_sample,
        "lat": store.lat,
        "lng": store.lng,
        "version": store.version,
    })


@login_required
def stores():
    """The stores the caller may see."""
    rows = db.session.scalars(visible_stores(current_user).order_by(Store.id)).all()
    return jsonify(stores=[store_json(s, current_user.role) for s in rows])


@login_required
def store(store_id: int):
    """One store, or 404 when it does not exist or is outside the caller's scope."""
    found = get_visible_store(db.session, current_user, store_id)
    if found is None:
        abort(404)
    return jsonify(store=store_json(found, current_user.role))
