"""Record envelope, schema upgrades, push envelopes, fuzzing (the no-Flask import check is
test_sync_isolation.py, over every sync module)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync import records
from sync.hlc import HLC
from sync.records import (
    RECORD_TYPES,
    SCHEMA_VERSION,
    Envelope,
    EnvelopeError,
    Record,
    RecordError,
    parse_envelope,
    parse_record,
    register_upgrade,
    upgrade_payload,
)
from webapp.rules.record_vocabulary import RECORD_VOCABULARY

RID = "6f9619ff-8b86-d011-b42d-00c04fc964ff"
DATA = {"store_id": 7, "category": "price", "description": "Too dear."}

def raw(**changes) -> dict:
    record = {"id": RID, "type": "ticket", "hlc": "1763800000000:3:dev-7f3a", "data": DATA}
    record.update(changes)
    return {k: v for k, v in record.items() if v is not ...}


def test_record_fields():
    record = parse_record(raw(id=RID.upper(), seq=9), RECORD_VOCABULARY)
    assert isinstance(record, Record)
    assert (record.id, record.type, record.seq) == (RID, "ticket", 9)
    assert record.hlc == HLC(1763800000000, 3, "dev-7f3a")
    assert parse_record(raw(seq=None), RECORD_VOCABULARY).seq is None
    assert RECORD_TYPES == ("visit", "price_check", "store_update", "ticket", "restock_request",
                            "ticket_update", "order", "follow_up_done", "restock_followup",
                            "recommendation")
    assert SCHEMA_VERSION == 1


@pytest.mark.parametrize(
    ("record", "message", "record_id"),
    [
        ([], "record: expected an object, got a list", None),
        ("x", "record: expected an object, got 'x'", None),
        (raw(id=...), "record.id: is required", None),
        (raw(id="42"), "record.id: '42' is not a UUID", None),
        (raw(id=7), "record.id: 7 is not a UUID", None),
        (raw(type="bill"), "record.type: 'bill' is not a valid record type", RID),
        (raw(type=...), "record.type: is required", RID),
        (raw(hlc="1763800000000:3"), "record.hlc: HLC '1763800000000:3' has 2 part(s)", RID),
        (raw(hlc=1763800000000), "record.hlc: HLC must be a string, got int", RID),
        (raw(hlc="1:0:a:b"), "record.hlc: HLC '1:0:a:b': node id 'a:b' must be", RID),
        (raw(seq=0), "record.seq: 0 is outside 1..", RID),
        (raw(seq=True), "record.seq: expected a whole number, got true", RID),
        (raw(seq="1"), "record.seq: expected a whole number, got '1'", RID),
        (raw(data=...), "record.data: is required", RID),
        (raw(data=None), "ticket: expected an object, got null", RID),
        (raw(data="{}"), "ticket: expected an object, got '{}'", RID),
        (raw(device="x"), "record: unknown field 'device'", RID),
        (raw(type="visit"), "visit: unknown fields 'category', 'description'", RID),
    ],
)
def test_record_rejections(record, message, record_id):
    with pytest.raises(RecordError) as info:
        parse_record(record, RECORD_VOCABULARY)
    assert info.value.message.startswith(message)
    assert str(info.value) == info.value.message
    assert info.value.record_id == record_id


def test_current_version_passes_through():
    record = raw()
    assert upgrade_payload(record, SCHEMA_VERSION) is record
    assert records.UPGRADE_STEPS == {}


@pytest.mark.parametrize(
    ("version", "message"),
    [(2, "schema version 2 is newer than this server supports (1)"),
     (0, "schema version 0 is not valid"), (True, "schema version true is not valid"),
     ("1", "schema version '1' is not valid")],
)
def test_upgrade_rejects_bad_versions(version, message):
    with pytest.raises(RecordError) as info:
        upgrade_payload(raw(), version)
    assert info.value.message.startswith(message) and info.value.record_id == RID
    with pytest.raises(RecordError, match="schema version"):
        parse_record(raw(), RECORD_VOCABULARY, schema_version=version)


def test_upgrade_chain_runs_steps_in_order(monkeypatch):
    monkeypatch.setattr(records, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(records, "UPGRADE_STEPS", {})

    @register_upgrade(1)
    def rename_kind(payload: dict) -> dict:  # v1 called the field "text"
        payload["data"]["description"] = payload["data"].pop("text")
        return payload

    @register_upgrade(2)
    def add_seq(payload: dict) -> dict:
        return {**payload, "seq": 1}

    with pytest.raises(ValueError, match="already exists"):
        register_upgrade(2)(add_seq)
    old = raw(data={"store_id": 7, "category": "price", "text": "Too dear."})
    upgraded = upgrade_payload(old, 1)
    assert upgraded["seq"] == 1 and upgraded["data"]["description"] == "Too dear."
    assert "text" in old["data"]  # the caller's dict is not mutated
    assert upgrade_payload(raw(), 2)["seq"] == 1
    record = parse_record(old, RECORD_VOCABULARY, schema_version=1)
    assert (record.seq, record.data.description) == (1, "Too dear.")


def test_upgrade_chain_with_missing_step(monkeypatch):
    monkeypatch.setattr(records, "SCHEMA_VERSION", 2)
    with pytest.raises(RecordError, match="schema version 1 can no longer be read"):
        upgrade_payload(raw(), 1)
    with pytest.raises(RecordError, match="^record: expected an object"):
        parse_record([], RECORD_VOCABULARY, schema_version=1)


def body(**changes) -> dict:
    envelope = {"device_id": "dev-7f3a", "schema_version": 1, "records": [raw()]}
    envelope.update(changes)
    return {k: v for k, v in envelope.items() if v is not ...}


def test_envelope_valid():
    envelope = parse_envelope(body(cursor="abc"))
    assert envelope == Envelope("dev-7f3a", 1, [raw()])
    assert parse_envelope(body(records=[])).records_raw == []
    assert len(parse_envelope(body(records=[{}] * 5000)).records_raw) == 5000


@pytest.mark.parametrize(
    ("envelope", "status", "message"),
    [
        ([], 400, "body must be a JSON object, got a list"),
        (None, 400, "body must be a JSON object, got null"),
        (body(schema_version=...), 400, "schema_version must be a positive whole number, got null"),
        (body(schema_version="1"), 400, "schema_version must be a positive whole number, got '1'"),
        (body(schema_version=True), 400, "schema_version must be a positive whole number"),
        (body(schema_version=0), 400, "schema_version must be a positive whole number, got 0"),
        (body(schema_version=2), 400, "schema_version 2 is newer than this server supports (1)"),
        (body(device_id=...), 400, "device_id must be 1-64 characters"),
        (body(device_id=""), 400, "device_id must be 1-64 characters"),
        (body(device_id="dev:1"), 400, "device_id must be 1-64 characters"),
        (body(device_id=12), 400, "device_id must be 1-64 characters"),
        (body(records=...), 400, "records must be a list, got null"),
        (body(records={}), 400, "records must be a list, got an object"),
        (body(records=[{}] * 5001), 413,
         "batch of 5001 records exceeds the maximum of 5000; split it"),
    ],
)
def test_envelope_rejections(envelope, status, message):
    with pytest.raises(EnvelopeError) as info:
        parse_envelope(envelope)
    assert info.value.status == status and info.value.message.startswith(message)


def test_envelope_custom_limit():
    with pytest.raises(EnvelopeError, match="batch of 2 records exceeds the maximum of 1") as info:
        parse_envelope(body(records=[{}, {}]), max_records=1)
    assert info.value.status == 413


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=12,
)


@given(kind=st.sampled_from(RECORD_TYPES), data=json_values, seq=json_values)
def test_arbitrary_json_only_raises_record_error(kind, data, seq):
    try:
        parse_record({"id": RID, "type": kind, "hlc": "1:0:d", "seq": seq, "data": data},
                     RECORD_VOCABULARY)
    except RecordError as err:
        assert err.record_id == RID and err.message


@given(json_values)
def test_arbitrary_envelope_only_raises_envelope_error(value):
    try:
        parse_envelope(value)
    except EnvelopeError as err:
        assert err.status == 400
