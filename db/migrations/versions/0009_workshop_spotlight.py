"""workshop spotlight: the idea the facilitator puts on the projector for discussion

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 12:00:00.000000

One nullable column: no idea is in the spotlight until the facilitator picks one, so
existing workshops need no value. No foreign key: idea already points at workshop, and a
constraint both ways would make deleting either need deferred checks; the service reads
the column defensively (an idea since hidden, withdrawn or deleted is simply not shown).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.add_column(sa.Column("spotlight_idea_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.drop_column("spotlight_idea_id")
