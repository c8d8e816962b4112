"""The overview and the store list lead somewhere (issue 9 item 16): every tile opens
the rows it counts and every store row opens that store's page."""

import re

import pytest


def links(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html, re.S)


@pytest.mark.parametrize("username", ["hq", "manager1"])
def test_every_overview_tile_is_a_link_that_opens(seeded, web, username):
    web.login(username)
    html = web.client.get("/hq/").get_data(as_text=True)
    tiles = re.findall(r'<(\w+) class="tile"[^>]*>', html)
    hrefs = links(html, r'<a class="tile" href="([^"]+)"')
    assert len(tiles) == 5 and len(hrefs) == 5, tiles
    for href in hrefs:
        assert web.client.get(href).status_code == 200, href


@pytest.mark.parametrize("username", ["hq", "manager1"])
def test_every_store_row_links_to_its_store_page(seeded, web, username):
    web.login(username)
    html = web.client.get("/hq/stores").get_data(as_text=True)
    rows = links(html, r"<tbody>(.*?)</tbody>")[0].split("</tr>")[:-1]
    assert len(rows) > 1
    for row in rows:
        href = re.search(r'<a href="(/hq/stores/\d+/edit)"', row)
        assert href, row
        page = web.client.get(href.group(1))
        assert page.status_code == 200, href.group(1)
        name = re.search(r'<a href="[^"]+">([^<]+)</a></td><td>', row)
        assert name and name.group(1) in page.get_data(as_text=True)


def test_tile_lists_keep_to_the_users_scope(seeded, db, web, password):
    """A market manager of another region sees none of the seeded rows behind the tiles."""
    from hq_sync_helpers import other_region_manager
    from rep_page_helpers import add_ticket

    from webapp.models import Store

    other_region_manager(db, password)
    add_ticket(db, db.session.query(Store).order_by(Store.id).first(), "TK-LINKS-1")
    lists = (("/hq/visits", "visit"), ("/hq/tickets", "ticket"), ("/hq/orders", "order"))
    web.login("hq")
    for url, table in lists:
        assert f"data-{table}-id=" in web.client.get(url).get_data(as_text=True), url
    web.client.post("/logout", data={"csrf_token": web.csrf_from("/hq/")})
    web.login("manager2")
    for url, table in lists:
        html = web.client.get(url).get_data(as_text=True)
        assert "<h1>" in html and f"data-{table}-id=" not in html, url
