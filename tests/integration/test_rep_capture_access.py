"""Who may use the rep's capture pages, for which stores, and what a re-post does."""

import re

import pytest
from capture_helpers import (
    check_in,
    count,
    elsewhere,
    fill,
    filled_form,
    form_fields,
    page,
    post,
    sign_in_rep,
    store_of,
)

from webapp.models import (
    QuarantinedRecord,
    SyncReceipt,
)

# ---- who may use the pages ----------------------------------------------------------------

PAGES = ("visit", "prices", "info", "ticket", "restock")


@pytest.fixture
def rep(web, seeded, db):
    """rep1 signed in, with a store of rep1's territory."""
    return sign_in_rep(web, db)


@pytest.mark.parametrize("path", PAGES)
def test_another_territorys_store_is_404_for_get_and_post_and_nothing_is_written(
        web, rep, db, path):
    other = store_of(db, "rep2")
    assert web.client.get(f"/rep/stores/{other.id}/{path}").status_code == 404
    fields = elsewhere(filled_form(web, rep, path), other)
    receipts, kept = count(db, SyncReceipt), count(db, QuarantinedRecord)
    assert post(web, f"/rep/stores/{other.id}/{path}", fields).status_code == 404
    assert (count(db, SyncReceipt), count(db, QuarantinedRecord)) == (receipts, kept)


@pytest.mark.parametrize("path", PAGES)
def test_a_posted_store_id_other_than_the_urls_is_refused(web, rep, db, path):
    fields = elsewhere(filled_form(web, rep, path), store_of(db, "rep2"))
    receipts = count(db, SyncReceipt)
    assert post(web, f"/rep/stores/{rep.id}/{path}", fields).status_code == 400
    assert count(db, SyncReceipt) == receipts


@pytest.mark.parametrize("path", PAGES)
def test_each_capture_form_carries_what_the_offline_client_needs(web, rep, db, path):
    html = page(web, f"/rep/stores/{rep.id}/{path}")
    if path == "visit":
        html = page(web, f"/rep/stores/{rep.id}/visit") if check_in(web, rep) else html
    assert "data-capture=" in html and "data-after=" in html
    assert 'name="r0.id"' in html and 'name="csrf_token"' in html


@pytest.mark.parametrize("path", PAGES)
def test_posting_the_same_form_twice_writes_once(web, rep, db, path):
    fields = filled_form(web, rep, path)
    receipts = count(db, SyncReceipt)
    first = post(web, f"/rep/stores/{rep.id}/{path}", fields)
    added = count(db, SyncReceipt) - receipts
    second = post(web, f"/rep/stores/{rep.id}/{path}", fields)
    assert first.status_code == second.status_code == 303
    assert added >= 1 and count(db, SyncReceipt) == receipts + added


def test_a_parser_error_is_shown_next_to_its_field(web, rep, db):
    url = f"/rep/stores/{rep.id}/info"
    typed = fill(form_fields(page(web, url)), {"r0.data.changes.owner_name": "x" * 201})
    response = post(web, url, typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'data-error-for="r0.changes.owner_name"' in html and "At most 200 characters." in html


@pytest.mark.parametrize("username", ["owner1", "hq", "manager1"])
@pytest.mark.parametrize("path", PAGES)
def test_only_reps_use_the_capture_pages(make_web, seeded, db, username, path):
    other = make_web()
    other.login(username)
    store = store_of(db, "rep1")
    assert other.client.get(f"/rep/stores/{store.id}/{path}").status_code == 403
    assert other.client.post(f"/rep/stores/{store.id}/{path}", data={}).status_code in (400, 403)


def test_a_rep_cannot_place_orders(web, rep, db, app):
    """[000 禁止客户经理拿预订单]: no order form for reps; any order POST is refused."""
    from webapp.models import Order

    before = count(db, Order)
    # order endpoints (not the rep's own round order), posted with a valid CSRF token
    is_order = re.compile(r"(^|[/_.])orders?($|[/_.<])")
    token = web.csrf_from("/rep/today")
    order_rules = [r for r in app.url_map.iter_rules()
                   if is_order.search(r.rule) or is_order.search(r.endpoint)]
    for rule in (r for r in order_rules if "POST" in r.methods):
        url = rule.rule
        for arg in rule.arguments:
            url = re.sub(rf"<(\w+:)?{arg}>", str(rep.id), url)
        status = web.client.post(url, data={"csrf_token": token}).status_code
        assert status in (403, 404, 405), url
    for path in ("/store/", f"/store/{rep.id}"):
        assert web.client.get(path).status_code == 403  # the owner's ordering pages
    for path in PAGES:
        html = page(web, f"/rep/stores/{rep.id}/{path}")
        assert not [a for a in re.findall(r'action="([^"]+)"', html) if "order" in a]
    assert count(db, Order) == before


def test_htmx_resubmission_with_errors_gets_a_200_page_htmx_can_swap(web, rep, db):
    url = f"/rep/stores/{rep.id}/ticket"
    response = post(web, url, form_fields(page(web, url)), headers={"HX-Request": "true",
                                                                    "HX-Boosted": "true"})
    assert response.status_code == 200
    assert "Describe what happened." in response.get_data(as_text=True)
