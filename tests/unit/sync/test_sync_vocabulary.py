"""The parsers check records against the vocabulary they are handed, not a copy of it."""

import dataclasses

import pytest

from sync.records import RecordError, parse_record
from sync.vocabulary import RecordVocabulary
from webapp.rules import codes
from webapp.rules.phones import validate_phone
from webapp.rules.prices import parse_yuan
from webapp.rules.record_vocabulary import RECORD_VOCABULARY

RID = "6f9619ff-8b86-d011-b42d-00c04fc964ff"
RESTOCK = {"store_id": 7, "reason": "wedding", "lines": [{"product_id": 1, "quantity": 2}],
           "wanted_by": "2025-12-06"}


def record(kind: str, data: dict) -> dict:
    return {"id": RID, "type": kind, "hlc": "1:0:d", "data": data}


def test_the_application_vocabulary_is_the_rules():
    """One list of each code (rules.codes), one money rule, one phone rule."""
    vocab: RecordVocabulary = RECORD_VOCABULARY
    assert vocab.visit_purposes == codes.values(codes.VisitPurpose)
    assert vocab.finding_areas == codes.values(codes.FindingArea)
    assert vocab.delivery_methods == codes.values(codes.DeliveryMethod)
    assert vocab.ticket_kinds == codes.values(codes.TicketKind)
    assert vocab.ticket_categories == codes.values(codes.TicketCategory)
    assert vocab.restock_reasons == codes.values(codes.RestockReason)
    assert vocab.store_fields == codes.STORE_EDITABLE_FIELDS
    assert vocab.required_store_fields == codes.STORE_REQUIRED_FIELDS
    assert vocab.parse_yuan is parse_yuan and vocab.clean_phone is validate_phone


def test_a_code_the_vocabulary_does_not_have_is_refused():
    narrower = dataclasses.replace(RECORD_VOCABULARY, restock_reasons=("stock_out",))
    assert parse_record(record("restock_request", RESTOCK), RECORD_VOCABULARY).data.reason == \
        "wedding"
    with pytest.raises(RecordError, match="not a valid restock reason"):
        parse_record(record("restock_request", RESTOCK), narrower)


def test_money_and_phones_follow_the_rules_handed_in():
    """A fake vocabulary (not a mock): the parser calls what it is given."""
    whole_yuan = dataclasses.replace(RECORD_VOCABULARY, parse_yuan=lambda text: int(text) * 100,
                                     clean_phone=lambda text: text.upper())
    ticket = {"store_id": 7, "category": "expired", "description": "x", "goods_value": "12"}
    assert parse_record(record("ticket", ticket), whole_yuan).data.goods_value_fen == 1200
    with pytest.raises(RecordError, match="is not an amount"):
        parse_record(record("ticket", ticket | {"goods_value": "1.5"}), whole_yuan)
    update = {"store_id": 7, "base_version": 1, "changes": {"phone": "abc"}}
    assert parse_record(record("store_update", update), whole_yuan).data.changes == \
        {"phone": "ABC"}


@pytest.mark.parametrize("purpose", list(codes.VisitPurpose))
def test_every_visit_purpose_of_the_rules_is_accepted(purpose):
    """Spec §2.3 purposes (moved from rules.visit_trust.check_purposes, now the parser's)."""
    data = {"store_id": 1, "started_at": "2025-11-22T10:00:00+08:00", "notes": "",
            "purposes": [str(purpose), "routine"] if purpose != "routine" else ["routine"]}
    assert parse_record(record("visit", data), RECORD_VOCABULARY).data.purposes[0] == purpose


@pytest.mark.parametrize("reason", list(codes.RestockReason))  # [000 红白喜事、会议接待] [000 团购]
def test_every_restock_reason_of_the_rules_is_accepted(reason):
    """(moved from rules.restock.check_reason, now the parser's)"""
    data = RESTOCK | {"reason": str(reason)}
    assert parse_record(record("restock_request", data), RECORD_VOCABULARY).data.reason == reason
