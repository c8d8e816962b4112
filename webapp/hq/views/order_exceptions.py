"""Delivery exceptions (issue 11 item 11; spec §3.6 [002 異常處理]): orders in scope with
an exception on the order or one of its receipt lines, their photos, and the linked
ticket with its deadline. Photos are served only to whoever may read the order.
"""

from pathlib import Path

from flask import abort, current_app, render_template, send_file
from flask_login import current_user

from ...auth.roles import role_required
from ...extensions import db
from ...models import utcnow
from ...rules.roles import HQ_ROLES
from ..queries.order_detail import delivery_exceptions, visible_exception_photo
from .orders import ticket_url


@role_required(*HQ_ROLES)
def order_exceptions():
    """The delivery exceptions of orders in scope, newest first."""
    rows = delivery_exceptions(db.session, current_user, utcnow())
    return render_template("hq/order_exceptions.html", rows=rows, ticket_url=ticket_url)


@role_required(*HQ_ROLES)
def order_photo(photo_id: str):
    """A delivery-exception (or signature) photo of an order in the user's scope; 404
    for anything else, so nothing outside the scope is revealed."""
    photo = visible_exception_photo(db.session, current_user, photo_id[:36])
    if photo is None:
        abort(404)
    root = Path(current_app.config["UPLOAD_DIR"]).resolve()
    path = (root / photo.storage_path).resolve()
    if root not in path.parents or not path.is_file():
        abort(404)
    response = send_file(path, mimetype=photo.mime_type, max_age=3600)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
