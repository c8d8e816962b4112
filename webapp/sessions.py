"""Cookie sessions, skipped for device-token calls to the sync API.

A phone pulling or pushing with `Authorization: Bearer ...` has no cookie and needs
no session: opening and saving one (signing serializer, cookie headers) is pure
overhead on the hottest requests Rounds serves.
"""

from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


def _is_token_sync_call(request) -> bool:
    return (request.path.startswith("/sync/")
            and request.headers.get("Authorization", "").lower().startswith("bearer "))


class RoundsSessionInterface(SecureCookieSessionInterface):
    """The default signed-cookie session, except for device-token sync calls."""

    def open_session(self, app, request):
        if _is_token_sync_call(request):
            return SecureCookieSession()
        return super().open_session(app, request)
