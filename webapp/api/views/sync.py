"""The sync API: register devices, push records, pull changes (docs/sync-protocol.md)."""

import json

from flask import current_app, jsonify, request

from sync.cursor import CursorError
from sync.json_input import CREDENTIAL_MAX, DEVICE_NAME_MAX
from sync.records import EnvelopeError, parse_envelope

from ...extensions import db, limiter
from ...request_context import push_context
from ...services.devices import record_pull
from ...services.pull import pull_changes
from ...services.push import apply_batch
from ..auth import sync_caller
from ..device_auth import register_for
from ..forms import json_body, json_error, text_field


def _device_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@limiter.limit(_device_limit)
def register():
    """{"username", "password", "device_name"} → {"device_id", "token"}.

    A signed-in PWA may omit the username (X-CSRFToken header instead); it sends the
    password, or its own still-valid `device_token` (the same device back), or nothing
    within minutes of signing in with the password (one device per sign-in: every
    such request gets the same device and token).
    """
    body = json_body()
    if not isinstance(body, dict):
        return json_error("send a JSON object", 400)
    name = text_field(body, "device_name", DEVICE_NAME_MAX)
    if name is None or not name.strip():
        return json_error("device_name is required", 400)
    for key in ("username", "password", "device_token"):  # bounded clean text, else 400
        text_field(body, key, CREDENTIAL_MAX)
    device, token, status, problem = register_for(body, name.strip())
    if device is None:
        return json_error(problem, status, "unauthorized" if status == 401 else "bad_request")
    db.session.commit()
    return jsonify(device_id=device.id, token=token), 201


@limiter.exempt  # authenticated, bounded by the batch size; phones retry a lot by design
def push():
    """Apply a batch of records; one result per record, in order."""
    body = json_body()
    try:
        envelope = parse_envelope(body, current_app.config["SYNC_MAX_BATCH"])
    except EnvelopeError as error:
        status = error.status
        return json_error(str(error), status, "too_large" if status == 413 else "bad_request")
    caller = sync_caller(envelope.device_id)
    ctx = push_context(caller.user, caller.device)
    results = apply_batch(ctx, envelope.records_raw, envelope.schema_version, envelope.pending)
    db.session.commit()
    return _compact_json({"results": results})


@limiter.exempt
def pull():
    """Changes in the caller's scope after `cursor` (empty: from the beginning)."""
    caller = sync_caller(request.args.get("device_id") or None)
    limit = min(request.args.get("limit", type=int) or current_app.config["SYNC_PULL_PAGE_SIZE"],
                current_app.config["SYNC_PULL_PAGE_SIZE"])
    try:
        page = pull_changes(db.session, caller.user, request.args.get("cursor"), max(1, limit))
    except CursorError as error:
        return json_error(str(error), 400)
    if caller.device is not None:
        record_pull(db.session, caller.device)
    return _compact_json(page)


def _compact_json(value):
    """Compact UTF-8 JSON (Chinese as it is, no key sorting): pulls and push answers are big."""
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return current_app.response_class(body, mimetype="application/json")

