"""HQ pages for offline sync: conflicts (pick a value) and the quarantine (fix or drop).

Views only read the form, call the services (`webapp.services`) and render or redirect (303).
Every row is looked up through the scoping helper; out of scope is a 404.
"""

import json

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ...auth.roles import role_required
from ...extensions import db
from ...htmx import invalid_form_status, is_htmx_fragment_request, render_page_or_fragment
from ...models import Device, User
from ...request_context import push_context
from ...rules.roles import HQ_ROLES
from ...scope import sees_everything
from ...services.conflicts import choose_conflict_value
from ...services.context import server_hlc
from ...services.quarantine import discard_quarantined, reapply_quarantined
from ...services.refusals import ActionRefused
from ...templating import refusal as refusal_words
from ..forms import ChoiceForm, PayloadForm, ReasonForm, parse_payload
from ..forms import refusal_message as refused
from ..queries.names import business_type_names, users_by_id
from ..sync_queries import (
    describe_sources,
    find_conflict,
    find_quarantined,
    payload_store_id,
    scoped_conflicts,
    scoped_quarantine,
    stores_by_id,
)
from .access import acting_user

CONFLICT_STATUSES = ("open", "kept", "swapped", "all")
QUARANTINE_STATUSES = ("open", "reapplied", "discarded", "all")


def conflict_context(conflicts: list) -> dict:
    """Stores, writers and names the conflict rows show."""
    sources = {c.winning_source for c in conflicts} | {c.losing_source for c in conflicts}
    resolvers = {c.resolved_by_id for c in conflicts}
    return {
        "stores": stores_by_id(db.session, current_user, {c.store_id for c in conflicts}),
        "sources": describe_sources(db.session, sources),
        "resolvers": users_by_id(db.session, resolvers),
        "business_types": business_type_names(db.session, str(get_locale())),
    }


@role_required(*HQ_ROLES)
def conflicts():
    """Concurrent values of store fields: both sides, and a choice between them."""
    status = request.args.get("status", "open")
    status = status if status in CONFLICT_STATUSES else "open"
    rows = scoped_conflicts(db.session, current_user, status)
    return render_page_or_fragment("hq/sync/conflicts.html", "hq/partial/conflict_table.html",
                                   conflicts=rows, status=status, statuses=CONFLICT_STATUSES,
                                   message=None, **conflict_context(rows))


@role_required(*HQ_ROLES)
def resolve_conflict(conflict_id: int):
    """Keep the winning value, or apply the losing one instead."""
    conflict = find_conflict(db.session, current_user, conflict_id)
    if conflict is None:
        abort(404)
    form = ChoiceForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        choose_conflict_value(db.session, conflict, acting_user(), form.keep.data,
                              clock=server_hlc())
    except ActionRefused as error:
        db.session.rollback()
        message, category = refused(error), "error"
    else:
        db.session.commit()
        message = (_("The value that stood is kept.") if form.keep.data == "winner"
                   else _("The other value now applies to the store."))
        category = "success"
    if is_htmx_fragment_request():
        conflict = find_conflict(db.session, current_user, conflict_id)
        return render_template("hq/partial/conflict_row.html", c=conflict,
                               message=(category, message), **conflict_context([conflict]))
    flash(message, category)
    return redirect(url_for("hq.conflicts"), code=303)


REAPPLIED = {  # a re-submitted record's push status -> what HQ reads
    "applied": lambda: _("The record was applied."),
    "duplicate": lambda: _("The record had already been applied: nothing changed."),
    "conflict": lambda: _("The record was applied; a value that differed waits on the "
                          "conflicts page."),
}


