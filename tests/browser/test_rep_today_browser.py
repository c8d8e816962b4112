"""A rep on a 360 px phone: today's round, a store, the back button, ordering by position."""

import re

import pytest
from browser_helpers import login
from playwright.sync_api import expect
from sqlalchemy import delete, select

from webapp.models import Store, User, Visit

pytestmark = pytest.mark.browser


def _all_due(db) -> list[Store]:
    """rep1's stores never visited, so every one is due today (territory order)."""
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    stores = list(db.session.scalars(select(Store).where(Store.territory_id == rep.territory_id)
                                     .order_by(Store.customer_code)))
    db.session.execute(delete(Visit).where(Visit.store_id.in_([s.id for s in stores])))
    db.session.commit()
    return stores


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways at 360 px ({width} px wide)"


def test_rep_today_then_store_and_back(seeded, db, password, phone_context, screenshot):
    stores = _all_due(db)
    page = phone_context.new_page()
    login(page, "rep1", password)
    assert page.url.endswith("/rep/today")
    expect(page.locator("h1")).to_have_text("今日巡店")
    expect(page.locator("#round-list li[data-store-id]")).to_have_count(len(stores))
    _no_sideways_scroll(page)
    screenshot(page, "rep-today-zh")

    page.click("button[name=locale][value=en]")
    expect(page.locator("h1")).to_have_text("Today's round")
    _no_sideways_scroll(page)
    screenshot(page, "rep-today-en")

    first = page.locator("#round-list li[data-store-id]").first
    store_id = first.get_attribute("data-store-id")
    name = first.locator(".title").inner_text()
    first.locator("a").click()
    page.wait_for_url(re.compile(rf"/rep/stores/{store_id}$"))
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator(f"#pending-records[data-store-id='{store_id}']")).to_be_attached()
    expect(page.locator("a[href^='tel:']")).to_be_visible()
    _no_sideways_scroll(page)
    screenshot(page, "rep-store-en")

    page.go_back()
    expect(page.locator("h1")).to_have_text("Today's round")
    expect(page.locator("#round-list li[data-store-id]")).to_have_count(len(stores))


def test_round_ordered_from_the_phones_position(seeded, db, password, phone_context,
                                                screenshot):
    stores = [s for s in _all_due(db) if s.lat is not None]
    last = stores[-1]  # last in territory order: first only when ordered by position
    phone_context.grant_permissions(["geolocation"])
    phone_context.set_geolocation({"latitude": last.lat, "longitude": last.lng})
    page = phone_context.new_page()
    login(page, "rep1", password)
    expect(page.locator("#round-list")).to_have_attribute("data-located", "yes")
    expect(page.locator("#round-list li[data-store-id]").first).to_have_attribute(
        "data-store-id", str(last.id))
    assert "lat=" in page.url and "lng=" in page.url
    screenshot(page, "rep-today-located-zh")
    # a reload keeps the order (the URL carries the position)
    page.reload()
    expect(page.locator("#round-list li[data-store-id]").first).to_have_attribute(
        "data-store-id", str(last.id))


def test_today_without_javascript(seeded, db, password, browser, base_url):
    """Every page renders and links without JavaScript."""
    stores = _all_due(db)
    context = browser.new_context(base_url=base_url, java_script_enabled=False,
                                  viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto("/login")
    page.fill("input[name=username]", "rep1")
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("今日巡店")
    expect(page.locator("#round-list li[data-store-id]")).to_have_count(len(stores))
    page.locator("#round-list li a").first.click()
    expect(page.locator("#pending-records")).to_be_attached()
    context.close()
