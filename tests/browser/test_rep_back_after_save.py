"""The back button after a capture is saved does not offer the same capture again. Found by
QA (qaloop): after saving a ticket, "back" showed the ticket form filled in as before
(the browser put the typed values back) under a new record id, so tapping 保存工单
again made a second ticket of the same complaint."""

import pytest
from browser_helpers import login, rep_world, signed_in_phone, wait_for
from playwright.sync_api import expect
from sqlalchemy import func, select

from webapp.models import Ticket

pytestmark = pytest.mark.browser


def test_back_after_saving_a_ticket_shows_an_empty_form(seeded, password, phone_context, db,
                                                         screenshot):
    rep, store, _products = rep_world(db)
    page = signed_in_phone(phone_context, password, rep)
    page.goto(f"/rep/stores/{store.id}/ticket")
    page.select_option("#t-category", "price")
    page.fill("#t-description", "价签与实际售价不符")
    with page.expect_navigation():
        page.click("form[data-capture=ticket] button[type=submit]")
    page.wait_for_url(f"**/rep/stores/{store.id}/ticket/**")
    assert wait_for(db, lambda: db.session.scalar(select(func.count()).select_from(Ticket).where(
        Ticket.description == "价签与实际售价不符")) == 1)

    page.go_back()
    expect(page.locator("#t-description")).to_be_visible()
    page.wait_for_load_state("load")
    screenshot(page, "rep-ticket-form-after-back-zh")
    assert page.input_value("#t-description") == ""
    assert page.input_value("#t-category") == ""


def test_back_after_the_owner_sends_a_ticket_shows_an_empty_form(seeded, password,
                                                                  phone_context, db):
    """The same on the owner's phone: back after 提交 showed the complaint filled in under
    a new record id, and 提交 again raised a second ticket."""
    page = phone_context.new_page()
    login(page, "owner1", password)
    page.goto("/store/tickets/new")
    page.select_option("#t-category", "price")
    page.fill("#t-description", "店主:价签不对")
    with page.expect_navigation():
        page.click("form[data-owner-ticket] button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("已提交")
    page.go_back()
    expect(page.locator("#t-description")).to_be_visible()
    page.wait_for_load_state("load")
    assert page.input_value("#t-description") == ""
    assert page.input_value("#t-category") == ""
