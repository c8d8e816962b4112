"""Chromium's JavaScript clock, moved to the app's pinned "now" (pages and service worker).

The server reads the app's clock (`webapp.clock`, pinned by the `app_clock` fixture);
the phone's scripts read `Date`. Both must agree, or records made in the page would
look hours or months off to the server (clamped clocks, other weeks). Playwright's
`page.clock` reaches pages but not the service worker, which flushes the outbox and
shares timestamps with the pages through IndexedDB; so one small shim shifts `Date` by
the same constant in both: in pages as an init script, in the worker as a prelude of
/sw.js added by a WSGI wrapper. Timers are left alone (they run on real time anyway).
"""

import time

SHIFT_DATE_JS = """(function (shift) {
  var Real = Date;
  function Shifted() {
    if (!new.target) return new Real(Real.now() + shift).toString();
    var args = arguments.length ? Array.prototype.slice.call(arguments) : [Real.now() + shift];
    return Reflect.construct(Real, args, new.target);
  }
  Shifted.prototype = Real.prototype;
  Object.setPrototypeOf(Shifted, Real);
  Shifted.now = function () { return Real.now() + shift; };
  globalThis.Date = Shifted;
})(%d);
"""


def shift_ms(app_clock) -> int:
    """How far the app's clock is from the machine's, in ms (constant while it ticks)."""
    return app_clock.now_ms() - time.time_ns() // 1_000_000


class ServiceWorkerPrelude:
    """WSGI wrapper: /sw.js starts with `prelude` (the same bytes for the whole test)."""

    def __init__(self, inner, prelude: str) -> None:
        self.inner, self.prelude = inner, prelude.encode()

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != "/sw.js":
            return self.inner(environ, start_response)
        # The prelude is plain text: ask the app for an uncompressed worker script.
        environ = {k: v for k, v in environ.items() if k != "HTTP_ACCEPT_ENCODING"}
        seen = {}

        def keep(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            return lambda data: None

        answer = self.inner(environ, keep)
        try:
            body = b"".join(answer)
        finally:
            if hasattr(answer, "close"):
                answer.close()
        if seen["status"].startswith("200"):
            body = self.prelude + body
        headers = [(k, v) for k, v in seen["headers"] if k.lower() not in ("content-length",
                                                                             "etag")]
        start_response(seen["status"], [*headers, ("Content-Length", str(len(body)))])
        return [body]
