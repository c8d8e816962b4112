"""Cookie sessions, skipped for device-token calls to the sync API.

A phone pulling or pushing with `Authorization: Bearer ...` needs no session:
opening and saving one (signing serializer, cookie headers) is pure overhead on the
hottest requests Rounds serves. The PWA sends its token from a page that also holds
a session cookie, so such a call must never write that cookie either: its session
is a throwaway that is never saved.
"""

from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


class TokenCallSession(SecureCookieSession):
    """The empty, never-saved session of a device-token sync call."""


def _is_token_sync_call(request) -> bool:
    return (request.path.startswith("/sync/")
            and request.headers.get("Authorization", "").lower().startswith("bearer "))


class RoundsSessionInterface(SecureCookieSessionInterface):
    """The default signed-cookie session, except for device-token sync calls."""

    def open_session(self, app, request):
        if _is_token_sync_call(request):
            return TokenCallSession()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        if isinstance(session, TokenCallSession):
            return None  # never touch the browser's own session cookie
        return super().save_session(app, session, response)
