"""Glue between the web layer and the `sync` package: settings, calendar, context."""

from flask import current_app
from sqlalchemy import select

from sync.context import PushContext
from sync.hlc import HybridClock

from . import clock
from .extensions import db
from .models import CalendarDay, Device, Setting, User
from .rules.calendar import WorkCalendar
from .rules.settings import ServiceSettings

_server_hlc = HybridClock("server", now_ms=clock.now_ms)


def server_hlc() -> HybridClock:
    """The server's hybrid logical clock, on the app's clock (`webapp.clock`): what HQ
    edits and forms posted without a clock are stamped with. (`sync.context.SERVER_CLOCK`,
    sync's default, reads the machine's clock.)"""
    return _server_hlc


def restart_server_hlc() -> None:
    """Start the server's HLC afresh. Tests do so whenever they pin the app clock: an HLC
    never goes back, so it would carry one pinned day's latest time into the next test."""
    global _server_hlc
    _server_hlc = HybridClock("server", now_ms=clock.now_ms)


def service_settings() -> ServiceSettings:
    """The distributor's settings: defaults overridden by stored `Setting` rows."""
    stored = {row.key: row.value for row in db.session.scalars(select(Setting))}
    overrides = {"timezone": current_app.config["TIMEZONE"], **stored}
    return ServiceSettings.from_mapping(overrides)


def work_calendar(settings: ServiceSettings) -> WorkCalendar:
    """The working calendar from the settings plus HQ's holidays and make-up days."""
    days = db.session.scalars(select(CalendarDay)).all()
    return WorkCalendar.from_settings(
        settings,
        holidays={d.day for d in days if d.kind == "holiday"},
        makeup_workdays={d.day for d in days if d.kind == "workday"},
    )


def push_context(user: User, device: Device | None = None) -> PushContext:
    """A PushContext for the current request."""
    settings = service_settings()
    return PushContext(
        session=db.session, user=user, device=device, settings=settings,
        calendar=work_calendar(settings), clock=server_hlc(), now=clock.now(),
        max_skew_ms=current_app.config["SYNC_MAX_CLOCK_SKEW_MS"],
        max_seq_jump=current_app.config["SYNC_MAX_SEQ_JUMP"],
        lock_timeout_ms=current_app.config["SYNC_LOCK_TIMEOUT_MS"],
    )
