"""user session version: logout, password change, deactivation and revocation end sessions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 17:40:00

Adds `session_version` (integer, 0) to `user_account`. It is part of every session
and remember cookie; raising it ends them all. Cookies made before this revision
carry no version and are refused: everyone signs in once more after the upgrade.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35+): rebuilding user_account, as batch mode would,
    # trips the foreign keys every other table holds on it once rows exist.
    with op.batch_alter_table('user_account', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('session_version')
