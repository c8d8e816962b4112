"""What comes back to the rep and is closed on the spot: a visit follow-up marked done,
and the sales follow-up of a supplied emergency restock (issue 12 items 5 and 6).

Both forms are captures (form[data-capture]) of the sync records `follow_up_done` and
`restock_followup`: with JavaScript they go to the phone's outbox like every capture,
online or offline, and arrive exactly once; without it they post here (with the CSRF
token) and go through the same `apply_batch` (`services.rep_loop_records`). Anything
outside the rep's territory is a 404.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...auth.roles import role_required
from ...extensions import db
from ...request_context import service_settings, work_calendar
from ...rules.restock import followup_due
from ...services.restock import find_restock_request
from ...services.restock_supply import supplied_day
from ...services.visit_followups import find_follow_up
from .answers import form_again, now_iso
from .capture import check_and_apply, new_record_id, read_records


def _back(store_id: int | None):
    target = request.form.get("next", "")
    if target == "today" or store_id is None:
        return redirect(url_for("rep.today"), 303)
    return redirect(url_for("rep.store", store_id=store_id), 303)


@role_required("rep")
def follow_up_done(follow_up_id: int):
    """Mark a visit follow-up done (again: nothing changes) and go back: the to-do list's
    `follow_up_done` capture posted without the offline client."""
    item = find_follow_up(db.session, current_user, follow_up_id)
    if item is None:
        abort(404)
    store_id = item.visit.store_id
    capture = read_records(request.form.items(multi=True), store_id, "follow_up_done")
    if any(r.get("data", {}).get("follow_up_id") != item.id for r in capture.records):
        abort(400)
    capture = check_and_apply(capture, current_user)
    if not capture.saved:  # a hand-made post: the list has nothing to get wrong
        flash(" ".join(capture.errors.values()), "error")
        return _back(store_id)
    result = capture.results[0]
    if result["status"] == "duplicate" or result.get("already_done"):
        flash(_("This to-do was already done."), "info")
    else:
        flash(_("Marked done."), "success")
    return _back(store_id)


def _followup_page(item, due, values, errors=None):
    context = {"req": item, "store": item.store, "due": due, "values": values,
               "errors": errors or {}, "new_id": new_record_id(), "now": now_iso(),
               "supplied": sum(li.supplied_quantity or 0 for li in item.lines)}
    if errors:
        return form_again("rep/restock_followup.html", **context)
    return render_template("rep/restock_followup.html", **context)


@role_required("rep")
def restock_followup(request_id: str):
    """The sales follow-up of a supplied request: units sold since supply and a note, a
    `restock_followup` capture (posted here without the offline client)."""
    item = find_restock_request(db.session, current_user, request_id)
    if item is None or item.status not in ("fulfilled", "followed_up"):
        abort(404)
    settings = service_settings()
    due = followup_due(supplied_day(item, work_calendar(settings)), settings)
    if request.method == "GET":
        return _followup_page(item, due, {})
    capture = read_records(request.form.items(multi=True), item.store_id, "restock_followup")
    if any(r.get("data", {}).get("request_id") != item.id for r in capture.records):
        abort(400)
    capture = check_and_apply(capture, current_user)
    if not capture.saved:
        db.session.expire_all()
        return _followup_page(find_restock_request(db.session, current_user, request_id),
                              due, request.form, capture.errors)
    db.session.expire_all()
    item = find_restock_request(db.session, current_user, request_id)
    if capture.results[0]["status"] == "duplicate":
        flash(_("This was already sent; nothing changed."), "info")
    elif item.followup_failed:
        flash(_("Follow-up saved. The extra stock did not sell as claimed: the market "
                "manager is told."), "info")
    else:
        flash(_("Follow-up saved: the extra stock sold normally."), "success")
    return redirect(url_for("rep.store", store_id=item.store_id), 303)
