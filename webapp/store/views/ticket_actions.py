"""The owner's actions on a ticket: add information, rate the resolution (the
callback), reopen within the allowed period, answer the callback survey. Each reads its
form, calls `services.owner_tickets` or `services.quarterly_surveys`, commits and goes
back to the ticket (303); a refusal is shown on the ticket page."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...auth.roles import role_required
from ...extensions import db
from ...htmx import invalid_form_status
from ...request_context import service_settings
from ...services.owner_tickets import add_owner_information, rate_resolution, reopen_by_owner
from ...services.quarterly_surveys import record_callback_survey
from ...services.refusals import ActionRefused
from ..survey_forms import CallbackSurveyForm, SkipForm
from ..ticket_forms import InfoForm, RateForm, ReopenForm
from .tickets import OWNER, ticket_or_404, ticket_page


def refusal_text(error: ActionRefused) -> str:
    """Why the owner's action was refused, in their language."""
    return {
        "reopen_too_late": _("The period to reopen this ticket has ended. Raise a new "
                             "ticket instead."),
        "ticket_closed": _("This ticket is closed: raise a new one, or reopen it."),
        "survey_done": _("This survey was already answered."),
    }.get(error.reason, _("This cannot be done at this stage of the ticket."))


def _done(ticket, message: str):
    flash(message, "success")
    return redirect(url_for("store.ticket", ticket_id=ticket.id), code=303)


def _refused(ticket, error: ActionRefused):
    db.session.rollback()
    flash(refusal_text(error), "error")
    return redirect(url_for("store.ticket", ticket_id=ticket.id), code=303)


@role_required(OWNER)
def ticket_info(ticket_id: str):
    """Add information to the ticket (the people handling it are told)."""
    ticket = ticket_or_404(ticket_id)
    form = InfoForm()
    if not form.validate_on_submit():
        return ticket_page(ticket, invalid_form_status(), info_form=form)
    try:
        add_owner_information(db.session, current_user, ticket, form.text.data)
    except ActionRefused as error:
        return _refused(ticket, error)
    db.session.commit()
    return _done(ticket, _("Added to the ticket."))


@role_required(OWNER)
def ticket_rate(ticket_id: str):
    """Rate the resolution 1–5 (the callback)."""
    ticket = ticket_or_404(ticket_id)
    form = RateForm()
    if not form.validate_on_submit():
        return ticket_page(ticket, invalid_form_status(), rate_form=form)
    try:
        rate_resolution(db.session, current_user, ticket, form.satisfaction.data,
                        form.comment.data or "", settings=service_settings())
    except ActionRefused as error:
        return _refused(ticket, error)
    db.session.commit()
    return _done(ticket, _("Thank you for your rating."))


@role_required(OWNER)
def ticket_reopen(ticket_id: str):
    """Reopen a settled ticket within the allowed period, saying why."""
    ticket = ticket_or_404(ticket_id)
    form = ReopenForm()
    if not form.validate_on_submit():
        return ticket_page(ticket, invalid_form_status(), reopen_form=form)
    try:
        reopen_by_owner(db.session, current_user, ticket, form.reason.data,
                        settings=service_settings())
    except ActionRefused as error:
        return _refused(ticket, error)
    db.session.commit()
    return _done(ticket, _("Reopened: the ticket is being handled again."))


@role_required(OWNER)
def ticket_survey(ticket_id: str):
    """The survey after a settled ticket: answered, or skipped ("skip" in the form)."""
    ticket = ticket_or_404(ticket_id)
    skipping = "skip" in request.form
    form = SkipForm() if skipping else CallbackSurveyForm()
    if not form.validate_on_submit():
        return ticket_page(ticket, invalid_form_status(),
                           **({} if skipping else {"survey_form": form}))
    scores = None if skipping else {name: form[name].data
                                    for name in ("attitude", "effect", "overall")}
    try:
        record_callback_survey(db.session, current_user, ticket, scores,
                               "" if skipping else form.comment.data or "")
    except ActionRefused as error:
        return _refused(ticket, error)
    db.session.commit()
    return _done(ticket, _("Skipped.") if skipping else _("Thank you: your answers were saved."))
