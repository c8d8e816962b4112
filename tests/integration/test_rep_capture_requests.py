"""Store info, ticket and restock pages over HTTP: the rules' answers shown to the rep."""

import re

import pytest
from capture_helpers import (
    count,
    fill,
    form_fields,
    jpeg_bytes,
    page,
    post,
    product_options,
    shown_errors,
    sign_in_rep,
    store_of,
)
from sqlalchemy import select

from webapp.models import (
    Photo,
    QuarantinedRecord,
    RestockRequest,
    Store,
    StoreChange,
    Ticket,
)

# ---- store info --------------------------------------------------------------------------

def test_store_update_applies_the_phone_and_sends_the_address_to_hq(web, rep, db):
    url = f"/rep/stores/{rep.id}/info"
    version = rep.version
    typed = fill(form_fields(page(web, url)), {"r0.data.changes.phone": "13912345678",
                                               "r0.data.changes.address": "1 New Road"})
    response = post(web, url, typed)
    assert response.status_code == 303
    db.session.expire_all()
    store = db.session.get(Store, rep.id)
    assert store.phone == "13912345678" and store.address != "1 New Road"
    assert store.version > version
    change = db.session.get(StoreChange, dict(typed)["r0.id"])
    assert change.status == "pending" and change.changes == {
        "phone": "13912345678", "address": "1 New Road"}
    flashed = page(web, f"/rep/stores/{rep.id}")
    assert "Waiting for HQ approval" in flashed and "Saved" in flashed


@pytest.fixture
def rep(web, seeded, db):
    """rep1 signed in, with a store of rep1's territory."""
    return sign_in_rep(web, db)


