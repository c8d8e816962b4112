"""The `int` URL converter bounded to what an id column holds.

Werkzeug's own converter takes any number of digits, so /store/orders/99999999999999999999
reached the database and failed there (SQLite: int too large; PostgreSQL: integer out of
range from 2**31 up): a 500 for a page that simply does not exist. Ids are INTEGER
columns, so a larger number matches no rule and the URL is a plain 404.
"""

from werkzeug.routing import IntegerConverter

LARGEST_ID = 2**31 - 1  # INTEGER on PostgreSQL, the smaller of our two databases


class IdConverter(IntegerConverter):
    """`<int:...>` with a default upper bound of LARGEST_ID."""

    def __init__(self, map, fixed_digits=0, min=None, max=LARGEST_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def id_or_none(value) -> int | None:
    """An id sent in a form or a query string (text or int), or None when it is not a
    positive whole number an id column can hold (an edited page, a garbled link)."""
    text = str(value).strip() if value is not None else ""
    if not text.isdigit() or len(text) > len(str(LARGEST_ID)):
        return None
    number = int(text)
    return number if 0 < number <= LARGEST_ID else None
