"""The owner's order pages over HTTP (issue 11 items 5–7): the list and one order with
its timeline, lines and totals; cancelling before confirmation (a stale page is told
so); signing for a delivery with a damaged line and its photo; the survey; the inbox
and its badge. Owner of store A gets 404 for store B's orders, photos and receipts."""

import io
import re

import pytest
from order_helpers import make_world, order
from receipt_helpers import delivered, jpeg
from sqlalchemy import select

from webapp.models import Order, Photo, Ticket, User
from webapp.rules.codes import OrderStatus
from webapp.rules.prices import format_yuan
from webapp.services.orders import move_order
from webapp.templating import localtime

S = OrderStatus


@pytest.fixture
def world(seeded, db):
    return make_world(db)


@pytest.fixture
def owner(world, web):
    web.login("owner1")
    return web


def _speak(db, user, language: str) -> None:
    """The owner's own language setting (pages follow the user's choice)."""
    user.locale = language
    db.session.commit()


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_the_order_list_shows_the_current_stores_orders_with_links(world, owner, db):
    placed = order(db, world)
    page = owner.client.get("/store/orders")
    assert page.status_code == 200
    assert f'href="/store/orders/{placed.id}"' in _text(page)
    others = db.session.scalars(select(Order.id).where(
        Order.store_id == world.other_store.id)).all()
    assert not any(f'href="/store/orders/{i}"' in _text(page) for i in others)


def test_an_order_page_shows_timeline_who_moved_it_prices_and_total(world, owner, db):
    placed = order(db, world)
    move_order(db.session, world.hq, placed.id, S.CONFIRMED, 1)
    db.session.commit()
    _speak(db, world.owner, "zh")
    html = _text(owner.client.get(f"/store/orders/{placed.id}"))
    assert placed.number in html
    assert "订单科" in html  # HQ's clerk shows as the order desk, not by name
    assert world.hq.display_name not in html
    assert "¥85.00" in html and "¥2125.00" in html  # 25 cartons × ¥85.00 (rules.prices)
    assert f"¥{format_yuan(placed.total_fen)}" in html
    assert "data-order-status=\"confirmed\"" in html
    assert "/cancel" not in html  # confirmed: no longer cancellable


def test_cancel_before_confirmation_and_a_stale_page_is_told_clearly(world, owner, db):
    placed = order(db, world)
    _speak(db, world.owner, "en")
    page = f"/store/orders/{placed.id}"
    stale = owner.post_form(f"{page}/cancel", {"version": "7"}, page=page)
    assert stale.status_code == 303
    assert "changed meanwhile" in _text(owner.client.get(page))
    assert db.session.get(Order, placed.id).status == "submitted"
    done = owner.post_form(f"{page}/cancel", {"version": "1", "reason": "订错了"}, page=page)
    assert done.status_code == 303
    db.session.expire_all()
    assert db.session.get(Order, placed.id).status == "cancelled"


def test_signing_with_a_damaged_line_and_a_photo_shows_the_ticket_on_the_order(world, owner,
                                                                               db):
    placed = delivered(db, world)
    _speak(db, world.owner, "zh")
    crate, carton = sorted(placed.lines, key=lambda line: -line.quantity)
    form = f"/store/orders/{placed.id}/receipt"
    assert owner.client.get(form).status_code == 200
    data = {"version": str(placed.version), "signer": "王老板",
            f"received-{crate.id}": "25", f"exception-{crate.id}": "damaged",
            f"note-{crate.id}": "外箱破损", f"received-{carton.id}": "3",
            f"photos-{crate.id}": [(io.BytesIO(jpeg()), "damage.jpg")]}
    answer = owner.post_form(form, data, page=form, content_type="multipart/form-data")
    assert answer.status_code == 303
    ticket = db.session.scalar(select(Ticket).where(Ticket.order_id == placed.id))
    html = _text(owner.client.get(f"/store/orders/{placed.id}"))
    assert ticket.number in html and "data-ticket-number" in html
    # the deadline the store waits on (the first answer until answered), in the zone
    assert localtime(ticket.first_answer_due_at) in html
    photo = db.session.scalar(select(Photo).where(Photo.owner_type == "delivery_exception",
                                                  Photo.owner_id == str(placed.id)))
    shown = owner.client.get(f"/store/orders/{placed.id}/photos/{photo.id}")
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg"
    shown.close()
    again = owner.post_form(form, {**data, f"photos-{crate.id}": []},
                            page=f"/store/orders/{placed.id}")
    assert again.status_code == 303
    assert db.session.scalar(select(Ticket.id).where(Ticket.order_id == placed.id)) == ticket.id


def test_the_ticket_a_receipt_opened_leads_from_the_order_to_the_ticket(world, owner, db):
    """Found by QA: the order page named the ticket its damaged line opened, with its
    deadline, but gave no way to it: the owner could not read its answers from there."""
    placed = delivered(db, world)
    crate, carton = sorted(placed.lines, key=lambda line: -line.quantity)
    form = f"/store/orders/{placed.id}/receipt"
    answer = owner.post_form(form, {
        "version": str(placed.version), "signer": "王老板", f"received-{crate.id}": "20",
        f"exception-{crate.id}": "damaged", f"received-{carton.id}": str(carton.quantity),
        f"photos-{crate.id}": [(io.BytesIO(jpeg()), "damage.jpg")]},
        page=form, content_type="multipart/form-data")
    assert answer.status_code == 303
    ticket = db.session.scalar(select(Ticket).where(Ticket.order_id == placed.id))
    html = _text(owner.client.get(f"/store/orders/{placed.id}"))
    assert f'href="/store/tickets/{ticket.id}"' in html
    assert owner.client.get(f"/store/tickets/{ticket.id}").status_code == 200


