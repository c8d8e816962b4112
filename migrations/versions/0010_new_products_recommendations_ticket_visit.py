"""new products, the rep's recommendations, the visit a ticket was taken in

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 02:30:00

- `product.new_until`: the owner's catalogue marks the product new (新品) through this day.
- `product_recommendation`: a rep's suggestion of a product to one store, shown to the
  owner in the catalogue, never put into the cart; one per store and product.
- `ticket.visit_id`: the visit during which the rep took the ticket.

Downgrade drops the three (recommendations are lost with their table).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def _foreign_keys(on):
    """SQLite: the ticket table is rebuilt (batch mode) to add its foreign key; as in
    0008 foreign keys are off for the rebuild and checked after it."""
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return
    if on:
        broken = bind.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise RuntimeError(f"0010 left broken foreign keys: {broken[:5]}")
        return
    bind.exec_driver_sql("PRAGMA foreign_keys=OFF")
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("0010 must run in its own transaction on SQLite "
                           "(upgrade to 0009 first, then to 0010)")


def upgrade():
    _foreign_keys(False)
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('new_until', sa.Date(), nullable=True))

    op.create_table('product_recommendation',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('store_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('recommended_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_product_recommendation_product_id_product')),
    sa.ForeignKeyConstraint(['rep_id'], ['user_account.id'], name=op.f('fk_product_recommendation_rep_id_user_account')),
    sa.ForeignKeyConstraint(['store_id'], ['store.id'], name=op.f('fk_product_recommendation_store_id_store')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_recommendation')),
    sa.UniqueConstraint('store_id', 'product_id', name=op.f('uq_product_recommendation_store_id'))
    )
    with op.batch_alter_table('product_recommendation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_recommendation_store_id'), ['store_id'], unique=False)

    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visit_id', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_ticket_visit_id'), ['visit_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_ticket_visit_id_visit'), 'visit', ['visit_id'], ['id'])
    _foreign_keys(True)


def downgrade():
    _foreign_keys(False)
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_ticket_visit_id_visit'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_ticket_visit_id'))
        batch_op.drop_column('visit_id')

    with op.batch_alter_table('product_recommendation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_recommendation_store_id'))
    op.drop_table('product_recommendation')

    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_column('new_until')
    _foreign_keys(True)
