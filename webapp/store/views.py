"""The store owner's phone pages (零售客户): their stores and orders."""

from flask import Blueprint, abort, render_template
from flask_login import current_user
from sqlalchemy import select

from ..auth.roles import role_required
from ..extensions import db
from ..models import Order, Store
from ..scope import get_visible_store, visible_store_ids, visible_stores

bp = Blueprint("store", __name__, url_prefix="/store")


@bp.route("/")
@role_required("store_owner")
def home():
    """The owner's stores and their latest orders."""
    stores = db.session.scalars(visible_stores(current_user).order_by(Store.name)).all()
    orders = db.session.scalars(
        select(Order)
        .where(Order.store_id.in_(visible_store_ids(current_user)))
        .order_by(Order.placed_at.desc())
        .limit(10)
    ).all()
    return render_template("store/home.html", stores=stores, orders=orders)


@bp.route("/<int:store_id>")
@role_required("store_owner")
def detail(store_id: int):
    """One of the owner's stores (404 for a store they do not own)."""
    found = get_visible_store(db.session, current_user, store_id)
    if found is None:
        abort(404)
    orders = db.session.scalars(
        select(Order).where(Order.store_id == found.id).order_by(Order.placed_at.desc()).limit(20)
    ).all()
    return render_template("store/detail.html", store=found, orders=orders)
