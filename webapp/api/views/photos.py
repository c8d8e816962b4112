"""Photo uploads of the sync API: `PUT` and `GET /sync/photos/<uuid>`.

The owner record and the caller's scope are checked before a byte is stored;
unfinished uploads are kept per device and capped (`PHOTO_PENDING_BYTES_PER_DEVICE`).
"""

from flask import current_app, jsonify, request
from flask_babel import force_locale

from ...extensions import db
from ...models import Photo
from ...photo_messages import photo_message
from ...scope import photo_visible
from ...services.photo_errors import PhotoError
from ...services.photo_uploads import (
    receive_chunk,
    received_bytes,
    restore_partial,
    take_partial,
    uploader_key,
)
from ...services.photos import check_owner, store_photo
from ..auth import sync_caller
from ..forms import UUID_RE, json_error, parse_content_range


def _refused(error: PhotoError, locale: str):
    """The JSON answer to a refused upload, its message in the uploader's language."""
    with force_locale(locale):
        body = {"error": "photo_refused", "message": str(photo_message(error))}
    if error.received is not None:
        body["received"] = error.received
    return jsonify(body), error.status


def _photo_json(photo: Photo, status: str) -> dict:
    return {"id": photo.id, "status": status, "received": photo.size_bytes,
            "flags": [f for f in photo.flags.split(",") if f]}


def upload_photo(photo_id: str):
    """Store a photo by its client UUID, whole or in resumable chunks (Content-Range)."""
    if not UUID_RE.fullmatch(photo_id):
        return json_error("the photo id must be a UUID", 400)
    photo_id = photo_id.lower()
    caller = sync_caller()
    config = current_app.config
    upload_dir = config["UPLOAD_DIR"]
    uploader = uploader_key(caller.device.id if caller.device else None, caller.user.id)
    chunked = bool(request.headers.get("Content-Range"))
    try:
        existing = db.session.get(Photo, photo_id)
        if existing is not None:
            if photo_visible(db.session, caller.user, existing):
                return jsonify(_photo_json(existing, "duplicate"))
            raise PhotoError("this photo id is already used", 409, code="id_used")
        owner_type = request.headers.get("X-Owner-Type", "")
        owner_id = request.headers.get("X-Owner-Id", "").strip().lower()
        check_owner(db.session, caller.user, owner_type, owner_id)  # before a byte is stored
        data = request.get_data(cache=False)
        if chunked:
            start, _, total = parse_content_range(request.headers["Content-Range"])
            chunk = receive_chunk(upload_dir, uploader, photo_id, start, data, total,
                                  config["PHOTO_PENDING_BYTES_PER_DEVICE"])
            if not chunk.complete:
                return jsonify(id=photo_id, status="partial", received=chunk.received), 202
            data = take_partial(upload_dir, uploader, photo_id)
        try:
            photo, _ = store_photo(db.session, upload_dir, caller.user, photo_id, data,
                                   owner_type, owner_id, request.headers.get("X-Photo-Kind",
                                                                             "shelf"),
                                   max_pixels=config["PHOTO_MAX_PIXELS"])
        except PhotoError as error:
            if chunked and error.status == 409:  # its record is late: keep the bytes
                restore_partial(upload_dir, uploader, photo_id, data)
            raise
    except PhotoError as error:
        db.session.rollback()
        return _refused(error, caller.user.locale or config["BABEL_DEFAULT_LOCALE"])
    db.session.commit()
    return jsonify(_photo_json(photo, "stored")), 201


def photo_status(photo_id: str):
    """How much of a photo has arrived, so a phone resumes after a cut.

    Only the caller's own unfinished bytes count, and a stored photo is reported only
    to whoever may see it; to anyone else the answer is that of an unknown photo.
    """
    if not UUID_RE.fullmatch(photo_id):
        return json_error("the photo id must be a UUID", 400)
    photo_id = photo_id.lower()
    caller = sync_caller()
    existing = db.session.get(Photo, photo_id)
    if existing is not None and photo_visible(db.session, caller.user, existing):
        return jsonify(id=photo_id, received=existing.size_bytes, complete=True)
    uploader = uploader_key(caller.device.id if caller.device else None, caller.user.id)
    return jsonify(id=photo_id, received=received_bytes(current_app.config["UPLOAD_DIR"],
                                                         uploader, photo_id), complete=False)
