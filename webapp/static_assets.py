"""Content-hashed static URLs, kept by browsers for a year (issue 9, item 22).

Every `url_for('static', filename=...)` gets `?v=<content hash>`; a request whose `v`
is the file's current hash is answered `Cache-Control: public, max-age=31536000,
immutable`, so the browser's HTTP cache answers every later request for it, the
service worker's precache install included (its entries carry the hashed URL and
`revision: null`, so Workbox fetches them with the default cache mode instead of
`cache: 'reload'`). A changed file gets a new URL; a stale `v` (or none) gets today's
file with the usual revalidation (`no-cache` and an ETag), never a year's keeping.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, current_app, request
from werkzeug.security import safe_join

HASH_PARAM = "v"
IMMUTABLE = "public, max-age=31536000, immutable"


@lru_cache(maxsize=256)
def _file_hash(path: str, mtime_ns: int, size: int) -> str:
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return digest[:20]


def file_revision(path: Path) -> str:
    """A content hash of `path` (memoised on its mtime and size)."""
    stat = path.stat()
    return _file_hash(str(path), stat.st_mtime_ns, stat.st_size)


def static_revision(filename: str) -> str | None:
    """The content hash of a file under the static folder, or None if there is none."""
    joined = safe_join(current_app.static_folder, filename)
    if joined is None:
        return None
    path = Path(joined)
    return file_revision(path) if path.is_file() else None


def add_content_hash(endpoint: str, values: dict) -> None:
    """`url_for('static', filename=f)` → `/static/f?v=<hash of f>` (unless `v` is given)."""
    if endpoint != "static" or HASH_PARAM in values or "filename" not in values:
        return
    revision = static_revision(values["filename"])
    if revision:
        values[HASH_PARAM] = revision


def keep_hashed_files(response: Response) -> Response:
    """A static file asked for by its current hash is kept a year and never revalidated."""
    if (request.endpoint == "static" and response.status_code in (200, 304)
            and request.args.get(HASH_PARAM)
            and request.args[HASH_PARAM] == static_revision(request.view_args["filename"])):
        response.headers["Cache-Control"] = IMMUTABLE
    return response


def init_static_assets(app: Flask) -> None:
    """Hash every static URL the app makes, and let browsers keep the hashed ones."""
    app.url_defaults(add_content_hash)
    app.after_request(keep_hashed_files)
