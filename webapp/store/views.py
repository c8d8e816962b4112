"""The store owner's phone pages (零售客户): their stores and orders."""

from flask import Blueprint, abort, render_template
from flask_login import current_user

from ..auth.roles import role_required
from ..extensions import db
from ..scope import get_visible_store
from .queries import latest_orders, owner_stores, store_orders

bp = Blueprint("store", __name__, url_prefix="/store")


@bp.route("/")
@role_required("store_owner")
def home():
    """The owner's stores and their latest orders."""
    return render_template("store/home.html", stores=owner_stores(db.session, current_user),
                           orders=latest_orders(db.session, current_user))


@bp.route("/<int:store_id>")
@role_required("store_owner")
def detail(store_id: int):
    """One of the owner's stores (404 for a store they do not own)."""
    found = get_visible_store(db.session, current_user, store_id)
    if found is None:
        abort(404)
    return render_template("store/detail.html", store=found,
                           orders=store_orders(db.session, found))
