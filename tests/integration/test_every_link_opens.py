"""Every page a demo account can reach opens: no link leads to a missing page or an error.

From each demo login's home page, follow every same-site `<a href>` and `hx-get` (GET
only; an `hx-get` is asked the way htmx asks it), page after page, and fail on any
answer that is not a page or a redirect. A nav entry or a button for a page that does
not exist fails here (issue 10: no hedges). Bounded: at most a few URLs of each shape
(`/rep/stores/<n>/visit` is one shape), so the crawl stays quick on any data set.
"""

import re
from collections import Counter, deque
from urllib.parse import urljoin, urlsplit

import pytest
from flask import Flask

from webapp.cli import DEMO_LOGINS

PER_SHAPE = 3  # URLs visited of each shape (ids replaced by a placeholder)
MAX_PAGES = 400
LINK = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"', re.S)
HX_GET = re.compile(r'\bhx-get="([^"]*)"')
NUMBER = re.compile(r"/\d+(?=/|$)")
UUID = re.compile(r"/[0-9a-fA-F-]{36}(?=/|$)")
NOT_PAGES = ("/static/", "/sw.js", "/manifest.webmanifest")


def shape(path: str) -> str:
    """The URL with its ids replaced: pages of one shape are made by one view."""
    return NUMBER.sub("/<n>", UUID.sub("/<id>", path))


def same_site(base: str, href: str) -> str | None:
    """`href` as a path (with its query) if it stays on this site and names a page."""
    href = href.replace("&amp;", "&").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "geo:", "sms:")):
        return None
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "localhost"):
        return None
    if parts.path.startswith(NOT_PAGES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, start: str) -> tuple[dict[str, int], dict[str, str]]:
    """(every URL asked -> its status, URL -> the page that linked it), breadth first."""
    seen: dict[str, int] = {}
    found_on: dict[str, str] = {start: "(home)"}
    per_shape: Counter = Counter()
    queue = deque([(start, False)])
    while queue and len(seen) < MAX_PAGES:
        url, htmx = queue.popleft()
        if url in seen:
            continue
        headers = {"HX-Request": "true"} if htmx else {}
        answer = client.get(url, headers=headers, follow_redirects=True)
        seen[url] = answer.status_code
        if answer.mimetype != "text/html" or answer.status_code != 200:
            answer.close()  # a photo is a streamed file: close it, read nothing
            continue
        html = answer.get_data(as_text=True)
        base = answer.request.path
        for pattern, as_htmx in ((LINK, False), (HX_GET, True)):
            for href in pattern.findall(html):
                path = same_site(base, href)
                if path is None or path in seen or path in found_on:
                    continue
                if per_shape[shape(path)] >= PER_SHAPE:
                    continue
                per_shape[shape(path)] += 1
                found_on[path] = url
                queue.append((path, as_htmx))
    return seen, found_on


@pytest.mark.parametrize("username", [name for name, _role in DEMO_LOGINS])
def test_every_page_a_demo_account_reaches_opens(seeded, web, username):
    assert web.login(username).status_code == 302
    seen, found_on = crawl(web.client, "/")
    broken = {url: status for url, status in seen.items() if status >= 400}
    assert not broken, {url: (status, f"linked from {found_on[url]}")
                        for url, status in broken.items()}
    assert len(seen) > 3, seen  # the crawl got past the home page


def test_the_crawl_reports_a_link_to_a_missing_page():
    """The crawler itself, on a site of two pages: the missing one is reported, with the
    page that links to it."""
    site = Flask(__name__)
    site.add_url_rule("/", "home", lambda: '<a href="/listed">a</a> <a href="/gone">b</a>')
    site.add_url_rule("/listed", "listed", lambda: '<p hx-get="/">back</p>')
    seen, found_on = crawl(site.test_client(), "/")
    assert seen == {"/": 200, "/listed": 200, "/gone": 404}
    assert found_on["/gone"] == "/"
