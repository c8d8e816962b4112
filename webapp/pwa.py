"""The installable-app pieces served from the site root: manifest, service worker, offline page.

The service worker is `static/js/sw.js`, served as `/sw.js` (scope `/`) with its Workbox
precache list filled in at request time, without a Node build step: each static asset's
content-hashed URL (webapp/static_assets.py) with `revision: null`, so a changed file
gets a new URL and is fetched once, and an unchanged one comes from the HTTP cache that
the page filled (never downloaded twice, issue 9 item 22). Its own `importScripts`
of our static files get the same hashed URLs as the pages use.
"""

import hashlib
import json
import re
from datetime import timedelta
from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from sync.records import SCHEMA_VERSION

from .extensions import db
from .models import utcnow
from .rep.queries.today import today_round
from .request_context import service_settings, work_calendar
from .static_assets import file_revision
from .templating import HTMX_JS, IDB_JS

bp = Blueprint("pwa", __name__)

SW_SOURCE = "js/sw.js"
MANIFEST_PLACEHOLDER = "self.__WB_MANIFEST"
# What the phone keeps for offline use: styles, our scripts, htmx + idb, and the two
# icons a page shows. The install icons (512 px, maskable, apple-touch: 77 KB) are the
# browser's business when the app is installed online, not the offline pages'.
PRECACHE_GLOBS = ("css/*.css", "js/*.js")
PRECACHE_FILES = (HTMX_JS, IDB_JS, "icons/favicon-32.png", "icons/icon-192.png")
# The one load order of the phone's shared scripts: each needs only the ones before it
# (its header says which) and fails loudly when one is missing. The service worker
# imports these (static/js/sw.js importScripts, in this order); every phone page loads
# them and then its own (templates/pwa/partial/client.html, deferred, so in this order too).
# A page kept offline from before an update loads the current copy of each script it
# names: a script may not come to need one that an older page did not load.
WORKER_SCRIPTS = (IDB_JS, "js/hlc.js", "js/outbox.js", "js/sync-client.js")
CLIENT_SCRIPTS = (*WORKER_SCRIPTS, "js/capture.js", "js/offline-ui.js")
# The offline page's look depends on these, so they make its precache revision.
OFFLINE_SOURCES = ("pwa/offline.html", "pwa/partial/sync_status.html",
                   "pwa/partial/client.html", "pwa/partial/sync_css.html", "base.html")
PUSH_BATCH = 200  # records per push the phone sends at most (the issue: split batches ≤ 200)
# Rep pages pre-warmed for offline use besides today's list and the pages it links to.
WARM_ENDPOINTS = ("rep.stores", "rep.outbox")
# A store's pages kept on the phone while it is due today or in the next two days.
STORE_PAGES = ("rep.store", "rep.visit_form", "rep.price_check_form", "rep.store_update_form",
               "rep.ticket_form", "rep.restock_form")
WARM_DAYS = 3  # today and the next two days
WARM_MAX_URLS = 300
STALE_AFTER_MS = 24 * 3600 * 1000  # warn the rep when a record has waited longer (issue 5.4)
# A static script the worker imports, written '/static/<file>.js' in sw.js.
WORKER_IMPORT = re.compile(r"'/static/([\w./-]+\.js)'")


def _offline_revision(asset_urls: list[str]) -> str:
    """The offline page's revision: its templates, the catalogues, and the hashed URLs
    of the assets it links (a changed stylesheet makes a new offline page)."""
    template_dir = Path(current_app.template_folder)
    translations = Path(__file__).parent / "translations"
    sources = [template_dir / name for name in OFFLINE_SOURCES]
    sources += sorted(translations.glob("*/LC_MESSAGES/*.po"))
    parts = [file_revision(p) for p in sources if p.exists()] + asset_urls
    return hashlib.sha256("".join(parts).encode()).hexdigest()[:20]


def precache_manifest() -> list[dict]:
    """Workbox precache entries for each asset the phone keeps offline.

    Static files: their content-hashed URL (`?v=<hash>`, the very URL pages ask for) and
    `revision: null`; the URL names the version, and Workbox then fetches it through the
    HTTP cache, which already holds what the page just loaded (a year, immutable).
    """
    static = Path(current_app.static_folder)
    names = {str(p.relative_to(static)) for pattern in PRECACHE_GLOBS for p in static.glob(pattern)}
    names.update(name for name in PRECACHE_FILES if (static / name).exists())
    names.discard(SW_SOURCE)  # the worker is served as /sw.js, never from the cache
    entries = [{"url": url_for("static", filename=name), "revision": None}
               for name in sorted(names)]
    # one offline page per language: the worker shows the one of the language the
    # pages last came in (Content-Language), not the one current at install
    revision = _offline_revision([entry["url"] for entry in entries])
    entries.append({"url": url_for("pwa.offline"), "revision": revision})
    entries += [{"url": url_for("pwa.offline", lang=lang), "revision": revision}
                for lang in current_app.config["LANGUAGES"]]
    # and the store owner's copy: their orders, no round and no rep sync status
    entries += [{"url": url_for("pwa.offline", lang=lang, audience="owner"), "revision": revision}
                for lang in current_app.config["LANGUAGES"]]
    return entries