def test_store_update_with_a_bad_phone_explains_and_keeps_the_typing(web, rep, db):
    url = f"/rep/stores/{rep.id}/info"
    typed = fill(form_fields(page(web, url)), {"r0.data.changes.phone": "12345",
                                               "r0.data.changes.owner_name": "Wang Li"})
    changes, kept = count(db, StoreChange), count(db, QuarantinedRecord)
    response = post(web, url, typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Write a mobile number" in html
    assert 'value="12345"' in html and 'value="Wang Li"' in html
    assert count(db, StoreChange) == changes and count(db, QuarantinedRecord) == kept


def test_a_phone_typed_with_spaces_is_stored_without_them(web, rep, db):
    """One phone rule (rules.phones) on the form, in the parser and in the store."""
    url = f"/rep/stores/{rep.id}/info"
    typed = fill(form_fields(page(web, url)), {"r0.data.changes.phone": "139 1234 5678"})
    assert post(web, url, typed).status_code == 303
    db.session.expire_all()
    assert db.session.get(Store, rep.id).phone == "13912345678"


def test_store_update_with_nothing_changed_says_so(web, rep, db):
    url = f"/rep/stores/{rep.id}/info"
    response = post(web, url, form_fields(page(web, url)))
    assert response.status_code == 422
    assert "Nothing changed" in response.get_data(as_text=True)


# ---- ticket ------------------------------------------------------------------------------

def test_ticket_makes_the_rep_first_responder_and_reports_severity_and_deadlines(web, rep, db):
    url = f"/rep/stores/{rep.id}/ticket"
    typed = fill(form_fields(page(web, url)), {
        "r0.data.category": "quality", "r0.data.description": "Mouldy cartons",
        "r0.data.goods_value": "600"}, extra=[("r0.data.facts.safety_incident:bool", "true")])
    before = count(db, Ticket)
    response = post(web, url, typed, files=[("photos", jpeg_bytes((9, 9, 200)), "p.jpg")])
    assert response.status_code == 303
    assert count(db, Ticket) == before + 1
    ticket = db.session.scalars(select(Ticket).where(Ticket.description == "Mouldy cartons")).one()
    user_id = db.session.scalar(select(Ticket.created_by_id).where(Ticket.id == ticket.id))
    assert ticket.first_responder_id == user_id and ticket.goods_value_fen == 60000
    assert ticket.severity == "major_a" and ticket.resolve_due_at is not None
    photo_owner = select(Photo.owner_id).where(Photo.owner_type == "ticket")
    assert db.session.scalar(photo_owner) == ticket.id
    flashed = page(web, f"/rep/stores/{rep.id}")
    assert ticket.number in flashed and "Major (A)" in flashed and "Resolve by" in flashed


def test_the_ticket_verdict_page_waits_for_the_upload_then_shows_the_rules(web, rep, db):
    url = f"/rep/stores/{rep.id}/ticket"
    fields = fill(form_fields(page(web, url)), {"r0.data.category": "delivery_delay",
                                                "r0.data.description": "Late again"})
    saved_url = f"{url}/{dict(fields)['r0.id']}"
    waiting = page(web, saved_url)
    assert 'hx-trigger="load delay:2s"' in waiting and "data-ticket-verdict" not in waiting
    post(web, url, fields)
    fragment = web.client.get(saved_url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and "data-ticket-verdict" in fragment
    # and from there the rep can settle it on the spot: the ticket's own page
    ticket_id = dict(fields)["r0.id"]
    assert f'href="/rep/tickets/{ticket_id}"' in fragment
    assert 'data-severity="general"' in fragment and "hx-trigger" not in fragment
    assert web.client.get(f"/rep/stores/{store_of(db, 'rep2').id}/ticket/"
                          f"{dict(fields)['r0.id']}").status_code == 404


def test_ticket_category_must_fit_the_kind(web, rep, db):
    url = f"/rep/stores/{rep.id}/ticket"
    before = count(db, Ticket)
    typed = fill(form_fields(page(web, url)), {"r0.data.kind": "praise",
                                               "r0.data.category": "quality",
                                               "r0.data.description": "Great"})
    response = post(web, url, typed)
    assert response.status_code == 422
    assert "does not fit" in response.get_data(as_text=True)
    assert count(db, Ticket) == before


def test_a_refusal_of_a_field_the_form_has_no_place_for_is_still_told(web, rep, db):
    """A hidden field's refusal (a phone time that is no time) is told at the end of the
    form: a 422 is never a page with no message."""
    url = f"/rep/stores/{rep.id}/ticket"
    before = count(db, Ticket)
    typed = fill(form_fields(page(web, url)), {"r0.data.category": "quality",
                                               "r0.data.description": "Mouldy cartons",
                                               "r0.data.received_at": "yesterday"})
    response = post(web, url, typed)
    assert response.status_code == 422
    assert shown_errors(response) == ["This value is not valid: check it."]
    assert count(db, Ticket) == before


# ---- restock -----------------------------------------------------------------------------

def test_restock_request_with_lines_shows_limits_and_waits_for_the_manager(web, rep, db):
    url = f"/rep/stores/{rep.id}/restock"
    html = page(web, url)
    assert "at most 50 cartons" in html and "at most 200 cartons" in html
    fields = form_fields(html)
    options = [v for v in product_options(html)][:2]
    typed = fill(fields, {"r0.data.reason": "wedding", "r0.data.wanted_by": "2030-05-01",
                          "r0.data.lines.0.product_id:int": options[0],
                          "r0.data.lines.0.quantity:int": "10",
                          "r0.data.lines.1.product_id:int": options[1],
                          "r0.data.lines.1.quantity:int": "5"})
    before = count(db, RestockRequest)
    response = post(web, url, typed)
    assert response.status_code == 303, shown_errors(response)
    request_row = db.session.scalars(select(RestockRequest).order_by(
        RestockRequest.requested_at.desc())).first()
    assert count(db, RestockRequest) == before + 1
    assert request_row.status == "submitted" and request_row.reason == "wedding"
    assert sorted(line.quantity for line in request_row.lines) == [5, 10]
    assert "market manager will decide" in page(web, f"/rep/stores/{rep.id}")


def test_restock_over_the_limit_is_refused_with_the_reason(web, rep, db):
    url = f"/rep/stores/{rep.id}/restock"
    html = page(web, url)
    typed = fill(form_fields(html), {"r0.data.reason": "group_purchase",
                                     "r0.data.wanted_by": "2030-05-01",
                                     "r0.data.lines.0.product_id:int": product_options(html)[0],
                                     "r0.data.lines.0.quantity:int": "500"})
    before = count(db, RestockRequest)
    response = post(web, url, typed)
    assert response.status_code == 422
    assert "At most 50 cartons per product." in response.get_data(as_text=True)
    assert count(db, RestockRequest) == before


def _restock(web, store, lines, extra=None):
    url = f"/rep/stores/{store.id}/restock"
    html = page(web, url)
    options = product_options(html)
    values = {"r0.data.reason": "group_purchase", "r0.data.wanted_by": "2030-05-01"}
    for row, (product, cartons) in lines.items():
        values[f"r0.data.lines.{row}.product_id:int"] = options[product]
        values[f"r0.data.lines.{row}.quantity:int"] = str(cartons)
    return post(web, url, fill(form_fields(html), {**values, **(extra or {})}))


def test_restock_over_the_limits_says_which_limit_next_to_the_line_in_words(web, rep, db):
    """9,999 cartons posted past the phone's checks: the limits in the rep's words, next to
    the line typed (the second), never the push's English; nothing stored, nothing kept
    for HQ (the rep is looking at the form and fixes it there)."""
    before, kept = count(db, RestockRequest), count(db, QuarantinedRecord)
    response = _restock(web, rep, {1: (0, 9999)})
    errors = shown_errors(response)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "restock_request:" not in html and "over the limit" not in html
    assert 'data-error-for="r0.lines.1.quantity">At most 50 cartons per product.' in html
    assert "9999 cartons in all: at most 200 per request." in errors
    assert (count(db, RestockRequest), count(db, QuarantinedRecord)) == (before, kept)


def test_restock_listing_a_product_twice_or_over_the_total_is_told_on_the_form(web, rep, db):
    before, kept = count(db, RestockRequest), count(db, QuarantinedRecord)
    twice = _restock(web, rep, {0: (0, 5), 2: (0, 6)})
    assert twice.status_code == 422
    assert ('data-error-for="r0.lines.2.product_id">This product is on another line already'
            in twice.get_data(as_text=True))
    total = _restock(web, rep, {n: (n, 45) for n in range(5)})
    assert total.status_code == 422
    assert "225 cartons in all: at most 200 per request." in shown_errors(total)
    assert (count(db, RestockRequest), count(db, QuarantinedRecord)) == (before, kept)


def test_a_refusal_the_form_cannot_foresee_is_shown_in_words_and_not_quarantined(
        web, rep, db):
    """The store's third request in the window: the push refuses it; the rep reads why
    in their language (with the numbers) on the form; HQ's quarantine stays empty."""
    for _ in range(2):
        assert _restock(web, rep, {0: (0, 5)}).status_code == 303
    before, kept = count(db, RestockRequest), count(db, QuarantinedRecord)
    response = _restock(web, rep, {0: (0, 5)})
    assert response.status_code == 422
    assert shown_errors(response) == [
        "This store already made 2 restock requests in the last 30 days (the limit is 2)."]
    assert "restock_request:" not in response.get_data(as_text=True)
    assert (count(db, RestockRequest), count(db, QuarantinedRecord)) == (before, kept)



def test_restock_refusals_and_the_quantity_rule_read_in_chinese(web, rep, db):
    """The rule said is the real one (1 or more, not "fill in"), and in Chinese: no
    parser English, no 0-or-more hint."""
    web.post_form("/language", {"locale": "zh", "next": "/rep/today"}, page="/rep/today")
    negative = _restock(web, rep, {0: (0, -5)}).get_data(as_text=True)
    assert 'data-error-for="r0.lines.0.quantity">请填写 1 或以上的整数。' in negative
    quantity = re.search(r'<input[^>]*name="r0\.data\.lines\.0\.quantity:int"[^>]*>', negative)[0]
    assert 'data-pattern-message="请填写 1 或以上的整数。"' in quantity
    over = _restock(web, rep, {1: (0, 9999)})
    html = over.get_data(as_text=True)
    assert 'data-error-for="r0.lines.1.quantity">每种产品最多 50 条。' in html
    assert "合计 9999 条:每次申请最多 200 条。" in shown_errors(over)
    assert "over the limit" not in html and "restock_request:" not in html


def test_restock_note_too_long_is_told_next_to_the_note(web, rep, db):
    """The parser's refusal of a 50,000-character note lands next to the note (422 with
    no message before)."""
    response = _restock(web, rep, {0: (0, 5)}, {"r0.data.note": "x" * 50000})
    assert response.status_code == 422
    assert 'data-error-for="r0.note">At most 1000 characters.' in response.get_data(as_text=True)
