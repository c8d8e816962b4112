"""My stores: the list, one store, and switching the current store."""

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from ... import clock
from ...auth.roles import role_required
from ...extensions import db
from ...scope import get_visible_store
from ...url_ids import id_or_none
from ..catalogue_queries import window_state
from ..current_store import choose_store, current_store
from ..queries import HOME_ORDERS, owner_stores, store_orders


@role_required("store_owner")
def home():
    """The current store: its ordering window, the way to order, its latest orders; the
    owner's other stores below."""
    current = current_store(db.session, current_user)
    window = orders = None
    if current is not None:
        window = window_state(db.session, current, clock.now(), current_app.config["TIMEZONE"])
        orders = store_orders(db.session, current, HOME_ORDERS)
    return render_template("store/home.html", stores=owner_stores(db.session, current_user),
                           current=current, window=window, orders=orders or [])


@role_required("store_owner")
def detail(store_id: int):
    """One of the owner's stores (404 for a store they do not own)."""
    found = get_visible_store(db.session, current_user, store_id)
    if found is None:
        abort(404)
    return render_template("store/detail.html", store=found,
                           orders=store_orders(db.session, found))


@role_required("store_owner")
def switch_store():
    """Make another of the owner's stores current (404 for one they do not own), then go
    back to the page the switcher was on (a local path only)."""
    store_id = id_or_none(request.form.get("store_id"))
    if store_id is None or choose_store(db.session, current_user, store_id) is None:
        abort(404)
    back = request.form.get("next", "")
    if not back.startswith("/") or back.startswith("//"):
        back = url_for("store.home")
    return redirect(back, code=303)
