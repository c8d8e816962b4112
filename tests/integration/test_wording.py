"""Wording (issue 9 item 17): the domain's terms said one way everywhere, the login
heading once, the refusal reason in the Refuse box, and one English word that means
two things kept apart with `pgettext` contexts."""

import json
import re
from pathlib import Path

from babel.messages.pofile import read_po
from capture_helpers import check_in, page, store_of

ROOT = Path(__file__).resolve().parents[2]
ZH_PO = ROOT / "webapp" / "translations" / "zh" / "LC_MESSAGES" / "messages.po"


def zh_catalogue():
    with ZH_PO.open("rb") as handle:
        return read_po(handle, locale="zh")


def test_the_delivery_method_is_sent_to_the_door_everywhere():
    """送货到户 is the manuals' term [000 送货到户、定点取货、委托代送]; never 送货上门."""
    places = [ROOT / "webapp" / "rules" / "code_labels.py",
              *sorted((ROOT / "templates").rglob("*.html"))]
    assert [p.name for p in places if "送货上门" in p.read_text(encoding="utf-8")] == []
    live = [m for m in zh_catalogue() if m.id]  # obsolete (#~) entries are not served
    assert [m.id for m in live if "送货上门" in str(m.string)] == []
    entry = zh_catalogue().get("Delivery to the door", context="delivery_method")
    assert entry.string == "送货到户"


def test_restock_quantities_are_counted_in_cartons_at_hq_and_on_the_phone():
    """The restock rule counts cartons (条): every carton string says 条, none 件."""
    carton_strings = [m for m in zh_catalogue() if m.id and "carton" in str(m.id)]
    assert len(carton_strings) >= 5
    for message in carton_strings:
        text = message.string if isinstance(message.string, str) else message.string[0]
        assert "条" in text and "件" not in text, (message.id, text)


def test_the_price_check_deadline_says_the_day_itself_counts(seeded, db, web):
    """[000 每周四前完成]: a check on Thursday is on time, so the words say so."""
    web.login("rep1")
    html = page(web, "/rep/today")
    assert re.search(r"须在 \S*星期\S* 当天结束前完成", html), html
    assert not re.search(r"星期\S* 前完成", html)


def test_the_login_heading_names_the_app_once(web):
    for language, expected in (("zh", "巡店"), ("en", "Rounds 巡店")):
        web.post_form("/language", {"locale": language, "next": "/login"}, page="/login")
        html = web.client.get("/login").get_data(as_text=True)
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
        assert " ".join(re.sub(r"<[^>]+>", " ", heading).split()) == expected


def test_the_dismiss_button_and_the_visit_finding_each_read_their_own_word(seeded, db, web):
    """"OK" on a dismiss button (知道了) is not the finding "OK" (正常): pgettext contexts."""
    web.login("rep1")
    strings = json.loads(re.search(r'<script type="application/json" id="rounds-i18n">(.*?)'
                                   r"</script>", page(web, "/rep/today"), re.S).group(1))
    assert strings["dismiss"] == "知道了"
    store = store_of(db, "rep1")
    check_in(web, store)
    visit = page(web, f"/rep/stores/{store.id}/visit")
    assert re.search(r'value="true"[^>]*>\s*正常</label>', visit)
    assert "货架" in visit and "标价" not in visit  # the shelf photo beside 价签


def refuse_box(row: str) -> str:
    return re.search(r"<fieldset[^>]*>.*?</fieldset>", row, re.S).group(0)


def test_the_refusal_reason_sits_in_the_refuse_box(seeded, db, web, client, password):
    from sync_helpers import push, record, register, rep_world

    world = rep_world(db)
    device = register(client, "rep1", password)
    restock = record("restock_request", {
        "store_id": world["store"].id, "reason": "wedding", "note": "", "wanted_by": "2030-01-01",
        "lines": [{"product_id": world["product"].id, "quantity": 5}]})
    change = record("store_update", {"store_id": world["store"].id, "base_version":
                                     world["store"].version, "changes": {"address": "新地址 8 号"}})
    push(client, device, [restock, change])
    web.login("hq")
    for url, refuse, row_id in (("/hq/restock", "拒绝", f"restock-{restock['id']}"),
                                ("/hq/store-changes", "驳回", f"change-{change['id']}")):
        html = page(web, url)
        row = re.search(rf'<tr id="{row_id}".*?</tr>', html, re.S)
        assert row, (url, html)
        box = refuse_box(row.group(0))
        assert re.search(rf"<legend>{refuse}</legend>", box)
        assert 'name="reason"' in box and f">{refuse}</button>" in box
        approve = re.search(r"<form[^>]*/approve.*?</form>", row.group(0), re.S).group(0)
        assert 'name="reason"' not in approve and "理由" not in approve
