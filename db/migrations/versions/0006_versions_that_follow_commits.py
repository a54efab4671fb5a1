"""versions that follow commits: board counters on each workshop, one data version for dashboards

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 10:00:00.000000

The newest id of an insert-only log is no version on PostgreSQL: ids are handed out at
INSERT and committed in another order, so a poll between two commits could cache a
version that the later commit of a lower id never moved. Counters bumped under a row
lock in the transaction of the change move in commit order.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tablets open across the upgrade hold a version made of board_event ids, and the board
# ignores a snapshot whose board part is lower than its own (components/board/board.js).
# The counters therefore go on from the newest id of each channel rather than from 0.
_CONTINUE = """
UPDATE workshop SET {column} = COALESCE(
    (SELECT max(board_event.id) FROM board_event
     WHERE board_event.workshop_id = workshop.id AND board_event.channel = '{channel}'),
    0)
"""


def upgrade() -> None:
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.add_column(sa.Column("board_version", sa.Integer(), server_default=sa.text("0"), nullable=False))
        batch_op.add_column(sa.Column("votes_version", sa.Integer(), server_default=sa.text("0"), nullable=False))
    op.execute(_CONTINUE.format(column="board_version", channel="board"))
    op.execute(_CONTINUE.format(column="votes_version", channel="votes"))

    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_data_version_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.execute("INSERT INTO data_version (id, version) VALUES (1, 0)")


def downgrade() -> None:
    op.drop_table("data_version")
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.drop_column("votes_version")
        batch_op.drop_column("board_version")
