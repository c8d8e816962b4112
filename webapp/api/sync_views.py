"""The sync API: register devices, push records, pull changes (docs/sync-protocol.md)."""

import json
import re

from flask import Blueprint, current_app, jsonify, request

from sync.cursor import CursorError
from sync.json_input import (
    CREDENTIAL_MAX,
    DEVICE_NAME_MAX,
    JSONInputError,
    clean_text,
    loads_bounded,
)
from sync.records import EnvelopeError, parse_envelope

from ..extensions import csrf, db, limiter
from ..request_context import push_context
from ..services.pull import pull_changes
from ..services.push import apply_batch
from .auth import sync_caller
from .device_auth import register_for

bp = Blueprint("sync_api", __name__)
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
csrf.exempt(bp)  # bearer tokens, or the session with an explicit X-CSRFToken check


def _json_error(message: str, status: int, error: str = "bad_request"):
    return jsonify(error=error, message=message), status


def _device_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.errorhandler(JSONInputError)
def _refuse_body(error: JSONInputError):
    return _json_error(str(error), 400)


def _json_body():
    """The request's JSON, parsed within the limits of `sync.json_input` (400 otherwise)."""
    if not request.is_json:
        raise JSONInputError("the body must be JSON (Content-Type: application/json)")
    return loads_bounded(request.get_data(cache=True))


def _text_field(body: dict, key: str, max_len: int) -> str | None:
    """A string field of at most `max_len` characters of clean text (else 400)."""
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > max_len or clean_text(value, max_len) != value:
        raise JSONInputError(f"{key} must be text of at most {max_len} characters")
    return value


@bp.route("/api/devices", methods=["POST"])
@limiter.limit(_device_limit)
def register():
    """{"username", "password", "device_name"} → {"device_id", "token"}.

    A signed-in PWA may omit the username (X-CSRFToken header instead); it sends the
    password, or its own still-valid `device_token` (the same device back), or nothing
    within minutes of signing in with the password (one device per sign-in: every
    such request gets the same device and token).
    """
    body = _json_body()
    if not isinstance(body, dict):
        return _json_error("send a JSON object", 400)
    name = _text_field(body, "device_name", DEVICE_NAME_MAX)
    if name is None or not name.strip():
        return _json_error("device_name is required", 400)
    for key in ("username", "password", "device_token"):  # bounded clean text, else 400
        _text_field(body, key, CREDENTIAL_MAX)
    device, token, status, problem = register_for(body, name.strip())
    if device is None:
        return _json_error(problem, status, "unauthorized" if status == 401 else "bad_request")
    db.session.commit()
    return jsonify(device_id=device.id, token=token), 201


@bp.route("/sync/push", methods=["POST"])
@limiter.exempt  # authenticated, bounded by the batch size; phones retry a lot by design
def push():
    """Apply a batch of records; one result per record, in order."""
    body = _json_body()
    try:
        envelope = parse_envelope(body, current_app.config["SYNC_MAX_BATCH"])
    except EnvelopeError as error:
        status = error.status
        return _json_error(str(error), status, "too_large" if status == 413 else "bad_request")
    caller = sync_caller(envelope.device_id)
    ctx = push_context(caller.user, caller.device)
    results = apply_batch(ctx, envelope.records_raw, envelope.schema_version, envelope.pending)
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
