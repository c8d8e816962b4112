"""Login, logout and the language switch."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, limiter
from ..models import utcnow
from .credentials import authenticate, grant_device_registration
from .forms import LanguageForm, LoginForm
from .roles import home_endpoint

bp = Blueprint("auth", __name__)


@bp.after_app_request
def keep_signed_in_pages_private(response):
    """A page made for a signed-in user is never kept by the browser (HTTP cache or
    back/forward cache): after signing out, Back cannot bring it up again. The service
    worker keeps its own copies (dropped on sign-out)."""
    if response.mimetype == "text/html" and current_user and current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


def _safe_next(target: str | None) -> str | None:
    """Only follow a `next` that stays on this site (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/")
def index():
    """Send each user to their own home page."""
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user.role)))
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Show the login form; sign the user in on valid credentials."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = authenticate(db.session, form.username.data, form.password.data)
        if user is not None:
            session.permanent = True  # set once here: no cookie rewritten on every response
            login_user(user, remember=form.remember.data)
            session["locale"] = user.locale
            # the PWA registers this phone right after signing in, with no password prompt
            grant_device_registration(session, utcnow().timestamp())
            target = _safe_next(form.next.data) or url_for(home_endpoint(user.role))
            return redirect(target)
        flash(_("Wrong username or password."), "error")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out (POST only, so a link cannot sign anyone out).

    Ends every session of the user, so a copy of this browser's cookie (or its
    remember cookie) stops working too.
    """
    current_user.end_sessions()
    db.session.commit()
    logout_user()
    flash(_("You have signed out."), "info")
    response = redirect(url_for("auth.login"))
    # The browser drops its HTTP and back/forward caches of this site's pages too.
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@bp.route("/language", methods=["POST"])
def set_language():
    """Switch the UI language; remembered on the user when signed in."""
    form = LanguageForm()
    if form.validate_on_submit():
        session["locale"] = form.locale.data
        if current_user.is_authenticated:
            current_user.locale = form.locale.data
            db.session.commit()
    target = _safe_next(form.next.data) or url_for("auth.index")
    return redirect(target, code=303)
