"""HQ page for emergency restock requests: the market manager approves or refuses each.

Views read the form, call `services.restock` and answer the updated row to htmx, or a
flash and a 303 back to the list without JavaScript. Out of scope is a 404.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...auth.roles import role_required
from ...extensions import db
from ...htmx import is_htmx_fragment_request, render_page_or_fragment
from ...i18n import code_label
from ...models import utcnow
from ...request_context import service_settings
from ...rules import codes
from ...rules.roles import HQ_ROLES
from ...services.refusals import ActionRefused
from ...services.restock import (
    STATUS_FILTERS,
    decide_restock_request,
    find_restock_request,
    restock_reviews,
    review,
)
from ...services.restock_supply import record_fulfilment
from ..forms import ConfirmForm, ReasonForm
from ..forms import refusal_message as refused
from .access import acting_user


def restock_labels() -> dict:
    """Reason and status names in the user's language."""
    return {
        "reason_names": {c: code_label("restock_reason", c)
                         for c in codes.values(codes.RestockReason)},
        "status_names": {c: code_label("restock_status", c)
                         for c in codes.values(codes.RestockStatus)},
        "settings": service_settings(),
    }


@role_required(*HQ_ROLES)
def restock():
    """Emergency restock requests in scope, the waiting ones first by wanted-by date."""
    status = request.args.get("status", "submitted")
    status = status if status in STATUS_FILTERS else "submitted"
    extra = restock_labels()
    rows = restock_reviews(db.session, current_user, status, extra["settings"])
    return render_page_or_fragment("hq/restock.html", "hq/partial/restock_table.html",
                                   reviews=rows, status=status, statuses=list(STATUS_FILTERS),
                                   message=None, **extra)


def _decide(request_id: str, approve: bool):
    item = find_restock_request(db.session, current_user, request_id)
    if item is None:
        abort(404)
    form = ReasonForm() if not approve else ConfirmForm()
    extra = restock_labels()
    text = (form.reason.data if not approve else form.note.data) or ""
    if not form.validate_on_submit():
        errors = [str(e) for f in form for e in f.errors]
        return _answer(item, " ".join(errors) or _("The form expired; try again."), "error",
                       extra)
    try:
        decide_restock_request(db.session, item, acting_user(), approve, text,
                               extra["settings"])
    except ActionRefused as error:
        db.session.rollback()
        item = find_restock_request(db.session, current_user, request_id)
        return _answer(item, refused(error), "error", extra)
    db.session.commit()
    message = (_("Approved: the extra stock can be supplied.") if approve
               else _("Refused; the rep sees your reason."))
    return _answer(item, message, "success", extra)


def _answer(item, message: str, category: str, extra: dict):
    """The updated row for htmx, else a flash and a 303 back to the list."""
    if is_htmx_fragment_request():
        return render_template("hq/partial/restock_row.html",
                               r=review(db.session, item, extra["settings"]),
                               message=(category, message), **extra)
    flash(message, category)
    return redirect(url_for("hq.restock"), code=303)


@role_required(*HQ_ROLES)
def approve_restock(request_id: str):
    """Approve a waiting request (refused while it breaks a per-store limit)."""
    return _decide(request_id, approve=True)


@role_required(*HQ_ROLES)
def refuse_restock(request_id: str):
    """Refuse a waiting request; the reason is required."""
    return _decide(request_id, approve=False)


@role_required(*HQ_ROLES)
def supply_restock(request_id: str):
    """Record the cartons supplied per line of an approved request (field `line-<id>`)."""
    item = find_restock_request(db.session, current_user, request_id)
    if item is None:
        abort(404)
    extra = restock_labels()
    if not ConfirmForm().validate_on_submit():
        return _answer(item, _("The form expired; try again."), "error", extra)
    supplied: dict[int, int] = {}
    for line in item.lines:
        text = (request.form.get(f"line-{line.id}") or "").strip()
        supplied[line.id] = int(text) if text.isdigit() else -1
    try:
        record_fulfilment(db.session, item, acting_user(), supplied, utcnow())
    except ActionRefused as error:
        db.session.rollback()
        item = find_restock_request(db.session, current_user, request_id)
        return _answer(item, refused(error), "error", extra)
    db.session.commit()
    return _answer(item, _("Supply recorded: the rep's sales follow-up comes due in "
                           "%(days)s days.", days=extra["settings"].restock_followup_days),
                   "success", extra)
