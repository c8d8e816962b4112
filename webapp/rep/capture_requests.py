"""The rep's capture pages, part 2: store info update, ticket, emergency restock request.

Same write path as part 1 (capture_views.py): form → records → `apply_batch`.
"""

from datetime import timedelta

from flask import flash, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from .. import clock
from ..auth.roles import role_required
from ..extensions import db
from ..htmx import render_page_or_fragment
from ..i18n import code_label
from ..models import ReferenceItem, RestockRequest, Ticket
from ..request_context import service_settings
from ..rules import codes
from ..templating import localtime
from . import forms
from .capture import check_and_apply, new_record_id, read_records, save_photos
from .capture_views import back_to_store, form_again, visible_store_or_404
from .price_views import price_products
from .views import bp


def _store_update_page(store, values, errors, again=False):
    settings = service_settings()
    business_types = db.session.scalars(select(ReferenceItem).where(
        ReferenceItem.kind == "business_type", ReferenceItem.active.is_(True))
        .order_by(ReferenceItem.code)).all()
    context = {"store": store, "values": values, "errors": errors, "new_id": new_record_id(),
               "business_types": business_types, "hq_fields": settings.store_change_hq_fields,
               "field_labels": forms.STORE_FIELD_LABELS, "delivery_labels": forms.DELIVERY_LABELS,
               "phone_pattern": forms.PHONE_PATTERN, "lang": str(get_locale())}
    if again:
        return form_again("rep/store_update.html", **context)
    return render_template("rep/store_update.html", **context)


def store_update_message(result: dict) -> tuple[str, str]:
    """(flash category, text): applied now, waiting for HQ, or lost to a concurrent change."""
    fields = result.get("fields", {})

    def names(*outcomes):
        return ", ".join(str(forms.STORE_FIELD_LABELS[f]) for f, v in fields.items()
                         if v["outcome"] in outcomes)

    parts = []
    if names("applied", "won"):
        parts.append(_("Saved: %(fields)s.", fields=names("applied", "won")))
    if names("pending_hq"):
        parts.append(_("Waiting for HQ approval: %(fields)s.", fields=names("pending_hq")))
    if names("lost"):
        parts.append(_("Changed at HQ at the same time, HQ's value stays (sent to HQ for "
                       "review): %(fields)s.", fields=names("lost")))
    return ("info" if names("pending_hq", "lost") else "success"), " ".join(parts)


@bp.route("/stores/<int:store_id>/info", methods=["GET", "POST"])
@role_required("rep")
def store_update_form(store_id: int):
    """Report changed store info; the rules apply it at once or send it to HQ."""
    store = visible_store_or_404(store_id)
    if request.method == "GET":
        return _store_update_page(store, MultiDict(), {})
    capture = read_records(request.form.items(multi=True), store.id, "store_update")
    if not capture.errors and capture.records:
        capture.errors = forms.store_update_problems(capture.records[0])
    capture = check_and_apply(capture, current_user)
    if not capture.saved:
        return _store_update_page(store, request.form, capture.errors, again=True)
    result = capture.results[0]
    if result["status"] == "duplicate":
        return back_to_store(store, _("This change was already sent; nothing changed."), "info")
    category, message = store_update_message(result)
    return back_to_store(store, message, category)


def _ticket_page(store, values, errors, again=False):
    context = {"store": store, "values": values, "errors": errors, "new_id": new_record_id(),
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


@bp.route("/stores/<int:store_id>/ticket", methods=["GET", "POST"])
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


def _restock_page(store, values, errors, again=False):
    settings = service_settings()
    window_start = clock.now() - timedelta(days=settings.restock_limit_window_days)
    recent = db.session.scalar(select(func.count()).select_from(RestockRequest).where(
        RestockRequest.store_id == store.id, RestockRequest.requested_at >= window_start)) or 0
    today = clock.today(settings.timezone)
    context = {"store": store, "values": values, "errors": errors, "new_id": new_record_id(),
               "products": price_products(store), "settings": settings, "recent": recent,
               "reasons": codes.values(codes.RestockReason),
               "today": today.isoformat(), "line_count": 5}
    if again:
        return form_again("rep/restock.html", **context)
    return render_template("rep/restock.html", **context)


@bp.route("/stores/<int:store_id>/restock", methods=["GET", "POST"])
@role_required("rep")
def restock_form(store_id: int):
    """An emergency restock request; the market manager verifies and decides it."""
    store = visible_store_or_404(store_id)
    if request.method == "GET":
        return _restock_page(store, MultiDict(), {})
    capture = read_records(request.form.items(multi=True), store.id, "restock_request")
    if not capture.errors and capture.records:
        today = clock.today(service_settings().timezone)
        capture.errors = forms.on_form_lines(forms.restock_problems(capture.records[0], today),
                                             request.form)
    capture = check_and_apply(capture, current_user)
    if not capture.saved:
        return _restock_page(store, request.form, capture.errors, again=True)
    if capture.results[0]["status"] == "duplicate":
        return back_to_store(store, _("This request was already sent; nothing changed."), "info")
    return back_to_store(store, _("Restock request sent: the market manager will decide."))


@bp.route("/stores/<int:store_id>/ticket/<uuid:ticket_id>")
@role_required("rep")
def ticket_saved(store_id: int, ticket_id):
    """Where the offline client goes after queuing a ticket: the rules' verdict once uploaded.

    Until the ticket has reached the server the fragment asks again every few seconds.
    """
    store = visible_store_or_404(store_id)
    ticket = db.session.scalar(select(Ticket).where(Ticket.id == str(ticket_id),
                                                    Ticket.store_id == store.id))
    return render_page_or_fragment(
        "rep/ticket_saved.html", "rep/partial/ticket_saved.html", store=store, ticket=ticket,
        ticket_id=str(ticket_id))
