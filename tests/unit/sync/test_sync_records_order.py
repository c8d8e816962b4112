"""The `order` record's shape (docs/sync-protocol.md): whole cartons, 1-300 lines, the
store's delivery method unless one is named. The ordering rules themselves (window,
allocation, minimum, multiple) are the server's, not the parser's."""

import copy
from datetime import date

import pytest

from sync.records import OrderData, OrderLineData, RecordError, parse_record
from webapp.rules.record_vocabulary import RECORD_VOCABULARY

RID = "6f9619ff-8b86-d011-b42d-00c04fc964ff"
DROP = object()
ORDER = {"store_id": 7, "lines": [{"product_id": 1, "quantity": 25},
                                  {"product_id": 2, "quantity": 3}]}


def parse(patch=None):
    data = copy.deepcopy(ORDER)
    for key, value in (patch or {}).items():
        data.pop(key) if value is DROP else data.__setitem__(key, value)
    return parse_record({"id": RID, "type": "order", "hlc": "1:0:d", "data": data},
                        RECORD_VOCABULARY)


def rejection(patch) -> str:
    with pytest.raises(RecordError) as caught:
        parse(patch)
    return caught.value.message


def test_a_valid_order():
    data = parse({"delivery_method": "pickup_point", "wanted_date": "2026-12-01",
                  "note": " 下午送 "}).data
    assert data == OrderData(7, (OrderLineData(1, 25), OrderLineData(2, 3)), "pickup_point",
                             date(2026, 12, 1), "下午送")


def test_without_a_delivery_method_the_store_s_own_is_meant():
    data = parse().data
    assert (data.delivery_method, data.wanted_date, data.note) == (None, None, "")


@pytest.mark.parametrize(("patch", "message"), [
    ({"lines": []}, "order.lines: must not be empty"),
    ({"lines": [{"product_id": 1, "quantity": -25}]}, "order.lines[0].quantity: -25 is outside"),
    ({"lines": [{"product_id": 1, "quantity": 2.5}]}, "order.lines[0].quantity: expected a whole"),
    ({"lines": [{"product_id": 1, "quantity": "25"}]}, "order.lines[0].quantity: expected a"),
    ({"lines": [{"product_id": 1}]}, "order.lines[0].quantity: is required"),
    ({"lines": [{"product_id": 1, "quantity": 1, "price": "1.00"}]},
     "order.lines[0]: unknown field 'price'"),  # the server prices the order
    ({"lines": [{"product_id": i, "quantity": 1} for i in range(1, 302)]},
     "order.lines: has 301 items (max 300)"),
    ({"delivery_method": "drone"}, "order.delivery_method: 'drone' is not a valid delivery"),
    ({"wanted_date": "tomorrow"}, "order.wanted_date: 'tomorrow' is not a date"),
    ({"note": "x" * 501}, "order.note: is 501 characters long (max 500)"),
    ({"store_id": DROP}, "order.store_id: is required"),
])
def test_order_rejections(patch, message):
    assert rejection(patch).startswith(message)
