"""The HQ overview: the dashboard, the store search, and the lists behind the tiles
(the open tickets tile opens the ticket desk, views/tickets.py).

Each tile of the dashboard opens the rows it counts (webapp/hq/queries/overview.py).
"""

from flask import render_template, request
from flask_login import current_user

from ...auth.roles import role_required
from ...extensions import db
from ...models import utcnow
from ...rules.roles import HQ_ROLES
from ..queries.overview import (
    LIST_LIMIT,
    dashboard_figures,
    find_stores,
    recent_visits,
)


@role_required(*HQ_ROLES)
def dashboard():
    """Headline figures for the stores in the user's scope."""
    figures = dashboard_figures(db.session, current_user, utcnow())
    return render_template("hq/dashboard.html", figures=figures)


@role_required(*HQ_ROLES)
def stores():
    """The stores in scope, searchable by name or customer code."""
    query = (request.args.get("q") or "").strip()
    rows = find_stores(db.session, current_user, query)
    return render_template("hq/stores.html", stores=rows, q=query)


@role_required(*HQ_ROLES)
def visits():
    """Visits to stores in scope in the last 7 days, newest first, with their flags."""
    rows = recent_visits(db.session, current_user, utcnow())
    return render_template("hq/visits.html", visits=rows, limit=LIST_LIMIT)
