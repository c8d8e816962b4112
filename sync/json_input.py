"""Untrusted JSON in, safely: the limits every sync request and quarantined record obeys.

The limits live here, in one place, and docs/sync-protocol.md ("Limits") lists them.
Everything below the envelope is bounded again, field by field, by the record parsers
(`sync.record_fields`: whole numbers fit a 32-bit column, texts have a maximum length
and refuse NUL and lone surrogates); a record that breaks a field rule is rejected
alone, never the batch.
"""

from __future__ import annotations

import json
from typing import Any

#: Deepest nesting a request body may have. A valid push is 6 levels deep (body,
#: records, record, data, findings, finding); anything much deeper is an attack or a
#: bug, and json's C parser turns ~1,000 levels into a RecursionError.
MAX_JSON_DEPTH = 32
#: `pending` (records still waiting on the phone) is shown to HQ and kept in a 32-bit
#: column: values outside 0..PENDING_MAX are clamped, never an error.
PENDING_MAX = 2**31 - 1
#: Device registration: the name fits `device.name` (100); longer credentials are
#: refused before any hashing (usernames are at most 64 characters).
DEVICE_NAME_MAX = 100
CREDENTIAL_MAX = 256


class JSONInputError(ValueError):
    """The body is not JSON we accept; the message says why (answered as 400)."""


def _refuse_constant(name: str) -> None:
    raise JSONInputError(f"{name} is not a JSON number")


def loads_bounded(data: bytes | str) -> Any:
    """Parse strict UTF-8 JSON whose nesting is at most MAX_JSON_DEPTH and whose numbers
    are finite; raise :class:`JSONInputError` otherwise (never RecursionError)."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        value = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise JSONInputError(f"the JSON is nested too deeply (at most {MAX_JSON_DEPTH} "
                             "levels)") from None
    except UnicodeDecodeError:
        raise JSONInputError("the body is not valid UTF-8 text") from None
    except JSONInputError:
        raise
    except ValueError as error:  # JSONDecodeError, and ints of more than 4,300 digits
        raise JSONInputError(f"the body is not valid JSON: {error}") from None
    check_shape(value)
    return value


def check_shape(value: Any, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Refuse nesting deeper than `max_depth` and infinite numbers (1e400), in one pass
    without recursion (a 500-record push costs about 2 ms)."""
    if type(value) is not dict and type(value) is not list:
        if type(value) is float and value - value != 0:
            raise JSONInputError("numbers must be finite")
        return
    stack = [(value, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        if depth > max_depth:
            raise JSONInputError(f"the JSON is nested too deeply (at most {max_depth} "
                                 "levels)")
        for item in (node.values() if type(node) is dict else node):
            kind = type(item)
            if kind is dict or kind is list:
                push((item, depth + 1))
            elif kind is float and item - item != 0:  # inf - inf is nan
                raise JSONInputError("numbers must be finite")


def clean_text(text: str, max_len: int) -> str:
    """Text safe for any text column and page: lone surrogates shown as escapes, NUL
    dropped, cut to `max_len` characters."""
    if not text.isascii():
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text.replace("\x00", "")[:max_len]


def readable_id(value: object, max_len: int = 64) -> str | None:
    """A pushed id worth keeping to find the record again: printable text, else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()[:max_len]
    return value if value and value.isprintable() else None
