"""ordering: order version, channel, desk fields; product quantity rules; allocations

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 21:00:00

- `store_order` gains `version` (optimistic locking of the order desk's moves),
  `entered_by_id` (who typed it in: the owner, or 订单科 for a phone order),
  `delivery_method` (filled from the store's for existing orders), `wanted_date` and
  `note`; its status list gains `rejected` and `completed`, and `channel` and
  `delivery_method` get CHECK constraints.
- `product` gains `order_minimum` and `order_multiple` (1 for existing products).
- `product_order_limit` becomes the allocation plan: per product, optionally per
  store, at most `max_quantity` per `period` (day, week, month). Its per-product
  `multiple_of` moves to `product.order_multiple`. The table is rebuilt; existing rows
  become every-store weekly limits.

Downgrade turns `rejected` orders into `cancelled` and `completed` into `delivered`
(the old list had neither), keeps only the every-store limits, and moves the multiple
back.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# the code CHECKs as tests/integration/test_model_codes.py reads them (one line each)
OLD_STATUS = sa.CheckConstraint("status IN ('submitted','confirmed','picking','out_for_delivery','delivered','cancelled')", name=op.f('ck_store_order_status'))
NEW_STATUS = sa.CheckConstraint("status IN ('submitted','confirmed','rejected','picking','out_for_delivery','delivered','completed','cancelled')", name=op.f('ck_store_order_status'))
CHANNEL = sa.CheckConstraint("channel IN ('app','phone','platform')", name=op.f('ck_store_order_channel'))
DELIVERY_METHOD = sa.CheckConstraint("delivery_method IN ('home_delivery','pickup_point','delegated_delivery')", name=op.f('ck_store_order_delivery_method'))


def _new_limit_table():
    op.create_table(
        'product_order_limit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('store_id', sa.Integer(), nullable=True),
        sa.Column('max_quantity', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=8), nullable=False),
        sa.CheckConstraint('max_quantity > 0', name=op.f('ck_product_order_limit_max_positive')),
        sa.CheckConstraint("period IN ('day','week','month')", name=op.f('ck_product_order_limit_period')),
        sa.ForeignKeyConstraint(['product_id'], ['product.id'],
                                name=op.f('fk_product_order_limit_product_id_product')),
        sa.ForeignKeyConstraint(['store_id'], ['store.id'],
                                name=op.f('fk_product_order_limit_store_id_store')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_product_order_limit')),
        sa.UniqueConstraint('product_id', 'store_id',
                            name=op.f('uq_product_order_limit_product_id')),
    )
    with op.batch_alter_table('product_order_limit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_order_limit_store_id'), ['store_id'],
                              unique=False)
        batch_op.create_index('ix_product_order_limit_every_store', ['product_id'], unique=True,
                              sqlite_where=sa.text('store_id IS NULL'),
                              postgresql_where=sa.text('store_id IS NULL'))


def _old_limit_table():
    op.create_table(
        'product_order_limit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('max_quantity', sa.Integer(), nullable=False),
        sa.Column('multiple_of', sa.Integer(), nullable=False),
        sa.CheckConstraint('max_quantity > 0', name=op.f('ck_product_order_limit_max_positive')),
        sa.CheckConstraint('multiple_of > 0',
                           name=op.f('ck_product_order_limit_multiple_positive')),
        sa.ForeignKeyConstraint(['product_id'], ['product.id'],
                                name=op.f('fk_product_order_limit_product_id_product')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_product_order_limit')),
        sa.UniqueConstraint('product_id', name=op.f('uq_product_order_limit_product_id')),
    )


def _foreign_keys(on):
    """SQLite: rebuilding `product` and `store_order` (batch mode) drops tables other
    tables point at, which trips the foreign keys once rows exist; they are switched off
    for the rebuild and checked after it (SQLite's own procedure for schema changes), and
    migrations/env.py switches them on again after the transaction (inside one, the
    PRAGMA does nothing)."""
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return
    if on:
        broken = bind.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise RuntimeError(f"0007 left broken foreign keys: {broken[:5]}")
        return  # switched on again by env.py once the transaction is over
    bind.exec_driver_sql("PRAGMA foreign_keys=OFF")
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("0007 must run in its own transaction on SQLite "
                           "(upgrade to 0006 first, then to 0007)")


def upgrade():
    bind = op.get_bind()
    _foreign_keys(False)
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('order_minimum', sa.Integer(), nullable=False,
                                      server_default='1'))
        batch_op.add_column(sa.Column('order_multiple', sa.Integer(), nullable=False,
                                      server_default='1'))
        batch_op.create_check_constraint(op.f('ck_product_order_minimum_positive'), 'order_minimum > 0')
        batch_op.create_check_constraint(op.f('ck_product_order_multiple_positive'), 'order_multiple > 0')

    old = bind.execute(sa.text(
        "SELECT product_id, max_quantity, multiple_of FROM product_order_limit")).all()
    op.drop_table('product_order_limit')
    _new_limit_table()
    for product_id, max_quantity, multiple_of in old:
        bind.execute(sa.text("UPDATE product SET order_multiple = :m WHERE id = :p"),
                     {"m": multiple_of, "p": product_id})
        bind.execute(sa.text(
            "INSERT INTO product_order_limit (product_id, store_id, max_quantity, period) "
            "VALUES (:p, NULL, :q, 'week')"), {"p": product_id, "q": max_quantity})

    with op.batch_alter_table('store_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('entered_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('delivery_method', sa.String(length=20), nullable=False,
                                      server_default='home_delivery'))
        batch_op.add_column(sa.Column('wanted_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('note', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False,
                                      server_default='1'))
    bind.execute(sa.text(
        "UPDATE store_order SET delivery_method = (SELECT store.delivery_method FROM store "
        "WHERE store.id = store_order.store_id)"))
    with op.batch_alter_table('store_order', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_store_order_status'), type_='check')
        for check in (NEW_STATUS, CHANNEL, DELIVERY_METHOD):
            batch_op.create_check_constraint(check.name, check.sqltext)
        batch_op.create_check_constraint(op.f('ck_store_order_version_positive'), 'version >= 1')
        batch_op.create_foreign_key(batch_op.f('fk_store_order_entered_by_id_user_account'),
                                    'user_account', ['entered_by_id'], ['id'])
    _foreign_keys(True)


def downgrade():
    bind = op.get_bind()
    _foreign_keys(False)
    for table in ('store_order', 'order_status_change'):
        bind.execute(sa.text(f"UPDATE {table} SET status = 'cancelled' "
                             "WHERE status = 'rejected'"))
        bind.execute(sa.text(f"UPDATE {table} SET status = 'delivered' "
                             "WHERE status = 'completed'"))
    with op.batch_alter_table('store_order', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_store_order_entered_by_id_user_account'), type_='foreignkey')
        batch_op.drop_constraint(op.f('ck_store_order_version_positive'), type_='check')
        batch_op.drop_constraint(op.f('ck_store_order_delivery_method'), type_='check')
        batch_op.drop_constraint(op.f('ck_store_order_channel'), type_='check')
        batch_op.drop_constraint(op.f('ck_store_order_status'), type_='check')
        batch_op.create_check_constraint(OLD_STATUS.name, OLD_STATUS.sqltext)
    with op.batch_alter_table('store_order', schema=None) as batch_op:
        batch_op.drop_column('version')
        batch_op.drop_column('note')
        batch_op.drop_column('wanted_date')
        batch_op.drop_column('delivery_method')
        batch_op.drop_column('entered_by_id')

    kept = bind.execute(sa.text(
        "SELECT l.product_id, l.max_quantity, p.order_multiple FROM product_order_limit l "
        "JOIN product p ON p.id = l.product_id WHERE l.store_id IS NULL")).all()
    op.drop_table('product_order_limit')
    _old_limit_table()
    for product_id, max_quantity, multiple in kept:
        bind.execute(sa.text(
            "INSERT INTO product_order_limit (product_id, max_quantity, multiple_of) "
            "VALUES (:p, :q, :m)"), {"p": product_id, "q": max_quantity, "m": multiple})
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_product_order_multiple_positive'), type_='check')
        batch_op.drop_constraint(op.f('ck_product_order_minimum_positive'), type_='check')
        batch_op.drop_column('order_multiple')
        batch_op.drop_column('order_minimum')
    _foreign_keys(True)
