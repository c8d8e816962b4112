"""The rep's four sections: today's round, the store list, one store's page, the outbox.

The store list and the outbox are kept on the phone for offline use (webapp/pwa.py
`WARM_ENDPOINTS`): the store list is searched on the phone (static/js/store-search.js),
and the outbox is drawn from the phone's own queue (static/js/outbox-page.js); the
server sends the shell.
"""

from flask import abort, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ...auth.roles import role_required
from ...extensions import db
from ...htmx import render_page_or_fragment
from ...models import RestockRequest, Store, StoreChange, Visit, utcnow
from ...request_context import service_settings, work_calendar
from ...rules.cadence import iso_week_of
from ...rules.recommendations import SHOWN_DAYS
from ...rules.route import parse_position
from ...scope import get_visible_store, store_filter
from ..queries import loop
from ..queries.recommendations import store_suggestions, suggestible_products
from ..queries.store import store_page
from ..queries.today import territory_stores, today_round
from .answers import now_iso
from .capture import new_record_id

# The capture pages a store's page links to, in the order it shows them.
CAPTURE_ENDPOINTS = (
    ("rep.visit_form", _l("Record a visit")),
    ("rep.price_check_form", _l("Price check")),
    ("rep.store_update_form", _l("Update store info")),
    ("rep.ticket_form", _l("New ticket")),
    ("rep.restock_form", _l("Emergency restock")),
)


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
                                   round=data, position=start,
                                   returns=_loop_items(store_filter(current_user), now,
                                                    data.day, mine=True))


def _loop_items(where, now, day, mine: bool = False) -> dict:
    """What comes back to the rep for the stores matching `where` (a Store clause):
    to-dos, due sales follow-ups, HQ's store-change decisions (the rep's own on Today)."""
    settings = service_settings()
    in_stores = Visit.store_id.in_(select(Store.id).where(where))
    changes_where = StoreChange.store_id.in_(select(Store.id).where(where))
    if mine:
        changes_where = changes_where & (StoreChange.reported_by_id == current_user.id)
    followups = loop.restock_followups(
        db.session, RestockRequest.store_id.in_(select(Store.id).where(where)),
        work_calendar(settings), settings)
    follow_ups = loop.open_follow_ups(db.session, in_stores)
    return {"day": day,
            "follow_ups": follow_ups,
            # each to-do's "Done" is a follow_up_done capture with its own record id
            "record_ids": {f.id: new_record_id() for f in follow_ups}, "now": now_iso(),
            "restock_followups": [f for f in followups if f.is_due(day) or not mine],
            "store_changes": loop.decided_store_changes(db.session, changes_where, now)}


@role_required("rep")
def store(store_id: int):
    """One store of the rep's territory (404 for any other store)."""
    found = get_visible_store(db.session, current_user, store_id)
    if found is None:
        abort(404)
    return render_template("rep/store.html", **store_context(found))


def store_context(found: Store, values=None, errors=None) -> dict:
    """What the store page shows; `values` and `errors`: the recommendation form's again."""
    now = utcnow()
    calendar = work_calendar(service_settings())
    page = store_page(db.session, found, now, service_settings(), calendar)
    actions = [(url_for(endpoint, store_id=found.id), title)
               for endpoint, title in CAPTURE_ENDPOINTS]
    day = calendar.local_date(now)
    return dict(
        store=found, page=page, actions=actions,
        returns=_loop_items(Store.id == found.id, now, day),
        waiting_fields=loop.fields_waiting_for_hq(db.session, found.id),
        findings=loop.last_visit_findings(page.visits[0] if page.visits else None),
        recommend=recommend_form(found, now, values, errors))


def recommend_form(found: Store, now, values=None, errors=None) -> dict:
    """The suggestions standing for the store and the form to make one (品牌培育)."""
    standing = store_suggestions(db.session, found, now)
    return {"suggestions": [(s, new_record_id()) for s in standing],
            "products": suggestible_products(db.session), "new_id": new_record_id(),
            "typed": values or {}, "errors": errors or {}, "shown_days": SHOWN_DAYS}


def _matches(store, query: str) -> bool:
    text = " ".join((store.name or "", store.customer_code or "", store.address or "")).lower()
    return all(word in text for word in query.lower().split())


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


@role_required("rep")
def outbox():
    """What waits on this phone to be uploaded, and whether today's round is kept offline."""
    return render_template("rep/outbox.html")