def test_a_refused_receipt_comes_back_with_the_problem_on_its_line(world, owner, db):
    placed = delivered(db, world)
    _speak(db, world.owner, "en")
    crate, carton = sorted(placed.lines, key=lambda line: -line.quantity)
    form = f"/store/orders/{placed.id}/receipt"
    answer = owner.post_form(form, {"version": str(placed.version), "signer": "王",
                                    f"received-{crate.id}": "-3",
                                    f"received-{carton.id}": "3"}, page=form)
    assert answer.status_code == 422
    assert "cannot be negative" in _text(answer)
    assert db.session.get(Order, placed.id).received_by_id is None


def test_all_correct_in_one_tap_then_the_survey_once(world, owner, db):
    placed = delivered(db, world)
    form = f"/store/orders/{placed.id}/receipt"
    owner.post_form(form, {"version": str(placed.version), "signer": "王", "all_correct": "1"},
                    page=form)
    db.session.expire_all()
    assert db.session.get(Order, placed.id).status == "completed"
    page = f"/store/orders/{placed.id}"
    assert 'id="survey"' in _text(owner.client.get(page))
    owner.post_form(f"{page}/survey", {"overall": "5", "attitude": "4"}, page=page)
    assert 'id="survey"' not in _text(owner.client.get(page))


def test_the_inbox_shows_the_arrival_notice_with_a_badge_and_marks_it_read(world, owner, db):
    placed = order(db, world)
    for version, target in enumerate([S.CONFIRMED, S.PICKING, S.OUT_FOR_DELIVERY], start=1):
        move_order(db.session, world.hq, placed.id, target, version)
    db.session.commit()
    _speak(db, world.owner, "zh")
    home = _text(owner.client.get("/store/orders"))
    badge = re.search(r'data-unread-badge aria-label="[^"]*">(\d+)<', home)
    assert badge and int(badge.group(1)) >= 1
    inbox = _text(owner.client.get("/store/inbox"))
    assert placed.number in inbox and "order_out_for_delivery" not in inbox
    for _ in range(2):  # marking read twice changes nothing the second time
        answer = owner.post_form("/store/inbox/read", {}, page="/store/inbox")
        assert answer.status_code == 303
    assert 'data-unread-badge' not in _text(owner.client.get("/store/orders"))


def test_another_owners_order_photos_and_receipt_are_404(world, owner, db, make_web):
    placed = delivered(db, world)
    other = db.session.get(User, world.other_store.owner_id)
    theirs = make_web()
    theirs.login(other.username)
    token = theirs.csrf_from("/store/orders")
    for url in (f"/store/orders/{placed.id}", f"/store/orders/{placed.id}/receipt",
                f"/store/orders/{placed.id}/photos/anything"):
        assert theirs.client.get(url).status_code == 404, url
    for url in (f"/store/orders/{placed.id}/receipt", f"/store/orders/{placed.id}/cancel",
                f"/store/orders/{placed.id}/survey"):
        answer = theirs.client.post(url, data={"csrf_token": token, "version": "5",
                                               "signer": "x", "all_correct": "1"})
        assert answer.status_code == 404, url
    assert db.session.get(Order, placed.id).received_by_id is None


@pytest.mark.parametrize("language", ["zh", "en"])
def test_owner_order_pages_name_every_code_in_words(world, owner, db, language):
    """Habit 14: the demo's damaged order, the list and the inbox show no raw code."""
    from test_no_raw_codes import raw_codes_on

    from webapp.rules.code_labels import CODE_LABELS

    _speak(db, world.owner, language)
    codes = {code for kind in ("order_status", "order_exception", "order_channel",
                               "ticket_category", "ticket_status", "delivery_method")
             for code in CODE_LABELS[kind] if "_" in code or kind == "order_exception"}
    damaged = db.session.scalar(select(Order).where(Order.store_id == world.store.id,
                                                    Order.exception == "damaged"))
    for url in ("/store/orders", f"/store/orders/{damaged.id}", "/store/inbox", "/store/"):
        assert raw_codes_on(_text(owner.client.get(url)), codes) == set(), url


def test_one_carton_reads_one_carton_in_english(world, owner, db):
    """Found by QA: an English order line of one carton read "1 cartons × ¥392.00"."""
    placed = order(db, world, lines=[(world.carton.id, 1)])
    _speak(db, world.owner, "en")
    html = _text(owner.client.get(f"/store/orders/{placed.id}"))
    assert "1 carton × ¥" in html and "1 cartons" not in html
    _speak(db, world.owner, "zh")
    assert "1 条 × ¥" in _text(owner.client.get(f"/store/orders/{placed.id}"))
