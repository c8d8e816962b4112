"""Delivery exceptions at HQ (issue 11 item 11; spec §3.6 [002 異常處理]): the orders
with an exception on the order or a receipt line, their photos (served only within the
scope), and the linked ticket with its deadline, overdue marked."""

import io
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from hq_sync_helpers import other_region_manager
from order_desk_helpers import desk_world
from PIL import Image
from rep_page_helpers import add_ticket
from sqlalchemy import update

from webapp.models import Order, OrderReceiptLine, Photo, utcnow

URL = "/hq/order-exceptions"


def _photo(app, db, placed: Order, uploader_id: int) -> Photo:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(buffer, "PNG")
    photo_id = str(uuid.uuid4())
    relative = Path(photo_id[:2]) / f"{photo_id}.png"
    target = Path(app.config["UPLOAD_DIR"]) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(buffer.getvalue())
    photo = Photo(id=photo_id, owner_type="delivery_exception", owner_id=str(placed.id),
                  store_id=placed.store_id, uploaded_by_id=uploader_id, mime_type="image/png",
                  size_bytes=len(buffer.getvalue()), sha256="0" * 64, storage_path=str(relative),
                  kind="damage")
    db.session.add(photo)
    db.session.commit()
    return photo


@pytest.fixture
def damaged(seeded, db, app):
    world, placed, foreign = desk_world(db)
    db.session.execute(update(Order).where(Order.id == placed.id).values(
        status="delivered", exception="damaged", exception_note="两条外包装破损"))
    db.session.add(OrderReceiptLine(order_id=placed.id, order_line_id=placed.lines[0].id,
                                    received_quantity=23, exception="damaged", note="压坏"))
    ticket = add_ticket(db, world.store, "TK-EXC-1", order_id=placed.id,
                        first_answer_due_at=utcnow() - timedelta(hours=2),
                        resolve_due_at=utcnow() + timedelta(days=2))
    db.session.execute(update(Order).where(Order.id == foreign.id).values(exception="lost"))
    db.session.commit()
    photo = _photo(app, db, placed, world.owner.id)
    foreign_photo = _photo(app, db, foreign, world.hq.id)
    return world, placed, foreign, ticket, photo, foreign_photo


def test_hq_sees_each_exception_with_photos_and_the_ticket_deadline(damaged, web):
    world, placed, foreign, ticket, photo, _foreign_photo = damaged
    web.login("hq")
    html = web.client.get(URL).get_data(as_text=True)
    assert f'data-order-id="{placed.id}"' in html and f'data-order-id="{foreign.id}"' in html
    assert "两条外包装破损" in html and "压坏" in html
    assert f"/hq/order-photos/{photo.id}" in html
    assert 'data-ticket="TK-EXC-1"' in html
    assert "badge bad" in html  # the first answer is overdue
    answer = web.client.get(f"/hq/order-photos/{photo.id}")
    assert answer.status_code == 200 and answer.mimetype == "image/png"
    assert answer.data.startswith(b"\x89PNG")
    answer.close()


def test_the_order_page_shows_the_exception_and_its_ticket(damaged, web):
    world, placed, *_ = damaged
    web.login("hq")
    html = web.client.get(f"/hq/orders/{placed.id}").get_data(as_text=True)
    assert 'data-ticket="TK-EXC-1"' in html and "/hq/order-photos/" in html


def test_a_manager_sees_only_their_regions_exceptions_and_photos(damaged, web):
    world, placed, foreign, _ticket, photo, foreign_photo = damaged
    web.login("manager1")
    html = web.client.get(URL).get_data(as_text=True)
    assert f'data-order-id="{placed.id}"' in html
    assert f'data-order-id="{foreign.id}"' not in html
    assert web.client.get(f"/hq/order-photos/{foreign_photo.id}").status_code == 404
    ok = web.client.get(f"/hq/order-photos/{photo.id}")
    assert ok.status_code == 200
    ok.close()


def test_a_manager_of_another_region_sees_none(damaged, db, web, password):
    world, placed, _foreign, _ticket, photo, _fp = damaged
    other_region_manager(db, password)
    web.login("manager2")
    assert f'data-order-id="{placed.id}"' not in web.client.get(URL).get_data(as_text=True)
    assert web.client.get(f"/hq/order-photos/{photo.id}").status_code == 404


@pytest.mark.parametrize("username", ["rep1", "owner1"])
def test_reps_and_owners_do_not_reach_the_hq_exception_pages(damaged, web, username):
    *_rest, photo, _fp = damaged
    web.login(username)
    assert web.client.get(URL).status_code == 403
    assert web.client.get(f"/hq/order-photos/{photo.id}").status_code == 403


def test_an_unknown_photo_is_404(damaged, web):
    web.login("hq")
    assert web.client.get(f"/hq/order-photos/{uuid.uuid4()}").status_code == 404


def test_the_deadline_says_which_one_it_is(damaged, web, db):
    """Found by QA: HQ read "due 29 Nov, 08:21" for the ticket the owner was told would be
    answered "by 2 Dec 18:00": the clerk's line names the deadline (first answer, then the
    resolution) so the two pages do not seem to disagree."""
    world, placed, foreign, ticket, *_ = damaged
    web.login("hq")
    html = web.client.get(URL).get_data(as_text=True)
    assert "首次答复期限" in html
    ticket.first_answered_at = utcnow()
    db.session.commit()
    html = web.client.get(f"/hq/orders/{placed.id}").get_data(as_text=True)
    assert "解决期限" in html and "首次答复期限" not in html
