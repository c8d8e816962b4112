"""What a rep's phone downloads and asks for (issue 9, item 22), in Debian's Chromium.

- login + today's round, a first visit, weigh at most 150 KB on the wire (it was 166 KB,
  nothing compressed), measured as DevTools' encoded bytes of every response the page got;
- no stylesheet is linked in the body and no script blocks the parser;
- the location is asked for on the tap that needs it, never when a page loads.
"""

import pytest
from browser_helpers import login, rep_world
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FIRST_LOAD_LIMIT = 150 * 1024

# Count the location requests and note when the permission question has been answered.
WATCH_GEOLOCATION = """(() => {
  window.__geoAsked = 0;
  window.__permissionAnswered = 0;
  const geo = navigator.geolocation, get = geo.getCurrentPosition.bind(geo);
  geo.getCurrentPosition = (...args) => {  // (kept across the check-in's navigation too)
    window.__geoAsked += 1;
    sessionStorage.setItem('geoTaps', String(Number(sessionStorage.getItem('geoTaps') || 0) + 1));
    return get(...args);
  };
  const query = navigator.permissions.query.bind(navigator.permissions);
  navigator.permissions.query = (...args) => query(...args).then((status) => {
    setTimeout(() => { window.__permissionAnswered += 1; });
    return status;
  });
})()"""


def test_login_and_today_weigh_at_most_150_kb_on_the_wire(seeded, password, phone_context):
    page = phone_context.new_page()
    cdp = phone_context.new_cdp_session(page)
    cdp.send("Network.enable")
    encoded: dict[str, int] = {}
    urls: dict[str, str] = {}
    cdp.on("Network.responseReceived",
           lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]))
    cdp.on("Network.loadingFinished",
           lambda e: encoded.__setitem__(e["requestId"], e["encodedDataLength"]))
    login(page, "rep1", password)  # the login page, then today's round
    expect(page.locator("#round-list")).to_be_visible()
    page.wait_for_load_state("networkidle")
    total = sum(encoded.values())
    largest = sorted(((size, urls.get(rid, rid)) for rid, size in encoded.items()),
                     reverse=True)[:5]
    assert total <= FIRST_LOAD_LIMIT, f"{total / 1024:.0f} KB on the wire; largest: {largest}"


def test_no_render_blocking_css_in_the_body_and_no_parser_blocking_script(
        seeded, password, phone_context):
    page = phone_context.new_page()
    login(page, "rep1", password)
    expect(page.locator("#round-list")).to_be_visible()
    assert page.locator("head link[rel=stylesheet][href*='pwa.css']").count() == 1
    assert page.locator("body link[rel=stylesheet]").count() == 0
    blocking = page.evaluate("""() => [...document.querySelectorAll('script[src]')]
      .filter((s) => !s.defer && !s.async && s.type !== 'module').map((s) => s.src)""")
    assert blocking == []


def test_the_location_is_asked_on_the_tap_not_when_a_page_loads(seeded, db, password,
                                                               phone_context):
    rep, store, _ = rep_world(db)
    phone_context.add_init_script(WATCH_GEOLOCATION)
    page = phone_context.new_page()
    login(page, "rep1", password)  # lands on today's round
    page.wait_for_function("window.__permissionAnswered >= 1")  # the script looked, asked not
    assert page.evaluate("window.__geoAsked") == 0
    page.locator("[data-locate]").click()
    page.wait_for_function("window.__geoAsked === 1")

    page.goto(f"/rep/stores/{store.id}/visit")
    expect(page.locator("form[data-checkin]")).to_be_visible()
    page.wait_for_function("window.__permissionAnswered >= 1")
    assert page.evaluate("window.__geoAsked") == 0
    taps = int(page.evaluate("sessionStorage.getItem('geoTaps') || 0"))
    page.locator("form[data-checkin] button[type=submit]").click()
    page.wait_for_function(f"Number(sessionStorage.getItem('geoTaps') || 0) > {taps}")
