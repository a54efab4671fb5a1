"""board changes no longer logged: the board_event table goes

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 22:30:00.000000

Every change on a board (each dot, idea, comment, edit, withdrawal, join) appended a row
to `board_event` in its transaction. Since 0006 the versions tablets poll are the counters
on the workshop row, and nothing read the log; its INSERT was one statement more inside
every such write's hold of SQLite's one write lock. The downgrade brings the table and its
index back as 0002 left them, but empty: the rows are not kept. Below 0006 the board's
version is the newest id of that table again, so tablets open across a downgrade that far
hold versions higher than the server's and need a reload.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_board_event_workshop_id_channel_id", table_name="board_event")
    op.drop_table("board_event")


def downgrade() -> None:
    # Columns in the order 0001 and 0002 left them (0002 added `channel` last), and no
    # server default on `channel`: 0002 removed the one it filled existing rows with.
    op.create_table(
        "board_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("channel", sa.String(length=6), nullable=False),
        sa.CheckConstraint("channel IN ('board', 'votes')", name=op.f("ck_board_event_channel")),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
            name=op.f("fk_board_event_workshop_id_workshop"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_event")),
    )
    op.create_index(
        "ix_board_event_workshop_id_channel_id", "board_event", ["workshop_id", "channel", "id"], unique=False
    )
