"""Read a capture form the way a browser would: every field it would send, as (name, value)."""

import io
from html.parser import HTMLParser

from PIL import Image
from sqlalchemy import select

from webapp.models import Store, User
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
