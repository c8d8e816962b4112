"""HQ pages about phones: the device list (revoke a lost phone) and per-rep freshness."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...auth.roles import role_required
from ...extensions import db
from ...htmx import is_htmx_fragment_request
from ...models import User
from ...rules.roles import HQ_ROLES
from ...services.devices import revoke_device_by
from ..forms import ConfirmForm
from ..queries.freshness import rep_freshness
from ..queries.names import users_by_id
from ..sync_queries import find_device, scoped_devices
from .access import acting_user


def revokers(devices) -> dict[int, User]:
    """The users who revoked the listed devices, by id."""
    return users_by_id(db.session, (d.revoked_by_id for d in devices))


@role_required(*HQ_ROLES)
def devices():
    """Every phone in scope: last sync, reported queue, lost records, clock, status."""
    rows = scoped_devices(db.session, current_user)
    return render_template("hq/sync/devices.html", devices=rows, revokers=revokers(rows),
                           message=None)


@role_required(*HQ_ROLES)
def revoke(device_id: str):
    """Revoke a lost or stolen phone: its token answers 401 from now on."""
    device = find_device(db.session, current_user, device_id)
    if device is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if revoke_device_by(db.session, device, acting_user()):
        message = _("The phone “%(name)s” is revoked; it can no longer sync, and %(user)s is "
                    "signed out on every browser.", name=device.name,
                    user=device.user.display_name)
    else:
        message = _("The phone “%(name)s” was already revoked.", name=device.name)
    db.session.commit()
    if is_htmx_fragment_request():
        return render_template("hq/partial/device_row.html", d=device,
                               revokers=revokers([device]), message=("success", message))
    flash(message, "success")
    return redirect(url_for("hq.devices"), code=303)


@role_required(*HQ_ROLES)
def freshness():
    """How recent HQ's picture of each rep's work is."""
    return render_template("hq/sync/freshness.html",
                           lines=rep_freshness(db.session, current_user))
