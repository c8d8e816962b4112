"""The ticket desk (issue 12 items 1–3): the queue, the ticket page, its actions and
its photos. Both pages evaluate escalation for the tickets they show before rendering
(services.ticket_escalation: cheap and idempotent), so a deadline passed is visible
at once even if the scheduled command has not run yet.

Views read the form, call `services.ticket_actions`, commit and redirect (303); a
refusal renders the ticket page again (422) with the reason in words and, for a
decision above the user's tier, the offer to escalate. Out of scope is a 404.
"""

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ... import clock
from ...auth.roles import role_required
from ...extensions import db
from ...htmx import invalid_form_status
from ...inbox.pages import read_on_sight
from ...models import Photo
from ...request_context import push_context
from ...rules.codes import Severity, TicketCategory, TicketKind, Tier, values
from ...rules.roles import HQ_ROLES
from ...scope import photo_visible
from ...services import ticket_actions as actions
from ...services.refusals import ActionRefused
from ...services.ticket_escalation import escalate_overdue
from ...url_ids import id_or_none
from ..queries.ticket_page import ticket_view
from ..queries.ticket_queue import FILTER_NAMES, clean_filters, ticket_queue
from ..ticket_forms import TicketActionForm, ticket_refusal_message
from .access import acting_user


def _evaluate(ticket_ids) -> None:
    """Escalate the shown tickets whose deadlines passed (evaluate on read)."""
    if escalate_overdue(db.session, clock.now(), ticket_ids):
        db.session.commit()


@role_required(*HQ_ROLES)
def queue():
    """Open tickets in scope, the next deadline first, filtered and paginated."""
    ctx = push_context(acting_user())
    filters = clean_filters(request.args)
    page_no = request.args.get("page", "1")
    page_no = int(page_no) if page_no.isdigit() else 1
    page = ticket_queue(db.session, current_user, filters, page_no, ctx.now, ctx.calendar)
    shown = [row.ticket.id for row in page.rows]
    if escalate_overdue(db.session, ctx.now, shown):
        db.session.commit()
        page = ticket_queue(db.session, current_user, filters, page_no, ctx.now, ctx.calendar)
    return render_template("hq/tickets.html", page=page, filters=filters,
                           f={name: filters.get(name, "") for name in FILTER_NAMES},
                           severities=values(Severity), kinds=values(TicketKind),
                           categories=values(TicketCategory), now=ctx.now)


def _page(ticket, form, status: int = 200, refusal: ActionRefused | None = None,
          acted: str | None = None):
    ctx = push_context(acting_user())
    view = ticket_view(db.session, current_user, ticket, ctx.now, ctx.calendar,
                       ctx.settings.ticket_callback_kinds)
    has_order = "hq.order" in current_app.view_functions
    # a refused action (POST): the address stays the ticket's page, not the action's
    headers = ({"HX-Push-Url": url_for("hq.ticket_page", ticket_id=ticket.id)}
               if request.method == "POST" else {})
    return render_template(
        "hq/ticket.html", v=view, form=form, has_order=has_order,
        severities=values(Severity), tiers=values(Tier), refusal=refusal, acted=acted,
        refusal_words=ticket_refusal_message(refusal) if refusal else None), status, headers


def _find(ticket_id: str):
    ticket = actions.find_ticket(db.session, current_user, ticket_id)
    if ticket is None:
        abort(404)
    return ticket


@role_required(*HQ_ROLES)
def ticket_page(ticket_id: str):
    """One ticket: history, photos, order, deadlines and the actions."""
    _find(ticket_id)
    _evaluate([ticket_id])
    read_on_sight("ticket", ticket_id)
    return _page(_find(ticket_id), TicketActionForm())


def _run(action: str, ctx, ticket, form):
    text = form.text.data or ""
    if action == "acknowledge":
        return actions.acknowledge(ctx, ticket, text)
    if action == "answer":
        return actions.answer_customer(ctx, ticket, text)
    if action == "temp_measure":
        return actions.record_temp_measure(ctx, ticket, text)
    if action == "resolve":
        return actions.resolve(ctx, ticket, text)
    if action == "callback":
        score = int(form.satisfaction.data) if (form.satisfaction.data or "").isdigit() else None
        return actions.record_callback(ctx, ticket, score, text)
    if action == "close":
        return actions.close(ctx, ticket, text)
    if action == "reopen":
        return actions.reopen(ctx, ticket, text)
    if action == "severity":
        return actions.override_severity(ctx, ticket, form.severity.data or "", text)
    if action == "pass_on":
        if form.tier.data:
            return actions.pass_on(ctx, ticket, tier=form.tier.data, note=text)
        # a number past an id column's range (an edited form) names no one
        person = actions.find_assignable(db.session, id_or_none(form.assignee_id.data))
        return actions.pass_on(ctx, ticket, assignee=person, note=text)
    if action == "escalate":
        return actions.escalate_to_tier(ctx, ticket, text)
    abort(404)


DONE = {
    "acknowledge": _l("Acknowledged: you hold this ticket now."),
    "answer": _l("Answer saved: the store sees it."),
    "temp_measure": _l("Temporary measure recorded."),
    "resolve": _l("Resolved: the resolution is shown to the store."),
    "callback": _l("Callback recorded."),
    "close": _l("Ticket closed."),
    "reopen": _l("Ticket reopened."),
    "severity": _l("Severity changed; the automatic one is kept."),
    "pass_on": _l("Passed on: the new owner is notified."),
    "escalate": _l("Escalated: the new owner is notified."),
}


@role_required(*HQ_ROLES)
def ticket_action(ticket_id: str, action: str):
    """Do one action on the ticket (POST, CSRF-checked)."""
    if action not in DONE:
        abort(404)
    ticket = _find(ticket_id)
    form = TicketActionForm()
    if not form.validate_on_submit():
        db.session.rollback()
        problem = " ".join(str(e) for f in form for e in f.errors)
        flash(problem or _("The form expired; try again."), "error")
        return _page(ticket, form, invalid_form_status(), acted=action)
    if action == "pass_on" and not form.tier.data and form.assignee_id.data is None:
        flash(_("Choose the person or the tier to pass it on to."), "error")
        return _page(ticket, form, invalid_form_status(), acted=action)
    ctx = push_context(acting_user())
    try:
        _run(action, ctx, ticket, form)
    except ActionRefused as error:
        db.session.rollback()
        return _page(_find(ticket_id), form, invalid_form_status(), error, acted=action)
    db.session.commit()
    flash(str(DONE[action]), "success")
    return redirect(url_for("hq.ticket_page", ticket_id=ticket_id), code=303)


@role_required(*HQ_ROLES)
def ticket_photo(photo_id: str):
    """A ticket's photo, to those who may see its store (scope.photo_visible), else 404."""
    photo = db.session.get(Photo, photo_id) if len(photo_id) <= 36 else None
    if photo is None or not photo_visible(db.session, current_user, photo):
        abort(404)
    root = current_app.config["UPLOAD_DIR"]
    return send_file(f"{root}/{photo.storage_path}", mimetype=photo.mime_type,
                     max_age=3600)
