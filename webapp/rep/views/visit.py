"""The rep's visit page: check in, the visit form, check out.

Check-out turns the form into a sync record and applies it with `apply_batch`
(webapp/rep/views/capture.py): the very path a phone's offline upload takes. The open
check-in in between is kept in the database (`OpenCheckIn`), one per rep and store.
"""

from datetime import UTC, datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from ...auth.roles import role_required
from ...extensions import db
from ...models import OpenCheckIn, Visit, utcnow
from ...rules import codes
from ...services.check_ins import Arrival, check_in, end_check_in, open_check_in
from .. import forms
from .answers import back_to_store, form_again, now_iso, visible_store_or_404
from .capture import check_and_apply, new_record_id, read_records, save_photos


def _as_dict(check_in: OpenCheckIn | None) -> dict | None:
    """The open check-in as the page shows it (None: not checked in)."""
    if check_in is None:
        return None
    return {"id": check_in.id, "started_at": check_in.started_at.isoformat(timespec="seconds"),
            "lat": check_in.lat, "lng": check_in.lng, "accuracy_m": check_in.accuracy_m}


def _open_visit(store_id: int) -> dict | None:
    """The rep's check-in at this store not checked out yet (the database keeps it)."""
    found = open_check_in(db.session, current_user, store_id, utcnow())
    db.session.commit()  # a lapsed check-in was ended
    return _as_dict(found)


def _check_in(store_id: int) -> dict:
    """Record the arrival, or keep the check-in already open here."""
    arrival = Arrival(started_at=datetime.fromisoformat(now_iso()), lat=_number("lat"),
                      lng=_number("lng"), accuracy_m=_number("accuracy_m"))
    row = check_in(db.session, current_user, store_id, new_record_id(), arrival, utcnow())
    db.session.commit()
    return _as_dict(row)


def _close_visit(store_id: int, visit_id: str | None = None) -> None:
    """Forget the open check-in at this store (only `visit_id`'s, when given)."""
    end_check_in(db.session, current_user, store_id, visit_id)
    db.session.commit()


def _check_out_time(visit_id: str) -> str:
    """Now; or, for a check-out posted again (a second tap, a resent form), the time the
    first one stored, so the repeat is the same record and answers `duplicate`."""
    stored = db.session.get(Visit, visit_id.strip().lower()) if visit_id else None
    if stored is None or stored.rep_id != current_user.id or stored.ended_at is None:
        return now_iso()
    ended = stored.ended_at if stored.ended_at.tzinfo else stored.ended_at.replace(tzinfo=UTC)
    return ended.isoformat(timespec="seconds")


def _number(name: str) -> float | None:
    try:
        return float(request.form[name])
    except (KeyError, ValueError):
        return None


def _posted_visit() -> dict:
    """The check-in as the posted form carries it (checked in on the phone, offline)."""
    return {"id": request.form.get("r0.id", ""),
            "started_at": request.form.get("r0.data.started_at") or now_iso(),
            "lat": _number("r0.data.lat:float"), "lng": _number("r0.data.lng:float"),
            "accuracy_m": _number("r0.data.accuracy_m:float")}


def _visit_page(store, visit, values, errors, again=False):
    checked_in = None
    if visit:
        try:
            checked_in = datetime.fromisoformat(visit["started_at"])
        except ValueError:
            checked_in = None
    context = {"store": store, "visit": visit, "values": values, "errors": errors,
               "checked_in": checked_in, "purposes": codes.values(codes.VisitPurpose),
               "finding_labels": forms.FINDING_LABELS,
               "offline_visit": {"id": new_record_id(), "started_at": "", "lat": None,
                                 "lng": None, "accuracy_m": None}}
    if again:
        return form_again("rep/visit.html", **context)
    return render_template("rep/visit.html", **context)


@role_required("rep")
def visit_form(store_id: int):
    """Check in (time + location when allowed); the visit form; check out saves it."""
    store = visible_store_or_404(store_id)
    if request.method == "POST" and "checkin" in request.form:
        # a second check-in (a second tap, an old page) keeps the first one's time
        visit = _open_visit(store.id) or _check_in(store.id)
        # a URL of its own: never a cached copy of the check-in page (the phone's worker)
        return redirect(url_for("rep.visit_form", store_id=store.id, open=visit["id"]), 303)
    visit = _open_visit(store.id)
    if request.method == "GET":
        return _visit_page(store, visit, MultiDict(), {})
    items = list(request.form.items(multi=True))
    if visit and request.form.get("r0.id", "").lower() == visit["id"]:
        # the arrival time is the check-in's, whatever an older page of the form carries
        items = [(k, v) for k, v in items if k != "r0.data.started_at"]
        items.append(("r0.data.started_at", visit["started_at"]))
    if "checkout" in request.form and not request.form.get("r0.data.ended_at"):
        items.append(("r0.data.ended_at", _check_out_time(request.form.get("r0.id", ""))))
    capture = read_records(items, store.id, "visit")
    if not capture.errors and capture.records:
        capture.errors = forms.visit_problems(capture.records[0])
    capture = check_and_apply(capture, current_user)
    if not capture.saved:
        return _visit_page(store, visit or _posted_visit(), request.form, capture.errors,
                           again=True)
    _close_visit(store.id)
    result = capture.results[0]
    if result["status"] == "duplicate":
        return back_to_store(store, _("This visit was already saved; nothing changed."), "info")
    saved = db.session.get(Visit, result["id"])
    problems = save_photos(current_user, request.files.getlist("photos"),
                           request.form.getlist("photo_kind"), "visit", saved.id)
    db.session.refresh(saved)
    minutes = int(((saved.ended_at or saved.started_at) - saved.started_at).total_seconds() // 60)
    message = _("Visit saved: %(minutes)d min.", minutes=minutes)
    if saved.flags:
        message += " " + _("Noted for HQ: %(flags)s.",
                           flags=forms.flag_names(saved.flags))
    for problem in problems:
        flash(_("Photo not saved: %(problem)s", problem=problem), "error")
    return back_to_store(store, message)


@role_required("rep")
def visit_done(store_id: int):
    """Where the offline client goes after queuing a check-out: forget the check-in."""
    store = visible_store_or_404(store_id)
    _close_visit(store.id, request.args.get("id", "").lower())
    return redirect(url_for("rep.store", store_id=store.id), 303)
