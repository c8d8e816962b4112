"""What comes back to the rep and is closed on the spot: a visit follow-up marked done,
and the sales follow-up of a supplied emergency restock (issue 12 items 5 and 6).

Both are plain POSTs with the CSRF token; anything outside the rep's territory is a 404.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import clock
from ...auth.roles import role_required
from ...extensions import db
from ...hq.forms import refusal_message
from ...request_context import service_settings, work_calendar
from ...rules.restock import followup_due
from ...services.refusals import ActionRefused
from ...services.restock import find_restock_request
from ...services.restock_supply import record_sales_followup
from ...services.visit_followups import find_follow_up, mark_follow_up_done
from ..queries.loop import supplied_day
from .answers import form_again


def _back(store_id: int | None):
    target = request.form.get("next", "")
    if target == "today" or store_id is None:
        return redirect(url_for("rep.today"), 303)
    return redirect(url_for("rep.store", store_id=store_id), 303)


@role_required("rep")
def follow_up_done(follow_up_id: int):
    """Mark a visit follow-up done (again: nothing changes) and go back."""
    item = find_follow_up(db.session, current_user, follow_up_id)
    if item is None:
        abort(404)
    changed = mark_follow_up_done(db.session, item, current_user, clock.now())
    db.session.commit()
    flash(_("Marked done.") if changed else _("This to-do was already done."),
          "success" if changed else "info")
    return _back(item.visit.store_id)


def _followup_page(item, due, values, error=None):
    context = {"req": item, "store": item.store, "due": due, "values": values,
               "error": error, "supplied": sum(li.supplied_quantity or 0 for li in item.lines)}
    if error:
        return form_again("rep/restock_followup.html", **context)
    return render_template("rep/restock_followup.html", **context)


@role_required("rep")
def restock_followup(request_id: str):
    """The sales follow-up of a supplied request: units sold since supply and a note."""
    item = find_restock_request(db.session, current_user, request_id)
    if item is None or item.status not in ("fulfilled", "followed_up"):
        abort(404)
    settings = service_settings()
    calendar = work_calendar(settings)
    supplied_on = supplied_day(item, calendar)
    due = followup_due(supplied_on, settings)
    if request.method == "GET":
        return _followup_page(item, due, {})
    text = (request.form.get("sold_units") or "").strip()
    if not text.isdigit():
        return _followup_page(item, due, request.form,
                              _("Enter the units sold: a whole number, 0 or more."))
    now = clock.now()
    try:
        record_sales_followup(db.session, item, current_user, int(text),
                              request.form.get("note", ""), now, calendar.local_date(now),
                              supplied_on, settings)
    except ActionRefused as error:
        db.session.rollback()
        item = find_restock_request(db.session, current_user, request_id)
        return _followup_page(item, due, request.form, refusal_message(error))
    db.session.commit()
    if item.followup_failed:
        flash(_("Follow-up saved. The extra stock did not sell as claimed: the market "
                "manager is told."), "info")
    else:
        flash(_("Follow-up saved: the extra stock sold normally."), "success")
    return redirect(url_for("rep.store", store_id=item.store_id), 303)
