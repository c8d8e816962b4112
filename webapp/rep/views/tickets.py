"""The rep's ticket page: a complaint or request raised on the store's behalf.

The rep is its first responder (首问负责); the rules give it a severity, the tier that
decides it and its deadlines when it is applied, and the page after saving says so.
"""

from flask import flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from ... import clock
from ...auth.roles import role_required
from ...extensions import db
from ...htmx import render_page_or_fragment
from ...i18n import code_label
from ...models import Ticket, utcnow
from ...rules import codes
from ...services.check_ins import open_check_in
from ...templating import localtime
from .. import forms
from ..queries.capture import store_ticket
from .answers import back_to_store, form_again, visible_store_or_404
from .capture import check_and_apply, new_record_id, read_records, save_photos


def _open_visit_id(store) -> str:
    """The rep's visit under way at this store (checked in, not out), '' when none: a
    ticket taken now names it (issue 12 item 2). On the phone, visit.js puts the phone's
    own open check-in there instead (it knows the ones made offline)."""
    found = open_check_in(db.session, current_user, store.id, utcnow())
    db.session.commit()  # a lapsed check-in was ended
    return found.id if found else ""


def _ticket_page(store, values, errors, again=False):
    context = {"store": store, "values": values, "errors": errors, "new_id": new_record_id(),
               "visit_id": _open_visit_id(store),
               "now": clock.now().isoformat(timespec="seconds"),
               "kinds": codes.values(codes.TicketKind), "groups": forms.ticket_category_groups(),
               "facts": forms.TICKET_FACT_LABELS}
    if again:
        return form_again("rep/ticket.html", **context)
    return render_template("rep/ticket.html", **context)


def ticket_message(ticket: Ticket) -> str:
    """The ticket's number, severity, tier and deadlines, as the rules set them."""
    text = _("Ticket %(number)s saved: %(severity)s, handled by %(tier)s. You are its first "
             "responder.", number=ticket.number,
             severity=code_label("severity", ticket.severity),
             tier=code_label("tier", ticket.tier))
    if ticket.first_answer_due_at:
        text += " " + _("First answer by %(when)s.", when=localtime(ticket.first_answer_due_at))
    if ticket.temp_measure_due_at:
        text += " " + _("Temporary measure by %(when)s.",
                        when=localtime(ticket.temp_measure_due_at))
    if ticket.resolve_due_at:
        text += " " + _("Resolve by %(when)s.", when=localtime(ticket.resolve_due_at))
    return text


@role_required("rep")
def ticket_form(store_id: int):
    """A ticket raised on the store's behalf; the rep is its first responder (首问负责)."""
    store = visible_store_or_404(store_id)
    if request.method == "GET":
        return _ticket_page(store, MultiDict(), {})
    capture = read_records(request.form.items(multi=True), store.id, "ticket")
    if not capture.errors and capture.records:
        capture.errors = forms.ticket_problems(capture.records[0])
    capture = check_and_apply(capture, current_user)
    if not capture.saved:
        return _ticket_page(store, request.form, capture.errors, again=True)
    result = capture.results[0]
    ticket = db.session.get(Ticket, result["id"])
    if result["status"] == "applied":
        for problem in save_photos(current_user, request.files.getlist("photos"),
                                   request.form.getlist("photo_kind"), "ticket", ticket.id):
            flash(_("Photo not saved: %(problem)s", problem=problem), "error")
    return back_to_store(store, ticket_message(ticket),
                         "success" if ticket.severity == "general" else "info")


@role_required("rep")
def ticket_saved(store_id: int, ticket_id):
    """Where the offline client goes after queuing a ticket: the rules' verdict once uploaded.

    Until the ticket has reached the server the fragment asks again every few seconds.
    """
    store = visible_store_or_404(store_id)
    ticket = store_ticket(db.session, store, str(ticket_id))
    return render_page_or_fragment(
        "rep/ticket_saved.html", "rep/partial/ticket_saved.html", store=store, ticket=ticket,
        ticket_id=str(ticket_id))
