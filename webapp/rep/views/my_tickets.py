"""The rep's tickets and the answers to them, and the first responder's actions on one
(issue 12 item 5): acknowledge or resolve on the spot.

The action form is a `ticket_update` capture (form[data-capture]): with JavaScript it is
queued in the phone's outbox like every capture, online or offline, and arrives exactly
once; without it the form posts here and goes through the same `apply_batch`. A ticket
outside the rep's territory is a 404.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ... import clock
from ...auth.roles import role_required
from ...extensions import db
from ...inbox.pages import read_on_sight
from ...models import User
from ...request_context import service_settings, work_calendar
from ...rules.codes import TicketStatus
from ...rules.ticket_authority import may_decide
from ...rules.ticket_status import OPEN_STATUSES
from ..queries.my_tickets import find_my_ticket, my_tickets, ticket_history, ticket_visit
from ..queries.tickets import ticket_clock
from .answers import form_again
from .capture import check_and_apply, new_record_id, read_records

WORKING = (TicketStatus.ACKNOWLEDGED, TicketStatus.IN_PROGRESS, TicketStatus.REOPENED)


@role_required("rep")
def tickets():
    """The tickets the rep took or holds: open ones by their next deadline, then settled."""
    calendar = work_calendar(service_settings())
    return render_template("rep/tickets.html",
                           items=my_tickets(db.session, current_user, clock.now(), calendar))


def _ticket_page(ticket, values, errors, again=False):
    events = ticket_history(db.session, ticket)
    ids = {e.by_id for e in events if e.by_id is not None}
    names = dict(db.session.execute(select(User.id, User.display_name)
                                    .where(User.id.in_(ids))).all()) if ids else {}
    actions = []
    decides = may_decide(current_user.role, ticket.tier)
    if ticket.status == TicketStatus.NEW:
        actions.append("acknowledge")
        if decides:  # settled on the spot: both steps at once (rules.ticket_status)
            actions.append("settle")
    if ticket.status in WORKING and decides:
        actions.append("resolve")
    context = {"ticket": ticket, "store": ticket.store, "events": events, "names": names,
               "actions": actions, "values": values, "errors": errors,
               "new_id": new_record_id(), "second_id": new_record_id(),
               "visit": ticket_visit(db.session, current_user, ticket),
               # the next deadline's time left, in working time as on the HQ desk
               "clock": ticket_clock(ticket, clock.now(), work_calendar(service_settings()))
               if ticket.status in OPEN_STATUSES else None,
               "above_tier": ticket.status in WORKING and not decides}
    if again:
        return form_again("rep/ticket_view.html", **context)
    return render_template("rep/ticket_view.html", **context)


@role_required("rep")
def ticket_view(ticket_id):
    """One ticket: status, deadlines, the answers, and the rep's action form."""
    ticket = find_my_ticket(db.session, current_user, str(ticket_id))
    if ticket is None:
        abort(404)
    if request.method == "GET":
        read_on_sight("ticket", ticket.id)
        return _ticket_page(ticket, {}, {})
    capture = read_records(request.form.items(multi=True), ticket.store_id, "ticket_update")
    if any(r.get("data", {}).get("ticket_id") != ticket.id for r in capture.records):
        abort(400)
    capture = check_and_apply(capture, current_user)
    if not capture.saved:
        db.session.expire_all()
        return _ticket_page(find_my_ticket(db.session, current_user, ticket.id),
                            request.form, capture.errors, again=True)
    if capture.results[0]["status"] == "duplicate":
        flash(_("This was already sent; nothing changed."), "info")
    else:
        flash(_("Saved: the store sees the ticket's new status."), "success")
    return redirect(url_for("rep.ticket_view", ticket_id=ticket.id), 303)
