"""Why a record was refused, as a stable code a page can name in the reader's language.

The push answers a refused record with a short English reason for HQ and developers
(``"price_check.shelf_price: '23.555' has more than 2 decimals"``), and the quarantine
keeps that text. People read the reason's code instead, through gettext
(`code_label("refusal", code)`); the English stays beside it as the technical detail.
``REFUSALS`` lists every reason the parsers, the push and the apply steps give, most
specific first; a reason none of them matches is ``other``.
"""

from __future__ import annotations

import re

REFUSALS: tuple[tuple[str, str], ...] = (
    # the push and the apply steps
    ("role_not_allowed", r"not allowed for role"),
    ("id_reused", r"id already used by a different record"),
    ("not_stored", r"could not be stored"),
    ("store_unknown", r"does not exist or is not in your territory"),
    ("product_unknown", r"does not exist or is no longer sold"),
    ("correction_unknown", r"\.corrects: .* is not a known "),
    ("correction_other_store", r"belongs to another store"),
    ("correction_of_itself", r"a record cannot correct itself"),
    ("business_type_unknown", r"business_type: unknown code"),
    ("base_version_ahead", r"base_version \d+ is newer than the store's version"),
    ("restock_limit", r"over the limit|already filed \d+ restock request"),
    ("ticket_above_tier", r"ticket_update: above the first responder's tier"),
    ("ticket_unknown", r"ticket_update\.ticket_id: no such ticket"),
    ("ticket_status", r"ticket_update: cannot .* a ticket that is "),
    ("order_rules", r"^order: refused by the ordering rules"),
    ("follow_up_unknown", r"^follow_up_done\.\w+: no such to-do"),
    ("restock_unknown", r"^restock_followup\.request_id: no such restock request"),
    ("restock_not_supplied", r"^restock_followup: the request is not supplied"),
    ("restock_followup_not_due", r"^restock_followup: not due before"),
    ("restock_followup_recorded", r"^restock_followup: already recorded"),
    ("schema_version", r"schema version|schema_version"),
    ("clock", r"^record\.hlc: |HLC"),
    # the parsers (sync.record_fields, sync.record_parsers)
    ("follow_up_reference", r"^follow_up_done\.\w+: names the to-do "),
    ("lat_lng_pair", r"is required with lat/lng"),
    ("required", r": is required$"),
    ("unknown_field", r"unknown fields? "),
    ("not_changeable", r"cannot be changed \(allowed"),
    ("amount_negative", r"must not be negative"),
    ("amount_decimals", r"has more than 2 decimals"),
    ("amount_too_large", r"is too large \(max"),
    ("not_amount", r"expected an amount as text|is not an amount like"),
    ("phone", r"is not a mobile \(1xxxxxxxxxx\) or landline"),
    ("time", r"(?:is not|expected) a time like|has no UTC offset|is not a valid time"
             r"|outside the years"),
    ("date", r"is not a date like|is not a valid date"),
    ("ended_before_start", r"is before started_at"),
    ("not_uuid", r"is not a UUID"),
    ("not_a_choice", r"is not a valid "),
    ("listed_twice", r"is listed twice"),
    ("too_long", r"characters long \(max"),
    ("too_many", r"items \(max|entries \(max"),
    ("empty", r"must not be empty|needs \d+\+ (?:characters|items)"
              r"|needs at least one product line"),
    ("out_of_range", r" is outside "),
    ("not_whole_number", r"expected a whole number|must be a whole number above zero"),
    ("not_number", r"expected a number"),
    ("not_true_false", r"expected true or false"),
    ("not_text", r"expected text|contains invalid characters|must be 1-64 characters"),
    ("wrong_shape", r"expected an object|expected a list"),
)
_COMPILED = tuple((code, re.compile(pattern)) for code, pattern in REFUSALS)
REFUSAL_CODES: tuple[str, ...] = (*(code for code, _ in REFUSALS), "other")


def refusal_code(reason: str | None) -> str:
    """The code of a refusal reason given by the push (``other`` when none fits)."""
    for code, pattern in _COMPILED:
        if reason and pattern.search(reason):
            return code
    return "other"
