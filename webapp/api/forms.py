"""What a request to the API carries, parsed within the limits of `sync.json_input`, and
the JSON answer when it cannot be: a bad body is a 400, never a 500."""

import re

from flask import jsonify, request

from sync.json_input import JSONInputError, clean_text, loads_bounded

from ..services.photo_errors import PhotoError

UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def json_error(message: str, status: int, error: str = "bad_request"):
    """The JSON answer to a request the API refuses: {"error", "message"} and the status."""
    return jsonify(error=error, message=message), status


def json_body():
    """The request's JSON, parsed within the limits of `sync.json_input` (400 otherwise)."""
    if not request.is_json:
        raise JSONInputError("the body must be JSON (Content-Type: application/json)")
    return loads_bounded(request.get_data(cache=True))


def text_field(body: dict, key: str, max_len: int) -> str | None:
    """A string field of at most `max_len` characters of clean text (else 400)."""
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > max_len or clean_text(value, max_len) != value:
        raise JSONInputError(f"{key} must be text of at most {max_len} characters")
    return value


def parse_content_range(header: str) -> tuple[int, int, int]:
    """'bytes 0-65535/200000' → (start, end, total)."""
    match = re.fullmatch(r"bytes (\d{1,10})-(\d{1,10})/(\d{1,10})", header.strip())
    if not match:
        raise PhotoError("Content-Range must look like 'bytes 0-65535/200000'")
    start, end, total = (int(g) for g in match.groups())
    if end < start:
        raise PhotoError("Content-Range end is before its start")
    return start, end, total
