"""Visit and price check records: valid payloads and every rejection rule."""

import copy
from datetime import UTC, date, datetime

import pytest

from sync.records import (
    Finding,
    FollowUp,
    PriceCheckData,
    RecordError,
    VisitData,
    parse_record,
)
from webapp.rules.record_vocabulary import RECORD_VOCABULARY

RID = "6f9619ff-8b86-d011-b42d-00c04fc964ff"
OTHER = "0b7e5a6c-1f2d-4e3a-9c8b-7a6f5e4d3c2b"
PHOTO = "a1b2c3d4-e5f6-4789-8abc-def012345678"
DROP = object()

VISIT = {
    "store_id": 12,
    "started_at": "2025-11-22T09:00:00+08:00",
    "ended_at": "2025-11-22T09:40:00+08:00",
    "lat": 31.23,
    "lng": 121.47,
    "accuracy_m": 12.5,
    "purposes": ["routine", "promotion"],
    "notes": "Shelf tidy.",
}
PRICE = {
    "store_id": 12,
    "product_id": 345,
    "observed_at": "2025-11-22T09:10:00Z",
    "shelf_price": "23.50",
    "stock_units": 4,
    "out_of_stock_days": 0,
}


def parse(kind: str, base: dict, patch: dict | None = None):
    data = copy.deepcopy(base)
    for key, value in (patch or {}).items():
        data.pop(key) if value is DROP else data.__setitem__(key, value)
    raw = {"id": RID, "type": kind, "hlc": "1763800000000:0:dev-7f3a", "data": data}
    return parse_record(raw, RECORD_VOCABULARY)


def rejection(kind: str, base: dict, patch: dict) -> str:
    with pytest.raises(RecordError) as info:
        parse(kind, base, patch)
    assert info.value.record_id == RID
    return info.value.message


def test_visit_minimal_and_full():
    minimal = parse("visit", VISIT, {"ended_at": DROP, "lat": DROP, "lng": DROP,
                                     "accuracy_m": DROP, "notes": ""})
    assert minimal.data == VisitData(12, datetime(2025, 11, 22, 1, tzinfo=UTC), None, None,
                                     None, None, ("routine", "promotion"), "")
    full = parse("visit", VISIT, {
        "findings": {"stock": {"ok": False, "note": "low"}, "display": {"ok": True}},
        "follow_ups": [{"text": "Call owner", "due": "2025-11-30"}],
        "corrects": OTHER.upper(),
        "photo_ids": [PHOTO],
        "ended_at": None,
    }).data
    assert full.findings == (Finding("display", True, ""), Finding("stock", False, "low"))
    assert full.follow_ups == (FollowUp("Call owner", date(2025, 11, 30)),)
    assert full.corrects == OTHER and full.photo_ids == (PHOTO,)
    assert full.ended_at is None and full.lat == 31.23 and full.accuracy_m == 12.5


