"""Every page that htmx refreshes in part answers its `partial/` fragment to an htmx request
and the full page (which includes that fragment) otherwise: one decision, in
`webapp/htmx.py` (`render_page_or_fragment`), for each of them."""

import uuid
from pathlib import Path

import pytest
from flask import template_rendered
from sqlalchemy import select

from webapp.models import Store, User

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture
def rendered(app):
    """The names of the templates rendered during a test, in order."""
    names = []

    def record(sender, template, context, **extra):
        names.append(template.name)

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


def _rep_store_ticket_url(db) -> str:
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    store = db.session.scalar(select(Store).where(Store.territory_id == rep.territory_id)
                              .order_by(Store.id))
    return f"/rep/stores/{store.id}/ticket/{uuid.uuid4()}"  # not uploaded yet: it polls


PAGES = [
    ("rep1", "/rep/today", "rep/today.html", "rep/partial/round_list.html"),
    ("rep1", None, "rep/ticket_saved.html", "rep/partial/ticket_saved.html"),
    ("hq", "/hq/restock?status=all", "hq/restock.html", "hq/partial/restock_table.html"),
    ("hq", "/hq/sync/conflicts?status=all", "hq/sync/conflicts.html",
     "hq/partial/conflict_table.html"),
    ("manager1", "/hq/sync/quarantine?status=all", "hq/sync/quarantine.html",
     "hq/partial/quarantine_table.html"),
]


@pytest.mark.parametrize(("username", "url", "page", "fragment"), PAGES)
def test_htmx_gets_the_fragment_and_everyone_else_the_page(seeded, db, web, rendered,
                                                           username, url, page, fragment):
    assert f'{{% include "{fragment}" %}}' in (TEMPLATES / page).read_text(encoding="utf-8")
    url = url or _rep_store_ticket_url(db)
    web.login(username)
    rendered.clear()
    answer = web.client.get(url, headers={"HX-Request": "true"})
    assert answer.status_code == 200
    assert rendered[0] == fragment and "<html" not in answer.get_data(as_text=True)
    for headers in ({}, {"HX-Request": "true", "HX-Boosted": "true"},
                    {"HX-Request": "true", "HX-History-Restore-Request": "true"}):
        rendered.clear()
        answer = web.client.get(url, headers=headers)
        assert answer.status_code == 200
        assert rendered[0] == page, headers
        assert "<html" in answer.get_data(as_text=True)
