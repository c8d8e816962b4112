"""Turn a capture form's fields into raw sync records: the same records the PWA queues.

Every capture form (visit, price check, store update, ticket, restock request)
names its inputs after the records it produces, so a form posted without
JavaScript and a form queued offline by `static/js/capture.js` become the very
same `{id, type, hlc, data}` records and go through the same `apply_batch`.

Name grammar: ``r<i>.<path>[:<kind>][[]]``
- ``r<i>`` is the record's index in the form (several records per form are fine);
- ``<path>`` is dot-separated keys; an all-digit key is a list index
  (``r0.data.lines.0.quantity``);
- ``:int``, ``:float``, ``:bool`` convert the text; no suffix keeps it text;
- a trailing ``[]`` collects every value of that name into a list (checkboxes);
- an empty value means "absent" and is left out;
- ``r<i>.optional`` lists data keys (comma-separated): when all of them are
  empty the record is dropped (an untouched row of a price-check list).
"""

import re
from collections.abc import Iterable
from typing import Any

from .hlc import HybridClock

_NAME = re.compile(r"^r(\d{1,4})\.([A-Za-z0-9_.]+?)(?::(int|float|bool))?(\[\])?$")


class FormRecordError(ValueError):
    """A field's value cannot be read as the kind its name declares."""


def _convert(value: str, kind: str | None, name: str) -> Any:
    if kind is None:
        return value
    try:
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
    except ValueError as error:
        raise FormRecordError(f"{name}: {value!r} is not a number") from error
    return value.lower() in ("1", "true", "on", "yes")


def _place(target: dict, keys: list[str], value: Any) -> None:
    node: Any = target
    for key, following in zip(keys, keys[1:] + [None], strict=True):
        is_last = following is None
        if isinstance(node, list):
            index = int(key)
            while len(node) <= index:
                node.append(None)
            if is_last:
                node[index] = value
                return
            if node[index] is None:
                node[index] = [] if following.isdigit() else {}
            node = node[index]
        else:
            if is_last:
                node[key] = value
                return
            node = node.setdefault(key, [] if following.isdigit() else {})


def records_from_form(items: Iterable[tuple[str, str]]) -> list[dict]:
    """Build raw records from (name, value) pairs in form order; unrelated names are ignored."""
    records: dict[int, dict] = {}
    optional: dict[int, list[str]] = {}
    lists: dict[tuple[int, str], list] = {}
    for name, raw_value in items:
        match = _NAME.match(name)
        if not match:
            continue
        index, path, kind, many = int(match[1]), match[2], match[3], match[4]
        value = raw_value.strip() if isinstance(raw_value, str) else raw_value
        record = records.setdefault(index, {})
        if path == "optional":
            optional[index] = [k.strip() for k in value.split(",") if k.strip()]
            continue
        keys = path.split(".")
        if many:
            bucket = lists.get((index, path))
            if bucket is None:
                bucket = lists[(index, path)] = []
                _place(record, keys, bucket)
            if value != "":
                bucket.append(_convert(value, kind, name))
            continue
        if value == "":
            continue
        _place(record, keys, _convert(value, kind, name))
    result = []
    for index in sorted(records):
        record = records[index]
        data = record.get("data", {})
        keys = optional.get(index)
        if keys and all(data.get(k) in (None, "", []) for k in keys):
            continue
        _drop_holes(record)
        result.append(record)
    return result


def _drop_holes(node: Any) -> None:
    """Remove list entries left empty by skipped rows (e.g. a blank follow-up line)."""
    if isinstance(node, dict):
        for value in node.values():
            _drop_holes(value)
    elif isinstance(node, list):
        node[:] = [item for item in node if item not in (None, {}, [])]
        for item in node:
            _drop_holes(item)


def stamp_missing_clocks(records: list[dict], clock: HybridClock) -> list[dict]:
    """Give every record without an ``hlc`` a fresh clock from ``clock`` (in place).

    A page posted without the offline client has no phone clock; the server's own
    clock stands in, so the record is ordered like any other write it makes.
    """
    for record in records:
        if not record.get("hlc"):
            record["hlc"] = str(clock.now())
    return records
