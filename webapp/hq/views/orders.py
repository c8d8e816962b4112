"""The order desk: the queue of orders in scope, one order's page, and its moves
(spec §3.5; issue 11 item 9).

Moves go through `services.orders.move_order` with the version the page showed: a
stale one is refused and the page shows the order as it is now. To htmx a move answers
the order's panel; without JavaScript, a flash and a 303 back to the order's page.
"""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.routing import BuildError

from ...auth.roles import role_required
from ...extensions import db
from ...htmx import is_htmx_fragment_request, render_page_or_fragment
from ...i18n import code_label, lazy_code_labels
from ...models import utcnow
from ...order_messages import move_refusal_message
from ...request_context import service_settings
from ...rules import order_desk
from ...rules.ordering import WANTED_DATE_HORIZON_DAYS
from ...rules.roles import HQ_ROLES
from ...services.orders import move_order
from ...services.refusals import ActionRefused
from ...templating import localdate
from ..order_forms import MoveForm
from ..queries.order_detail import order_view
from ..queries.orders import ORDER_STATUS_CHOICES, order_queue, parse_filters, visible_regions
from .access import acting_user


def _today_and_zone() -> tuple[date, str]:
    """Today in the configured zone, and the zone."""
    zone = service_settings().timezone
    return utcnow().astimezone(ZoneInfo(zone)).date(), zone


@role_required(*HQ_ROLES)
def orders():
    """The orders queue: filtered, paged, late orders marked (HQ all, managers their
    region)."""
    today, zone = _today_and_zone()
    filters = parse_filters(request.args)
    page = order_queue(db.session, current_user, filters, today, zone)
    return render_page_or_fragment(
        "hq/orders.html", "hq/partial/order_queue.html", queue=page, filters=filters,
        regions=visible_regions(db.session, current_user), statuses=ORDER_STATUS_CHOICES,
        groups=order_desk.STATUS_GROUPS, methods=lazy_code_labels("delivery_method"),
        exception_filters=order_desk.EXCEPTION_FILTERS)


def _view_or_404(order_id: int):
    today, _zone = _today_and_zone()
    view = order_view(db.session, current_user, order_id, today, utcnow())
    if view is None:
        abort(404)
    return view, today


def ticket_url(ticket) -> str | None:
    """The HQ ticket page of `ticket` when that page exists (the ticket desk's), else None."""
    if "hq.ticket_page" not in current_app.view_functions:
        return None
    try:
        return url_for("hq.ticket_page", ticket_id=ticket.id)
    except BuildError:
        return None


def promise_latest(today: date) -> date:
    """The furthest a delivery may be promised: as far as a store may wish it."""
    return today + timedelta(days=WANTED_DATE_HORIZON_DAYS)


def order_context(view, today: date, message) -> dict:
    """What the order page and its panel render with."""
    wanted = view.order.wanted_date
    promise = wanted if wanted is not None and wanted >= today else today + timedelta(days=1)
    return {"view": view, "today": today, "message": message,
            "promise_default": min(promise, promise_latest(today)),
            "promise_latest": promise_latest(today), "ticket_url": ticket_url}


@role_required(*HQ_ROLES)
def order(order_id: int):
    """One order: lines, totals, timeline, and the moves its status allows."""
    view, today = _view_or_404(order_id)
    return render_template("hq/order.html", **order_context(view, today, None))


@role_required(*HQ_ROLES)
def order_move(order_id: int):
    """Move an order one step (confirm with a promised date, reject with a reason ...)."""
    view, today = _view_or_404(order_id)
    form = MoveForm()
    if not form.validate_on_submit():
        errors = [str(e) for f in form for e in f.errors]
        return _answer(order_id, ("error", " ".join(errors) or _("The form expired; try "
                                                                 "again.")))
    promised = form.delivery_date.data
    if promised is not None and promised < today:
        return _answer(order_id, ("error", _("The promised delivery date cannot be in the "
                                             "past.")))
    latest = promise_latest(today)
    if promised is not None and promised > latest:  # a slip of the year: 2062, 9999 ...
        return _answer(order_id, ("error", _("Pick a delivery date from %(first)s to "
                                             "%(last)s.", first=localdate(today),
                                             last=localdate(latest))))
    try:
        moved = move_order(db.session, acting_user(), order_id, form.to_status.data,
                           form.version.data, form.reason.data, now=utcnow(),
                           delivery_date=promised, settings=service_settings())
    except ActionRefused as error:
        db.session.rollback()
        return _answer(order_id, ("error", move_refusal_message(error)))
    db.session.commit()
    return _answer(order_id, ("success", _("Order %(number)s is now: %(status)s.",
                                           number=moved.number,
                                           status=code_label("order_status", moved.status))))


def _answer(order_id: int, message: tuple[str, str]):
    """The order's panel for htmx, else a flash and a 303 to the order's page."""
    if is_htmx_fragment_request():
        view, today = _view_or_404(order_id)
        return render_template("hq/partial/order_panel.html",
                               **order_context(view, today, message))
    flash(message[1], message[0])
    return redirect(url_for("hq.order", order_id=order_id), code=303)
