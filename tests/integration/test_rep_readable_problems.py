"""The rep reads a parser's refusal in their language, classified by sync.refusals."""

import pytest
from flask_babel import force_locale

from webapp.rep.views.capture import readable_problem


@pytest.mark.parametrize(("message", "words"), [
    ("visit.notes: is required", "This is required."),
    ("visit.notes: is 4100 characters long (max 4000)", "At most 4000 characters."),
    ("price_check.stock_units: 2000000 is outside 0..1000000",
     "Enter a value from 0 to 1000000."),
    ("price_check.shelf_price: '23.555' has more than 2 decimals",
     "This value is not valid: check it."),
])
def test_reasons_become_the_reps_words(app, message, words):
    with app.test_request_context("/"), force_locale("en"):
        assert readable_problem(message) == words


def test_in_chinese_no_english_is_left(app):
    with app.test_request_context("/"), force_locale("zh"):
        text = readable_problem("visit.notes: is 4100 characters long (max 4000)")
    assert "4000" in text and "characters" not in text
