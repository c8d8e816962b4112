"""Store update, ticket and restock request records: valid payloads and rejections."""

import copy
from datetime import UTC, date, datetime

import pytest

from sync.records import RecordError, RestockData, RestockLine, parse_record
from webapp.rules.record_vocabulary import RECORD_VOCABULARY

RID = "6f9619ff-8b86-d011-b42d-00c04fc964ff"
PHOTO = "a1b2c3d4-e5f6-4789-8abc-def012345678"
DROP = object()

STORE = {"store_id": 7, "base_version": 3, "changes": {"phone": "13812345678"}}
TICKET = {"store_id": 7, "category": "expired", "description": "Milk past its date."}
RESTOCK = {
    "store_id": 7,
    "reason": "wedding",
    "lines": [{"product_id": 1, "quantity": 24}, {"product_id": 2, "quantity": 1}],
    "wanted_by": "2025-12-06",
}


def parse(kind: str, base: dict, patch: dict | None = None):
    data = copy.deepcopy(base)
    for key, value in (patch or {}).items():
        data.pop(key) if value is DROP else data.__setitem__(key, value)
    return parse_record({"id": RID, "type": kind, "hlc": "1:0:d", "data": data}, RECORD_VOCABULARY)


def rejection(kind: str, base: dict, patch: dict) -> str:
    with pytest.raises(RecordError) as info:
        parse(kind, base, patch)
    assert info.value.record_id == RID
    return info.value.message


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"phone": " 13812345678 "}, {"phone": "13812345678"}),
        ({"phone": "021-12345678"}, {"phone": "021-12345678"}),
        ({"phone": "138 1234 5678"}, {"phone": "13812345678"}),  # rules.phones: spaces dropped
        ({"phone": "0871 - 1234567"}, {"phone": "0871-1234567"}),
        ({"phone": "075512345678"}, {"phone": "075512345678"}),
        ({"owner_name": " 王芳 ", "address": "人民路 1 号"}, {"owner_name": "王芳",
                                                        "address": "人民路 1 号"}),
        ({"opening_hours": "", "business_type": "grocery"},
         {"opening_hours": "", "business_type": "grocery"}),
        ({"delivery_method": "pickup_point"}, {"delivery_method": "pickup_point"}),
    ],
)
def test_store_update_valid(changes, expected):
    data = parse("store_update", STORE, {"changes": changes}).data
    assert dict(data.changes) == expected and (data.store_id, data.base_version) == (7, 3)
    with pytest.raises(TypeError):
        data.changes["phone"] = "x"  # type: ignore[index]


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"changes": {}}, "store_update.changes: must not be empty"),
        ({"changes": []}, "store_update.changes: expected an object"),
        ({"changes": {"name": "x"}}, "store_update.changes: 'name' cannot be changed (allowed:"),
        ({"changes": {"phone": "12812345678"}}, "store_update.changes.phone: '12812345678' is"),
        ({"changes": {"phone": "1381234567"}}, "store_update.changes.phone: '1381234567' is not"),
        ({"changes": {"phone": "138-1234-5678"}}, "store_update.changes.phone: "),
        ({"changes": {"phone": "０２１-12345678"}}, "store_update.changes.phone: "),
        ({"changes": {"phone": 13812345678}}, "store_update.changes.phone: expected text"),
        ({"changes": {"owner_name": "  "}}, "store_update.changes.owner_name: must not be empty"),
        ({"changes": {"address": ""}}, "store_update.changes.address: must not be empty"),
        ({"changes": {"address": "a" * 201}}, "store_update.changes.address: is 201 characters"),
        ({"changes": {"business_type": None}}, "store_update.changes.business_type: expected"),
        ({"changes": {"delivery_method": "drone"}}, "store_update.changes.delivery_method: 'dr"),
        ({"base_version": -1}, "store_update.base_version: -1 is outside 0.."),
        ({"base_version": DROP}, "store_update.base_version: is required"),
        ({"base_version": "3"}, "store_update.base_version: expected a whole number"),
        ({"version": 3}, "store_update: unknown field 'version'"),
    ],
)
def test_store_update_rejections(patch, message):
    assert rejection("store_update", STORE, patch).startswith(message)


