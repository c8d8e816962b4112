"""The lists behind the dashboard's tiles: recent visits, open tickets, open orders.

Each tile of the overview opens the rows it counts, through the scoping helper and
with the same conditions as the count (`webapp.hq.views.OPEN_*`).
"""

from datetime import timedelta

from flask import render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..auth.roles import role_required
from ..extensions import db
from ..models import Order, Ticket, Visit, utcnow
from ..scope import visible_store_ids
from .views import CLOSED_ORDER_STATUSES, CLOSED_TICKET_STATUSES, HQ_ROLES, bp

LIST_LIMIT = 200


@bp.route("/visits")
@role_required(*HQ_ROLES)
def visits():
    """Visits to stores in scope in the last 7 days, newest first, with their flags."""
    rows = db.session.scalars(
        select(Visit).options(joinedload(Visit.store), joinedload(Visit.rep))
        .where(Visit.store_id.in_(visible_store_ids(current_user)),
               Visit.started_at >= utcnow() - timedelta(days=7))
        .order_by(Visit.started_at.desc()).limit(LIST_LIMIT)).all()
    return render_template("hq/visits.html", visits=rows, limit=LIST_LIMIT)


@bp.route("/tickets")
@role_required(*HQ_ROLES)
def tickets():
    """Open tickets of stores in scope, the nearest resolution deadline first."""
    rows = db.session.scalars(
        select(Ticket).options(joinedload(Ticket.store))
        .where(Ticket.store_id.in_(visible_store_ids(current_user)),
               Ticket.status.not_in(CLOSED_TICKET_STATUSES))
        .order_by(Ticket.resolve_due_at.asc(), Ticket.received_at.desc())
        .limit(LIST_LIMIT)).all()
    return render_template("hq/tickets.html", tickets=rows, limit=LIST_LIMIT)


@bp.route("/orders")
@role_required(*HQ_ROLES)
def orders():
    """Orders of stores in scope not yet delivered (nor cancelled), oldest first."""
    rows = db.session.scalars(
        select(Order).options(joinedload(Order.store))
        .where(Order.store_id.in_(visible_store_ids(current_user)),
               Order.status.not_in(CLOSED_ORDER_STATUSES))
        .order_by(Order.placed_at.asc()).limit(LIST_LIMIT)).all()
    return render_template("hq/orders.html", orders=rows, limit=LIST_LIMIT)
