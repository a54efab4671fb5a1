"""level of influence, idea decisions, outcome notices

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 13:00:00.000000

The level of influence (IAP2) and its promise on process and workshop (a workshop's None
follows its process); when a workshop's outcomes were published; a participant's optional
e-mail address and language for the one notice; and the facilitators' decisions on ideas
that nothing else gave an outcome. Existing rows need no value: no level chosen yet, no
outcome published, no address given.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEVELS = "influence_level IS NULL OR influence_level IN ('inform', 'consult', 'involve', 'collaborate', 'empower')"


def upgrade() -> None:
    with op.batch_alter_table("process", schema=None) as batch_op:
        batch_op.add_column(sa.Column("influence_level", sa.String(length=12), nullable=True))
        batch_op.add_column(
            sa.Column("influence_promise", sa.Text(), server_default=sa.text("''"), nullable=False)
        )
        batch_op.create_check_constraint(op.f("ck_process_influence_level"), LEVELS)
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.add_column(sa.Column("influence_level", sa.String(length=12), nullable=True))
        batch_op.add_column(
            sa.Column("influence_promise", sa.Text(), server_default=sa.text("''"), nullable=False)
        )
        batch_op.add_column(sa.Column("outcomes_published_at", sa.DateTime(), nullable=True))
        batch_op.create_check_constraint(op.f("ck_workshop_influence_level"), LEVELS)
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("notice_language", sa.String(length=2), nullable=True))
    op.create_table(
        "idea_decision",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by_user_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("decision IN ('not_taken_forward')", name=op.f("ck_idea_decision_decision")),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["idea.id"], name=op.f("fk_idea_decision_idea_id_idea"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_user_id"],
            ["user.id"],
            name=op.f("fk_idea_decision_decided_by_user_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("idea_id", name=op.f("pk_idea_decision")),
    )


def downgrade() -> None:
    op.drop_table("idea_decision")
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("notice_language")
        batch_op.drop_column("email")
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_workshop_influence_level"), type_="check")
        batch_op.drop_column("outcomes_published_at")
        batch_op.drop_column("influence_promise")
        batch_op.drop_column("influence_level")
    with op.batch_alter_table("process", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_process_influence_level"), type_="check")
        batch_op.drop_column("influence_promise")
        batch_op.drop_column("influence_level")
