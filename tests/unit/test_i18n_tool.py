"""The catalogue helper fills Chinese from pending JSON, pgettext entries included
(key "context\\u0004msgid", webapp/translations/pending/README.md)."""

import json

from babel.messages.pofile import read_po

from webapp.i18n_tool import fill_chinese

PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgid "OK"
msgstr "正常"

msgctxt "dismiss"
msgid "OK"
msgstr ""

msgctxt "finding"
msgid "OK"
msgstr ""
'''


def test_pending_json_fills_a_pgettext_entry_by_its_context(tmp_path):
    po = tmp_path / "messages.po"
    po.write_text(PO, encoding="utf-8")
    pending = json.loads('{"dismiss\\u0004OK": "知道了"}')
    missing = fill_chinese(pending, po)
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="zh")
    assert catalog.get("OK", context="dismiss").string == "知道了"
    assert catalog.get("OK").string == "正常"  # the plain msgid keeps its own word
    assert missing == ["finding\x04OK"]
