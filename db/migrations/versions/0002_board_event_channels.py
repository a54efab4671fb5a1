"""board event channels: votes apart from everything else on the board

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("board_event", schema=None) as batch_op:
        # Existing events were all board events; the default fills them in.
        batch_op.add_column(
            sa.Column("channel", sa.String(length=6), nullable=False, server_default="board")
        )
        batch_op.create_check_constraint("channel", "channel IN ('board', 'votes')")
        batch_op.drop_index(batch_op.f("ix_board_event_workshop_id_id"))
        batch_op.create_index(
            "ix_board_event_workshop_id_channel_id", ["workshop_id", "channel", "id"], unique=False
        )
    with op.batch_alter_table("board_event", schema=None) as batch_op:
        batch_op.alter_column("channel", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("board_event", schema=None) as batch_op:
        batch_op.drop_index("ix_board_event_workshop_id_channel_id")
        batch_op.create_index(batch_op.f("ix_board_event_workshop_id_id"), ["workshop_id", "id"], unique=False)
        batch_op.drop_constraint(batch_op.f("ck_board_event_channel"), type_="check")
        batch_op.drop_column("channel")
