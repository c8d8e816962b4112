"""open check-ins move from the session cookie to the database

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 17:30:00

A rep's check-in at a store, until the visit is checked out, was kept in the signed
session cookie, which every response re-sent and a concurrent request could drop.
It is now a row: one per rep and store, keyed by the visit record's id.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('open_check_in',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('store_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lng', sa.Float(), nullable=True),
    sa.Column('accuracy_m', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['rep_id'], ['user_account.id'], name=op.f('fk_open_check_in_rep_id_user_account')),
    sa.ForeignKeyConstraint(['store_id'], ['store.id'], name=op.f('fk_open_check_in_store_id_store')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_open_check_in')),
    sa.UniqueConstraint('rep_id', 'store_id', name=op.f('uq_open_check_in_rep_id'))
    )
    with op.batch_alter_table('open_check_in', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_open_check_in_rep_id'), ['rep_id'], unique=False)


def downgrade():
    with op.batch_alter_table('open_check_in', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_open_check_in_rep_id'))
    op.drop_table('open_check_in')
