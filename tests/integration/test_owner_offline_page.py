"""The offline page a store owner gets (issue 11 item 8: the owner's orders without
signal). Found by QA: an owner who opened an unsaved page offline read the rep's page,
"your round for today still works", a rep sync status and a button to the rep's round,
which an owner may not open. The owner's copy speaks of their orders and links them."""

import json
import re


def _precache(body: str) -> list[dict]:
    return json.loads(re.search(r"var PRECACHE = (\[.*?\]);", body, re.S).group(1))


def test_the_owner_offline_page_leads_to_the_orders_not_to_a_round(client):
    html = client.get("/offline?lang=zh&audience=owner").get_data(as_text=True)
    assert 'href="/store/orders"' in html and "/rep/today" not in html
    assert "今日巡店" not in html and 'id="sync-status"' not in html
    assert "您最近打开的订单" in html
    english = client.get("/offline?lang=en&audience=owner").get_data(as_text=True)
    assert "orders you opened recently" in english and "/rep/today" not in english


def test_the_rep_offline_page_is_unchanged(client):
    html = client.get("/offline?lang=zh").get_data(as_text=True)
    assert 'href="/rep/today"' in html and 'id="sync-status"' in html


def test_the_worker_keeps_the_owner_copy_in_each_language(client):
    urls = {e["url"] for e in _precache(client.get("/sw.js").get_data(as_text=True))}
    assert {"/offline?lang=zh&audience=owner", "/offline?lang=en&audience=owner"} <= urls
