"""The store signs for a delivered order (签收, spec §2.5, §3.6; issue 11 item 6), on a
real database: all correct completes the order; a damaged line needs a photo and opens
a ticket with the service rules' deadlines and tier; bad quantities and files that are
not images are refused with nothing stored; a second receipt is refused."""

import pytest
from order_helpers import make_world
from receipt_helpers import delivered, jpeg, png, receipt_counts
from sqlalchemy import select

from webapp import clock
from webapp.models import Notification, Order, OrderReceiptLine, Photo, Ticket
from webapp.rules import tickets as ticket_rules
from webapp.rules.calendar import WorkCalendar
from webapp.rules.settings import DEFAULT_SETTINGS
from webapp.services.order_receipts import LineEntry, ReceiptRefused, confirm_receipt
from webapp.services.ticket_support import store_raised_holders


@pytest.fixture
def world(seeded, db):
    return make_world(db)


def _lines(order):
    crate, carton = sorted(order.lines, key=lambda line: -line.quantity)
    return crate, carton


def _receive(db, world, order, entries, tmp_path, **kwargs):
    return confirm_receipt(db.session, kwargs.pop("by", world.owner), order.id,
                           kwargs.pop("version", order.version), entries,
                           signer=kwargs.pop("signer", "王老板"), upload_dir=str(tmp_path),
                           now=clock.now(), **kwargs)


def _refused(call) -> ReceiptRefused:
    with pytest.raises(ReceiptRefused) as refused:
        call()
    return refused.value


def test_all_correct_completes_the_order_with_the_signature_kept_as_a_photo(world, db,
                                                                            tmp_path):
    """§2.5: checked against the delivery note and signed; nothing wrong → completed."""
    order = delivered(db, world)
    crate, carton = _lines(order)
    receipt = _receive(db, world, order, {crate.id: LineEntry(25), carton.id: LineEntry("3")},
                       tmp_path, signature=png())
    db.session.commit()
    assert receipt.completed and receipt.tickets == []
    stored = db.session.get(Order, order.id)
    assert (stored.status, stored.signed_by, stored.received_by_id) == (
        "completed", "王老板", world.owner.id)
    assert stored.exception is None and stored.history[-1].status == "completed"
    signature = db.session.get(Photo, stored.signature_photo_id)
    assert signature.owner_type == "order_signature" and signature.mime_type == "image/png"
    assert (tmp_path / signature.storage_path).is_file()
    received = db.session.scalars(select(OrderReceiptLine.received_quantity).where(
        OrderReceiptLine.order_id == order.id)).all()
    assert sorted(received) == [3, 25]


def test_a_damaged_line_with_a_photo_opens_a_ticket_with_the_rules_deadlines(world, db,
                                                                             tmp_path):
    """§3.6 damage: photographed, reported; the order stays delivered, flagged damaged,
    and a delivery-damage ticket is linked to the order and the line."""
    order = delivered(db, world)
    crate, carton = _lines(order)
    receipt = _receive(db, world, order,
                       {crate.id: LineEntry(25, "damaged", "两条受潮"), carton.id: LineEntry(3)},
                       tmp_path, photos={crate.id: [jpeg()]})
    db.session.commit()
    assert not receipt.completed
    stored = db.session.get(Order, order.id)
    assert (stored.status, stored.exception) == ("delivered", "damaged")
    (ticket,) = db.session.scalars(select(Ticket).where(Ticket.order_id == order.id)).all()
    assert ticket.category == "delivery_damage" and ticket.kind == "complaint"
    assert ticket.facts["order_line_ids"] == [crate.id]
    assert len(ticket.facts["photo_ids"]) == 1
    assert ticket.number.startswith("TK") and ticket.status == "new"
    severity = ticket_rules.classify_severity("delivery_damage").severity
    due = ticket_rules.ticket_deadlines(ticket.received_at, severity, "complaint",
                                        WorkCalendar(), DEFAULT_SETTINGS)
    assert ticket.resolve_due_at == due.resolve_by
    assert ticket.first_answer_due_at == due.first_answer_by
    assert ticket.tier == ticket_rules.authority_tier(25 * 8500, severity, "delivery_damage")
    assert ticket.goods_value_fen == 25 * 8500
    photo = db.session.get(Photo, ticket.facts["photo_ids"][0])
    assert (photo.owner_type, photo.owner_id) == ("delivery_exception", str(order.id))
    # nobody received it in person: the holder of its tier for the store takes it and
    # is told at once (not only when its deadline escalates it)
    (holder,) = store_raised_holders(db.session, [(ticket.tier, ticket.store_id)])
    assert holder is not None and ticket.assignee_id == holder
    told = db.session.scalars(select(Notification).where(
        Notification.subject_id == ticket.id)).all()
    assert [(n.user_id, n.kind) for n in told] == [(holder, "ticket_raised")]


