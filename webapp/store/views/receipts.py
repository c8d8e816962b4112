"""Signing for a delivered order (签收) and the survey after a completed one."""

import base64
import binascii

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import clock
from ...auth.roles import role_required
from ...extensions import db
from ...request_context import service_settings, work_calendar
from ...rules.codes import OrderException, values
from ...services.order_receipts import LineEntry, ReceiptRefused, confirm_receipt
from ...services.refusals import ActionRefused
from ...services.surveys import record_survey, skip_survey
from ..current_store import follow_store
from ..order_messages import problem_message, refusal_message
from ..order_queries import order_detail

EXCEPTIONS = values(OrderException)


def _detail_or_404(order_id: int):
    detail = order_detail(db.session, current_user, order_id)
    if detail is None:
        abort(404)
    follow_store(detail.order.store_id)
    return detail


def _form_page(detail, errors=None, general=None, status=200):
    return render_template("store/receipt.html", detail=detail, order=detail.order,
                           exceptions=EXCEPTIONS, errors=errors or {}, general=general or [],
                           typed=request.form if request.method == "POST" else {}), status


@role_required("store_owner")
def receipt_form(order_id: int):
    """The receipt form of a delivered order; any other order goes back to its page."""
    detail = _detail_or_404(order_id)
    if not detail.receivable:
        return redirect(url_for("store.order", order_id=order_id), code=303)
    return _form_page(detail)


def _signature() -> bytes | None:
    """The finger signature: a PNG data URL from the canvas, or nothing."""
    raw = request.form.get("signature", "").strip()
    if not raw:
        return None
    try:
        return base64.b64decode(raw.split(",", 1)[-1], validate=True)
    except (binascii.Error, ValueError):
        return b"not an image"  # the service refuses it with a clear message


def _entries(detail) -> dict[int, LineEntry]:
    """What was typed per line; "All correct" fills in every line as ordered."""
    if "all_correct" in request.form:
        return {d.line.id: LineEntry(d.line.quantity) for d in detail.lines}
    return {d.line.id: LineEntry(request.form.get(f"received-{d.line.id}", ""),
                                 request.form.get(f"exception-{d.line.id}") or None,
                                 request.form.get(f"note-{d.line.id}"))
            for d in detail.lines}


def _photos(detail) -> dict[int | None, list[bytes]]:
    found: dict[int | None, list[bytes]] = {}
    for key, line_id in [*((f"photos-{d.line.id}", d.line.id) for d in detail.lines),
                         ("order_photos", None)]:
        images = [upload.read() for upload in request.files.getlist(key) if upload.filename]
        if images:
            found[line_id] = images
    return found


@role_required("store_owner")
def receive(order_id: int):
    """Store the receipt; a refused one comes back with every problem on its line."""
    detail = _detail_or_404(order_id)
    all_correct = "all_correct" in request.form
    settings = service_settings()
    try:
        receipt = confirm_receipt(
            db.session, current_user, order_id, request.form.get("version", type=int),
            _entries(detail), signer=request.form.get("signer", ""),
            upload_dir=current_app.config["UPLOAD_DIR"], now=clock.now(),
            order_exception=None if all_correct else request.form.get("order_exception") or None,
            order_note=request.form.get("order_note"),
            photos={} if all_correct else _photos(detail), signature=_signature(),
            settings=settings, calendar=work_calendar(settings))
    except ReceiptRefused as refused:
        db.session.rollback()
        if refused.reason == "not_found":
            abort(404)
        if refused.reason in ("already_received", "not_delivered", "stale_version"):
            flash(refusal_message(refused.reason), "error")
            return redirect(url_for("store.order", order_id=order_id), code=303)
        errors: dict[int, list[str]] = {}
        general = []
        for problem in refused.problems:
            if problem.line_id is None:
                general.append(problem_message(problem))
            else:
                errors.setdefault(problem.line_id, []).append(problem_message(problem))
        return _form_page(_detail_or_404(order_id), errors, general, 422)
    db.session.commit()
    if receipt.completed:
        flash(_("Signed for: the order is complete. Thank you!"), "success")
    else:
        flash(_("Signed for, with the problems reported: the order desk has a ticket for "
                "them."), "success")
    return redirect(url_for("store.order", order_id=order_id), code=303)


@role_required("store_owner")
def survey(order_id: int):
    """Answer or skip the survey of a completed order (once)."""
    try:
        if "skip" in request.form:
            skip_survey(db.session, current_user, order_id, now=clock.now())
        else:
            record_survey(db.session, current_user, order_id,
                          overall=request.form.get("overall"),
                          attitude=request.form.get("attitude"),
                          effect=request.form.get("effect"),
                          comment=request.form.get("comment"), now=clock.now())
    except ActionRefused as refused:
        db.session.rollback()
        if refused.reason == "not_found":
            abort(404)
        flash(refusal_message(refused.reason), "error")
    else:
        db.session.commit()
        flash(_("Survey skipped.") if "skip" in request.form
              else _("Thank you for your answer."), "success")
    return redirect(url_for("store.order", order_id=order_id), code=303)
