"""A record's fingerprint (docs/sync-protocol.md, "Content hash"): receipts keep it, so
its text never changes, and it depends on what the record says, not on its clock."""

from sync.fingerprint import content_hash
from sync.records import parse_record
from webapp.rules.record_vocabulary import RECORD_VOCABULARY

RAW = {"id": "0b6b7a5e-8d0c-4a51-9a57-0a3c3e1f2d11", "type": "price_check",
       "hlc": "1764000000000:0:phone-1", "seq": 1,
       "data": {"store_id": 1, "product_id": 2, "observed_at": "2026-11-24T10:05:00+08:00",
                "shelf_price": "23.50", "stock_units": 12, "out_of_stock_days": 0}}


def _parsed(raw: dict):
    return parse_record(raw, RECORD_VOCABULARY)


def test_the_fingerprint_text_never_changes():
    # the value stored receipts hold for this record (computed before the move to sync/)
    assert content_hash(_parsed(RAW)) == (
        "8e854368da9a92c5638f43c093bed45e1bedba28454ebd229243c66d50eedbda")


def test_the_clock_seq_and_id_do_not_change_the_fingerprint():
    again = {**RAW, "id": "1b6b7a5e-8d0c-4a51-9a57-0a3c3e1f2d11",
             "hlc": "1764000009999:3:phone-2", "seq": 7}
    assert content_hash(_parsed(again)) == content_hash(_parsed(RAW))


def test_a_different_value_changes_the_fingerprint():
    other = {**RAW, "data": {**RAW["data"], "shelf_price": "23.60"}}
    assert content_hash(_parsed(other)) != content_hash(_parsed(RAW))


TICKET = {"id": "0b6b7a5e-8d0c-4a51-9a57-0a3c3e1f2d11", "type": "ticket",
          "hlc": "1764000000000:0:phone-1", "seq": 1,
          "data": {"store_id": 1, "category": "expired", "description": "Milk past its date.",
                   "received_at": "2026-11-24T10:05:00+08:00", "facts": {"media": True}}}


def test_a_field_added_later_leaves_older_records_fingerprints_alone():
    # a ticket stored before `visit_id` existed (the value its receipt holds): resent, it
    # is still a duplicate, not "a different record under a used id"
    assert content_hash(_parsed(TICKET)) == (
        "e5b329ebb86bbcaa21cf2e452c3d7a93821694db28f04f9015f6bf97c8430c53")
    named = {**TICKET, "data": {**TICKET["data"],
                                "visit_id": "1b6b7a5e-8d0c-4a51-9a57-0a3c3e1f2d11"}}
    assert content_hash(_parsed(named)) != content_hash(_parsed(TICKET))
