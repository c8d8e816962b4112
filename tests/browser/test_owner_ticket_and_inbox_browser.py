"""On a phone (360×740): the store owner raises a complaint with a photo and sees it with
its photo; a rep's inbox badge shows the unread count and clears when marked read
(issue 12 items 7 and 8)."""

from pathlib import Path

import pytest
from browser_helpers import login, rep_world, signed_in_phone
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from webapp.models import Store, User
from webapp.rules.codes import NotificationKind
from webapp.services.notifications import notify

pytestmark = pytest.mark.browser


def test_the_owner_raises_a_complaint_with_a_photo_and_sees_it(seeded, db, phone_context,
                                                               password, tmp_path, screenshot):
    owner = db.session.scalar(select(User).where(User.username == "owner1"))
    store = db.session.scalar(select(Store).where(Store.owner_id == owner.id)
                              .order_by(Store.name))
    photo = Path(tmp_path) / "damp.jpg"
    Image.new("RGB", (800, 600), (120, 90, 40)).save(photo, "JPEG")
    page = phone_context.new_page()
    login(page, "owner1", password)
    page.goto("/store/tickets/new")
    page.select_option("#t-kind", "complaint")
    page.select_option("#t-category", "quality")
    page.fill("#t-description", "两条烟受潮发霉")
    page.set_input_files("input[name=photos] >> nth=0", str(photo))
    screenshot(page, "owner-ticket-new-360")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/store/tickets/*")
    expect(page.locator("[data-ticket-status]")).to_be_visible()
    expect(page.get_by_text("两条烟受潮发霉")).to_be_visible()
    image = page.locator("[data-ticket-photo]")
    expect(image).to_have_count(1)
    page.wait_for_function("document.querySelector('[data-ticket-photo]').naturalWidth > 0")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scroll
    screenshot(page, "owner-ticket-360")
    ticket_id = page.url.rsplit("/", 1)[-1]
    page.goto("/store/tickets")
    expect(page.locator(f"a[href='/store/tickets/{ticket_id}']")).to_be_visible()
    assert store.name in page.content()


def test_the_inbox_badge_shows_and_clears(seeded, db, phone_context, password, screenshot):
    rep, store, _products = rep_world(db)
    for key in ("one", "two"):
        notify(db.session, [rep.id], NotificationKind.RESTOCK_DECIDED, "restock", key,
               f"browser:{key}", store_id=store.id,
               params={"store": store.name, "approved": False, "reason": "库存足够"})
    db.session.commit()
    page = signed_in_phone(phone_context, password, rep)
    page.goto("/rep/today")
    badge = page.locator("nav.bottom-nav [data-unread-badge]")
    expect(badge).to_have_text("2")
    page.click("nav.bottom-nav a[href='/rep/inbox']")
    page.wait_for_url("**/rep/inbox")
    expect(page.locator("li.unread")).to_have_count(2)
    screenshot(page, "rep-inbox-360")
    page.locator("li.unread button[name=notification_id]").first.click()  # "mark read"
    expect(page.locator("li.unread")).to_have_count(1)
    page.get_by_role("button", name="全部标为已读").click()
    expect(page.locator("li.unread")).to_have_count(0)
    page.goto("/rep/today")
    expect(page.locator("nav.bottom-nav [data-unread-badge]")).to_have_count(0)


def test_a_read_message_opens_its_page_once_not_inside_the_inbox(seeded, db, phone_context,
                                                                 password, screenshot):
    """Found by QA: a message already read is a plain link inside the inbox's form, and it
    took the form's htmx target: its page was pasted inside the inbox, two top bars and
    two bottom bars on one screen."""
    from webapp.models import Order
    from webapp.services.notifications import mark_read

    owner = db.session.scalar(select(User).where(User.username == "owner1"))
    order = db.session.scalar(select(Order).join(Store, Store.id == Order.store_id)
                              .where(Store.owner_id == owner.id).order_by(Order.id))
    notify(db.session, [owner.id], NotificationKind.ORDER_OUT_FOR_DELIVERY, "order",
           str(order.id), "browser:read-link", store_id=order.store_id,
           params={"number": order.number, "delivery_date": "2026-11-25"})
    mark_read(db.session, owner, None)
    db.session.commit()
    page = phone_context.new_page()
    login(page, "owner1", password)
    page.goto("/store/inbox")
    page.locator(f"#inbox a[href='/store/orders/{order.id}']").first.click()
    page.wait_for_url(f"**/store/orders/{order.id}")
    expect(page.locator("h1", has_text=order.number)).to_be_visible()
    expect(page.locator("header.topbar")).to_have_count(1)
    expect(page.locator("nav.bottom-nav")).to_have_count(1)
    expect(page.locator("#inbox")).to_have_count(0)
    screenshot(page, "owner-inbox-read-link-360")


def test_the_badge_goes_down_on_the_inbox_page_as_messages_are_marked_read(
        seeded, db, phone_context, password):
    """Found by QA: marking a message read on the inbox page swapped the list, but the
    badge in the bottom bar kept the old count until another page was opened."""
    rep, store, _products = rep_world(db)
    for key in ("one", "two"):
        notify(db.session, [rep.id], NotificationKind.RESTOCK_DECIDED, "restock", key,
               f"browser:badge:{key}", store_id=store.id,
               params={"store": store.name, "approved": False, "reason": "库存足够"})
    db.session.commit()
    page = signed_in_phone(phone_context, password, rep)
    page.goto("/rep/inbox")
    badge = page.locator("nav.bottom-nav [data-unread-badge]")
    expect(badge).to_have_text("2")
    page.locator("li.unread button[name=notification_id]").first.click()  # "mark read"
    expect(page.locator("li.unread")).to_have_count(1)
    expect(badge).to_have_text("1")
    page.get_by_role("button", name="全部标为已读").click()
    expect(page.locator("li.unread")).to_have_count(0)
    expect(badge).to_have_count(0)
