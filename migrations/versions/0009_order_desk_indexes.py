"""order desk indexes: the queue's status-and-date order and its exception filter

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 00:00:00

HQ's orders queue at 5,000 stores and a year of orders (bench/hq_orders.py):
- `store_order (status, placed_at, store_id)`: one status, newest first, read in index
  order instead of sorting every delivered order of the year, the store (a market
  manager's scope) checked in the index;
- `store_order (store_id, status)`: a region's orders of one status counted from the
  index;
- `store_order.exception` and `order_receipt_line.exception`: the "with an exception"
  filter finds the few flagged orders without reading every order.
Indexes only: downgrade drops them.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('store_order', schema=None) as batch_op:
        batch_op.create_index('ix_store_order_status_placed_at',
                              ['status', 'placed_at', 'store_id'], unique=False)
        batch_op.create_index('ix_store_order_store_id_status', ['store_id', 'status'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_store_order_exception'), ['exception'],
                              unique=False)
    with op.batch_alter_table('order_receipt_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_receipt_line_exception'), ['exception'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('order_receipt_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_receipt_line_exception'))
    with op.batch_alter_table('store_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_store_order_exception'))
        batch_op.drop_index('ix_store_order_store_id_status')
        batch_op.drop_index('ix_store_order_status_placed_at')
