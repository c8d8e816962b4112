"""How every capture page answers: the store or a 404, the form again, or back to the store."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ... import clock
from ...extensions import db
from ...htmx import invalid_form_status
from ...scope import get_visible_store


def visible_store_or_404(store_id: int):
    """The store if it is in the rep's territory; 404 for any other (GET and POST)."""
    store = get_visible_store(db.session, current_user, store_id)
    if store is None:
        abort(404)
    return store


def form_again(template: str, **context):
    """Show a form again with its errors and everything typed (htmx swaps only 2xx)."""
    return render_template(template, **context), invalid_form_status()


def back_to_store(store, message: str, category: str = "success"):
    """After a capture: 303 to the store page with what happened."""
    flash(message, category)
    return redirect(url_for("rep.store", store_id=store.id), 303)


def now_iso() -> str:
    """The server's now, as the ISO text a form field carries."""
    return clock.now().isoformat(timespec="seconds")
