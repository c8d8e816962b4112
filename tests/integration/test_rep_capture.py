"""The rep's visit and price-check pages over HTTP: forms become records for apply_batch."""

import pytest
from capture_helpers import (
    check_in,
    count,
    fill,
    form_fields,
    jpeg_bytes,
    page,
    post,
    price_rows,
    sign_in_rep,
    this_week,
)
from sqlalchemy import func, select

from webapp.models import (
    Photo,
    PriceCheck,
    Product,
    QuarantinedRecord,
    SyncReceipt,
    Visit,
    VisitFollowUp,
)

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


@pytest.fixture
def rep(web, seeded, db):
    """rep1 signed in, with a store of rep1's territory."""
    return sign_in_rep(web, db)


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


@pytest.mark.parametrize(("name", "key", "limit"), [
    ("r0.data.notes", "r0.notes", 4000),
    ("r0.data.findings.display.note", "r0.findings.display.note", 1000),
    ("r0.data.follow_ups.0.text", "r0.follow_ups.0.text", 500),
])
def test_visit_text_too_long_is_told_next_to_its_field_in_chinese(web, rep, db, name, key,
                                                                  limit):
    """50,000 characters posted past the page's maxlength: the parser refuses the record
    (422) and the message stands next to the field typed in, never nowhere."""
    web.post_form("/language", {"locale": "zh", "next": "/rep/today"}, page="/rep/today")
    extra = [("checkout", "1"), ("r0.data.findings.display.ok:bool", "false"),
             ("r0.data.follow_ups.0.due", "2030-01-01")]
    typed = fill(check_in(web, rep), {"r0.data.notes": "好", "r0.data.follow_ups.0.text": "跟进",
                                      name: "字" * 50000}, extra=extra)
    visits, kept = count(db, Visit), count(db, QuarantinedRecord)
    response = post(web, f"/rep/stores/{rep.id}/visit", typed)
    assert response.status_code == 422
    assert f'data-error-for="{key}">最多 {limit} 个字。' in response.get_data(as_text=True)
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

def test_price_check_saves_only_filled_rows_in_fen_and_shows_progress(web, rep, db):
    url = f"/rep/stores/{rep.id}/prices"
    html = page(web, url)
    assert 'inputmode="decimal"' in html and 'inputmode="numeric"' in html
    fields = form_fields(html)
    rows = price_rows(fields)
    total = len(rows)
    done_before = db.session.scalar(select(func.count(func.distinct(PriceCheck.product_id))).where(
        PriceCheck.store_id == rep.id, PriceCheck.iso_week == this_week()))
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
        PriceCheck.store_id == rep.id, PriceCheck.iso_week == this_week()))
    assert f"{done_after}/{total}" in page(web, url)


def test_price_with_three_decimals_is_explained_and_nothing_is_saved(web, rep, db):
    url = f"/rep/stores/{rep.id}/prices"
    fields = form_fields(page(web, url))
    before = count(db, PriceCheck)
    row = next(iter(price_rows(fields).values()))
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
