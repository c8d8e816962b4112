"""Error pages for browsers, JSON errors for the API and sync endpoints."""

from flask import Flask, g, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from .extensions import db
from .services.write_lock import is_lock_failure


def _wants_json() -> bool:
    return getattr(g, "wants_json", False) or request.path.startswith(("/api/", "/sync/"))


def register_error_handlers(app: Flask) -> None:
    """JSON for /api and /sync, friendly pages elsewhere; roll back on server errors."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = _("Your form expired or was sent from elsewhere. Reload the page and try again.")
        if _wants_json():
            return jsonify(error="csrf", message=error.description), 400
        return render_template("errors/error.html", code=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if _wants_json():
            return jsonify(error=error.name.lower().replace(" ", "_"),
                           message=error.description), error.code
        messages = {
            403: _("You are not allowed to see this page."),
            404: _("This page does not exist, or is not yours to see."),
            429: _("Too many attempts. Wait a minute and try again."),
        }
        message = messages.get(error.code, error.description)
        return render_template("errors/error.html", code=error.code, message=message), error.code

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        """A lock that could not be had in time is "busy, retry" (503), not a fault (500)."""
        if not is_lock_failure(error):
            return server_error(error)
        db.session.rollback()
        app.logger.warning("database busy on %s: %s", request.path, error.orig)
        retry_after = str(app.config["BUSY_RETRY_AFTER_S"])
        if _wants_json():
            response = jsonify(error="busy", message="the server is busy; send the same "
                                                     f"request again after {retry_after} s")
        else:
            response = make_response(render_template(
                "errors/error.html", code=503,
                message=_("The server is busy. Wait a moment and send it again.")))
        response.status_code = 503
        response.headers["Retry-After"] = retry_after
        return response

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error", exc_info=error)
        if _wants_json():
            return jsonify(error="server_error", message="internal error; retry later"), 500
        message = _("Something went wrong on our side. Nothing you saved was lost; try again.")
        return render_template("errors/error.html", code=500, message=message), 500
