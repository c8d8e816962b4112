"""Users and their roles."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..rules.roles import ROLES
from .base import Base, utcnow
from .geo import Region, Territory

LOCALES = ("zh", "en")


class User(Base):
    """A person who signs in: rep, market manager, store owner, HQ staff or admin.

    Reps are assigned to one territory, market managers to one region; store
    owners own stores through `Store.owner_id`.
    """

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(f"role IN ({','.join(repr(r) for r in ROLES)})", name="role"),
        CheckConstraint("locale IN ('zh','en')", name="locale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(32))
    locale: Mapped[str] = mapped_column(String(5), default="zh")
    active: Mapped[bool] = mapped_column(default=True)
    territory_id: Mapped[int | None] = mapped_column(ForeignKey("territory.id"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Part of every session and remember cookie (see get_id); raising it ends them all.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    territory: Mapped[Territory | None] = relationship()
    region: Mapped[Region | None] = relationship()

    def set_password(self, password: str) -> None:
        """Store a salted hash of `password` (never the password itself); ends every session."""
        self.password_hash = generate_password_hash(password)
        self.end_sessions()

    def end_sessions(self) -> None:
        """Sign the user out everywhere: every session and remember cookie stops working.

        Used on logout, password change, deactivation and device revocation. Sessions
        are signed cookies, so "this browser only" cannot be told apart from the rest.
        """
        self.session_version = (self.session_version or 0) + 1

    def deactivate(self) -> None:
        """Stop the user from signing in, and end the sessions they have."""
        self.active = False
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        """True when `password` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    # Flask-Login's user protocol, written out so this module needs no Flask import.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """"<id>:<session version>", kept in the session and the remember cookie."""
        return f"{self.id}:{self.session_version or 0}"


def parse_session_id(value: str) -> tuple[int, int] | None:
    """(user id, session version) from what `User.get_id` wrote, or None if malformed."""
    user_id, sep, version = (value or "").partition(":")
    if not sep or not user_id.isdigit() or not version.isdigit() or len(value) > 40:
        return None
    return int(user_id), int(version)
