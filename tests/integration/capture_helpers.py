"""Read a capture form the way a browser would: every field it would send, as (name, value)."""

import io
import re
from html.parser import HTMLParser

from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from webapp import clock
from webapp.models import Store, User
from webapp.rules.cadence import iso_week_of
from webapp.scope import visible_stores


class _FormFields(HTMLParser):
    """The fields of the first `<form data-capture>` (or `data-checkin`) on a page."""

    def __init__(self, marker: str):
        super().__init__()
        self.marker, self.inside, self.fields = marker, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.marker in a:
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") != "file":
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = [a.get("name"), None]
        elif tag == "option" and self._select and ("selected" in a and self._select[1] is None):
            self._select[1] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = [a.get("name"), ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select:
            self.fields.append((self._select[0], self._select[1] or ""))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append(tuple(self._textarea))
            self._textarea = None


def form_fields(html: str, marker: str = "data-capture") -> list[tuple[str, str]]:
    """What the browser would post from the page's capture form, untouched."""
    parser = _FormFields(marker)
    parser.feed(html)
    return parser.fields


def fill(fields: list[tuple[str, str]], values: dict, extra=()) -> list[tuple[str, str]]:
    """The form's fields with some typed in (checkbox lists go in `extra`)."""
    filled = [(n, values.get(n, v)) for n, v in fields]
    return filled + list(extra)


def store_of(db, username: str) -> Store:
    """The first store of a user's scope."""
    user = db.session.scalar(select(User).where(User.username == username))
    return db.session.scalars(visible_stores(user).order_by(Store.id)).first()


def jpeg_bytes(color=(200, 30, 30), size=(2000, 1200)) -> bytes:
    """A real JPEG (bigger than the phone would send: the server accepts it anyway)."""
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def count(db, model) -> int:
    """Rows of a table."""
    return db.session.scalar(select(func.count()).select_from(model))


def shown_errors(response) -> list[str]:
    """The error messages a page shows (for a readable failure)."""
    return re.findall(r'(?s)class="(?:error|flash flash-error)"[^>]*>(.*?)<',
                      response.get_data(as_text=True))


def page(web, url):
    """GET a page as the signed-in user; its HTML."""
    response = web.client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def post(web, url, fields, files=(), **kwargs):
    """POST form fields (and photo files) exactly as listed."""
    data = MultiDict(fields)
    for name, content, filename in files:
        data.add(name, (io.BytesIO(content), filename))
    return web.client.post(url, data=data, content_type="multipart/form-data", **kwargs)


def sign_in_rep(web, db):
    """rep1 signed in (in English), and a store of rep1's territory."""
    web.login("rep1")
    web.post_form("/language", {"locale": "en", "next": "/rep/today"}, page="/rep/today")
    return store_of(db, "rep1")


def check_in(web, store, lat="25.0", lng="104.0"):
    """Check in at the store; returns the visit form's fields."""
    url = f"/rep/stores/{store.id}/visit"
    fields = form_fields(page(web, url), "data-checkin")
    fields = fill(fields, {"lat": lat, "lng": lng, "accuracy_m": "15"})
    assert post(web, url, fields).status_code == 303
    return form_fields(page(web, url))


def price_rows(fields) -> dict[int, str]:
    """Product id → its row's record prefix (r<i>) on a price-check form."""
    rows = {}
    for name, value in fields:
        if name.endswith(".data.product_id:int"):
            rows[int(value)] = name.split(".")[0]
    return rows


def this_week() -> str:
    """The current ISO week in the distributor's zone."""
    return iso_week_of(clock.now(), "Asia/Shanghai")


def product_options(html) -> list[str]:
    """The product ids the restock form offers."""
    block = html.split('name="r0.data.lines.0.product_id:int"', 1)[1].split("</select>", 1)[0]
    return [v for v in re.findall(r'<option value="(\d+)"', block)]


def filled_form(web, store, path):
    """A valid form of the page, as the rep would post it."""
    url = f"/rep/stores/{store.id}/{path}"
    if path == "visit":
        return fill(check_in(web, store), {"r0.data.notes": "n"}, extra=[("checkout", "1")])
    html = page(web, url)
    fields = form_fields(html)
    if path == "prices":
        row = next(iter(price_rows(fields).values()))
        return fill(fields, {f"{row}.data.shelf_price": "20", f"{row}.data.stock_units:int": "1"})
    if path == "info":
        return fill(fields, {"r0.data.changes.opening_hours": "8:00-22:00"})
    if path == "ticket":
        return fill(fields, {"r0.data.category": "quality", "r0.data.description": "d"})
    return fill(fields, {"r0.data.reason": "wedding", "r0.data.wanted_by": "2030-05-01",
                         "r0.data.lines.0.product_id:int": product_options(html)[0],
                         "r0.data.lines.0.quantity:int": "1"})


def elsewhere(fields, store):
    """The same fields, naming another store."""
    return [(n, str(store.id) if n.endswith("store_id:int") else v) for n, v in fields]
