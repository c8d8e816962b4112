"""The owner's bottom nav on a 360×740 phone (issue 11, phone first): six sections (home,
order, cart, orders, tickets, inbox), with the cart's count and the inbox's unread badge
showing, fit on one line in Chinese and in English: no label wraps or spills, nothing
scrolls sideways, and every item is a tap target of at least 44×44 px."""

import pytest
from browser_helpers import login
from playwright.sync_api import expect
from sqlalchemy import select

from webapp.models import Store, User
from webapp.rules.codes import NotificationKind
from webapp.services.notifications import notify

pytestmark = pytest.mark.browser
MIN_PX = 44
# each nav item: its box, whether its content spills, and how many lines its label takes
MEASURE = """() => [...document.querySelectorAll('nav.bottom-nav a')].map((a) => {
  const box = a.getBoundingClientRect();
  const label = document.createRange();
  label.selectNodeContents(a.firstChild);
  const lines = new Set([...label.getClientRects()].map((r) => Math.round(r.top))).size;
  const words = label.getBoundingClientRect();
  const badges = [...a.querySelectorAll('.badge')].filter((b) => !b.hidden)
    .map((b) => b.getBoundingClientRect());
  const clear = badges.every((b) => b.left >= box.left && b.right <= box.right
    && b.top >= box.top && (b.bottom <= words.top || b.left >= words.right));
  return {text: a.textContent.trim(), width: box.width, height: box.height,
          spills: a.scrollWidth > a.clientWidth + 1, lines, badges: badges.length, clear};
})"""


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_owners_six_sections_fit_at_360_px(seeded, db, password, phone_context, language,
                                                 screenshot):
    owner = db.session.scalar(select(User).where(User.username == "owner1"))
    owner.locale = language
    store = db.session.scalar(select(Store).where(Store.owner_id == owner.id))
    for n in range(12):  # a two-digit badge: the widest the inbox shows often
        notify(db.session, [owner.id], NotificationKind.ORDER_STATUS, "order", n,
               f"nav-test:{n}", store_id=store.id, params={"number": f"SO-{n}"})
    db.session.commit()
    page = phone_context.new_page()
    login(page, "owner1", password)
    page.goto("/store/orders")
    expect(page.locator("nav.bottom-nav [data-unread-badge]")).to_be_visible()
    page.evaluate("""() => { const c = document.querySelector('[data-cart-count]');
                             c.textContent = '12'; c.hidden = false; }""")
    items = page.evaluate(MEASURE)
    screenshot(page, f"owner-nav-360-{language}")
    assert len(items) == 6 and sum(item["badges"] for item in items) == 2
    for item in items:
        assert item["width"] >= MIN_PX and item["height"] >= MIN_PX, item
        assert not item["spills"] and item["lines"] == 1, item
        assert item["clear"], item  # a badge inside its item, off its label
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    nav = page.locator("nav.bottom-nav").bounding_box()
    assert nav["height"] < 70  # one row, not a wrapped block


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_reps_five_sections_fit_at_360_px(seeded, db, password, phone_context, language,
                                               screenshot):
    """The rep's bottom nav (today, stores, tickets, inbox, this phone's records), with
    the inbox's unread badge: one line each in Chinese and English ("On this phone"
    wrapped to two lines in English)."""
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    rep.locale = language
    for n in range(12):
        notify(db.session, [rep.id], NotificationKind.ORDER_STATUS, "order", n,
               f"rep-nav-test:{n}", params={"number": f"SO-{n}"})
    db.session.commit()
    page = phone_context.new_page()
    login(page, "rep1", password)
    page.goto("/rep/inbox")
    items = page.evaluate(MEASURE)
    screenshot(page, f"rep-nav-360-{language}")
    assert len(items) == 5
    for item in items:
        assert item["width"] >= MIN_PX and item["height"] >= MIN_PX, item
        assert not item["spills"] and item["lines"] == 1, item
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
