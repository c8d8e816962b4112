"""ticket numbers from a per-day counter

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 17:40:00

Adds `ticket_number_counter` (one row per local day: the last number handed out).
New tickets are numbered TK<yyyymmdd>-<n, at least 6 digits> from it, so two
tickets of one day never collide (the old TK<yyyymmdd>-<8 hex of the id> could).
Existing numbers stay as they are: their suffix has 8 hex characters, new ones
have 6 digits (7 only past a million tickets in a day), so the two never meet.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ticket_number_counter',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_ticket_number_counter'))
    )


def downgrade():
    op.drop_table('ticket_number_counter')
