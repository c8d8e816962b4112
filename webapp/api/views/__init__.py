"""The machine-facing API: the blueprint and every URL rule it serves, in one table.

`stores` answers other clients under /api; `sync` and `photos` are the phones' sync
protocol (docs/sync-protocol.md): /api/devices and /sync/*. Importing a module
registers nothing. Every answer is JSON, a refusal too (never a login redirect).
"""

from flask import Blueprint

from sync.json_input import JSONInputError

from ...extensions import csrf
from ..forms import json_error
from . import photos, stores, sync

bp = Blueprint("api", __name__)
# bearer tokens, or the session with an explicit X-CSRFToken check (webapp/api/auth.py)
csrf.exempt(bp)

bp.add_url_rule("/api/stores", view_func=stores.stores)
bp.add_url_rule("/api/stores/<int:store_id>", view_func=stores.store)
bp.add_url_rule("/api/devices", view_func=sync.register, methods=("POST",))
bp.add_url_rule("/sync/push", view_func=sync.push, methods=("POST",))
bp.add_url_rule("/sync/pull", view_func=sync.pull, methods=("GET",))
bp.add_url_rule("/sync/photos/<photo_id>", view_func=photos.upload_photo, methods=("PUT",))
bp.add_url_rule("/sync/photos/<photo_id>", view_func=photos.photo_status, methods=("GET",))


@bp.errorhandler(JSONInputError)
def refuse_body(error: JSONInputError):
    """A body outside the limits of `sync.json_input`: 400 with the reason."""
    return json_error(str(error), 400)
