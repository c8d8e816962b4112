"""Checking a username and password, and the right to register a device after signing in.

Plain Python (no Flask): the login page and `POST /api/devices` share it.
"""

import base64
import hashlib
import hmac
import secrets
from collections.abc import MutableMapping
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug import security

from ..models import User

DEVICE_GRANT_KEY = "device_grant"


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash made like every real one (same method and cost) of a password nobody knows."""
    return security.generate_password_hash(secrets.token_hex(16))


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this username and password, else None.

    An unknown username costs one password check too (against a dummy hash), so the
    answer's timing does not tell which usernames exist.
    """
    user = session.scalars(select(User).where(User.username == username.strip())).first()
    if user is None:
        security.check_password_hash(_dummy_hash(), password)
        return None
    if not security.check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def grant_device_registration(session_data: MutableMapping, now: float) -> None:
    """The password was just typed: this session may register one device without it.

    The grant is [when, a random nonce]. It is read, never used up, so the session
    cookie is written once (at login) and no response racing another can undo it;
    "one device" comes from `grant_device_token`: every request of the grant gets
    the same device and token (docs/sync-protocol.md, "Registering a device").
    """
    session_data[DEVICE_GRANT_KEY] = [int(now), secrets.token_urlsafe(16)]


def device_grant(session_data: MutableMapping, now: float, max_age_seconds: int) -> str | None:
    """The nonce of this session's password sign-in if it is fresh enough, else None."""
    granted = session_data.get(DEVICE_GRANT_KEY)
    if not (isinstance(granted, list) and len(granted) == 2 and isinstance(granted[0], int)
            and isinstance(granted[1], str) and granted[1]):
        return None
    return granted[1] if 0 <= now - granted[0] <= max_age_seconds else None


def grant_device_token(secret_key: str | bytes, user_id: int, nonce: str) -> str:
    """The device token a grant registers: the same for every request of one grant.

    Derived with the app's secret key, so the nonce (readable in the signed cookie)
    does not give the token away.
    """
    key = secret_key.encode() if isinstance(secret_key, str) else secret_key
    digest = hmac.new(key, f"device-grant:{user_id}:{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
