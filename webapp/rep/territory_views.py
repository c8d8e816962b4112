"""The rep's other two sections: every store of the territory, and what waits on the phone.

Both pages are kept on the phone for offline use (webapp/pwa.py WARM_ENDPOINTS): the
store list is searched on the phone (static/js/store-search.js), and the waiting list
is drawn from the phone's outbox (static/js/outbox-page.js); the server sends the shell.
"""

from flask import render_template, request
from flask_login import current_user

from ..auth.roles import role_required
from ..extensions import db
from ..models import utcnow
from ..request_context import service_settings, work_calendar
from ..rules.cadence import iso_week_of
from .today_data import territory_stores
from .views import bp


def _matches(store, query: str) -> bool:
    text = " ".join((store.name or "", store.customer_code or "", store.address or "")).lower()
    return all(word in text for word in query.lower().split())


@bp.route("/stores")
@role_required("rep")
def stores():
    """The territory's active stores (grade, last visit); `?q=` narrows them (no script)."""
    settings = service_settings()
    calendar = work_calendar(settings)
    now = utcnow()
    rows = territory_stores(db.session, current_user, iso_week_of(now, settings.timezone),
                            calendar)
    query = request.args.get("q", "").strip()
    shown = [(store, visited) for store, visited, _checked in rows
             if not query or _matches(store, query)]
    return render_template("rep/stores.html", stores=shown, total=len(rows), query=query)


@bp.route("/outbox")
@role_required("rep")
def outbox():
    """What waits on this phone to be uploaded, and whether today's round is kept offline."""
    return render_template("rep/outbox.html")
