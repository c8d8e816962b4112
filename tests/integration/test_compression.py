"""Responses travel compressed when the client asks (issue 9, item 22: 0 of 91 were).

Pages, JSON (the sync pull, the service worker, the manifest), CSS and JS come brotli or
gzip; images never, as they are compressed already. Every compressible answer says
`Vary: Accept-Encoding`, and a static file's ETag names its encoding so a conditional
request still answers 304.
"""

import gzip
import json

import brotli
import pytest
from sync_helpers import register

PAGE = "/login"
SCRIPT = "/static/vendor/htmx-2.0.11.min.js"
IMAGE = "/static/icons/icon-192.png"


def _get(client, url, **headers):
    """GET, body read and the file (static files are streams) closed."""
    response = client.get(url, headers=headers)
    response.get_data()
    response.close()
    return response


def _plain(client, url, **headers):
    return _get(client, url, **{"Accept-Encoding": "identity", **headers})


@pytest.mark.parametrize(("asked", "decode"), [("br", brotli.decompress),
                                               ("gzip", gzip.decompress)])
def test_pages_travel_compressed_in_the_encoding_asked(client, asked, decode):
    plain = _plain(client, PAGE)
    response = _get(client, PAGE, **{"Accept-Encoding": asked})
    assert plain.headers.get("Content-Encoding") is None
    assert response.headers["Content-Encoding"] == asked
    assert "Accept-Encoding" in response.headers["Vary"]
    body = decode(response.get_data())
    assert b"<form" in body and len(response.get_data()) < len(body) / 2


@pytest.mark.parametrize(("asked", "encoding", "decode"), [
    ("gzip, deflate, br, zstd", "br", brotli.decompress),  # Chromium over HTTPS
    ("gzip, deflate", "gzip", gzip.decompress),  # Chromium over plain HTTP
])
def test_static_scripts_travel_compressed(client, asked, encoding, decode):
    plain = _plain(client, SCRIPT).get_data()
    response = _get(client, SCRIPT, **{"Accept-Encoding": asked})
    assert response.headers["Content-Encoding"] == encoding
    assert decode(response.get_data()) == plain
    assert len(response.get_data()) < len(plain) / 2


def test_a_compressed_static_file_answers_304_to_its_own_etag(client):
    first = _get(client, SCRIPT, **{"Accept-Encoding": "br"})
    etag = first.headers["ETag"]
    assert etag.endswith(':br"'), "the ETag names the encoding: a cache never mixes them"
    again = _get(client, SCRIPT, **{"Accept-Encoding": "br", "If-None-Match": etag})
    assert again.status_code == 304
    assert _plain(client, SCRIPT).headers["ETag"] != etag


def test_images_are_not_compressed_again(client):
    response = _get(client, IMAGE, **{"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") is None


def test_the_service_worker_and_the_sync_pull_travel_compressed(seeded, client, password):
    worker = client.get("/sw.js", headers={"Accept-Encoding": "br"})
    assert worker.headers["Content-Encoding"] == "br"
    assert b"precacheAndRoute" in brotli.decompress(worker.get_data())
    assert worker.headers["Cache-Control"] == "no-cache"
    device = register(client, "rep1", password)
    auth = {"Authorization": f"Bearer {device['token']}"}
    url = f"/sync/pull?cursor=&device_id={device['device_id']}"
    pulled = client.get(url, headers={**auth, "Accept-Encoding": "gzip"})
    assert pulled.status_code == 200
    assert pulled.headers["Content-Encoding"] == "gzip"
    body = json.loads(gzip.decompress(pulled.get_data()))
    assert body["changes"] and body == _plain(client, url, **auth).get_json()
