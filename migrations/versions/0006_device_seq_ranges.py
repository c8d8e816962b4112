"""devices: seq gaps as ranges, and the counter fault HQ sees

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 18:00:00

`device.missing_seqs` held every missing number (`[3, 4, 9]`); it now holds
ascending `[first, last]` ranges (`[[3, 4], [9, 9]]`), so a large gap costs one
pair. Existing lists are converted. `device.seq_fault` (JSON, nullable) keeps an
absurd jump of a phone's counter (`{"after", "seq", "records", "at"}`) for HQ.
Downgrade expands the ranges again, keeping the newest 1,000 numbers as before.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

DEVICES = sa.table('device', sa.column('id', sa.String), sa.column('missing_seqs', sa.JSON))


def _ranges(numbers):
    ranges = []
    for n in sorted(set(numbers)):
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    return ranges


def _numbers(ranges, keep=1000):
    numbers = []
    for first, last in reversed(ranges):
        numbers[:0] = range(max(first, last - (keep - len(numbers)) + 1), last + 1)
        if len(numbers) >= keep:
            break
    return numbers


def _convert(convert):
    bind = op.get_bind()
    for device_id, stored in bind.execute(sa.select(DEVICES.c.id, DEVICES.c.missing_seqs)):
        if stored:
            bind.execute(DEVICES.update().where(DEVICES.c.id == device_id)
                         .values(missing_seqs=convert(stored)))


def upgrade():
    op.add_column('device', sa.Column('seq_fault', sa.JSON(), nullable=True))
    _convert(lambda stored: _ranges(n for n in stored if isinstance(n, int)))


def downgrade():
    _convert(lambda stored: _numbers([pair for pair in stored if isinstance(pair, list)]))
    op.drop_column('device', 'seq_fault')
