"""Capture forms become the same raw records the offline client queues."""

import pytest

from sync.form_records import FormRecordError, records_from_form


def test_a_visit_form_becomes_one_visit_record():
    items = [
        ("csrf_token", "x"), ("r0.id", "8b0c"), ("r0.type", "visit"), ("r0.hlc", "1:0:web-1"),
        ("r0.data.store_id:int", "12"), ("r0.data.started_at", "2026-11-23T10:00:00+08:00"),
        ("r0.data.lat:float", "23.5"), ("r0.data.lng:float", ""),
        ("r0.data.purposes[]", "routine"), ("r0.data.purposes[]", "training"),
        ("r0.data.notes", "  ok  "), ("r0.data.findings.display.ok:bool", "on"),
        ("r0.data.follow_ups.0.text", "call back"), ("r0.data.follow_ups.0.due", "2026-11-30"),
        ("r0.data.follow_ups.1.text", ""), ("r0.data.follow_ups.1.due", ""),
    ]
    [record] = records_from_form(items)
    assert record == {
        "id": "8b0c", "type": "visit", "hlc": "1:0:web-1",
        "data": {"store_id": 12, "started_at": "2026-11-23T10:00:00+08:00", "lat": 23.5,
                 "purposes": ["routine", "training"], "notes": "ok",
                 "findings": {"display": {"ok": True}},
                 "follow_ups": [{"text": "call back", "due": "2026-11-30"}]},
    }


def test_untouched_optional_rows_are_dropped():
    items = []
    for i, price in enumerate(["23.50", ""]):
        items += [(f"r{i}.id", f"id{i}"), (f"r{i}.type", "price_check"),
                  (f"r{i}.optional", "shelf_price,stock_units"),
                  (f"r{i}.data.product_id:int", str(i + 1)), (f"r{i}.data.shelf_price", price),
                  (f"r{i}.data.stock_units:int", "")]
    records = records_from_form(items)
    assert [r["id"] for r in records] == ["id0"]
    assert records[0]["data"] == {"product_id": 1, "shelf_price": "23.50"}


def test_empty_checkbox_list_stays_an_empty_list():
    [record] = records_from_form([("r0.id", "a"), ("r0.data.purposes[]", "")])
    assert record["data"]["purposes"] == []


def test_a_bad_number_is_a_clear_error():
    with pytest.raises(FormRecordError, match="not a number"):
        records_from_form([("r0.data.store_id:int", "twelve")])
