"""A record's fingerprint: what it says (type and data), independent of its clock.

The server keeps it on each receipt, so a record id sent again with different content
is told apart from a plain resend (a resend answers `duplicate`; a different record
under a used id goes to the quarantine).

A field added to a record type later is marked ``metadata=ADDED_LATER`` (record_data): left out of
the fingerprint while it is None, so a record stored before the field existed keeps
its fingerprint (and a resend of it still answers `duplicate`).
"""

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from .record_data import ADDED_LATER
from .records import Record


def _omitted_if_none(field: dataclasses.Field) -> bool:
    return field.metadata == ADDED_LATER


def _plain(value: Any) -> Any:
    """Dataclasses, mappings and sequences as plain JSON-able values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if not (_omitted_if_none(f) and getattr(value, f.name) is None)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, frozenset | set) else items
    return value


_FIELD_NAMES: dict[type, tuple[tuple[str, ...], frozenset[str]]] = {}


def _json_default(value: Any) -> Any:
    """json.dumps hook: the same plain values `_plain` gives, built lazily (much faster).

    Dataclasses become dicts of their fields, mappings dicts with string keys, sets
    sorted lists; anything else (datetimes, dates) its `str()`, as before.
    """
    kind = type(value)
    known = _FIELD_NAMES.get(kind)
    if known is None and dataclasses.is_dataclass(kind):
        fields = dataclasses.fields(kind)
        known = _FIELD_NAMES[kind] = (tuple(f.name for f in fields),
                                      frozenset(f.name for f in fields if _omitted_if_none(f)))
    if known is not None:
        names, optional = known
        if not optional:
            return {name: getattr(value, name) for name in names}
        return {name: getattr(value, name) for name in names
                if not (name in optional and getattr(value, name) is None)}
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return _plain(value)
    return str(value)


_HASH_ENCODER = json.JSONEncoder(sort_keys=True, default=_json_default, ensure_ascii=False)


def content_hash(record: Record) -> str:
    """A fingerprint of what a record says (its type and data), independent of its clock.

    Receipts keep it, so its text must never change: it is the sorted-key JSON of
    `{"type", "data": _plain(data)}` with `str()` for times and dates.
    """
    body = _HASH_ENCODER.encode({"type": record.type, "data": record.data})
    return hashlib.sha256(body.encode()).hexdigest()
