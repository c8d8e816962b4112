"""Problems with a capture form, found on the server, shown in the rep's language next to
the field they belong to (issue 9, item 15; the phone checks first: tests/browser)."""

import pytest
from capture_helpers import fill, form_fields, page, post, sign_in_rep


@pytest.fixture
def rep(web, seeded, db):
    """rep1 signed in, with a store of rep1's territory."""
    return sign_in_rep(web, db)


def test_a_restock_line_without_product_is_explained_in_chinese(web, rep, db):
    """Issue 9, item 15: no raw English parser text on a Chinese page (no JavaScript)."""
    web.post_form("/language", {"locale": "zh", "next": "/rep/today"}, page="/rep/today")
    url = f"/rep/stores/{rep.id}/restock"
    typed = fill(form_fields(page(web, url)), {
        "r0.data.reason": "wedding", "r0.data.wanted_by": "2099-01-01",
        "r0.data.lines.0.quantity:int": "3", "r0.data.lines.1.quantity:int": "abc"})
    html = post(web, url, typed).get_data(as_text=True)
    assert "is required" not in html and "is not a number" not in html
    assert "请填写数字" in html


def test_a_restock_problem_shows_next_to_the_line_it_was_typed_on(web, rep, db):
    """Without JavaScript: cartons typed on the third line, no product → said on line 3."""
    url = f"/rep/stores/{rep.id}/restock"
    typed = fill(form_fields(page(web, url)), {
        "r0.data.reason": "wedding", "r0.data.wanted_by": "2099-01-01",
        "r0.data.lines.2.quantity:int": "3"})
    html = post(web, url, typed).get_data(as_text=True)
    assert 'data-error-for="r0.lines.2.product_id"' in html
    assert 'data-error-for="r0.lines.0.product_id"' not in html
