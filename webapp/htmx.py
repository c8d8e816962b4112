"""The one place that decides what kind of answer a request wants.

- full page or fragment (`is_htmx_fragment_request`, `render_page_or_fragment`);
- which status a form sent back with errors gets (`invalid_form_status`);
- JSON or an HTML page, for errors and sign-in prompts (`wants_json`).
"""

from flask import render_template, request

JSON_PREFIXES = ("/api/", "/sync/")  # the API and the sync protocol answer only JSON


def is_htmx_request() -> bool:
    """True for any request htmx made (boosted or not)."""
    return request.headers.get("HX-Request") == "true"


def is_htmx_fragment_request() -> bool:
    """True for an htmx request that targets part of a page.

    Not for a boosted navigation, nor for htmx restoring a page it no longer has in
    its history cache (back button): both need the whole page.
    """
    return (
        is_htmx_request()
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render_page_or_fragment(page: str, fragment: str, **context) -> str:
    """Render `fragment` for htmx partial requests, else `page` (which includes it)."""
    return render_template(fragment if is_htmx_fragment_request() else page, **context)


def invalid_form_status() -> int:
    """422 for a form sent back with errors; 200 to htmx, which swaps only 2xx answers."""
    return 200 if is_htmx_request() else 422


def wants_json() -> bool:
    """True when the answer must be JSON (the API and sync endpoints), even for errors."""
    return request.path.startswith(JSON_PREFIXES)
