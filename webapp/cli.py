"""Flask commands: `demo`, `seed`, `create-user`, `purge-tombstones`, `escalate`."""

import gc
from datetime import timedelta

import click
from flask import Flask, current_app
from flask_migrate import upgrade
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash
from werkzeug.serving import run_simple

from . import clock
from .extensions import db
from .models import Store, User
from .rules.roles import ROLES
from .services.ticket_escalation import escalate_overdue
from .services.tombstones import purge_tombstones

DEMO_PASSWORD = "demo1234"
DEMO_LOGINS = (
    ("hq", "hq_staff"),
    ("manager1", "market_manager"),
    ("rep1", "rep"),
    ("owner1", "store_owner"),
)


def register_cli(app: Flask) -> None:
    """Attach the commands to `flask --app webapp ...`."""

    @app.cli.command("seed")
    @click.option("--stores", default=500, show_default=True, type=click.IntRange(1))
    @click.option("--reps", default=50, show_default=True, type=click.IntRange(1))
    @click.option("--days", default=365, show_default=True, type=click.IntRange(1))
    @click.option("--seed", "seed_value", default=1, show_default=True, type=int)
    def seed_command(stores: int, reps: int, days: int, seed_value: int) -> None:
        """Generate deterministic synthetic data into an empty, migrated database.

        Seeded accounts cannot sign in (no password); only `demo` sets passwords.
        """
        from .seed import SeedSpec, seed_database

        spec = SeedSpec(stores=stores, reps=reps, days=days, seed=seed_value,
                        timezone=current_app.config["TIMEZONE"],
                        upload_dir=current_app.config["UPLOAD_DIR"])
        try:
            result = seed_database(db.session, spec)
        except ValueError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"seeded {result['stores']} stores, {result['reps']} reps, {days} days "
                   f"in {result['seconds']} s")

    @app.cli.command("demo")
    @click.option("--host", default="127.0.0.1", show_default=True)
    @click.option("--port", default=5000, show_default=True, type=int)
    def demo_command(host: str, port: int) -> None:
        """Create or upgrade the database, add demo data when empty, and serve."""
        upgrade(directory=current_app.extensions["migrate"].directory)
        if not db.session.scalar(select(func.count()).select_from(Store)):
            from .seed import SeedSpec, seed_database

            spec = SeedSpec(stores=24, reps=3, days=90, seed=7,
                            timezone=current_app.config["TIMEZONE"],
                            password_hash=generate_password_hash(DEMO_PASSWORD),
                            upload_dir=current_app.config["UPLOAD_DIR"])
            seed_database(db.session, spec)
            click.echo("Demo data created.")
        click.echo("Demo logins (password demo1234):")
        for username, role in DEMO_LOGINS:
            click.echo(f"  {username:<9} {role}")
        click.echo(f"Serving Rounds on http://{host}:{port}/")
        db.session.remove()
        gc.collect()
        gc.freeze()  # as wsgi.py: start-up objects out of the collector's scans
        # app.run() is a no-op inside a `flask` command, so serve with Werkzeug directly.
        run_simple(host, port, current_app._get_current_object(), threaded=True,
                   use_reloader=False, use_debugger=False)

    @app.cli.command("create-user")
    @click.argument("username")
    @click.option("--role", required=True,
                  type=click.Choice(ROLES))
    @click.option("--name", "display_name", default=None)
    @click.option("--territory", "territory_id", type=int, default=None)
    @click.option("--region", "region_id", type=int, default=None)
    @click.password_option()
    def create_user_command(username, role, display_name, territory_id, region_id, password):
        """Create a user (prompts for the password)."""
        if db.session.scalar(select(User).where(User.username == username)):
            raise click.ClickException(f"user {username!r} already exists")
        if len(password) < 8:
            raise click.ClickException("the password needs at least 8 characters")
        user = User(username=username, display_name=display_name or username, role=role,
                    territory_id=territory_id, region_id=region_id)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        click.echo(f"created {role} {username}")

    @app.cli.command("purge-tombstones")
    @click.option("--days", type=click.IntRange(1), default=None,
                  help="keep this many days (default: SYNC_TOMBSTONE_RETENTION_DAYS)")
    def purge_tombstones_command(days: int | None) -> None:
        """Purge tombstones older than the retention; older pull cursors then reset."""
        days = days or current_app.config["SYNC_TOMBSTONE_RETENTION_DAYS"]
        purged = purge_tombstones(db.session, clock.now() - timedelta(days=days))
        db.session.commit()
        click.echo(f"purged {purged} tombstone(s) older than {days} days")

    @app.cli.command("escalate")
    def escalate_command() -> None:
        """Escalate open tickets whose deadlines passed (one tier per missed deadline,
        once each). Idempotent: run it from cron or a systemd timer every few minutes
        (docs/operations.md)."""
        made = escalate_overdue(db.session, clock.now())
        db.session.commit()
        click.echo(f"escalated {made} missed deadline(s)")
