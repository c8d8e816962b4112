"""The rep's capture pages over HTTP: each form becomes sync records applied by apply_batch."""

import io
import re

import pytest
from capture_helpers import fill, form_fields, jpeg_bytes, store_of
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from webapp.models import (
    Photo,
    PriceCheck,
    Product,
    QuarantinedRecord,
    RestockRequest,
    Store,
    StoreChange,
    SyncReceipt,
    Ticket,
    Visit,
    VisitFollowUp,
)


def count(db, model) -> int:
    """Rows of a table."""
    return db.session.scalar(select(func.count()).select_from(model))


def shown_errors(response) -> list[str]:
    """The error messages a page shows (for a readable failure)."""
    return re.findall(r'(?s)class="(?:error|flash flash-error)"[^>]*>(.*?)<',
                      response.get_data(as_text=True))


def page(web, url):
    """GET a page as the signed-in user; its HTML."""
    response = web.client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def post(web, url, fields, files=(), **kwargs):
    """POST form fields (and photo files) exactly as listed."""
    data = MultiDict(fields)
    for name, content, filename in files:
        data.add(name, (io.BytesIO(content), filename))
    return web.client.post(url, data=data, content_type="multipart/form-data", **kwargs)


@pytest.fixture
def rep(web, seeded, db):
    """rep1 signed in, with a store of rep1's territory."""
    web.login("rep1")
    web.post_form("/language", {"locale": "en", "next": "/rep/today"}, page="/rep/today")
    return store_of(db, "rep1")


def check_in(web, store, lat="25.0", lng="104.0"):
    """Check in at the store; returns the visit form's fields."""
    url = f"/rep/stores/{store.id}/visit"
    fields = form_fields(page(web, url), "data-checkin")
    fields = fill(fields, {"lat": lat, "lng": lng, "accuracy_m": "15"})
    assert post(web, url, fields).status_code == 303
    return form_fields(page(web, url))


# ---- visit ---------------------------------------------------------------------------

def test_visit_check_in_then_check_out_saves_one_visit_with_findings_follow_ups_photo(
        web, rep, db):
    fields = check_in(web, rep)
    typed = fill(fields, {"r0.data.notes": "Shelf tidy, new brand placed",
                          "r0.data.findings.display.note": "poster torn",
                          "r0.data.follow_ups.0.text": "Bring a new poster",
                          "r0.data.follow_ups.0.due": "2030-01-10"},
                 extra=[("r0.data.purposes[]", "promotion"),
                        ("r0.data.findings.display.ok:bool", "false"),
                        ("r0.data.findings.stock.ok:bool", "true"), ("checkout", "1")])
    response = post(web, f"/rep/stores/{rep.id}/visit", typed,
                    files=[("photos", jpeg_bytes(), "shelf.jpg")])
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/rep/stores/{rep.id}")
    visit = db.session.get(Visit, dict(fields)["r0.id"])
    assert visit.store_id == rep.id and visit.ended_at is not None
    assert (visit.lat, visit.lng, visit.accuracy_m) == (25.0, 104.0, 15.0)
    assert sorted(visit.purposes) == ["promotion", "routine"]
    assert visit.findings["display"] == {"ok": False, "note": "poster torn"}
    assert visit.findings["stock"]["ok"] is True
    follow_up = db.session.scalars(select(VisitFollowUp).where(
        VisitFollowUp.visit_id == visit.id)).one()
    assert follow_up.text == "Bring a new poster" and str(follow_up.due_date) == "2030-01-10"
    photo = db.session.scalars(select(Photo).where(Photo.owner_id == visit.id)).one()
    assert (photo.owner_type, photo.owner_id, photo.kind) == ("visit", visit.id, "shelf")
    assert db.session.get(SyncReceipt, visit.id) is not None  # the sync write path
    store_page = page(web, f"/rep/stores/{rep.id}")
    assert "Visit saved" in store_page
    assert "Noted for HQ" in store_page  # far from the store / short visit: data, shown calmly


def test_posting_the_same_visit_form_twice_stores_one_visit(web, rep, db):
    typed = fill(check_in(web, rep), {"r0.data.notes": "ok"}, extra=[("checkout", "1")])
    before = count(db, Visit)
    first = post(web, f"/rep/stores/{rep.id}/visit", typed)
    second = post(web, f"/rep/stores/{rep.id}/visit", typed)
    assert first.status_code == second.status_code == 303
    assert count(db, Visit) == before + 1
    assert "already saved" in page(web, f"/rep/stores/{rep.id}")


