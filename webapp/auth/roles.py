"""Role checks for views, and each role's home page."""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

HOME_ENDPOINTS = {
    "rep": "rep.today",
    "store_owner": "store.home",
    "market_manager": "hq.dashboard",
    "hq_staff": "hq.dashboard",
    "admin": "hq.dashboard",
}


def home_endpoint(role: str) -> str:
    """The endpoint a user of `role` lands on after signing in."""
    return HOME_ENDPOINTS.get(role, "auth.login")


def role_required(*roles: str) -> Callable:
    """Allow the view only to signed-in users with one of `roles` (403 otherwise)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
