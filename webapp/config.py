"""Configuration defaults. `instance/config.py`, then environment variables override them.

Every variable is listed in the README. Environment variables: `DATABASE_URL`,
`SECRET_KEY`, and any of the keys below prefixed with `ROUNDS_` (for example
`ROUNDS_TIMEZONE=Asia/Urumqi`); values are parsed as JSON when they can be.
"""

from pathlib import Path

DEFAULTS: dict = {
    # Where the SQLite file, uploads and the generated secret live (git-ignored).
    "SQLALCHEMY_DATABASE_URI": None,  # None: sqlite file instance/rounds.db
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SQLITE_BUSY_TIMEOUT_MS": 5000,
    # Shown times use this zone; storage is always UTC.
    "TIMEZONE": "Asia/Shanghai",
    # Chinese is the default UI language; English is switchable per user.
    "BABEL_DEFAULT_LOCALE": "zh",
    "LANGUAGES": ["zh", "en"],
    # Login attempts per client address (Flask-Limiter syntax).
    "LOGIN_RATE_LIMIT": "10 per minute",
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    # Uploads: photos only, at most this many bytes per request.
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
    "UPLOAD_DIR": None,  # None: instance/uploads
    # Photos: most pixels a photo's header may declare (checked before decoding: image
    # bombs); phones resize to about 2 Mpx, a full-resolution phone camera is under 24.
    "PHOTO_MAX_PIXELS": 24_000_000,
    # Unfinished chunked uploads one phone may leave on the server (parts untouched for
    # a day are dropped); at least one whole photo (8 MB).
    "PHOTO_PENDING_BYTES_PER_DEVICE": 32 * 1024 * 1024,
    # Sync: the most records one push may carry (the protocol's maximum is 5000).
    "SYNC_MAX_BATCH": 5000,
    "SYNC_MAX_CLOCK_SKEW_MS": 5 * 60 * 1000,
    # A seq this far above a device's highest is a broken counter (a fault HQ sees),
    # not lost records: twice the largest push.
    "SYNC_MAX_SEQ_JUMP": 10_000,
    # How long a push waits for its write lock before answering 503 with Retry-After.
    "SYNC_LOCK_TIMEOUT_MS": 5000,
    "BUSY_RETRY_AFTER_S": 2,
    "SYNC_TOMBSTONE_RETENTION_DAYS": 30,
    "SYNC_PULL_PAGE_SIZE": 2000,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # The cookie is sent again only when the session changes (sign-in, language, CSRF
    # token), never with every page, fragment and static file (issue 9, item 21).
    "SESSION_REFRESH_EACH_REQUEST": False,
    "REMEMBER_COOKIE_DURATION": 30 * 24 * 3600,
    # A signed-in page may register one device without sending the password again
    # this long after the password was typed at login (the PWA does so at once).
    "DEVICE_REGISTRATION_GRANT_SECONDS": 15 * 60,
    "WTF_CSRF_TIME_LIMIT": None,  # a rep's form may stay open all day on a phone
    # Flask-Compress (webapp/compression.py): pages, JSON (the sync pull), CSS and JS
    # travel brotli or gzip when the client asks (issue 9, item 22: phones on a weak
    # signal). Images (PNG, JPEG, WebP) are compressed already and are left alone.
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_BR_LEVEL": 5,
    "COMPRESS_STREAMS": False,  # nothing we stream is worth it; static text is buffered
}


def sqlite_url(instance_path: str) -> str:
    """The default database: an SQLite file inside the instance folder."""
    return "sqlite:///" + str(Path(instance_path) / "rounds.db")


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the usual way."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
