"""No raw code on any page (issue 9 item 16; style habit 14): with a world holding every
code, each HQ and rep page names codes in words, in Chinese and in English.

Only what a person reads is searched: text and the title, placeholder, aria-label and
alt attributes. A record quarantined as the phone sent it (`<code>`, `<pre>`, the
payload `<textarea>`) is shown as sent on purpose."""

import re
from html.parser import HTMLParser

import pytest
from raw_code_world import build, snake_case_codes
from sqlalchemy import select

from sync.refusals import refusal_code
from webapp.models import QuarantinedRecord

SHOWN_AS_SENT = {"code", "pre", "textarea", "script", "style"}
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}


class ReadableText(HTMLParser):
    """The words a person reads on a page."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in SHOWN_AS_SENT:
            self.hidden += 1
        self.parts += [v for k, v in attrs if k in READ_ATTRIBUTES and v]

    def handle_endtag(self, tag):
        if tag in SHOWN_AS_SENT and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def raw_codes_on(html: str, codes: set[str]) -> set[str]:
    parser = ReadableText()
    parser.feed(html)
    text = "\n".join(parser.parts)
    return {c for c in codes if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text)}


@pytest.fixture
def world(seeded, db, client, make_web, web, password):
    return build(db, client, make_web, web, password)


def hq_pages(db, store) -> list[str]:
    items = db.session.scalars(select(QuarantinedRecord.id)).all()
    assert len(items) >= 5
    return ["/hq/", "/hq/stores", f"/hq/stores/{store.id}/edit", "/hq/visits", "/hq/tickets",
            "/hq/orders", "/hq/sync/quarantine?status=all", "/hq/sync/conflicts?status=all",
            "/hq/sync/devices", "/hq/sync/freshness", "/hq/restock?status=all",
            "/hq/store-changes", *[f"/hq/sync/quarantine/{i}" for i in items],
            *order_desk_pages(db, store)]


def order_desk_pages(db, store) -> list[str]:
    """The order desk: the queue, an order of each status, exceptions, entry, setup."""
    from webapp.models import Order, Product

    orders = db.session.execute(select(Order.status, Order.id).order_by(Order.id)).all()
    one_of_each = {status: order_id for status, order_id in reversed(orders)}
    product = db.session.scalar(select(Product.id).order_by(Product.id))
    return ["/hq/orders?exception=has", "/hq/orders?status=late", "/hq/order-exceptions",
            *[f"/hq/orders/{i}" for i in one_of_each.values()],
            f"/hq/orders/new?store_id={store.id}", "/hq/ordering-setup",
            f"/hq/ordering-setup/products/{product}"]


def rep_pages(store, product) -> list[str]:
    base = f"/rep/stores/{store.id}"
    return ["/rep/today", base, f"{base}/visit", f"{base}/ticket", f"{base}/restock",
            f"{base}/info", f"{base}/prices"]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_raw_code_on_any_page(world, db, web, make_web, language):
    codes = snake_case_codes()
    assert {"restock_request", "near_duplicate_photo", "out_for_delivery"} <= codes
    found = {}
    for username, pages in (("hq", hq_pages(db, world["store"])),
                            ("rep1", rep_pages(world["store"], world["product"]))):
        browser = make_web()
        browser.login(username)
        browser.post_form("/language", {"locale": language, "next": pages[0]}, page=pages[0])
        for url in pages:
            response = browser.client.get(url)
            assert response.status_code == 200, (username, url, response.status_code)
            raw = raw_codes_on(response.get_data(as_text=True), codes)
            if raw:
                found[url] = sorted(raw)
    assert found == {}


ENGLISH_WORDS = re.compile(r"\b(?:is required|is outside|unknown field|is not a|expected|"
                           r"must not|cannot|not allowed|does not exist)\b")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_quarantine_says_why_in_words_not_the_parsers_english(world, db, web, language):
    """Each refusal reason has a code (sync.refusals) and a translated label: the list
    shows the label only; an item shows it too, the English kept as a support detail."""
    items = db.session.scalars(select(QuarantinedRecord)).all()
    web.login("hq")
    web.post_form("/language", {"locale": language, "next": "/hq/"}, page="/hq/")
    listing = web.client.get("/hq/sync/quarantine?status=all").get_data(as_text=True)
    for item in items:
        assert item.error not in listing
        assert refusal_code(item.error) != "other", item.error
        label = code_label_in(language, "refusal", refusal_code(item.error))
        assert label in listing
        page = web.client.get(f"/hq/sync/quarantine/{item.id}").get_data(as_text=True)
        parser = ReadableText()
        parser.feed(page)
        readable = "\n".join(parser.parts)
        assert label in readable
        if language == "zh":
            assert not ENGLISH_WORDS.search(readable), item.error
    assert "<code>" not in listing.split('id="quarantine-table"', 1)[1]


def code_label_in(language: str, kind: str, code: str) -> str:
    from flask import current_app
    from flask_babel import force_locale

    from webapp.i18n import code_label
    with current_app.test_request_context("/"), force_locale(language):
        return code_label(kind, code)