@role_required(*HQ_ROLES)
def quarantine():
    """Records the server refused, kept with their raw payload."""
    status = request.args.get("status", "open")
    status = status if status in QUARANTINE_STATUSES else "open"
    items = scoped_quarantine(db.session, current_user, status)
    store_ids = {payload_store_id(i.payload) for i in items} - {None}
    users = users_by_id(db.session, (i.user_id for i in items))
    return render_page_or_fragment(
        "hq/sync/quarantine.html", "hq/partial/quarantine_table.html", items=items,
        status=status, statuses=QUARANTINE_STATUSES, users=users,
        stores=stores_by_id(db.session, current_user, store_ids), store_of=payload_store_id)


def pretty_json(value) -> str:
    """JSON for people: indented, Chinese kept readable; a lone surrogate (which no page
    can carry) is shown as its JSON escape, so the text still parses to what was sent."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text if text.isascii() else text.encode("utf-8", "backslashreplace").decode()


def render_item(item, payload_text: str | None = None, payload_form=None, reason_form=None,
                error: str | None = None, status: int = 200):
    """The detail page of a quarantined record (the stored payload is always shown)."""
    store_id = payload_store_id(item.payload)
    return render_template(
        "hq/sync/quarantine_item.html", item=item, error=error,
        stored_json=pretty_json(item.payload),
        payload_text=pretty_json(item.payload) if payload_text is None else payload_text,
        payload_form=payload_form or PayloadForm(formdata=None),
        reason_form=reason_form or ReasonForm(formdata=None),
        pusher=db.session.get(User, item.user_id) if item.user_id else None,
        device=db.session.get(Device, item.device_id) if item.device_id else None,
        store=stores_by_id(db.session, current_user, {store_id}).get(store_id),
        resolver=db.session.get(User, item.resolved_by_id) if item.resolved_by_id else None,
    ), status


def _item_or_404(item_id: int):
    item = find_quarantined(db.session, current_user, item_id)
    if item is None:
        abort(404)
    return item


@role_required(*HQ_ROLES)
def quarantine_item(item_id: int):
    """One quarantined record: its error, its payload to fix, and the way out."""
    return render_item(_item_or_404(item_id))


@role_required(*HQ_ROLES)
def reapply_item(item_id: int):
    """Apply the fixed record as its original sender; a new error keeps it open."""
    item = _item_or_404(item_id)
    form = PayloadForm()
    text = form.payload.data or ""
    if not form.validate_on_submit():
        return render_item(item, text, payload_form=form, status=invalid_form_status())
    payload, error = parse_payload(text)
    store_id = payload_store_id(payload)
    if error is None and not sees_everything(current_user) and (
            store_id is None or not stores_by_id(db.session, current_user, {store_id})):
        error = _("The record must name a store of your region.")
    if error is not None:
        return render_item(item, text, payload_form=form, error=error, status=invalid_form_status())
    try:
        result = reapply_quarantined(db.session, push_context(acting_user()), item, payload)
    except ActionRefused as refusal:
        db.session.rollback()
        return render_item(_item_or_404(item_id), text, payload_form=form,
                           error=refused(refusal), status=invalid_form_status())
    db.session.commit()
    if result["status"] == "rejected":
        # the reason in words; the English stays on the page as the detail for support
        message = _("Still refused: %(error)s", error=refusal_words(result.get("error")))
        return render_item(item, text, payload_form=form, error=message,
                           status=invalid_form_status())
    flash(REAPPLIED.get(result["status"], REAPPLIED["applied"])(), "success")
    return redirect(url_for("hq.quarantine"), code=303)


@role_required(*HQ_ROLES)
def discard_item(item_id: int):
    """Drop the record for good, with the reason kept."""
    item = _item_or_404(item_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        return render_item(item, reason_form=form, status=invalid_form_status())
    try:
        discard_quarantined(db.session, item, acting_user(), form.reason.data)
    except ActionRefused as refusal:
        db.session.rollback()
        return render_item(_item_or_404(item_id), reason_form=form, error=refused(refusal),
                           status=invalid_form_status())
    db.session.commit()
    flash(_("The record was discarded."), "success")
    return redirect(url_for("hq.quarantine"), code=303)
