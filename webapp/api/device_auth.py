"""Who registers a device on `POST /api/devices` (docs/sync-protocol.md).

With a username and password: that user. From a signed-in page (X-CSRFToken
header): the session's user, who must send the password again, unless this
session was signed in with the password moments ago and has not registered a
device since (`DEVICE_REGISTRATION_GRANT_SECONDS`). A lost phone that stays
signed in therefore cannot register itself again after HQ revoked it.
"""

from flask import current_app, session
from flask_login import current_user

from ..auth.credentials import authenticate, take_device_grant
from ..extensions import db
from ..models import User, utcnow
from .auth import sync_caller


def device_owner(body: dict) -> tuple[User | None, int, str]:
    """(the user the new device belongs to, 201, "") or (None, HTTP status, why not)."""
    password = body.get("password")
    if "password" in body and not isinstance(password, str):
        return None, 400, "username and password must be strings"
    if "username" in body:
        username = body.get("username")
        if not isinstance(username, str) or password is None:
            return None, 400, "username and password must be strings"
        user = authenticate(db.session, username, password)
        return (user, 201, "") if user else (None, 401, "wrong username or password")
    if not current_user.is_authenticated:
        return None, 401, "username and password are required"
    user = sync_caller().user  # answers 403 without the X-CSRFToken header
    if password is not None:
        checked = authenticate(db.session, user.username, password)
        return (user, 201, "") if checked is not None else (None, 401, "wrong password")
    max_age = current_app.config["DEVICE_REGISTRATION_GRANT_SECONDS"]
    if take_device_grant(session, utcnow().timestamp(), max_age):
        return user, 201, ""
    return None, 401, "password is required to register a device from a signed-in session"