def test_visit_boundaries_accepted():
    data = parse("visit", VISIT, {"lat": -90, "lng": 180, "accuracy_m": 0, "notes": "n" * 4000,
                                  "ended_at": VISIT["started_at"]}).data
    assert (data.lat, data.lng, data.accuracy_m) == (-90.0, 180.0, 0.0)


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"store_id": DROP}, "visit.store_id: is required"),
        ({"store_id": "12"}, "visit.store_id: expected a whole number, got '12'"),
        ({"store_id": True}, "visit.store_id: expected a whole number, got true"),
        ({"store_id": 0}, "visit.store_id: 0 is outside 1.."),
        ({"started_at": "2025-11-22T09:00:00"}, "visit.started_at: '2025-11-22T09:00:00' has no"),
        ({"ended_at": "2025-11-22T08:59:59+08:00"}, "visit.ended_at: is before started_at"),
        ({"lat": 90.5}, "visit.lat: 90.5 is outside -90..90"),
        ({"lng": -180.01}, "visit.lng: -180.01 is outside -180..180"),
        ({"lat": "31.2"}, "visit.lat: expected a number, got '31.2'"),
        ({"lng": DROP}, "visit.lng: is required with lat/lng"),
        ({"lat": DROP}, "visit.lat: is required with lat/lng"),
        ({"accuracy_m": -1}, "visit.accuracy_m: -1 is outside 0.."),
        ({"purposes": []}, "visit.purposes: must not be empty"),
        ({"purposes": DROP}, "visit.purposes: is required"),
        ({"purposes": "routine"}, "visit.purposes: expected a list"),
        ({"purposes": ["routine", "routine"]}, "visit.purposes[1]: 'routine' is listed twice"),
        ({"purposes": ["chat"]}, "visit.purposes[0]: 'chat' is not a valid visit purpose (one"),
        ({"notes": DROP}, "visit.notes: is required"),
        ({"notes": None}, "visit.notes: expected text, got null"),
        ({"notes": "n" * 4001}, "visit.notes: is 4001 characters long (max 4000)"),
        ({"colour": "red"}, "visit: unknown field 'colour'"),
        ({"findings": {"smell": {"ok": True}}}, "visit.findings: 'smell' is not a valid finding"),
        ({"findings": {"stock": {"ok": 1}}}, "visit.findings.stock.ok: expected true or false"),
        ({"findings": {"stock": {}}}, "visit.findings.stock.ok: is required"),
        ({"findings": {"stock": {"ok": True, "x": 1}}}, "visit.findings.stock: unknown field"),
        ({"findings": []}, "visit.findings: expected an object, got a list"),
        ({"follow_ups": [{"text": "x"}]}, "visit.follow_ups[0].due: is required"),
        ({"follow_ups": [{"text": " ", "due": "2025-11-30"}]}, "visit.follow_ups[0].text: must"),
        ({"follow_ups": [{"text": "x", "due": "30/11/2025"}]}, "visit.follow_ups[0].due: '30/11"),
        ({"corrects": "abc"}, "visit.corrects: 'abc' is not a UUID"),
        ({"corrects": RID.upper()}, "visit.corrects: a record cannot correct itself"),
        ({"photo_ids": [PHOTO, PHOTO.upper()]}, "visit.photo_ids[1]: "),
        ({"photo_ids": [PHOTO[:-1]]}, "visit.photo_ids[0]: "),
        ({"photo_ids": PHOTO}, "visit.photo_ids: expected a list"),
    ],
)
def test_visit_rejections(patch, message):
    assert rejection("visit", VISIT, patch).startswith(message)


def test_price_check_valid():
    record = parse("price_check", PRICE, {"shelf_price": "23.5", "photo_ids": [PHOTO]})
    assert record.data == PriceCheckData(12, 345, datetime(2025, 11, 22, 9, 10, tzinfo=UTC),
                                         2350, 4, 0, None, (PHOTO,))
    assert parse("price_check", PRICE, {"out_of_stock_days": 366}).data.out_of_stock_days == 366
    assert parse("price_check", PRICE, {"corrects": OTHER}).data.corrects == OTHER


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"shelf_price": "23.555"}, "price_check.shelf_price: '23.555' has more than 2 decimals"),
        ({"shelf_price": 23.5}, 'price_check.shelf_price: expected an amount as text like'),
        ({"shelf_price": 23}, "price_check.shelf_price: expected an amount as text"),
        ({"shelf_price": "-2"}, "price_check.shelf_price: '-2' must not be negative"),
        ({"shelf_price": DROP}, "price_check.shelf_price: is required"),
        ({"product_id": -3}, "price_check.product_id: -3 is outside 1.."),
        ({"product_id": 3.0}, "price_check.product_id: expected a whole number, got 3.0"),
        ({"stock_units": -1}, "price_check.stock_units: -1 is outside 0.."),
        ({"stock_units": False}, "price_check.stock_units: expected a whole number, got false"),
        ({"out_of_stock_days": 367}, "price_check.out_of_stock_days: 367 is outside 0..366"),
        ({"out_of_stock_days": -1}, "price_check.out_of_stock_days: -1 is outside"),
        ({"observed_at": "yesterday"}, "price_check.observed_at: 'yesterday' is not a time"),
        ({"observed_at": DROP}, "price_check.observed_at: is required"),
        ({"notes": "x"}, "price_check: unknown field 'notes'"),
        ({"shelf_price_fen": 2350}, "price_check: unknown field 'shelf_price_fen'"),
    ],
)
def test_price_check_rejections(patch, message):
    assert rejection("price_check", PRICE, patch).startswith(message)
