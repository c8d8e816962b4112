"""The rep's phone pages (客户经理): today's round and store pages."""

from flask import Blueprint, abort, render_template
from flask_login import current_user

from ..auth.roles import role_required
from ..extensions import db
from ..models import Store
from ..scope import get_visible_store, visible_stores

bp = Blueprint("rep", __name__, url_prefix="/rep")


@bp.route("/today")
@role_required("rep")
def today():
    """The stores of the rep's territory, in a stable territory order."""
    stores = db.session.scalars(visible_stores(current_user).order_by(Store.customer_code)).all()
    return render_template("rep/today.html", stores=stores)


@bp.route("/stores/<int:store_id>")
@role_required("rep")
def store(store_id: int):
    """One store of the rep's territory (404 for any other store)."""
    found = get_visible_store(db.session, current_user, store_id)
    if found is None:
        abort(404)
    return render_template("rep/store.html", store=found)
