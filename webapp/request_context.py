"""The services' context for the current request: the app's config and session.

Views call these; the services themselves (`webapp.services`) take plain values
and a session and never import Flask.
"""

from flask import current_app

from .extensions import db
from .models import Device, User
from .rules.calendar import WorkCalendar
from .rules.settings import ServiceSettings
from .services.context import PushContext, build_push_context, load_calendar, load_settings


def service_settings() -> ServiceSettings:
    """The distributor's settings: defaults, the configured zone, stored `Setting` rows."""
    return load_settings(db.session, current_app.config["TIMEZONE"])


def work_calendar(settings: ServiceSettings) -> WorkCalendar:
    """The working calendar from the settings plus HQ's holidays and make-up days."""
    return load_calendar(db.session, settings)


def push_context(user: User, device: Device | None = None) -> PushContext:
    """A PushContext for the current request."""
    return build_push_context(db.session, user, device, current_app.config)
