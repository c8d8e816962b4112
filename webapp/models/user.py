"""Users and their roles."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .base import Base, utcnow
from .geo import Region, Territory

ROLES = ("rep", "market_manager", "store_owner", "hq_staff", "admin")
LOCALES = ("zh", "en")


class User(Base):
    """A person who signs in: rep, market manager, store owner, HQ staff or admin.

    Reps are assigned to one territory, market managers to one region; store
    owners own stores through `Store.owner_id`.
    """

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(
            "role IN ('rep','market_manager','store_owner','hq_staff','admin')", name="role"
        ),
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

    territory: Mapped[Territory | None] = relationship()
    region: Mapped[Region | None] = relationship()

    def set_password(self, password: str) -> None:
        """Store a salted hash of `password` (never the password itself)."""
        self.password_hash = generate_password_hash(password)

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
        return str(self.id)
