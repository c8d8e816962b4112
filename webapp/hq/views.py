"""HQ and market-manager desktop pages: dashboard and store list."""

from datetime import timedelta

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import func, select

from ..auth.roles import role_required
from ..extensions import db
from ..models import Order, RestockRequest, Store, Ticket, Visit, utcnow
from ..rules.roles import HQ_ROLES
from ..rules.ticket_status import SETTLED_STATUSES
from ..scope import visible_store_ids, visible_stores

bp = Blueprint("hq", __name__, url_prefix="/hq")
# what the dashboard counts as no longer open (its tiles open the same rows)
CLOSED_TICKET_STATUSES = SETTLED_STATUSES  # rules.ticket_status
CLOSED_ORDER_STATUSES = ("delivered", "cancelled")


def _count(stmt) -> int:
    return db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


@bp.route("/")
@role_required(*HQ_ROLES)
def dashboard():
    """Headline figures for the stores in the user's scope."""
    in_scope = visible_store_ids(current_user)
    week_ago = utcnow() - timedelta(days=7)
    figures = {
        "stores": _count(visible_stores(current_user)),
        "visits_7d": _count(select(Visit.id).where(
            Visit.store_id.in_(in_scope), Visit.started_at >= week_ago)),
        "open_tickets": _count(select(Ticket.id).where(
            Ticket.store_id.in_(in_scope), Ticket.status.not_in(CLOSED_TICKET_STATUSES))),
        "restock_waiting": _count(select(RestockRequest.id).where(
            RestockRequest.store_id.in_(in_scope), RestockRequest.status == "submitted")),
        "orders_open": _count(select(Order.id).where(
            Order.store_id.in_(in_scope), Order.status.not_in(CLOSED_ORDER_STATUSES))),
    }
    return render_template("hq/dashboard.html", figures=figures)


@bp.route("/stores")
@role_required(*HQ_ROLES)
def stores():
    """The stores in scope, searchable by name or customer code."""
    query = (request.args.get("q") or "").strip()
    stmt = visible_stores(current_user)
    if query:
        like = f"%{query}%"
        stmt = stmt.where(Store.name.ilike(like) | Store.customer_code.ilike(like))
    rows = db.session.scalars(stmt.order_by(Store.customer_code).limit(200)).all()
    return render_template("hq/stores.html", stores=rows, q=query)
