"""The sync API: register devices, push records, pull changes (docs/sync-protocol.md)."""

import json
import re

from flask import Blueprint, current_app, jsonify, request

from sync.devices import register_device
from sync.pull import CursorError, pull_changes
from sync.push import apply_batch
from sync.records import EnvelopeError, parse_envelope

from ..extensions import csrf, db, limiter
from ..sync_service import push_context
from .auth import sync_caller
from .device_auth import device_owner

bp = Blueprint("sync_api", __name__)
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
csrf.exempt(bp)  # bearer tokens, or the session with an explicit X-CSRFToken check


def _json_error(message: str, status: int, error: str = "bad_request"):
    return jsonify(error=error, message=message), status


def _device_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/api/devices", methods=["POST"])
@limiter.limit(_device_limit)
def register():
    """{"username", "password", "device_name"} → {"device_id", "token"}.

    A signed-in PWA may omit the username (X-CSRFToken header instead); it sends the
    password, or registers once within minutes of signing in with it.
    """
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _json_error("send a JSON object", 400)
    name = body.get("device_name")
    if not isinstance(name, str) or not name.strip():
        return _json_error("device_name is required", 400)
    user, status, problem = device_owner(body)
    if user is None:
        return _json_error(problem, status, "unauthorized" if status == 401 else "bad_request")
    device, token = register_device(db.session, user, name.strip())
    db.session.commit()
    return jsonify(device_id=device.id, token=token), 201


@bp.route("/sync/push", methods=["POST"])
@limiter.exempt  # authenticated, bounded by the batch size; phones retry a lot by design
def push():
    """Apply a batch of records; one result per record, in order."""
    body = request.get_json(silent=True)
    if body is None:
        return _json_error("the body must be JSON (Content-Type: application/json)", 400)
    try:
        envelope = parse_envelope(body, current_app.config["SYNC_MAX_BATCH"])
    except EnvelopeError as error:
        status = error.status
        return _json_error(str(error), status, "too_large" if status == 413 else "bad_request")
    caller = sync_caller(envelope.device_id)
    pending = body.get("pending") if isinstance(body.get("pending"), int) else None
    ctx = push_context(caller.user, caller.device)
    results = apply_batch(ctx, envelope.records_raw, envelope.schema_version, pending)
    db.session.commit()
    return _compact_json({"results": results})


@bp.route("/sync/pull", methods=["GET"])
@limiter.exempt
def pull():
    """Changes in the caller's scope after `cursor` (empty: from the beginning)."""
    caller = sync_caller(request.args.get("device_id") or None)
    limit = min(request.args.get("limit", type=int) or current_app.config["SYNC_PULL_PAGE_SIZE"],
                current_app.config["SYNC_PULL_PAGE_SIZE"])
    try:
        page = pull_changes(db.session, caller.user, request.args.get("cursor"), max(1, limit))
    except CursorError as error:
        return _json_error(str(error), 400)
    return _compact_json(page)


def _compact_json(value):
    """Compact UTF-8 JSON (Chinese as it is, no key sorting): pulls and push answers are big."""
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return current_app.response_class(body, mimetype="application/json")


from . import photo_views  # noqa: E402,F401 - the photo routes live on this blueprint