def test_visit_without_purpose_or_notes_explains_and_keeps_what_was_typed(web, rep, db):
    fields = [(n, v) for n, v in check_in(web, rep) if n != "r0.data.purposes[]"]
    typed = fill(fields, {"r0.data.follow_ups.0.text": "Call the owner"}, extra=[("checkout", "1")])
    visits, kept = count(db, Visit), count(db, QuarantinedRecord)
    response = post(web, f"/rep/stores/{rep.id}/visit", typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose at least one purpose." in html
    assert "Write a short note about the visit." in html
    assert "Give a due date." in html
    assert 'value="Call the owner"' in html
    assert (count(db, Visit), count(db, QuarantinedRecord)) == (visits, kept)


def test_checking_in_again_keeps_the_open_visit(web, rep, db):
    url = f"/rep/stores/{rep.id}/visit"
    first = dict(check_in(web, rep))
    response = web.post_form(url, {"checkin": "1", "lat": "1", "lng": "2"})
    assert response.status_code == 303 and first["r0.id"] in response.headers["Location"]
    again = dict(form_fields(page(web, url)))
    assert (again["r0.id"], again["r0.data.started_at"]) == (
        first["r0.id"], first["r0.data.started_at"])


def test_visit_check_out_without_javascript_records_the_duration(web, rep, db):
    fields = check_in(web, rep, lat="", lng="")
    typed = fill(fields, {"r0.data.notes": "quick"}, extra=[("checkout", "1")])
    post(web, f"/rep/stores/{rep.id}/visit", typed)
    visit = db.session.get(Visit, dict(fields)["r0.id"])
    assert visit.ended_at >= visit.started_at and visit.lat is None
    assert "no_location" in visit.flags


# ---- price check -----------------------------------------------------------------------

def _price_rows(fields):
    rows = {}
    for name, value in fields:
        if name.endswith(".data.product_id:int"):
            rows[int(value)] = name.split(".")[0]
    return rows


def test_price_check_saves_only_filled_rows_in_fen_and_shows_progress(web, rep, db):
    url = f"/rep/stores/{rep.id}/prices"
    html = page(web, url)
    assert 'inputmode="decimal"' in html and 'inputmode="numeric"' in html
    fields = form_fields(html)
    rows = _price_rows(fields)
    total = len(rows)
    done_before = db.session.scalar(select(func.count(func.distinct(PriceCheck.product_id))).where(
        PriceCheck.store_id == rep.id, PriceCheck.iso_week == _this_week()))
    assert f"{done_before}/{total}" in html
    (p1, r1), (p2, r2) = list(rows.items())[:2]
    guide = db.session.get(Product, p2)
    high = f"{guide.guide_price_fen * 2 / 100:.2f}"
    typed = fill(fields, {f"{r1}.data.shelf_price": "23.5", f"{r1}.data.stock_units:int": "7",
                          f"{r2}.data.shelf_price": high, f"{r2}.data.stock_units:int": "0",
                          f"{r2}.data.out_of_stock_days:int": "3"})
    response = post(web, url, typed)
    assert response.status_code == 303
    saved = {c.product_id: c for c in db.session.scalars(
        select(PriceCheck).where(PriceCheck.rep_id.is_not(None), PriceCheck.id.in_(
            select(SyncReceipt.record_id))))}
    assert set(saved) == {p1, p2}
    assert saved[p1].shelf_price_fen == 2350 and saved[p1].stock_units == 7
    assert saved[p2].out_of_stock_days == 3
    assert "off the guide price" in page(web, f"/rep/stores/{rep.id}")
    done_after = db.session.scalar(select(func.count(func.distinct(PriceCheck.product_id))).where(
        PriceCheck.store_id == rep.id, PriceCheck.iso_week == _this_week()))
    assert f"{done_after}/{total}" in page(web, url)


def _this_week():
    from datetime import UTC, datetime

    from sync.times import iso_week_of

    return iso_week_of(datetime.now(UTC), "Asia/Shanghai")


def test_price_with_three_decimals_is_explained_and_nothing_is_saved(web, rep, db):
    url = f"/rep/stores/{rep.id}/prices"
    fields = form_fields(page(web, url))
    before = count(db, PriceCheck)
    row = next(iter(_price_rows(fields).values()))
    typed = fill(fields, {f"{row}.data.shelf_price": "12.345",
                          f"{row}.data.stock_units:int": "4"})
    response = post(web, url, typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Write the price in yuan, like 23.50." in html and 'value="12.345"' in html
    assert count(db, PriceCheck) == before


def test_inline_price_check_answers_only_the_warning(web, rep, db):
    product = db.session.scalars(select(Product).where(Product.active.is_(True))).first()
    url = f"/rep/check/price/{product.id}"
    high = f"{product.guide_price_fen * 1.2 / 100:.2f}"
    warn = web.client.get(url, query_string={"r0.data.shelf_price": high},
                          headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "above the guide price" in warn and "<html" not in warn
    fine = web.client.get(url, query_string={
        "r3.data.shelf_price": f"{product.guide_price_fen / 100:.2f}"}).get_data(as_text=True)
    assert fine.strip() == ""


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


# ---- restock -----------------------------------------------------------------------------

def test_restock_request_with_lines_shows_limits_and_waits_for_the_manager(web, rep, db):
    url = f"/rep/stores/{rep.id}/restock"
    html = page(web, url)
    assert "at most 50 cartons" in html and "at most 200 cartons" in html
    fields = form_fields(html)
    options = [v for v in _options(html)][:2]
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


def _options(html):
    import re

    block = html.split('name="r0.data.lines.0.product_id:int"', 1)[1].split("</select>", 1)[0]
    return [v for v in re.findall(r'<option value="(\d+)"', block)]


def test_restock_over_the_limit_is_refused_with_the_reason(web, rep, db):
    url = f"/rep/stores/{rep.id}/restock"
    html = page(web, url)
    typed = fill(form_fields(html), {"r0.data.reason": "group_purchase",
                                     "r0.data.wanted_by": "2030-05-01",
                                     "r0.data.lines.0.product_id:int": _options(html)[0],
                                     "r0.data.lines.0.quantity:int": "500"})
    before = count(db, RestockRequest)
    response = post(web, url, typed)
    assert response.status_code == 422
    assert "over the limit" in response.get_data(as_text=True)
    assert count(db, RestockRequest) == before


# ---- who may use the pages ----------------------------------------------------------------

PAGES = ("visit", "prices", "info", "ticket", "restock")


def filled_form(web, store, path):
    """A valid form of the page, as the rep would post it."""
    url = f"/rep/stores/{store.id}/{path}"
    if path == "visit":
        return fill(check_in(web, store), {"r0.data.notes": "n"}, extra=[("checkout", "1")])
    html = page(web, url)
    fields = form_fields(html)
    if path == "prices":
        row = next(iter(_price_rows(fields).values()))
        return fill(fields, {f"{row}.data.shelf_price": "20", f"{row}.data.stock_units:int": "1"})
    if path == "info":
        return fill(fields, {"r0.data.changes.opening_hours": "8:00-22:00"})
    if path == "ticket":
        return fill(fields, {"r0.data.category": "quality", "r0.data.description": "d"})
    return fill(fields, {"r0.data.reason": "wedding", "r0.data.wanted_by": "2030-05-01",
                         "r0.data.lines.0.product_id:int": _options(html)[0],
                         "r0.data.lines.0.quantity:int": "1"})


def _elsewhere(fields, store):
    return [(n, str(store.id) if n.endswith("store_id:int") else v) for n, v in fields]


@pytest.mark.parametrize("path", PAGES)
def test_another_territorys_store_is_404_for_get_and_post_and_nothing_is_written(
        web, rep, db, path):
    other = store_of(db, "rep2")
    assert web.client.get(f"/rep/stores/{other.id}/{path}").status_code == 404
    fields = _elsewhere(filled_form(web, rep, path), other)
    receipts, kept = count(db, SyncReceipt), count(db, QuarantinedRecord)
    assert post(web, f"/rep/stores/{other.id}/{path}", fields).status_code == 404
    assert (count(db, SyncReceipt), count(db, QuarantinedRecord)) == (receipts, kept)


@pytest.mark.parametrize("path", PAGES)
def test_a_posted_store_id_other_than_the_urls_is_refused(web, rep, db, path):
    fields = _elsewhere(filled_form(web, rep, path), store_of(db, "rep2"))
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
    assert 'data-error-for="r0.changes.owner_name"' in html and "max 200" in html


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
    order_rules = [r for r in app.url_map.iter_rules()
                   if "order" in (r.rule + r.endpoint).lower() and "POST" in r.methods]
    for rule in order_rules:
        url = rule.rule
        for arg in rule.arguments:
            url = url.replace(f"<int:{arg}>", str(rep.id)).replace(f"<{arg}>", str(rep.id))
        assert web.client.post(url, data={}).status_code in (400, 403, 404, 405), url
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
