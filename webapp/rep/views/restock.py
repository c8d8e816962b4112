"""The rep's emergency restock page: extra goods a store needs before the next delivery.

The market manager verifies and decides each request (webapp/hq/views/restock.py);
the form shows how many requests the store made in the limit window.
"""

from datetime import timedelta

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from ... import clock
from ...auth.roles import role_required
from ...extensions import db
from ...request_context import service_settings
from ...rules import codes
from .. import forms
from ..queries.capture import price_products, restock_requests_since
from .answers import back_to_store, form_again, visible_store_or_404
from .capture import check_and_apply, new_record_id, read_records


def _restock_page(store, values, errors, again=False):
    settings = service_settings()
    window_start = clock.now() - timedelta(days=settings.restock_limit_window_days)
    recent = restock_requests_since(db.session, store, window_start)
    today = clock.today(settings.timezone)
    context = {"store": store, "values": values, "errors": errors, "new_id": new_record_id(),
               "products": price_products(db.session, store), "settings": settings,
               "recent": recent,
               "reasons": codes.values(codes.RestockReason),
               "today": today.isoformat(), "line_count": 5}
    if again:
        return form_again("rep/restock.html", **context)
    return render_template("rep/restock.html", **context)


@role_required("rep")
def restock_form(store_id: int):
    """An emergency restock request; the market manager verifies and decides it."""
    store = visible_store_or_404(store_id)
    if request.method == "GET":
        return _restock_page(store, MultiDict(), {})
    capture = read_records(request.form.items(multi=True), store.id, "restock_request")
    if not capture.errors and capture.records:
        settings = service_settings()
        today = clock.today(settings.timezone)
        capture.errors = forms.on_form_lines(
            forms.restock_problems(capture.records[0], today, settings), request.form)
    capture = check_and_apply(capture, current_user)
    if not capture.saved:
        return _restock_page(store, request.form, capture.errors, again=True)
    if capture.results[0]["status"] == "duplicate":
        return back_to_store(store, _("This request was already sent; nothing changed."), "info")
    return back_to_store(store, _("Restock request sent: the market manager will decide."))


