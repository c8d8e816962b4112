"""Who registers a device on `POST /api/devices` (docs/sync-protocol.md,
"Registering a device").

With a username and password: that user, a new device. From a signed-in page
(X-CSRFToken header): the session's user, who sends the password again, or the
phone's own device token (`device_token`: the same device back, nothing new), or
nothing at all within `DEVICE_REGISTRATION_GRANT_SECONDS` of signing in with the
password: every such request of one sign-in gets the SAME device and token, so a
second tab, a reload or a retry after a lost answer never ends up with a 401.
A session restored from the remember cookie, or older than the grant, needs the
password: a lost phone that stays signed in cannot register itself again after HQ
revoked it.
"""

from flask import current_app, session
from flask_login import current_user

from ..auth.credentials import authenticate, device_grant, grant_device_token
from ..extensions import db
from ..models import Device, User, utcnow
from ..services.devices import device_for_grant, device_for_token, register_device
from .auth import sync_caller

Answer = tuple[Device | None, str, int, str]  # (device, token, 201, "") or (None, "", status, why)


def _new(user: User, name: str) -> Answer:
    device, token = register_device(db.session, user, name)
    return device, token, 201, ""


def register_for(body: dict, name: str) -> Answer:
    """The device (and its token) this request registers, or why not."""
    password = body.get("password")
    if "password" in body and not isinstance(password, str):
        return None, "", 400, "username and password must be strings"
    if "username" in body:
        username = body.get("username")
        if not isinstance(username, str) or password is None:
            return None, "", 400, "username and password must be strings"
        user = authenticate(db.session, username, password)
        return _new(user, name) if user else (None, "", 401, "wrong username or password")
    if not current_user.is_authenticated:
        return None, "", 401, "username and password are required"
    user = sync_caller().user  # answers 403 without the X-CSRFToken header
    held = body.get("device_token")
    if isinstance(held, str) and held:
        device = device_for_token(db.session, held)
        if device is not None and device.user_id == user.id:
            return device, held, 201, ""  # this phone's device is still good: keep it
    if password is not None:
        checked = authenticate(db.session, user.username, password)
        return _new(user, name) if checked is not None else (None, "", 401, "wrong password")
    max_age = current_app.config["DEVICE_REGISTRATION_GRANT_SECONDS"]
    nonce = device_grant(session, utcnow().timestamp(), max_age)
    if nonce is not None:
        token = grant_device_token(current_app.secret_key, user.id, nonce)
        device = device_for_grant(db.session, user, name, token)
        if device is not None:
            return device, token, 201, ""
    return None, "", 401, "password is required to register a device from a signed-in session"
