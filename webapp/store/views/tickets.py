"""The owner's tickets for the current store: raise one (with photos), see each one's
status, deadline and public answers, add information, rate the resolution, reopen.

Raising posts a `ticket` sync record through the same path as the rep's form (and the
phones' push): `rep.views.capture`. Every ticket and photo is looked up through the
scoping helper: another store's is a 404.
"""

from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from ... import clock
from ...auth.roles import role_required
from ...extensions import db
from ...htmx import invalid_form_status
from ...inbox.pages import read_on_sight
from ...models import Photo, Ticket
from ...rep import forms as capture_forms
from ...rep.views.capture import check_and_apply, new_record_id, read_records, save_photos
from ...request_context import service_settings
from ...rules import codes
from ...services.owner_tickets import find_owner_ticket, may_rate, reopen_deadline
from ...services.quarterly_surveys import callback_survey_due
from ..current_store import current_store, follow_store
from ..survey_forms import CallbackSurveyForm, SkipForm
from ..ticket_forms import InfoForm, RateForm, ReopenForm
from ..ticket_queries import next_deadline, public_events, store_tickets, ticket_photos

OWNER = "store_owner"


def _store_or_404():
    store = current_store(db.session, current_user)
    if store is None:
        abort(404)
    return store


def ticket_or_404(ticket_id: str) -> Ticket:
    """The owner's ticket (any of their stores), else 404."""
    ticket = find_owner_ticket(db.session, current_user, str(ticket_id))
    if ticket is None:
        abort(404)
    follow_store(ticket.store_id)
    return ticket


@role_required(OWNER)
def tickets():
    """The current store's tickets, newest first, each with its status and deadline."""
    store = _store_or_404()
    return render_template("store/tickets.html", store=store,
                           tickets=store_tickets(db.session, store), next_deadline=next_deadline)


def _new_page(store, values, errors, status=200):
    return render_template("store/ticket_new.html", store=store, values=values, errors=errors,
                           new_id=new_record_id(), now=clock.now().isoformat(timespec="seconds"),
                           kinds=codes.values(codes.TicketKind),
                           groups=capture_forms.ticket_category_groups()), status


@role_required(OWNER)
def ticket_new():
    """Raise a complaint, request, inquiry, suggestion or praise for the current store."""
    store = _store_or_404()
    if request.method == "GET":
        return _new_page(store, MultiDict(), {})
    capture = read_records(request.form.items(multi=True), store.id, "ticket")
    if not capture.errors and capture.records:
        capture.errors = capture_forms.ticket_problems(capture.records[0])
    capture = check_and_apply(capture, current_user)
    if not capture.saved:
        return _new_page(store, request.form, capture.errors, invalid_form_status())
    result = capture.results[0]
    ticket = db.session.get(Ticket, result["id"])
    if result["status"] == "applied":
        for problem in save_photos(current_user, request.files.getlist("photos"),
                                   request.form.getlist("photo_kind"), "ticket", ticket.id):
            flash(_("Photo not saved: %(problem)s", problem=problem), "error")
    flash(_("Ticket %(number)s sent. We will answer you here.", number=ticket.number),
          "success")
    return redirect(url_for("store.ticket", ticket_id=ticket.id), code=303)


def ticket_page(ticket: Ticket, status: int = 200, **forms):
    """The ticket page with its forms (those given keep their errors)."""
    settings = service_settings()
    deadline = reopen_deadline(ticket, settings)
    context = {
        "ticket": ticket, "events": public_events(db.session, ticket),
        "photos": ticket_photos(db.session, current_user, ticket),
        "deadline": next_deadline(ticket), "may_rate": may_rate(db.session, ticket),
        "reopen_until": deadline if deadline and clock.now() <= deadline else None,
        "survey_due": callback_survey_due(db.session, ticket),
        "info_form": forms.get("info_form") or InfoForm(formdata=None),
        "rate_form": forms.get("rate_form") or RateForm(formdata=None),
        "reopen_form": forms.get("reopen_form") or ReopenForm(formdata=None),
        "survey_form": forms.get("survey_form") or CallbackSurveyForm(formdata=None),
        "skip_form": SkipForm(formdata=None),
    }
    return render_template("store/ticket.html", **context), status


@role_required(OWNER)
def ticket(ticket_id: str):
    """One ticket: status, deadline, public answers, photos and what the owner may do."""
    found = ticket_or_404(ticket_id)
    read_on_sight("ticket", found.id)
    return ticket_page(found)


@role_required(OWNER)
def ticket_photo(ticket_id: str, photo_id: str):
    """A photo of the owner's ticket (404 for any other)."""
    found = ticket_or_404(ticket_id)
    photo = db.session.get(Photo, str(photo_id)[:36])
    if (photo is None or photo.owner_type != "ticket" or photo.owner_id != found.id
            or photo not in ticket_photos(db.session, current_user, found)):
        abort(404)
    path = Path(current_app.config["UPLOAD_DIR"]) / photo.storage_path
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype=photo.mime_type, max_age=3600)
