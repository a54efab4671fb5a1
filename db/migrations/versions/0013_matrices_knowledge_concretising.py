"""2×2 matrices and placements; a process's knowledge base; the concretising plan of an idea

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 13:00:00.000000

New tables only, so existing rows need nothing. The partial unique index keeps one open
matrix per workshop; one placement per participant, matrix and idea is a unique index, so
a second placement from the same tablet changes the first.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KINDS = "kind IN ('impact_effort', 'how_now_wow', 'custom')"
_PLAN_FIELDS = ("who", "what", "for_whom", "timing", "resources", "first_step", "anchoring")
_KNOWLEDGE = "kind IN ('fact', 'figure', 'link', 'file', 'question')"


def upgrade() -> None:
    op.create_table(
        "matrix",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("x_name", sa.String(length=60), nullable=False),
        sa.Column("x_low", sa.String(length=60), nullable=False),
        sa.Column("x_high", sa.String(length=60), nullable=False),
        sa.Column("y_name", sa.String(length=60), nullable=False),
        sa.Column("y_low", sa.String(length=60), nullable=False),
        sa.Column("y_high", sa.String(length=60), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("by_group", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(_KINDS, name=op.f("ck_matrix_kind")),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_matrix_workshop_id_workshop"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matrix")),
    )
    op.create_index(op.f("ix_matrix_workshop_id"), "matrix", ["workshop_id"], unique=False)
    op.create_index(
        "ix_matrix_workshop_id_open",
        "matrix",
        ["workshop_id"],
        unique=True,
        sqlite_where=sa.text("is_open"),
        postgresql_where=sa.text("is_open"),
    )
    op.create_table(
        "matrix_idea",
        sa.Column("matrix_id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["idea.id"], name=op.f("fk_matrix_idea_idea_id_idea"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["matrix_id"], ["matrix.id"], name=op.f("fk_matrix_idea_matrix_id_matrix"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("matrix_id", "idea_id", name=op.f("pk_matrix_idea")),
    )
    op.create_table(
        "matrix_placement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("matrix_id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("x", sa.Integer(), nullable=False),
        sa.Column("y", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("x BETWEEN 0 AND 10", name=op.f("ck_matrix_placement_x")),
        sa.CheckConstraint("y BETWEEN 0 AND 10", name=op.f("ck_matrix_placement_y")),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["idea.id"], name=op.f("fk_matrix_placement_idea_id_idea"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["matrix_id"], ["matrix.id"], name=op.f("fk_matrix_placement_matrix_id_matrix"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_matrix_placement_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matrix_placement")),
    )
    op.create_index(op.f("ix_matrix_placement_idea_id"), "matrix_placement", ["idea_id"], unique=False)
    op.create_index(
        op.f("ix_matrix_placement_participant_id"), "matrix_placement", ["participant_id"], unique=False
    )
    op.create_index(
        "ix_matrix_placement_matrix_id_participant_id_idea_id",
        "matrix_placement",
        ["matrix_id", "participant_id", "idea_id"],
        unique=True,
    )
    op.create_table(
        "knowledge_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("file_name", sa.String(length=120), nullable=False),
        sa.Column("file_type", sa.String(length=100), nullable=False),
        sa.Column("file_data", sa.LargeBinary(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(_KNOWLEDGE, name=op.f("ck_knowledge_item_kind")),
        sa.CheckConstraint(
            "file_data IS NULL OR length(file_data) <= 2097152", name=op.f("ck_knowledge_item_file_size")
        ),
        sa.ForeignKeyConstraint(
            ["process_id"], ["process.id"], name=op.f("fk_knowledge_item_process_id_process"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_item")),
    )
    op.create_index(op.f("ix_knowledge_item_process_id"), "knowledge_item", ["process_id"], unique=False)
    op.create_table(
        "concrete_plan",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Text(), nullable=False) for name in _PLAN_FIELDS),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["idea.id"], name=op.f("fk_concrete_plan_idea_id_idea"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("idea_id", name=op.f("pk_concrete_plan")),
    )


def downgrade() -> None:
    op.drop_table("concrete_plan")
    op.drop_index(op.f("ix_knowledge_item_process_id"), table_name="knowledge_item")
    op.drop_table("knowledge_item")
    op.drop_index("ix_matrix_placement_matrix_id_participant_id_idea_id", table_name="matrix_placement")
    op.drop_index(op.f("ix_matrix_placement_participant_id"), table_name="matrix_placement")
    op.drop_index(op.f("ix_matrix_placement_idea_id"), table_name="matrix_placement")
    op.drop_table("matrix_placement")
    op.drop_table("matrix_idea")
    op.drop_index("ix_matrix_workshop_id_open", table_name="matrix")
    op.drop_index(op.f("ix_matrix_workshop_id"), table_name="matrix")
    op.drop_table("matrix")