@bp.route("/sw.js")
def service_worker():
    """The service worker, with today's precache list; never cached by the HTTP cache."""
    source = (Path(current_app.static_folder) / SW_SOURCE).read_text(encoding="utf-8")
    if source.count(MANIFEST_PLACEHOLDER) != 1:
        raise RuntimeError(f"{SW_SOURCE} must contain {MANIFEST_PLACEHOLDER} exactly once")
    source = WORKER_IMPORT.sub(lambda m: repr(url_for("static", filename=m.group(1))), source)
    body = source.replace(MANIFEST_PLACEHOLDER, json.dumps(precache_manifest(), indent=1))
    response = Response(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/manifest.webmanifest")
def manifest():
    """The web app manifest: installable on Android and iOS home screens."""
    def icon(name: str, size: int, purpose: str = "any") -> dict:
        return {"src": url_for("static", filename=f"icons/{name}"), "sizes": f"{size}x{size}",
                "type": "image/png", "purpose": purpose}

    body = {
        "id": "/",
        "name": _("Rounds"),
        "short_name": _("Rounds"),
        "description": _("Store visits, price checks, orders and service for retail distribution."),
        "lang": "zh-CN",
        "dir": "ltr",
        "start_url": url_for("auth.index"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#f8fafc",
        "theme_color": "#0f766e",
        "categories": ["business", "productivity"],
        "icons": [icon("icon-192.png", 192), icon("icon-512.png", 512),
                  icon("icon-maskable-512.png", 512, "maskable")],
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    return response


@bp.route("/pwa/warm")
def warm_list():
    """The pages a rep's phone keeps for offline use: today's list, the store list, the
    outbox, and the store page and capture forms of every store due today and in the
    next two days.

    The service worker fetches this while online (sw.js `warm`) and caches each page.
    """
    if not current_user.is_authenticated or current_user.role != "rep":
        return jsonify(urls=[], stores=[])
    urls = [url_for("rep.today"), *_warm_urls()]
    settings = service_settings()
    calendar = work_calendar(settings)
    now = utcnow()
    first = calendar.local_date(now)
    store_ids: list[int] = []
    for ahead in range(WARM_DAYS):
        day = first + timedelta(days=ahead)
        for stop in today_round(db.session, current_user, day, now, settings, calendar).stops:
            if stop.store.id not in store_ids:
                store_ids.append(stop.store.id)
    for store_id in store_ids:
        urls += [url_for(endpoint, store_id=store_id) for endpoint in STORE_PAGES]
    return jsonify(urls=urls[:WARM_MAX_URLS], stores=store_ids)


@bp.route("/offline")
def offline():
    """Shown by the service worker for a page that is not cached while offline.

    `?lang=zh|en` renders it in that language (the worker keeps one copy of each);
    without it, in the user's language. `audience=owner` is the store owner's copy (the
    worker gives it for pages under /store/): their orders, not a rep's round.
    """
    owner = request.args.get("audience") == "owner"
    lang = request.args.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        with force_locale(lang):
            return render_template("pwa/offline.html", owner=owner)
    return render_template("pwa/offline.html", owner=owner)


@bp.after_app_request
def say_the_language(response: Response) -> Response:
    """`Content-Language` on every page: the service worker notes the language the
    pages come in, to show the offline page in the same one."""
    if response.mimetype == "text/html" and "Content-Language" not in response.headers:
        response.headers["Content-Language"] = str(get_locale())
    return response


def _warm_urls() -> list[str]:
    """Rep pages the service worker keeps besides today's list and what it links to."""
    return [url_for(endpoint) for endpoint in WARM_ENDPOINTS]


def client_config() -> dict:
    """What the phone scripts need to know: who is signed in and where the sync API is."""
    # The offline page is precached once for every account of the phone: it names nobody,
    # and offline-ui.js shows the status of whoever used the phone last.
    shared = request.endpoint == "pwa.offline"
    signed_in = current_user.is_authenticated and not shared
    return {
        "shared": shared,
        "user_id": current_user.id if signed_in else None,
        "username": current_user.username if signed_in else None,
        "schema_version": SCHEMA_VERSION,
        "max_batch": min(PUSH_BATCH, current_app.config["SYNC_MAX_BATCH"]),
        "stale_after_ms": STALE_AFTER_MS,
        "warm": _warm_urls() if signed_in else [],
        "urls": {
            "devices": url_for("api.register"),
            "push": url_for("api.push"),
            "pull": url_for("api.pull"),
            "photos": url_for("api.photo_status", photo_id="ID").removesuffix("ID"),
            "sw": url_for("pwa.service_worker"),
            "warm": url_for("pwa.warm_list"),
            "login": url_for("auth.login"),
            "store_page": url_for("rep.store", store_id=0).removesuffix("0"),
        },
    }


def page_made_at() -> str:
    """This moment in UTC (ISO 8601): when a page was made, for its "as of" line."""
    return utcnow().isoformat(timespec="seconds")


@bp.app_context_processor
def pwa_template_globals() -> dict:
    """`pwa_client_config()` and `pwa_scripts` for templates/pwa/partial/client.html, and
    `page_made_at()` for the "as of" line of pages the service worker may serve stale."""
    return {"pwa_client_config": client_config, "pwa_scripts": CLIENT_SCRIPTS,
            "page_made_at": page_made_at}
