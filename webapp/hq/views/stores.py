"""HQ pages for store info: reported changes waiting for HQ, and HQ's own store edit.

Both write through `webapp.services` (`stores`, `store_changes`), i.e. through the same
field merge as phones.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from ...auth.roles import role_required
from ...extensions import db
from ...htmx import invalid_form_status, is_htmx_fragment_request
from ...models import utcnow
from ...request_context import service_settings, work_calendar
from ...rules.roles import HQ_ROLES
from ...rules.store_changes import change_due_by
from ...scope import get_visible_store
from ...services.context import server_hlc
from ...services.refusals import ActionRefused
from ...services.store_changes import approve_store_change, reject_store_change, waiting_fields
from ...services.stores import hq_edit_store
from ..forms import FIELD_LABELS, ConfirmForm, ReasonForm, StoreEditForm
from ..forms import refusal_message as refused
from ..queries.names import active_business_types, business_type_names, open_conflicts
from ..sync_queries import find_store_change, pending_store_changes
from .access import acting_user


def change_context(changes: list, replaced: dict | None = None) -> dict:
    """Deadlines and names the change rows show; `replaced` (change id -> field -> value)
    the store's values a decision just replaced, shown instead of the store's new ones."""
    settings = service_settings()
    calendar = work_calendar(settings)
    return {
        "due": {c.id: change_due_by(c.reported_at, calendar, settings) for c in changes},
        "waiting": {c.id: waiting_fields(c) for c in changes},
        "replaced": replaced or {},
        "business_types": business_type_names(db.session, str(get_locale())),
        "now_utc": utcnow(),
    }


@role_required(*HQ_ROLES)
def store_changes():
    """Reported store changes waiting for HQ: approve or reject each."""
    rows = pending_store_changes(db.session, current_user)
    return render_template("hq/store_changes.html", changes=rows, message=None,
                           **change_context(rows))


def _change_or_404(change_id: str):
    change = find_store_change(db.session, current_user, change_id)
    if change is None:
        abort(404)
    return change


def _answer(change, message: str, category: str, replaced: dict | None = None):
    """The updated row for htmx, else a flash and a 303 back to the list."""
    if is_htmx_fragment_request():
        return render_template("hq/partial/store_change_row.html", c=change,
                               message=(category, message),
                               **change_context([change], {change.id: replaced or {}}))
    flash(message, category)
    return redirect(url_for("hq.store_changes"), code=303)


@role_required(*HQ_ROLES)
def approve_change(change_id: str):
    """Apply the waiting fields (a field changed since becomes a conflict)."""
    change = _change_or_404(change_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    replaced = {f: getattr(change.store, f) for f in waiting_fields(change)}
    try:
        results = approve_store_change(db.session, change, acting_user(), form.note.data or "",
                                       clock=server_hlc())
    except ActionRefused as error:
        db.session.rollback()
        return _answer(_change_or_404(change_id), refused(error), "error")
    db.session.commit()
    lost = [str(FIELD_LABELS.get(r.field, r.field)) for r in results if r.outcome == "lost"]
    if lost:
        return _answer(change, _("Approved, but a later change kept its value for: "
                                 "%(fields)s. See the conflicts page.",
                                 fields=", ".join(lost)), "info", replaced)
    return _answer(change, _("Approved: the store now shows the reported values."), "success",
                   replaced)


@role_required(*HQ_ROLES)
def reject_change(change_id: str):
    """Refuse the waiting fields; a reason is required."""
    change = _change_or_404(change_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        return _answer(change, " ".join(str(e) for e in form.reason.errors) or
                       _("Give a reason: the rep and the audit log will see it."), "error")
    try:
        reject_store_change(db.session, change, acting_user(), form.reason.data)
    except ActionRefused as error:
        db.session.rollback()
        return _answer(_change_or_404(change_id), refused(error), "error")
    db.session.commit()
    return _answer(change, _("Rejected; the store keeps its current values."), "success")


def _edit_page(store, form, status: int = 200, changed_since: bool = False):
    names = business_type_names(db.session, str(get_locale()))
    return render_template("hq/store_edit.html", store=store, form=form,
                           changed_since=changed_since, business_types=names,
                           open_conflicts=open_conflicts(db.session, store)), status


@role_required(*HQ_ROLES)
def edit_store(store_id: int):
    """HQ edits a store's info; a phone's concurrent offline change meets it as a conflict."""
    store = get_visible_store(db.session, current_user, store_id)
    if store is None:
        abort(404)
    form = StoreEditForm(obj=store if request.method == "GET" else None)
    names = business_type_names(db.session, str(get_locale()))
    active = active_business_types(db.session)
    codes = active if store.business_type in active else [store.business_type, *active]
    # (a retired code stays selectable while the store still has it)
    form.business_type.choices = [SelectChoice(code, names.get(code, code)) for code in codes]
    if request.method == "GET":
        form.version.data = store.version
        return _edit_page(store, form)
    if not form.validate_on_submit():
        return _edit_page(store, form, invalid_form_status())
    if form.version.data != store.version:
        # Someone (a phone, HQ) changed the store since this form was opened: saving the
        # form's old values would silently undo that change. Show the new values first.
        form.version.data, form.version.raw_data = store.version, [str(store.version)]
        flash(_("This store was changed while you were editing. Check the current values "
                "shown under each field, then save again."), "error")
        return _edit_page(store, form, invalid_form_status(), changed_since=True)
    try:
        results = hq_edit_store(db.session, store, acting_user(), form.values(), clock=server_hlc())
    except ActionRefused as error:
        db.session.rollback()
        flash(refused(error), "error")
        return _edit_page(store, form, invalid_form_status())
    db.session.commit()
    if results:
        fields = ", ".join(str(FIELD_LABELS[r.field]) for r in results)
        flash(_("Saved: %(fields)s.", fields=fields), "success")
    else:
        flash(_("Nothing changed."), "info")
    return redirect(url_for("hq.edit_store", store_id=store.id), code=303)
