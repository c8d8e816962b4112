"""The words of the sync protocol's codes: record types and refusal reasons.

Merged into `code_labels.CODE_LABELS`; the codes themselves are the protocol's
(`sync.push` record types, `sync.refusals.REFUSAL_CODES`), tied by a test.
"""

from .label_marker import msg

RECORD_TYPE_LABELS: dict[str, str] = {
    "visit": msg("record_type", "Visit"),
    "price_check": msg("record_type", "Price check"),
    "store_update": msg("record_type", "Store info change"),
    "ticket": msg("record_type", "Ticket"),
    "restock_request": msg("record_type", "Restock request"),
    "ticket_update": msg("record_type", "Ticket update"),
    "order": msg("record_type", "Order"),
    "follow_up_done": msg("record_type", "To-do done"),
    "restock_followup": msg("record_type", "Restock sales follow-up"),
    "recommendation": msg("record_type", "Product recommendation"),
}

# Why the server refused a pushed record (the quarantine's "why it was refused").
REFUSAL_LABELS: dict[str, str] = {
    "role_not_allowed": msg("refusal", "Not allowed for this user's role"),
    "id_reused": msg("refusal", "Record id already used by a different record"),
    "not_stored": msg("refusal", "Could not be stored (server error)"),
    "store_unknown": msg("refusal", "Store unknown or not in the territory"),
    "product_unknown": msg("refusal", "Product unknown or no longer sold"),
    "correction_unknown": msg("refusal", "Corrects a record the server does not know"),
    "correction_other_store": msg("refusal", "Corrects a record of another store"),
    "correction_of_itself": msg("refusal", "A record cannot correct itself"),
    "business_type_unknown": msg("refusal", "Unknown business type"),
    "base_version_ahead": msg("refusal", "Store version newer than the server's"),
    "restock_limit": msg("refusal", "Over the restock limits"),
    "ticket_above_tier": msg("refusal", "Above the first responder's authority: the ticket "
                             "needs a higher tier"),
    "ticket_unknown": msg("refusal", "Ticket unknown or not in the territory"),
    "ticket_status": msg("refusal", "Not possible in the ticket's present status"),
    "order_rules": msg("refusal", "Refused by the ordering rules"),
    "follow_up_unknown": msg("refusal", "To-do unknown or not in the territory"),
    "restock_unknown": msg("refusal", "Restock request unknown or not in the territory"),
    "restock_not_supplied": msg("refusal", "The restock request is not approved and "
                                "supplied yet"),
    "restock_followup_not_due": msg("refusal", "The sales follow-up is not due yet"),
    "restock_followup_recorded": msg("refusal", "The sales follow-up was already recorded "
                                     "with another answer"),
    "schema_version": msg("refusal", "App version too new or too old"),
    "clock": msg("refusal", "Invalid record clock"),
    "follow_up_reference": msg("refusal", "The to-do is named two ways, or only half"),
    "lat_lng_pair": msg("refusal", "Latitude and longitude must come together"),
    "required": msg("refusal", "A required field is missing"),
    "unknown_field": msg("refusal", "Unknown field"),
    "not_changeable": msg("refusal", "Field cannot be changed from the phone"),
    "amount_negative": msg("refusal", "Negative amount"),
    "amount_decimals": msg("refusal", "Amount with more than 2 decimals"),
    "amount_too_large": msg("refusal", "Amount too large"),
    "not_amount": msg("refusal", "Not an amount in yuan"),
    "phone": msg("refusal", "Not a phone number"),
    "time": msg("refusal", "Invalid time"),
    "date": msg("refusal", "Invalid date"),
    "ended_before_start": msg("refusal", "Ends before it starts"),
    "not_uuid": msg("refusal", "Invalid identifier"),
    "not_a_choice": msg("refusal", "Not one of the allowed choices"),
    "listed_twice": msg("refusal", "Listed twice"),
    "too_long": msg("refusal", "Text too long"),
    "too_many": msg("refusal", "Too many entries"),
    "empty": msg("refusal", "Nothing filled in where it is needed"),
    "out_of_range": msg("refusal", "Value out of range"),
    "not_whole_number": msg("refusal", "Not a whole number"),
    "not_number": msg("refusal", "Not a number"),
    "not_true_false": msg("refusal", "Not yes or no"),
    "not_text": msg("refusal", "Not valid text"),
    "wrong_shape": msg("refusal", "Malformed record"),
    "other": msg("refusal", "Refused for another reason (see the detail)"),
}
