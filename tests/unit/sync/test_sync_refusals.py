"""Every reason the server gives for refusing a record has a code a page can name."""

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.records import RECORD_TYPES, RecordError, parse_record
from sync.refusals import REFUSAL_CODES, refusal_code
from webapp.rules.code_labels import CODE_LABELS
from webapp.rules.record_vocabulary import RECORD_VOCABULARY

RID = "6f9619ff-8b86-d011-b42d-00c04fc964ff"
VALID = {
    "visit": {"store_id": 1, "started_at": "2025-11-22T10:00:00+08:00", "purposes": ["routine"],
              "notes": "ok"},
    "price_check": {"store_id": 1, "product_id": 2, "observed_at": "2025-11-22T10:00:00Z",
                    "shelf_price": "23.50", "stock_units": 1, "out_of_stock_days": 0},
    "store_update": {"store_id": 1, "base_version": 1, "changes": {"phone": "13812345678"}},
    "ticket": {"store_id": 1, "category": "expired", "description": "x"},
    "restock_request": {"store_id": 1, "reason": "wedding", "wanted_by": "2025-12-06",
                        "lines": [{"product_id": 2, "quantity": 3}]},
    "ticket_update": {"ticket_id": RID, "store_id": 1, "action": "resolve", "note": "换货"},
    "order": {"store_id": 1, "lines": [{"product_id": 2, "quantity": 25}]},
    "follow_up_done": {"follow_up_id": 3, "store_id": 1, "done_at": "2025-11-22T10:00:00Z"},
    "restock_followup": {"request_id": RID, "store_id": 1, "sold_units": 4, "note": "卖了",
                         "checked_at": "2025-11-22T10:00:00+08:00"},
    "recommendation": {"store_id": 1, "product_id": 2, "note": "新品", "withdraw": False},
}
JSON = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) \
    | st.lists(st.integers(), max_size=3) | st.dictionaries(st.text(max_size=4), st.integers())


@settings(max_examples=300, deadline=None, database=None)
@given(kind=st.sampled_from(RECORD_TYPES), data=st.data())
def test_every_parser_refusal_has_a_code(kind, data):
    """Break one field of a valid record in any way: the reason is never `other`."""
    payload = copy.deepcopy(VALID[kind])
    field = data.draw(st.sampled_from([*payload, "surprise"]))
    payload[field] = data.draw(JSON)
    try:
        parse_record({"id": RID, "type": kind, "hlc": "1:0:d", "data": payload},
                     RECORD_VOCABULARY)
    except RecordError as err:
        assert refusal_code(err.message) != "other", err.message


@pytest.mark.parametrize(("reason", "code"), [
    ("price_check: not allowed for role store_owner", "role_not_allowed"),
    ("id already used by a different record", "id_reused"),
    ("ticket_update: above the first responder's tier (needs market_manager); the market "
     "manager decides it", "ticket_above_tier"),
    (f"ticket_update.ticket_id: no such ticket {RID} in your territory's store",
     "ticket_unknown"),
    ("ticket_update: cannot resolve a ticket that is new → resolved: ...", "ticket_status"),
    ("visit: could not be stored (IntegrityError)", "not_stored"),
    ("store 9 does not exist or is not in your territory", "store_unknown"),
    ("product 3 does not exist or is no longer sold", "product_unknown"),
    ("recommendation.product_id: product 3 does not exist or is no longer sold",
     "product_unknown"),
    ("visit.corrects: 6f96 is not a known visit", "correction_unknown"),
    ("visit.corrects: 6f96 belongs to another store", "correction_other_store"),
    ("store_update.changes.business_type: unknown code 'x'", "business_type_unknown"),
    ("store_update.base_version 5 is newer than the store's version 3", "base_version_ahead"),
    ("restock_request: product 2: 90 cartons is over the limit of 50 per product",
     "restock_limit"),
    ("schema version 3 is newer than this server supports (1); update the server",
     "schema_version"),
    ("visit.lng: is required with lat/lng", "lat_lng_pair"),
    ("visit.notes: is required", "required"),
    ("price_check.shelf_price: '-2' must not be negative", "amount_negative"),
    ("price_check.shelf_price: '23.555' has more than 2 decimals", "amount_decimals"),
    ("ticket.goods_value: '12345678' is too large (max 9999999.99)", "amount_too_large"),
    ("store_update.changes.phone: '12' is not a mobile (1xxxxxxxxxx) or landline "
     "(0xx-xxxxxxxx) number", "phone"),
    ("visit.ended_at: is before started_at", "ended_before_start"),
    ("order: refused by the ordering rules: not_multiple", "order_rules"),
    ("follow_up_done.follow_up_id: no such to-do 12 in your territory's store 3",
     "follow_up_unknown"),
    (f"follow_up_done.visit_id: no such to-do (visit {RID}, follow-up 1) in your "
     "territory's store 3", "follow_up_unknown"),
    ("follow_up_done.follow_up_id: names the to-do a second way (give follow_up_id, or "
     "visit_id with follow_up_index)", "follow_up_reference"),
    (f"restock_followup.request_id: no such restock request {RID} in your territory's "
     "store 3", "restock_unknown"),
    ("restock_followup: the request is not supplied (it is approved); only an approved "
     "request HQ supplied is followed up", "restock_not_supplied"),
    ("restock_followup: not due before 2026-12-01", "restock_followup_not_due"),
    ("restock_followup: already recorded (2 sold, at 2026-11-20T02:00:00+00:00); a second, "
     "different answer is refused", "restock_followup_recorded"),
    ("something nobody wrote yet", "other"),
    (None, "other"),
])
def test_reasons_of_the_push_and_apply_steps(reason, code):
    assert refusal_code(reason) == code


def test_every_refusal_code_and_record_type_has_words():
    assert tuple(CODE_LABELS["refusal"]) == REFUSAL_CODES
    assert tuple(CODE_LABELS["record_type"]) == RECORD_TYPES
