"""The owner's orders: the list of the current store's orders, one order (timeline, lines,
receipt, tickets), cancelling before confirmation, and the order's photos."""

from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import clock
from ...auth.roles import role_required
from ...extensions import db
from ...services.orders import cancel_order
from ...services.refusals import ActionRefused
from ...services.surveys import survey_due_for_order
from ..current_store import current_store, follow_store
from ..order_messages import WHO, refusal_message
from ..order_queries import order_detail, order_photo, store_order_list
from ..ticket_queries import next_deadline


def _version() -> int | None:
    return request.form.get("version", type=int)


@role_required("store_owner")
def order_list():
    """The current store's latest orders, newest first."""
    store = current_store(db.session, current_user)
    orders = store_order_list(db.session, store) if store is not None else []
    return render_template("store/orders.html", store=store, orders=orders)


@role_required("store_owner")
def order_page(order_id: int):
    """One order of the owner's stores (404 for anyone else's)."""
    detail = order_detail(db.session, current_user, order_id)
    if detail is None:
        abort(404)
    follow_store(detail.order.store_id)
    return render_template("store/order.html", detail=detail, order=detail.order, who_labels=WHO,
                           survey_due=survey_due_for_order(db.session, current_user,
                                                           detail.order),
                           next_deadline=next_deadline)


@role_required("store_owner")
def cancel(order_id: int):
    """Cancel an order the order desk has not confirmed yet, at the version the page saw."""
    try:
        cancel_order(db.session, current_user, order_id, _version(),
                     request.form.get("reason"), now=clock.now())
    except ActionRefused as refused:
        db.session.rollback()
        if refused.reason == "not_found":
            abort(404)
        flash(refusal_message(refused.reason), "error")
    else:
        db.session.commit()
        flash(_("The order is cancelled."), "success")
    return redirect(url_for("store.order", order_id=order_id), code=303)


@role_required("store_owner")
def photo(order_id: int, photo_id: str):
    """A damage photo or the signature of one of the owner's orders (404 otherwise)."""
    found = order_photo(db.session, current_user, order_id, photo_id)
    if found is None:
        abort(404)
    path = Path(current_app.config["UPLOAD_DIR"]) / found.storage_path
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=found.mime_type, max_age=3600)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
