"""on the ticket: the moment it was written into Rounds, the deadlines it was escalated for

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28 06:00:00

- `ticket.registered_at`: when Rounds wrote the ticket down (its `created` event), the
  step the register deadline (受理登记, 1 hour) measures. Until now it was read from the
  ticket's `created` event, one look-up per ticket; the escalation sweep over 100,000s
  of open tickets now compares columns of one row. Filled here from the `created` events
  (a ticket without one stays NULL: measured by its receipt, as before).
- `ticket.escalated_deadlines`: the deadlines the ticket was escalated for, one bit each
  in DeadlineName order (register 1, first answer 2, temporary measure 4, resolution 8).
  The sweep picked new misses by position (`escalation_level`), which a severity raised
  later upsets: a temporary measure due before a deadline already escalated for was
  never named, and that deadline named twice. Filled here from the escalation events'
  notes ("first_answer → market_manager").

Downgrade drops both columns (the events still hold what they were filled from).
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
    op.add_column('ticket', sa.Column('escalated_deadlines', sa.SmallInteger(),
                                      server_default=sa.text('0'), nullable=False))
    for bit, name in ((1, 'register'), (2, 'first_answer'), (4, 'temp_measure'),
                      (8, 'resolve')):
        op.execute(f"UPDATE ticket SET escalated_deadlines = escalated_deadlines + {bit} "
                   "WHERE EXISTS (SELECT 1 FROM ticket_event WHERE "
                   "ticket_event.ticket_id = ticket.id AND ticket_event.kind = 'escalation' "
                   f"AND ticket_event.note LIKE '{name} →%')")


def downgrade():
    # a plain DROP COLUMN (SQLite 3.35+, PostgreSQL): no foreign key or index holds them
    op.execute("ALTER TABLE ticket DROP COLUMN escalated_deadlines")
    op.execute("ALTER TABLE ticket DROP COLUMN registered_at")