def test_fewer_cartons_without_a_reason_are_reported_missing(world, db, tmp_path):
    """A short line is a missing line (lost): its ticket counts the missing cartons."""
    order = delivered(db, world)
    crate, carton = _lines(order)
    receipt = _receive(db, world, order, {crate.id: LineEntry(25), carton.id: LineEntry(1)},
                       tmp_path)
    (ticket,) = receipt.tickets
    assert (ticket.category, ticket.goods_value_fen) == ("delivery_loss", 2 * 4200)
    assert db.session.get(Order, order.id).exception == "lost"


def test_a_late_delivery_for_the_whole_order_opens_a_delay_ticket(world, db, tmp_path):
    order = delivered(db, world)
    crate, carton = _lines(order)
    receipt = _receive(db, world, order, {crate.id: LineEntry(25), carton.id: LineEntry(3)},
                       tmp_path, order_exception="delayed", order_note="晚了一天")
    (ticket,) = receipt.tickets
    assert ticket.category == "delivery_delay" and ticket.facts["order_line_ids"] == []
    assert "晚了一天" in ticket.description


def test_damage_without_a_photo_is_refused_and_nothing_is_stored(world, db, tmp_path):
    """§2.5: photos are mandatory for DAMAGE."""
    order = delivered(db, world)
    crate, carton = _lines(order)
    before = receipt_counts(db)
    refused = _refused(lambda: _receive(db, world, order, {crate.id: LineEntry(25, "damaged"),
                                                           carton.id: LineEntry(3)}, tmp_path))
    assert [(p.code, p.line_id) for p in refused.problems] == [("damage_needs_photo", crate.id)]
    db.session.rollback()
    assert receipt_counts(db) == before
    assert db.session.get(Order, order.id).status == "delivered"


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_is_stored(world, db, tmp_path):
    order = delivered(db, world)
    crate, carton = _lines(order)
    before = receipt_counts(db)
    refused = _refused(lambda: _receive(
        db, world, order, {crate.id: LineEntry(25, "damaged"), carton.id: LineEntry(3)},
        tmp_path, photos={crate.id: [b"%PDF-1.4 not a photo"]}))
    assert refused.reason == "photo_not_image"
    db.session.rollback()
    assert receipt_counts(db) == before and not list(tmp_path.rglob("*.*"))


@pytest.mark.parametrize(("typed", "code"), [
    (-1, "quantity_negative"), ("-2", "quantity_negative"), ("2.5", "quantity_not_whole"),
    ("lots", "quantity_not_whole"), ("", "quantity_not_whole"), (True, "quantity_not_whole"),
    (26, "quantity_over_ordered"),
])
def test_a_received_quantity_must_be_a_whole_number_up_to_the_ordered(world, db, tmp_path,
                                                                     typed, code):
    order = delivered(db, world)
    crate, carton = _lines(order)
    before = receipt_counts(db)
    refused = _refused(lambda: _receive(
        db, world, order, {crate.id: LineEntry(typed), carton.id: LineEntry(3)}, tmp_path))
    assert [(p.code, p.line_id) for p in refused.problems] == [(code, crate.id)]
    db.session.rollback()
    assert receipt_counts(db) == before


def test_a_second_receipt_is_refused_and_doubles_nothing(world, db, tmp_path):
    """A double submit: the second one is refused clearly (already_received)."""
    order = delivered(db, world)
    crate, carton = _lines(order)
    entries = {crate.id: LineEntry(25, "damaged"), carton.id: LineEntry(3)}
    _receive(db, world, order, entries, tmp_path, photos={crate.id: [jpeg()]})
    db.session.commit()
    after_first = receipt_counts(db)
    refused = _refused(lambda: _receive(db, world, order, entries, tmp_path, version=1,
                                        photos={crate.id: [jpeg((1, 2, 3))]}))
    assert refused.reason == "already_received"
    db.session.rollback()
    assert receipt_counts(db) == after_first


def test_a_receipt_needs_the_version_the_page_saw_and_a_signer(world, db, tmp_path):
    order = delivered(db, world)
    crate, carton = _lines(order)
    entries = {crate.id: LineEntry(25), carton.id: LineEntry(3)}
    assert _refused(lambda: _receive(db, world, order, entries, tmp_path,
                                     version=order.version - 1)).reason == "stale_version"
    refused = _refused(lambda: _receive(db, world, order, entries, tmp_path, signer="  "))
    assert [p.code for p in refused.problems] == ["signer_required"]


def test_only_a_delivered_order_of_the_owners_own_store_can_be_signed_for(world, db,
                                                                          tmp_path):
    """Scope: another owner's order is not found; HQ does not sign for the store."""
    from order_helpers import order as new_order

    submitted = new_order(db, world)
    assert _refused(lambda: _receive(db, world, submitted, {}, tmp_path)).reason == \
        "not_delivered"
    theirs = delivered(db, world)
    other_owner = db.session.get(type(world.owner), world.other_store.owner_id)
    assert _refused(lambda: _receive(db, world, theirs, {}, tmp_path,
                                     by=other_owner)).reason == "not_found"
    assert _refused(lambda: _receive(db, world, theirs, {}, tmp_path,
                                     by=world.hq)).reason == "not_allowed"
