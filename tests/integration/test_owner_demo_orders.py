"""The demo's ordering story for owner1 (issue 11, Data and demo): orders in every status,
one out for delivery today with its arrival notice, and one delivered with a damaged
line, its photo and its ticket; the survey of the completed one waits on the home page."""

from datetime import timedelta

import pytest
from sqlalchemy import select
from time_helpers import today

from webapp.models import Notification, Order, OrderReceiptLine, Photo, Store, Ticket, User
from webapp.rules.codes import OrderStatus
from webapp.seed.order_flow import damage_jpeg
from webapp.services.photos import inspect_image


@pytest.fixture
def owner1_orders(seeded, db):
    owner = db.session.scalar(select(User).where(User.username == "owner1"))
    store = db.session.scalar(select(Store).where(Store.owner_id == owner.id).order_by(Store.id))
    orders = db.session.scalars(select(Order).where(Order.store_id == store.id,
                                                    Order.number.like("%-9______"))).all()
    return owner, orders


def test_owner1_has_an_order_in_every_status(owner1_orders):
    _, orders = owner1_orders
    assert {o.status for o in orders} == {str(s) for s in OrderStatus}
    assert any(o.channel == "phone" for o in orders)


def test_one_order_goes_out_for_delivery_today_with_its_arrival_notice(owner1_orders, db):
    owner, orders = owner1_orders
    (going,) = [o for o in orders if o.status == "out_for_delivery"]
    assert going.delivery_date == today()
    notice = db.session.scalar(select(Notification).where(
        Notification.dedupe_key == f"order:{going.id}:out_for_delivery"))
    assert notice.user_id == owner.id and notice.read_at is None


def test_one_delivered_order_has_a_damaged_line_with_a_photo_and_its_ticket(owner1_orders, db):
    _, orders = owner1_orders
    (damaged,) = [o for o in orders if o.exception == "damaged"]
    assert damaged.status == "delivered" and damaged.received_by_id is not None
    line = db.session.scalar(select(OrderReceiptLine).where(
        OrderReceiptLine.order_id == damaged.id, OrderReceiptLine.exception == "damaged"))
    ticket = db.session.scalar(select(Ticket).where(Ticket.order_id == damaged.id))
    assert ticket.category == "delivery_damage" and ticket.facts["order_line_ids"] == [
        line.order_line_id]
    assert ticket.resolve_due_at > ticket.received_at + timedelta(hours=1)
    photo = db.session.get(Photo, ticket.facts["photo_ids"][0])
    assert (photo.owner_type, photo.owner_id) == ("delivery_exception", str(damaged.id))
    assert inspect_image(damage_jpeg())[0] == "image/jpeg"


def test_the_completed_orders_survey_waits_on_the_owners_home(owner1_orders, web):
    _, orders = owner1_orders
    (completed,) = [o for o in orders if o.status == "completed"]
    web.login("owner1")
    home = web.client.get("/store/").get_data(as_text=True)
    assert f'/store/orders/{completed.id}#survey' in home
