"""One helper decides whether a request gets the full page or only its fragment."""

from flask import render_template, request


def is_htmx_fragment_request() -> bool:
    """True for an htmx request that targets part of a page.

    Not for a boosted navigation, nor for htmx restoring a page it no longer has in
    its history cache (back button): both need the whole page.
    """
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render_page_or_fragment(page: str, fragment: str, **context) -> str:
    """Render `fragment` for htmx partial requests, else `page` (which includes it)."""
    return render_template(fragment if is_htmx_fragment_request() else page, **context)