def test_ticket_defaults_and_extras():
    plain = parse("ticket", TICKET).data
    assert (plain.kind, plain.goods_value_fen, dict(plain.facts)) == ("complaint", None, {})
    assert plain.received_at is None and plain.photo_ids == () and plain.visit_id is None
    assert parse("ticket", TICKET, {"visit_id": None}).data.visit_id is None
    full = parse("ticket", TICKET, {
        "kind": "request", "goods_value": "120.5", "facts": {"has_receipt": True, "仍在售": False},
        "received_at": "2025-11-21T18:00:00+08:00", "photo_ids": [PHOTO],
        "visit_id": RID.upper(),
    }).data
    assert (full.kind, full.goods_value_fen) == ("request", 12050)
    assert full.visit_id == RID  # any well-formed UUID; whether it is linked is the server's
    assert dict(full.facts) == {"has_receipt": True, "仍在售": False}
    assert full.received_at == datetime(2025, 11, 21, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"category": "rude"}, "ticket.category: 'rude' is not a valid ticket category"),
        ({"category": DROP}, "ticket.category: is required"),
        ({"description": ""}, "ticket.description: must not be empty"),
        ({"description": "d" * 4001}, "ticket.description: is 4001 characters long (max 4000)"),
        ({"goods_value": "1.234"}, "ticket.goods_value: '1.234' has more than 2 decimals"),
        ({"goods_value": 12}, "ticket.goods_value: expected an amount as text"),
        ({"kind": "rant"}, "ticket.kind: 'rant' is not a valid ticket kind (one of: complaint"),
        ({"facts": {"has_receipt": "yes"}}, "ticket.facts.has_receipt: expected true or false"),
        ({"facts": {"x": 1}}, "ticket.facts.x: expected true or false, got 1"),
        ({"facts": {"": True}}, "ticket.facts: key '' must be 1-64 characters"),
        ({"facts": {str(i): True for i in range(51)}}, "ticket.facts: has 51 entries (max 50)"),
        ({"facts": [True]}, "ticket.facts: expected an object"),
        ({"received_at": "2025-11-21 18:00"}, "ticket.received_at: '2025-11-21 18:00' has no"),
        ({"corrects": PHOTO}, "ticket: unknown field 'corrects'"),
        # a malformed visit id is the phone's bug, told clearly (a well-formed unknown
        # one is stored without the link: services.tickets)
        ({"visit_id": "visit-42"}, "ticket.visit_id: 'visit-42' is not a UUID"),
        ({"visit_id": ""}, "ticket.visit_id: '' is not a UUID"),
        ({"visit_id": RID + " "}, "ticket.visit_id: "),
        ({"visit_id": 42}, "ticket.visit_id: 42 is not a UUID"),
        ({"visit_id": [RID]}, "ticket.visit_id: "),
        ({"visit": RID}, "ticket: unknown field 'visit'"),
    ],
)
def test_ticket_rejections(patch, message):
    assert rejection("ticket", TICKET, patch).startswith(message)


def test_restock_valid():
    data = parse("restock_request", RESTOCK, {"note": " for Sat "}).data
    assert data == RestockData(7, "wedding", (RestockLine(1, 24), RestockLine(2, 1)),
                               date(2025, 12, 6), "for Sat")
    assert parse("restock_request", RESTOCK).data.note == ""
    fifty = [{"product_id": i, "quantity": 1} for i in range(1, 51)]
    assert len(parse("restock_request", RESTOCK, {"lines": fifty}).data.lines) == 50


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"reason": "birthday"}, "restock_request.reason: 'birthday' is not a valid restock"),
        ({"lines": []}, "restock_request.lines: must not be empty"),
        ({"lines": [{"product_id": i, "quantity": 1} for i in range(1, 52)]},
         "restock_request.lines: has 51 items (max 50)"),
        ({"lines": [{"product_id": 1, "quantity": 0}]}, "restock_request.lines[0].quantity: 0 is"),
        ({"lines": [{"product_id": 1, "quantity": True}]}, "restock_request.lines[0].quantity: e"),
        ({"lines": [{"product_id": 1}]}, "restock_request.lines[0].quantity: is required"),
        ({"lines": [{"product_id": 1, "quantity": 1, "price": 2}]},
         "restock_request.lines[0]: unknown field 'price'"),
        ({"lines": [{"product_id": 5, "quantity": 1}, {"product_id": 5, "quantity": 2}]},
         "restock_request.lines[1].product_id: product 5 is listed twice"),
        ({"lines": ["5"]}, "restock_request.lines[0]: expected an object"),
        ({"wanted_by": "2025-12-06T10:00:00Z"}, "restock_request.wanted_by: '2025-12-06T10:0"),
        ({"wanted_by": DROP}, "restock_request.wanted_by: is required"),
        ({"note": 5}, "restock_request.note: expected text, got 5"),
    ],
)
def test_restock_rejections(patch, message):
    assert rejection("restock_request", RESTOCK, patch).startswith(message)
