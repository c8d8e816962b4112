"""The sync API: register devices, push records, pull changes (docs/sync-protocol.md)."""

import json
import re

from flask import Blueprint, current_app, jsonify, request
from flask_login import current_user
from sqlalchemy import select

from sync.devices import register_device
from sync.json_input import (
    CREDENTIAL_MAX,
    DEVICE_NAME_MAX,
    JSONInputError,
    clean_text,
    loads_bounded,
)
from sync.pull import CursorError, pull_changes
from sync.push import apply_batch
from sync.records import EnvelopeError, parse_envelope

from ..extensions import csrf, db, limiter
from ..models import Photo, User
from ..photo_store import (
    PhotoError,
    receive_chunk,
    received_bytes,
    restore_partial,
    store_photo,
    take_partial,
)
from ..sync_service import push_context
from .auth import sync_caller

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

    A signed-in PWA may omit username and password and send its X-CSRFToken instead.
    """
    body = _json_body()
    if not isinstance(body, dict):
        return _json_error("send a JSON object", 400)
    name = _text_field(body, "device_name", DEVICE_NAME_MAX)
    if name is None or not name.strip():
        return _json_error("device_name is required", 400)
    if "username" in body or "password" in body:
        username = _text_field(body, "username", CREDENTIAL_MAX)
        password = _text_field(body, "password", CREDENTIAL_MAX)
        if username is None or password is None:
            return _json_error("username and password must be strings", 400)
        user = db.session.scalar(select(User).where(User.username == username.strip()))
        if user is None or not user.active or not user.check_password(password):
            return _json_error("wrong username or password", 401, "unauthorized")
    elif current_user.is_authenticated:
        user = sync_caller().user
    else:
        return _json_error("username and password are required", 401, "unauthorized")
    device, token = register_device(db.session, user, name.strip())
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


def _parse_content_range(header: str) -> tuple[int, int, int]:
    """'bytes 0-65535/200000' → (start, end, total)."""
    match = re.fullmatch(r"bytes (\d{1,10})-(\d{1,10})/(\d{1,10})", header.strip())
    if not match:
        raise PhotoError("Content-Range must look like 'bytes 0-65535/200000'")
    start, end, total = (int(g) for g in match.groups())
    if end < start:
        raise PhotoError("Content-Range end is before its start")
    return start, end, total


@bp.route("/sync/photos/<photo_id>", methods=["PUT"])
def upload_photo(photo_id: str):
    """Store a photo by its client UUID, whole or in resumable chunks (Content-Range)."""
    if not UUID_RE.fullmatch(photo_id):
        return _json_error("the photo id must be a UUID", 400)
    photo_id = photo_id.lower()
    caller = sync_caller()
    upload_dir = current_app.config["UPLOAD_DIR"]
    existing = db.session.get(Photo, photo_id)
    if existing is not None:
        return jsonify(id=photo_id, status="duplicate", received=existing.size_bytes,
                       flags=[f for f in existing.flags.split(",") if f])
    owner_type = request.headers.get("X-Owner-Type", "")
    owner_id = request.headers.get("X-Owner-Id", "").strip().lower()
    kind = request.headers.get("X-Photo-Kind", "shelf")
    data = request.get_data(cache=False)
    try:
        if request.headers.get("Content-Range"):
            start, _, total = _parse_content_range(request.headers["Content-Range"])
            chunk = receive_chunk(upload_dir, photo_id, start, data, total)
            if not chunk.complete:
                return jsonify(id=photo_id, status="partial", received=chunk.received), 202
            data = take_partial(upload_dir, photo_id)
        try:
            photo, _ = store_photo(db.session, upload_dir, caller.user, photo_id, data,
                                   owner_type, owner_id, kind)
        except PhotoError:
            if request.headers.get("Content-Range"):
                restore_partial(upload_dir, photo_id, data)
            raise
    except PhotoError as error:
        db.session.rollback()
        body = {"error": "photo_refused", "message": str(error)}
        if error.received is not None:
            body["received"] = error.received
        return jsonify(body), error.status
    db.session.commit()
    return jsonify(id=photo_id, status="stored", received=photo.size_bytes,
                   flags=[f for f in photo.flags.split(",") if f]), 201


@bp.route("/sync/photos/<photo_id>", methods=["GET"])
def photo_status(photo_id: str):
    """How much of a photo has arrived, so a phone resumes after a cut."""
    if not UUID_RE.fullmatch(photo_id):
        return _json_error("the photo id must be a UUID", 400)
    photo_id = photo_id.lower()
    sync_caller()
    existing = db.session.get(Photo, photo_id)
    if existing is not None:
        return jsonify(id=photo_id, received=existing.size_bytes, complete=True)
    return jsonify(id=photo_id, received=received_bytes(current_app.config["UPLOAD_DIR"],
                                                         photo_id), complete=False)
