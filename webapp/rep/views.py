"""The rep's phone pages (客户经理): today's round and store pages."""

from flask import Blueprint, abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..auth.roles import role_required
from ..extensions import db
from ..htmx import render_page_or_fragment
from ..models import utcnow
from ..request_context import service_settings, work_calendar
from ..rules.route import parse_position
from ..scope import get_visible_store
from .links import code_label, url_if_exists
from .store_data import store_page
from .today_data import today_round

bp = Blueprint("rep", __name__, url_prefix="/rep")

# The capture pages the store page links to (built in their own module).
CAPTURE_ENDPOINTS = (
    ("rep.visit_form", _l("Record a visit")),
    ("rep.price_check_form", _l("Price check")),
    ("rep.store_update_form", _l("Update store info")),
    ("rep.ticket_form", _l("New ticket")),
    ("rep.restock_form", _l("Emergency restock")),
)


@bp.app_context_processor
def rep_template_helpers() -> dict:
    """`url_if_exists` (the mobile layout's nav uses it too) and `code_label`."""
    return {"url_if_exists": url_if_exists, "code_label": code_label}


@bp.route("/today")
@role_required("rep")
def today():
    """Stores due today (overdue first) as a route, open tickets, waiting restocks.

    With `?lat=&lng=` (the phone's position) the route starts there; htmx asks for
    just the route list then.
    """
    settings = service_settings()
    calendar = work_calendar(settings)
    now = utcnow()
    start = parse_position(request.args.get("lat"), request.args.get("lng"))
    data = today_round(db.session, current_user, calendar.local_date(now), now,
                       settings, calendar, start)
    return render_page_or_fragment("rep/today.html", "rep/partial/round_list.html",
                                   round=data, position=start)


@bp.route("/stores/<int:store_id>")
@role_required("rep")
def store(store_id: int):
    """One store of the rep's territory (404 for any other store)."""
    found = get_visible_store(db.session, current_user, store_id)
    if found is None:
        abort(404)
    page = store_page(db.session, found, utcnow(), service_settings())
    actions = [(href, title) for endpoint, title in CAPTURE_ENDPOINTS
               if (href := url_if_exists(endpoint, store_id=found.id))]
    return render_template("rep/store.html", store=found, page=page, actions=actions)
