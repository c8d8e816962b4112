"""The installable app's server side: manifest, service worker, offline page, and the
PWA's device registration with its session (webapp/pwa.py, webapp/api/views/sync.py)."""

import json
import re
import uuid
from pathlib import Path

from sqlalchemy import delete, select
from time_helpers import hlc_ms, local_iso

from webapp.models import Device, Store, User, Visit

STATIC = Path(__file__).resolve().parents[2] / "static"


def _precache(body: str) -> list[dict]:
    match = re.search(r"var PRECACHE = (\[.*?\]);", body, re.S)
    assert match, "the precache list is not filled in"
    return json.loads(match.group(1))


def test_service_worker_is_served_from_the_root_with_its_precache_list(app, client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    body = response.get_data(as_text=True)
    assert "self.__WB_MANIFEST" not in body
    imports = re.findall(r"importScripts\(([^)]*)\)", body)
    assert imports and all("http" not in line for line in imports), "Workbox from our own files"
    assert "/static/vendor/workbox-v7.4.1/workbox-sw.js" in body
    assert "debug: false" in body
    entries = {e["url"]: e["revision"] for e in _precache(body)}
    assert re.fullmatch(r"[0-9a-f]{20}", entries["/offline"])
    # static files: the content-hashed URL pages ask for, fetched through the HTTP cache
    static = {url.split("?")[0]: (url, revision) for url, revision in entries.items()
              if url.startswith("/static/")}
    for path in ("/static/js/outbox.js", "/static/js/sync-client.js", "/static/js/offline-ui.js",
                 "/static/css/pwa.css", "/static/icons/icon-192.png",
                 "/static/vendor/idb-8.0.4.umd.js"):
        url, revision = static[path]
        assert re.fullmatch(re.escape(path) + r"\?v=[0-9a-f]{20}", url) and revision is None, url
    assert "/static/js/sw.js" not in static


def test_static_urls_carry_their_content_hash_and_are_kept_a_year(app, client):
    from webapp.pwa import file_revision

    html = client.get("/login").get_data(as_text=True)
    url = re.search(r'href="(/static/css/app\.css\?v=([0-9a-f]{20}))"', html)
    assert url, "the stylesheet is linked without its content hash"
    assert url.group(2) == file_revision(STATIC / "css" / "app.css")
    with client.get(url.group(1)) as hashed:
        assert hashed.status_code == 200
        assert hashed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    # an older hash, or none, gets today's file and is revalidated, never kept a year
    for stale in ("/static/css/app.css?v=0123456789abcdef0123", "/static/css/app.css"):
        with client.get(stale) as response:
            assert response.status_code == 200 and "immutable" not in response.headers.get(
                "Cache-Control", ""), stale


def test_the_worker_imports_the_same_hashed_scripts_the_pages_load(app, client):
    body = client.get("/sw.js").get_data(as_text=True)
    imports = " ".join(re.findall(r"importScripts\(([^)]*)\)", body))
    for name in ("vendor/idb-8.0.4.umd.js", "js/hlc.js", "js/outbox.js", "js/sync-client.js"):
        assert re.search(rf"'/static/{re.escape(name)}\?v=[0-9a-f]{{20}}'", imports), name


def test_the_worker_and_the_pages_load_our_scripts_in_the_one_documented_order(
        seeded, web, password):
    """webapp/pwa.py WORKER_SCRIPTS: the worker imports them in that order, and every
    phone page loads them first in the same order, then its own (CLIENT_SCRIPTS)."""
    from webapp.pwa import CLIENT_SCRIPTS, WORKER_SCRIPTS

    body = web.client.get("/sw.js").get_data(as_text=True)
    imports = " ".join(re.findall(r"importScripts\(([^)]*)\)", body))
    ours = re.findall(r"'/static/((?:js|vendor)/[\w./-]+\.js)\?v=", imports)
    assert [name for name in ours if "workbox" not in name] == list(WORKER_SCRIPTS)
    assert CLIENT_SCRIPTS[:len(WORKER_SCRIPTS)] == WORKER_SCRIPTS
    web.login("rep1", password)
    html = web.client.get("/rep/today").get_data(as_text=True)
    loaded = re.findall(r'<script src="/static/([\w./-]+\.js)\?v=[0-9a-f]{20}" defer>', html)
    shared = [name for name in loaded if name in CLIENT_SCRIPTS]
    assert shared == list(CLIENT_SCRIPTS), loaded


def test_a_changed_file_gets_a_new_revision(app, tmp_path):
    from webapp.pwa import file_revision

    path = tmp_path / "a.js"
    path.write_text("one")
    first = file_revision(path)
    path.write_text("two!")
    assert file_revision(path) != first
    path.write_text("one")
    assert file_revision(path) == first


def test_manifest_makes_the_app_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    body = response.get_json()
    assert body["display"] == "standalone" and body["scope"] == "/"
    assert body["start_url"] == "/" and body["name"] == "巡店"
    sizes = {(i["sizes"], i["purpose"]) for i in body["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in body["icons"]:
        with client.get(icon["src"]) as served:
            assert served.status_code == 200 and served.mimetype == "image/png"
        assert (STATIC / icon["src"].split("?")[0].removeprefix("/static/")).stat().st_size > 0


def test_every_page_links_the_manifest_and_the_ios_tags(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<meta name="apple-mobile-web-app-capable" content="yes">' in html
    assert '<meta name="apple-mobile-web-app-status-bar-style" content="default">' in html
    assert '<meta name="apple-mobile-web-app-title" content="巡店">' in html
    assert re.search(r'rel="apple-touch-icon" href="/static/icons/apple-touch-icon-180\.png'
                     r'\?v=[0-9a-f]{20}"', html)


def _config(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="rounds-sync-config">(.*?)</script>',
                      html, re.S)
    assert match, "no client config on the page"
    return json.loads(match.group(1))


def test_the_offline_page_names_nobody_even_when_cached_by_a_signed_in_phone(seeded, web,
                                                                              password):
    web.login("rep1", password)
    html = web.client.get("/offline").get_data(as_text=True)
    assert "data-offline-page" in html and 'id="sync-status"' in html
    config = _config(html)
    assert config["shared"] is True and config["user_id"] is None and config["username"] is None
    assert "rep1" not in html


def test_rep_pages_carry_the_client_and_its_config(seeded, db, web, password):
    web.login("rep1", password)
    html = web.client.get("/rep/today").get_data(as_text=True)
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    config = _config(html)
    assert config["user_id"] == rep.id and config["shared"] is False
    assert config["schema_version"] == 1 and config["max_batch"] == 200
    assert config["urls"]["push"] == "/sync/push" and config["urls"]["store_page"] == "/rep/stores/"
    for script in ("idb-8.0.4.umd.js", "outbox.js", "sync-client.js", "offline-ui.js"):
        assert script in html
    strings = json.loads(re.search(r'id="rounds-i18n">(.*?)</script>', html, re.S).group(1))
    assert "{n}" in strings["status_waiting"]


def test_only_reps_get_the_sync_chip_and_the_offline_client(seeded, web, password):
    web.login("owner1", password)
    owner_home = web.client.get("/store/").get_data(as_text=True)
    assert 'id="sync-status"' not in owner_home and "outbox.js" not in owner_home
    web.client.post("/logout", data={"csrf_token": web.csrf_from("/store/")})
    web.login("rep1", password)
    assert 'id="sync-status"' in web.client.get("/rep/today").get_data(as_text=True)


def test_the_pwa_registers_its_device_with_session_and_csrf_header(seeded, db, web, password):
    web.login("rep1", password)
    token = web.csrf_from("/rep/today")
    refused = web.client.post("/api/devices", json={"device_name": "rep1 · Android Chrome"})
    assert refused.status_code == 403 and refused.get_json()["error"] == "forbidden"
    response = web.client.post("/api/devices", json={"device_name": "rep1 · Android Chrome"},
                               headers={"X-CSRFToken": token})
    assert response.status_code == 201
    device = response.get_json()
    row = db.session.get(Device, device["device_id"])
    assert row.user.username == "rep1" and row.name == "rep1 · Android Chrome"
    assert row.token_hash != device["token"]
    # the phone then pushes with that device's bearer token and its own device_id
    territory = db.session.scalar(select(User).where(User.username == "rep1")).territory_id
    store = db.session.scalar(select(Store).where(Store.territory_id == territory))
    record = {"id": str(uuid.uuid4()), "type": "visit", "seq": 1,
              "hlc": f"{hlc_ms(-60_000)}:0:p0011223344556677",
              "data": {"store_id": store.id, "started_at": local_iso(-4, 10),
                       "purposes": ["routine"], "notes": "from the PWA"}}
    body = {"device_id": device["device_id"], "schema_version": 1, "records": [record]}
    pushed = web.client.post("/sync/push", json=body,
                             headers={"Authorization": f"Bearer {device['token']}"})
    assert [r["status"] for r in pushed.get_json()["results"]] == ["applied"]
    assert db.session.get(Visit, record["id"]).device_id == device["device_id"]
    other = {**body, "device_id": str(uuid.uuid4())}
    assert web.client.post("/sync/push", json=other, headers={
        "Authorization": f"Bearer {device['token']}"}).status_code == 403


def test_the_warm_list_names_the_stores_due_in_the_next_days_and_their_forms(
        app, seeded, db, web, password):
    from webapp.models import utcnow
    from webapp.rep.queries.today import today_round
    from webapp.request_context import service_settings, work_calendar

    assert web.client.get("/pwa/warm").get_json() == {"urls": [], "stores": []}  # signed out
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    # a store never visited is due whatever the hour: late in the day the seeded round
    # may be done already
    never = db.session.scalar(select(Store).where(Store.territory_id == rep.territory_id)
                              .order_by(Store.id.desc()))
    db.session.execute(delete(Visit).where(Visit.store_id == never.id))
    db.session.commit()
    web.login("rep1", password)
    body = web.client.get("/pwa/warm").get_json()
    settings = service_settings()
    calendar = work_calendar(settings)
    today = calendar.local_date(utcnow())
    due_today = [s.store.id for s in today_round(db.session, rep, today, utcnow(), settings,
                                                 calendar).stops]
    assert never.id in due_today and body["stores"][:len(due_today)] == due_today
    territory = {s.id for s in db.session.scalars(select(Store).where(
        Store.territory_id == rep.territory_id))}
    assert set(body["stores"]) <= territory
    assert body["urls"][0] == "/rep/today"
    store_id = due_today[0]
    for url in (f"/rep/stores/{store_id}", f"/rep/stores/{store_id}/visit",
                f"/rep/stores/{store_id}/prices", f"/rep/stores/{store_id}/info"):
        assert url in body["urls"]
        assert web.client.get(url).status_code == 200, url
    web.login("hq", password)
    assert web.client.get("/pwa/warm").get_json()["urls"] == []


def test_token_sync_calls_from_a_signed_in_page_leave_its_session_alone(seeded, web,
                                                                         password):
    web.login("rep1", password)
    token = web.csrf_from("/rep/today")
    device = web.client.post("/api/devices", json={"device_name": "rep1 · phone"},
                             headers={"X-CSRFToken": token}).get_json()
    bearer = {"Authorization": f"Bearer {device['token']}"}
    pulled = web.client.get(f"/sync/pull?cursor=&device_id={device['device_id']}",
                            headers=bearer)
    assert pulled.status_code == 200
    assert "Set-Cookie" not in pulled.headers
    pushed = web.client.post("/sync/push", headers=bearer, json={
        "device_id": device["device_id"], "schema_version": 1, "records": []})
    assert pushed.status_code == 200 and "Set-Cookie" not in pushed.headers
    # the page's session and its CSRF token still work afterwards
    assert web.client.get("/rep/today").status_code == 200
    switched = web.client.post("/language", data={"locale": "en", "next": "/rep/today",
                                                  "csrf_token": token})
    assert switched.status_code == 303
