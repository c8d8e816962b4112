"""The owner's quarterly satisfaction survey (002 满意度调查): answered or skipped once
per quarter, offered on the home page until then."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import clock
from ...auth.roles import role_required
from ...extensions import db
from ...htmx import invalid_form_status
from ...services.quarterly_surveys import (
    quarterly_survey_due,
    record_quarterly_survey,
    skip_quarterly_survey,
)
from ...services.refusals import ActionRefused
from ..current_store import current_store
from ..survey_forms import QuarterlySurveyForm, SkipForm

SCORES = ("attitude", "effect", "product", "overall")


def _store_and_today():
    store = current_store(db.session, current_user)
    if store is None:
        abort(404)
    return store, clock.today(current_app.config["TIMEZONE"])


@role_required("store_owner")
def quarterly_survey():
    """The survey for the current store's quarter; done or skipped: say so."""
    store, today = _store_and_today()
    period = quarterly_survey_due(db.session, store, today)
    form = QuarterlySurveyForm()
    if period is not None and form.validate_on_submit():
        try:
            record_quarterly_survey(db.session, current_user, store, today,
                                    {name: form[name].data for name in SCORES},
                                    form.comment.data or "")
        except ActionRefused:
            db.session.rollback()
        else:
            db.session.commit()
            flash(_("Thank you: your answers were saved."), "success")
            return redirect(url_for("store.home"), code=303)
    status = invalid_form_status() if form.errors else 200
    return render_template("store/survey.html", store=store, period=period, form=form,
                           skip_form=SkipForm()), status


@role_required("store_owner")
def skip_quarterly():
    """Skip this quarter's survey for the current store (then not offered again)."""
    store, today = _store_and_today()
    if SkipForm().validate_on_submit() and quarterly_survey_due(db.session, store, today):
        skip_quarterly_survey(db.session, current_user, store, today)
        db.session.commit()
        flash(_("Skipped: we will ask again next quarter."), "success")
    return redirect(url_for("store.home"), code=303)
