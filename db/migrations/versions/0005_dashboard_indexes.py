"""dashboard indexes: covering indexes for the aggregates over votes, ideas and hours

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 15:25:00.000000

Measured with benchmarks/dashboard_scale.py on 1 M votes and 1 M hour entries (docs/performance.md,
Dashboards at scale). Three old indexes are the leading columns of a new one and go.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MERGED = sa.text("merged_into_id IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table("idea", schema=None) as batch_op:
        batch_op.drop_index("ix_idea_workshop_id_status")
        batch_op.create_index(
            "ix_idea_workshop_id_status_hidden",
            ["workshop_id", "status", "hidden", "merged_into_id"],
            unique=False,
        )
        batch_op.drop_index("ix_idea_merged_into_id")
        batch_op.create_index(
            "ix_idea_merged_into_id",
            ["merged_into_id"],
            unique=False,
            sqlite_where=_MERGED,
            postgresql_where=_MERGED,
        )

    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.drop_index("ix_vote_workshop_id_idea_id")
        batch_op.create_index(
            "ix_vote_workshop_id_idea_id_dots", ["workshop_id", "idea_id", "dots"], unique=False
        )
        batch_op.create_index(
            "ix_vote_idea_id_participant_id_dots", ["idea_id", "participant_id", "dots"], unique=False
        )

    with op.batch_alter_table("hours_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_hours_entry_worked_on")
        batch_op.create_index(
            "ix_hours_entry_worked_on_totals",
            ["worked_on", "minutes", "initiative_id", "activity_id", "volunteer_id", "process_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_hours_entry_volunteer_id_worked_on", ["volunteer_id", "worked_on", "minutes"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("hours_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_hours_entry_volunteer_id_worked_on")
        batch_op.drop_index("ix_hours_entry_worked_on_totals")
        batch_op.create_index("ix_hours_entry_worked_on", ["worked_on"], unique=False)

    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.drop_index("ix_vote_idea_id_participant_id_dots")
        batch_op.drop_index("ix_vote_workshop_id_idea_id_dots")
        batch_op.create_index("ix_vote_workshop_id_idea_id", ["workshop_id", "idea_id"], unique=False)

    with op.batch_alter_table("idea", schema=None) as batch_op:
        batch_op.drop_index("ix_idea_merged_into_id")
        batch_op.create_index("ix_idea_merged_into_id", ["merged_into_id"], unique=False)
        batch_op.drop_index("ix_idea_workshop_id_status_hidden")
        batch_op.create_index("ix_idea_workshop_id_status", ["workshop_id", "status"], unique=False)
