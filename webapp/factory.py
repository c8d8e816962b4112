"""The application factory: configuration, extensions, blueprints, error pages."""

import os
import secrets
from pathlib import Path

from flask import Flask, g, request, session
from flask_login import current_user, user_loaded_from_cookie

from . import config as defaults
from .compression import init_compression
from .database import install_sqlite_pragmas
from .extensions import babel, csrf, db, limiter, login_manager, migrate
from .sessions import RoundsSessionInterface
from .static_assets import init_static_assets

ROOT = Path(__file__).resolve().parent.parent


def build_app(test_config: dict | None = None) -> Flask:
    """Create and configure a Rounds application."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("ROUNDS_INSTANCE_PATH") or str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(defaults.DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("ROUNDS")
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if test_config:
        app.config.from_mapping(test_config)

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _finish_config(app)
    _init_extensions(app)
    from .url_ids import IdConverter

    app.url_map.converters["int"] = IdConverter  # before any rule uses it
    _register_blueprints(app)
    from .errors import register_error_handlers
    from .templating import register_template_helpers

    register_error_handlers(app)
    register_template_helpers(app)
    from .cli import register_cli

    register_cli(app)
    return app


def _finish_config(app: Flask) -> None:
    cfg = app.config
    if not cfg.get("SECRET_KEY"):
        cfg["SECRET_KEY"] = _instance_secret(Path(app.instance_path))
    uri = cfg.get("SQLALCHEMY_DATABASE_URI") or defaults.sqlite_url(app.instance_path)
    cfg["SQLALCHEMY_DATABASE_URI"] = defaults.normalise_database_url(uri)
    if not cfg.get("UPLOAD_DIR"):
        cfg["UPLOAD_DIR"] = str(Path(app.instance_path) / "uploads")


def _instance_secret(instance: Path) -> str:
    """Read the secret key from instance/secret_key, generating it on first run."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _init_extensions(app: Flask) -> None:
    from .i18n import compile_catalogs, select_locale, select_timezone
    from .models.user import User, parse_session_id

    install_sqlite_pragmas(app.config["SQLITE_BUSY_TIMEOUT_MS"])
    # First, so its after_request runs last: it compresses the body the others finished.
    init_compression(app)
    init_static_assets(app)  # content-hashed static URLs, kept a year (issue 9, item 22)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    app.session_interface = RoundsSessionInterface()
    compile_catalogs()
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(session_id: str):
        """The user of a session or remember cookie, unless it was ended since it was made."""
        parsed = parse_session_id(session_id)
        if parsed is None:
            return None  # malformed, or a cookie from before session versions
        user = db.session.get(User, parsed[0])
        if user is None or not user.active or (user.session_version or 0) != parsed[1]:
            return None
        return user

    @user_loaded_from_cookie.connect_via(app)
    def keep_restored_session(_sender, user):
        # A session rebuilt from the remember cookie is made permanent, as sign-in does:
        # strong session protection would otherwise end a non-permanent one on the next
        # request, since it holds no identifier from a password sign-in.
        session.permanent = True

    @login_manager.unauthorized_handler
    def unauthorized():
        from flask import jsonify, redirect, url_for

        from .htmx import wants_json

        if wants_json():
            return jsonify(error="unauthorized", message="sign in or send a valid token"), 401
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))

    @app.before_request
    def remember_request_start():
        g.user = current_user


def _register_blueprints(app: Flask) -> None:
    from .api.views import bp as api_bp
    from .auth.views import bp as auth_bp
    from .hq.views import bp as hq_bp
    from .pwa import bp as pwa_bp
    from .rep.views import bp as rep_bp
    from .store.views import bp as store_bp

    for bp in (auth_bp, rep_bp, store_bp, hq_bp, api_bp, pwa_bp):
        app.register_blueprint(bp)
