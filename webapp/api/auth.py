"""Who is calling /sync/*: a device's bearer token, or the PWA's session plus CSRF header."""

from dataclasses import dataclass

from flask import abort, jsonify, make_response, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from sqlalchemy import select

from ..extensions import db
from ..models import Device, User
from ..services.devices import device_for_token


@dataclass
class SyncCaller:
    """The authenticated user and, when known, the device."""

    user: User
    device: Device | None


def _deny(message: str, status: int = 401):
    response = make_response(jsonify(error="unauthorized" if status == 401 else "forbidden",
                                     message=message), status)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="rounds-sync"'
    abort(response)


def sync_caller(device_id: str | None = None) -> SyncCaller:
    """Authenticate the request, or answer 401/403 as JSON (never a login redirect)."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            _deny("use 'Authorization: Bearer <token>'")
        device = device_for_token(db.session, token.strip())
        if device is None:
            _deny("unknown or revoked device token")
        if device_id is not None and device_id != device.id:
            _deny("device_id does not match the token's device", 403)
        return SyncCaller(device.user, device)
    if not current_user.is_authenticated:
        _deny("sign in or send a device token")
    try:
        validate_csrf(request.headers.get("X-CSRFToken", ""))
    except (CSRFError, Exception):  # noqa: BLE001 - any CSRF failure is the same answer
        _deny("missing or invalid X-CSRFToken header", 403)
    device = None
    if device_id is not None:
        device = db.session.scalar(select(Device).where(
            Device.id == device_id, Device.user_id == current_user.id,
            Device.revoked_at.is_(None)))
        if device is None:
            _deny("unknown or revoked device_id for this user", 403)
    return SyncCaller(current_user._get_current_object(), device)
