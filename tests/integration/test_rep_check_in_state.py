"""Where a check-in lives (issue 9, items 12 and 21): in the database, not the cookie.

A check-in time is never overwritten: a second check-in at the same store, from this
browser or another one (a lost cookie), finds the first; the session cookie is not
re-sent on responses that do not change it.
"""

from datetime import timedelta

import pytest
from capture_helpers import check_in, fill, form_fields, page, post, sign_in_rep
from sqlalchemy import select
from time_helpers import move_clock_to

from webapp.models import OpenCheckIn, Visit


@pytest.fixture
def rep(web, seeded, db):
    """rep1 signed in, with a store of rep1's territory."""
    return sign_in_rep(web, db)


def test_a_second_check_in_keeps_the_first_time_even_without_the_cookie(
        web, make_web, rep, db):
    url = f"/rep/stores/{rep.id}/visit"
    first = dict(check_in(web, rep))
    other = make_web()  # the same rep, the session cookie lost (another tab, a dropped cookie)
    sign_in_rep(other, db)
    response = other.post_form(url, {"checkin": "1", "lat": "1", "lng": "2"})
    assert response.status_code == 303 and first["r0.id"] in response.headers["Location"]
    again = dict(form_fields(page(other, url)))
    assert (again["r0.id"], again["r0.data.started_at"]) == (
        first["r0.id"], first["r0.data.started_at"])


def test_check_out_keeps_the_check_in_time_an_old_form_may_carry_otherwise(web, rep, db):
    fields = check_in(web, rep)
    first = dict(fields)
    moved = fill(fields, {"r0.data.notes": "ok", "r0.data.started_at": "2020-01-01T00:00:00Z"},
                 extra=[("checkout", "1")])
    assert post(web, f"/rep/stores/{rep.id}/visit", moved).status_code == 303
    visit = db.session.get(Visit, first["r0.id"])
    assert visit.started_at.isoformat(timespec="seconds").startswith(
        first["r0.data.started_at"][:19])
    assert db.session.scalar(select(OpenCheckIn).where(OpenCheckIn.id == visit.id)) is None


def test_the_check_in_is_kept_in_the_database_not_in_the_cookie(web, rep, db):
    fields = dict(check_in(web, rep))
    kept = db.session.get(OpenCheckIn, fields["r0.id"])
    assert kept is not None and kept.store_id == rep.id
    cookie = web.client.get_cookie("session")
    assert cookie is not None and "open_visits" not in cookie.value


@pytest.mark.parametrize("path", ["/static/css/app.css", "/static/js/visit.js", "/rep/today",
                                  "/manifest.webmanifest"])
def test_responses_that_do_not_change_the_session_send_no_cookie(web, rep, path):
    web.client.get("/rep/today")  # the CSRF token is in the session from here on
    with web.client.get(path) as response:
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, response.headers.get("Set-Cookie")



def test_a_check_out_posted_again_a_second_later_is_the_same_visit(web, rep, db, app_clock):
    """A double tap on "check out" across a second boundary: the server adds the check-out
    time, so the repeat must reuse the stored one and answer as a duplicate, not refuse."""
    fields = fill(check_in(web, rep), {"r0.data.notes": "ok"}, extra=[("checkout", "1")])
    url = f"/rep/stores/{rep.id}/visit"
    assert post(web, url, fields).status_code == 303
    move_clock_to(app_clock.now() + timedelta(seconds=2))
    again = post(web, url, fields)
    assert again.status_code == 303
    visit_id = dict(fields)["r0.id"]
    assert db.session.scalars(select(Visit).where(Visit.id == visit_id)).all() != []
