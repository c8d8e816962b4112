"""The rep's product suggestion to a store (品牌培育), from the store page: a
`recommendation` capture (form[data-capture]). With JavaScript it is queued in the phone's
outbox like every capture, online or offline, and arrives exactly once; without it the
form posts here and goes through the same `apply_batch`. A suggestion is shown to the
owner in the catalogue, never put in a cart (客户自主订货, domain spec §2.4).
"""

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from ...auth.roles import role_required
from .answers import back_to_store, form_again, visible_store_or_404
from .capture import check_and_apply, read_records
from .sections import store_context


@role_required("rep")
def recommend(store_id: int):
    """Suggest a product to the store, or withdraw a suggestion (POST only)."""
    store = visible_store_or_404(store_id)
    capture = read_records(request.form.items(multi=True), store.id, "recommendation")
    capture = check_and_apply(capture, current_user)
    if not capture.saved:
        return form_again("rep/store.html",
                          **store_context(store, request.form, capture.errors))
    if capture.results[0]["status"] == "duplicate":
        return back_to_store(store, _("This was already sent; nothing changed."), "info")
    if capture.records[0]["data"].get("withdraw"):
        return back_to_store(store, _("Suggestion withdrawn: the owner no longer sees it."))
    return back_to_store(store, _("Suggested: the owner sees it in the catalogue and decides."))
