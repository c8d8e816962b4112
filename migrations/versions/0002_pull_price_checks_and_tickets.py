"""sync pull: change numbers on price checks and tickets

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:20:00

Adds `change_seq` (nullable, indexed) to `price_check` and `ticket`, and an index
on (store_id, change_seq) for the current checks of a store. Existing rows that a
phone should pull are numbered from the shared counter (`sync_counter`), in id
order: the latest price check of each store and product (by observed_at, then id),
and every ticket that is not closed. The rest stay NULL: they never travel
(superseded, or closed before any phone saw them).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

PRICE_CHECKS = sa.text("SELECT id, store_id, product_id, observed_at FROM price_check")
OPEN_TICKETS = sa.text("SELECT id FROM ticket WHERE status <> 'closed' ORDER BY id")


def upgrade():
    with op.batch_alter_table('price_check', schema=None) as batch_op:
        batch_op.add_column(sa.Column('change_seq', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_price_check_change_seq'), ['change_seq'],
                              unique=False)
        batch_op.create_index('ix_price_check_store_change_seq', ['store_id', 'change_seq'],
                              unique=False)
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('change_seq', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_ticket_change_seq'), ['change_seq'], unique=False)
    _backfill(op.get_bind())


def _backfill(conn):
    """Number the rows a phone should pull, after the counter's current value."""
    latest = {}  # (store, product) -> (observed_at, id): one pass, no per-row probe
    for check_id, store_id, product_id, observed_at in conn.execute(PRICE_CHECKS):
        best = latest.get((store_id, product_id))
        if best is None or (observed_at, check_id) > best:
            latest[(store_id, product_id)] = (observed_at, check_id)
    price_checks = sorted(check_id for _, check_id in latest.values())
    tickets = [row[0] for row in conn.execute(OPEN_TICKETS)]
    if not price_checks and not tickets:
        return
    value = conn.execute(sa.text("SELECT value FROM sync_counter WHERE id = 1")).scalar()
    if value is None:
        conn.execute(sa.text(
            "INSERT INTO sync_counter (id, value, tombstones_purged_below) VALUES (1, 0, 0)"))
        value = 0
    seq = value
    for table, ids in (("price_check", price_checks), ("ticket", tickets)):
        params = []
        for row_id in ids:
            seq += 1
            params.append({"seq": seq, "id": row_id})
        if params:
            conn.execute(sa.text(f"UPDATE {table} SET change_seq = :seq WHERE id = :id"), params)
    conn.execute(sa.text("UPDATE sync_counter SET value = :value WHERE id = 1"), {"value": seq})


def downgrade():
    # plain ALTER TABLE ... DROP COLUMN (SQLite >= 3.35): a batch "move and copy" would
    # drop `ticket` and `price_check`, which other tables' foreign keys reference
    op.drop_index(op.f('ix_ticket_change_seq'), table_name='ticket')
    op.drop_column('ticket', 'change_seq')
    op.drop_index('ix_price_check_store_change_seq', table_name='price_check')
    op.drop_index(op.f('ix_price_check_change_seq'), table_name='price_check')
    op.drop_column('price_check', 'change_seq')
