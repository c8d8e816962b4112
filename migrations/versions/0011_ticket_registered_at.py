"""the moment a ticket was written into Rounds, on the ticket

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28 06:00:00

- `ticket.registered_at`: when Rounds wrote the ticket down (its `created` event), the
  step the register deadline (受理登记, 1 hour) measures. Until now it was read from the
  ticket's `created` event, one look-up per ticket; the escalation sweep over 100,000s
  of open tickets now compares columns of one row. Filled here from the `created` events
  (a ticket without one stays NULL: measured by its receipt, as before).

Downgrade drops the column (the `created` events still hold the moments).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('ticket', sa.Column('registered_at', sa.DateTime(timezone=True),
                                      nullable=True))
    op.execute("UPDATE ticket SET registered_at = (SELECT MIN(ticket_event.at) "
               "FROM ticket_event WHERE ticket_event.ticket_id = ticket.id "
               "AND ticket_event.kind = 'created')")


def downgrade():
    # a plain DROP COLUMN (SQLite 3.35+, PostgreSQL): no foreign key or index holds it
    op.execute("ALTER TABLE ticket DROP COLUMN registered_at")
