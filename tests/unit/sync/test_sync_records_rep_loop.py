"""The `follow_up_done` and `restock_followup` records' shape (docs/sync-protocol.md):
a to-do named by its id or by its visit record and index (one way only), the phone's
times with an offset, a whole number of units sold; unknown fields refused. Scope, due
day and the first answer are the server's, not the parser's."""

import copy
from datetime import UTC, datetime

import pytest

from sync.records import FollowUpDoneData, RecordError, RestockFollowupData, parse_record
from sync.refusals import refusal_code
from webapp.rules.record_vocabulary import RECORD_VOCABULARY

RID = "6f9619ff-8b86-d011-b42d-00c04fc964ff"
VISIT = "0b0e7a51-3c3f-4d4a-9a56-2f0d8e1c7a10"
DROP = object()
DONE = {"follow_up_id": 12, "store_id": 7, "done_at": "2026-11-24T10:05:00+08:00"}
FOLLOWUP = {"request_id": RID.upper(), "store_id": 7, "sold_units": 8, "note": " 婚宴用完 ",
            "checked_at": "2026-12-02T09:30:00+08:00"}


def parse(kind, base, patch=None):
    data = copy.deepcopy(base)
    for key, value in (patch or {}).items():
        data.pop(key) if value is DROP else data.__setitem__(key, value)
    return parse_record({"id": RID, "type": kind, "hlc": "1:0:d", "data": data},
                        RECORD_VOCABULARY)


def rejection(kind, base, patch) -> str:
    with pytest.raises(RecordError) as caught:
        parse(kind, base, patch)
    return caught.value.message


def test_a_to_do_done_by_its_id():
    data = parse("follow_up_done", DONE).data
    assert data == FollowUpDoneData(store_id=7, done_at=datetime(2026, 11, 24, 2, 5, tzinfo=UTC),
                                    follow_up_id=12)


def test_a_to_do_done_by_its_visit_record_and_index():
    data = parse("follow_up_done", DONE, {"follow_up_id": DROP, "visit_id": VISIT.upper(),
                                          "follow_up_index": 0}).data
    assert (data.follow_up_id, data.visit_id, data.follow_up_index) == (None, VISIT, 0)


@pytest.mark.parametrize(("patch", "message", "code"), [
    ({"follow_up_id": DROP}, "follow_up_done.follow_up_id: is required", "required"),
    ({"visit_id": VISIT, "follow_up_index": 1},
     "follow_up_done.follow_up_id: names the to-do a second way", "follow_up_reference"),
    ({"follow_up_id": DROP, "visit_id": VISIT},
     "follow_up_done.follow_up_index: names the to-do by half", "follow_up_reference"),
    ({"follow_up_id": DROP, "follow_up_index": 2},
     "follow_up_done.visit_id: names the to-do by half", "follow_up_reference"),
    ({"follow_up_id": DROP, "visit_id": VISIT, "follow_up_index": 20},
     "follow_up_done.follow_up_index: 20 is outside 0..19", "out_of_range"),
    ({"follow_up_id": DROP, "visit_id": "v1", "follow_up_index": 0},
     "follow_up_done.visit_id: 'v1' is not a UUID", "not_uuid"),
    ({"follow_up_id": 0}, "follow_up_done.follow_up_id: 0 is outside", "out_of_range"),
    ({"follow_up_id": "12"}, "follow_up_done.follow_up_id: expected a whole number",
     "not_whole_number"),
    ({"done_at": "2026-11-24T10:05:00"}, "follow_up_done.done_at:", "time"),
    ({"done_at": DROP}, "follow_up_done.done_at: is required", "required"),
    ({"store_id": DROP}, "follow_up_done.store_id: is required", "required"),
    ({"text": "x"}, "follow_up_done: unknown field 'text'", "unknown_field"),
])
def test_to_do_done_refusals(patch, message, code):
    text = rejection("follow_up_done", DONE, patch)
    assert text.startswith(message) and refusal_code(text) == code


def test_a_sales_follow_up():
    data = parse("restock_followup", FOLLOWUP).data
    assert data == RestockFollowupData(request_id=RID, store_id=7, sold_units=8,
                                       checked_at=datetime(2026, 12, 2, 1, 30, tzinfo=UTC),
                                       note="婚宴用完")
    assert parse("restock_followup", FOLLOWUP, {"note": DROP, "sold_units": 0}).data.note == ""


@pytest.mark.parametrize(("patch", "message", "code"), [
    ({"sold_units": -1}, "restock_followup.sold_units: -1 is outside 0..1000000",
     "out_of_range"),
    ({"sold_units": 2.5}, "restock_followup.sold_units: expected a whole number",
     "not_whole_number"),
    ({"sold_units": True}, "restock_followup.sold_units: expected a whole number",
     "not_whole_number"),
    ({"sold_units": DROP}, "restock_followup.sold_units: is required", "required"),
    ({"request_id": 5}, "restock_followup.request_id: 5 is not a UUID", "not_uuid"),
    ({"checked_at": DROP}, "restock_followup.checked_at: is required", "required"),
    ({"checked_at": "yesterday"}, "restock_followup.checked_at:", "time"),
    ({"note": "字" * 1001}, "restock_followup.note:", "too_long"),
    ({"verdict": "normal"}, "restock_followup: unknown field 'verdict'", "unknown_field"),
])
def test_sales_follow_up_refusals(patch, message, code):
    text = rejection("restock_followup", FOLLOWUP, patch)
    assert text.startswith(message) and refusal_code(text) == code
