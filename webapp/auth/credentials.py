"""Checking a username and password, and the one-time right to register a device.

Plain Python (no Flask): the login page and `POST /api/devices` share it.
"""

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
    """The password was just typed: this session may register one device without it."""
    session_data[DEVICE_GRANT_KEY] = int(now)


def take_device_grant(session_data: MutableMapping, now: float, max_age_seconds: int) -> bool:
    """Use up this session's right to register a device; False if none or too old."""
    granted = session_data.pop(DEVICE_GRANT_KEY, None)
    return isinstance(granted, int) and 0 <= now - granted <= max_age_seconds
