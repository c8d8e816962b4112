"""Codes' words come from one system, gettext: every label is in the Chinese catalogue,
and `code_label` reads it in the user's language (style habit 14)."""

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale
from test_wording import ZH_PO

from webapp.i18n import code_label
from webapp.rules.code_labels import CODE_LABELS
from webapp.rules.codes import TicketCategory


def test_every_code_label_has_chinese():
    with ZH_PO.open("rb") as handle:
        catalogue = read_po(handle, locale="zh")
    missing = [(kind, english) for kind, table in CODE_LABELS.items()
               for english in table.values()
               if not (m := catalogue.get(english, context=kind)) or not m.string]
    assert missing == []


@pytest.mark.parametrize(("locale", "kind", "code", "words"), [
    ("zh", "ticket_kind", "praise", "表扬"),
    ("en", "ticket_kind", "praise", "Praise"),
    ("en", "ticket_category", TicketCategory.NO_CN_LABEL, "No Chinese label"),
    ("zh", "delivery_method", "home_delivery", "送货到户"),
    # one English word, two meanings: the kind is the gettext context
    ("zh", "visit_state", "due", "今日应访"),
    ("zh", "price_check_state", "due", "待采集"),
    ("zh", "ticket_kind", "rant", "rant"),  # a code a newer phone sent: shown as itself
    ("zh", "grade", None, ""),
])
def test_code_label_speaks_the_users_language(app, locale, kind, code, words):
    with app.test_request_context("/"), force_locale(locale):
        assert code_label(kind, code) == words
