"""Shared fixtures: a real database (SQLite file, or PostgreSQL via TEST_DATABASE_URL).

The schema is built once per session by the Alembic migrations, exactly as in
production; every test then starts from empty tables.
"""

import os
import re
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from time_helpers import move_clock_to, suite_now
from werkzeug.security import generate_password_hash

TEST_PASSWORD = "secret-pw-1"
_PASSWORD_HASH = generate_password_hash(TEST_PASSWORD)


def _reset_database(url: str) -> None:
    """Drop everything in the test database so the migrations start from nothing."""
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """TEST_DATABASE_URL (PostgreSQL in CI) or a fresh SQLite file."""
    from webapp.config import normalise_database_url

    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return normalise_database_url(url)
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")


def _fresh_request_globals():
    """Give each test request its own `g`, as production does.

    The tests hold one application context open (so they can use `db.session`),
    and Flask reuses an open context for requests, so `g` (the signed-in user,
    the CSRF token) would otherwise leak from one client to the next.
    """
    from flask import g

    for name in list(vars(g)):
        delattr(g, name)


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    """One application for the whole run, its schema built by `db upgrade`."""
    from flask_migrate import upgrade

    from webapp import create_app

    instance = tmp_path_factory.mktemp("instance")
    os.environ["ROUNDS_INSTANCE_PATH"] = str(instance)
    _reset_database(database_url)
    application = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "UPLOAD_DIR": str(instance / "uploads"),
    })
    application.before_request_funcs.setdefault(None, []).insert(0, _fresh_request_globals)
    with application.app_context():
        upgrade(directory=application.extensions["migrate"].directory)
        yield application
        from webapp.extensions import db as database

        database.session.remove()
        database.engine.dispose()


@pytest.fixture(autouse=True)
def app_clock():
    """The app's clock, pinned to the suite's instant at the start of every test.

    It ticks on from there; `move_clock_to` (time_helpers) sets another instant. The
    live server of the browser tests is a thread of this process, so it reads it too.
    """
    from webapp import clock

    move_clock_to(suite_now())
    yield clock
    clock.unpin()


@pytest.fixture(autouse=True)
def _empty_tables(request):
    """Every test that uses the app starts and ends with empty tables."""
    yield
    if "app" not in request.fixturenames:
        return
    from webapp.extensions import db, limiter
    from webapp.models import Base

    db.session.rollback()
    db.session.remove()
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    # A browser test's live server may still be answering a late request (a service
    # worker warming its cache) while we empty the tables: on PostgreSQL that can
    # deadlock with TRUNCATE, so wait for the lock briefly and try again.
    for attempt in range(20):
        try:
            _truncate(db.engine, tables)
            break
        except OperationalError:
            if attempt == 19:
                raise
            time.sleep(0.25)
    limiter.reset()


def _truncate(engine, tables: list[str]) -> None:
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL lock_timeout = '2s'"))
            quoted = ", ".join(f'"{name}"' for name in tables)
            conn.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                conn.execute(text(f'DELETE FROM "{name}"'))


@pytest.fixture
def db(app):
    """The Flask-SQLAlchemy handle, inside the app context."""
    from webapp.extensions import db as database

    return database


@pytest.fixture
def seeded(app, db, app_clock):
    """A small deterministic data set whose history ends at the app clock's now; every
    seeded account's password is TEST_PASSWORD."""
    from webapp.seed import SeedSpec, seed_database

    return seed_database(db.session, SeedSpec(stores=12, reps=3, days=21, seed=5,
                                              password_hash=_PASSWORD_HASH,
                                              upload_dir=app.config["UPLOAD_DIR"]))


@pytest.fixture(scope="session")
def live_server(app):
    """The test app on a real HTTP server thread on 127.0.0.1 (threaded, like `flask demo`)."""
    import threading

    from werkzeug.serving import WSGIRequestHandler, make_server

    from webapp import clock

    class AppClockHandler(WSGIRequestHandler):
        """HTTP `Date` headers from the app's clock, as the phone scripts (which correct
        their clock by it) and the service worker's cache expiry read them."""

        def date_time_string(self, timestamp=None):
            return super().date_time_string(
                clock.now().timestamp() if timestamp is None else timestamp)

    def closing_when_dropped(environ, start_response):
        """The answer's iterable is closed even when the phone drops the connection
        mid-answer (tests cut connections on purpose): Werkzeug's dev server skips
        `close()` then, and the open static file would be finalised with a
        ResourceWarning in whichever test runs next."""
        answer = app(environ, start_response)
        try:
            yield from answer
        finally:
            if hasattr(answer, "close"):
                answer.close()

    server = make_server("127.0.0.1", 0, closing_when_dropped, threaded=True,
                         request_handler=AppClockHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


class Browser:
    """A test client that behaves like a browser: it reads CSRF tokens from pages."""

    def __init__(self, client):
        self.client = client

    def csrf_from(self, url: str) -> str:
        """The CSRF token embedded in the page at `url`."""
        html = self.client.get(url).get_data(as_text=True)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
            r'name="csrf-token" content="([^"]+)"', html)
        assert match, f"no CSRF token on {url}"
        return match.group(1)

    def login(self, username: str, password: str = TEST_PASSWORD):
        """Sign in through the real login form."""
        token = self.csrf_from("/login")
        return self.client.post("/login", data={"username": username, "password": password,
                                                "csrf_token": token})

    def post_form(self, url: str, data: dict, page: str | None = None, **kwargs):
        """POST a form with the CSRF token taken from `page` (default: the same URL)."""
        token = self.csrf_from(page or url)
        return self.client.post(url, data={**data, "csrf_token": token}, **kwargs)


@pytest.fixture
def client(app):
    """A plain Flask test client (real HTTP semantics, no server)."""
    return app.test_client()


@pytest.fixture
def web(client) -> Browser:
    """A test client with CSRF-aware helpers (named `web`: `browser` is Playwright's)."""
    return Browser(client)


@pytest.fixture
def password_hash() -> str:
    """The hash of TEST_PASSWORD, for seeding accounts that can sign in."""
    return _PASSWORD_HASH


@pytest.fixture
def password() -> str:
    """The password of every account the `seeded` fixture creates."""
    return TEST_PASSWORD


@pytest.fixture
def make_web(app):
    """Make more independent browsers (another phone, another user)."""
    return lambda: Browser(app.test_client())


def pytest_report_header(config):
    url = os.environ.get("TEST_DATABASE_URL")
    return [f"database: {'PostgreSQL ' + url if url else 'SQLite (temporary file)'}",
            f"app clock pinned at: {suite_now().isoformat()} (ROUNDS_TEST_NOW)"]


ROOT = Path(__file__).resolve().parent.parent
