"""A form posted from a page carries no phone clock: the server stamps one (one write path)."""

from sync.form_records import records_from_form, stamp_missing_clocks
from sync.hlc import HLC, HybridClock
from sync.records import parse_record
from webapp.rules.record_vocabulary import RECORD_VOCABULARY

FORM = [("r0.id", "0b6c1a52-3f1e-4c53-9a49-2f7f0d9f6e11"), ("r0.type", "ticket"),
        ("r0.data.store_id:int", "4"), ("r0.data.category", "quality"),
        ("r0.data.description", "Mouldy cartons")]


def test_missing_clock_is_filled_from_the_server_clock_and_parses():
    clock = HybridClock("server", now_ms=lambda: 1_763_800_000_000)
    records = stamp_missing_clocks(records_from_form(FORM), clock)
    assert HLC.parse(records[0]["hlc"]) == HLC(1_763_800_000_000, 0, "server")
    assert parse_record(records[0], RECORD_VOCABULARY).hlc.node == "server"


def test_a_clock_already_present_is_kept():
    clock = HybridClock("server", now_ms=lambda: 1_763_800_000_000)
    records = records_from_form(FORM + [("r0.hlc", "1763700000000:3:phone-1")])
    stamp_missing_clocks(records, clock)
    assert records[0]["hlc"] == "1763700000000:3:phone-1"


def test_each_record_gets_its_own_increasing_clock():
    clock = HybridClock("server", now_ms=lambda: 5)
    form = FORM + [("r1.id", "1b6c1a52-3f1e-4c53-9a49-2f7f0d9f6e11"), ("r1.type", "ticket")]
    first, second = stamp_missing_clocks(records_from_form(form), clock)
    assert HLC.parse(first["hlc"]) < HLC.parse(second["hlc"])
