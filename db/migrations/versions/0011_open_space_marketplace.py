"""open space marketplace: sessions, slots × rooms, picks, reports and the ideas they bring

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 12:44:01.509311

New tables only: a workshop without a row in `open_space` simply has it switched off,
so existing workshops need nothing. Report ideas are ordinary `idea` rows; their link to
the session lives in `open_space_idea`, so the idea table is left as it is.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "open_space",
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("switched_on", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("version", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
            name=op.f("fk_open_space_workshop_id_workshop"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workshop_id", name=op.f("pk_open_space")),
    )
    op.create_table(
        "open_space_room",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
            name=op.f("fk_open_space_room_workshop_id_workshop"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_open_space_room")),
    )
    with op.batch_alter_table("open_space_room", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_open_space_room_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "open_space_slot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("starts", sa.String(length=20), nullable=False),
        sa.Column("ends", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
            name=op.f("fk_open_space_slot_workshop_id_workshop"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_open_space_slot")),
    )
    with op.batch_alter_table("open_space_slot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_open_space_slot_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "open_space_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("convener", sa.String(length=80), nullable=False),
        sa.Column("proposed_by_participant_id", sa.Integer(), nullable=True),
        sa.Column("proposed_by_user_id", sa.Integer(), nullable=True),
        sa.Column("slot_id", sa.Integer(), nullable=True),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(slot_id IS NULL) = (room_id IS NULL)", name=op.f("ck_open_space_session_placed_whole")
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_participant_id"],
            ["participant.id"],
            name=op.f("fk_open_space_session_proposed_by_participant_id_participant"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_user_id"],
            ["user.id"],
            name=op.f("fk_open_space_session_proposed_by_user_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["open_space_room.id"],
            name=op.f("fk_open_space_session_room_id_open_space_room"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["open_space_slot.id"],
            name=op.f("fk_open_space_session_slot_id_open_space_slot"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
            name=op.f("fk_open_space_session_workshop_id_workshop"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_open_space_session")),
        sa.UniqueConstraint("slot_id", "room_id", name=op.f("uq_open_space_session_slot_id_room_id")),
    )
    with op.batch_alter_table("open_space_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_open_space_session_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "open_space_attendance",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("stakeholder_group", sa.String(length=20), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "stakeholder_group IN ('citizen', 'volunteer', 'association', 'employee', 'politician', 'business', 'other')",
            name=op.f("ck_open_space_attendance_group"),
        ),
        sa.CheckConstraint("people >= 1", name=op.f("ck_open_space_attendance_people")),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["open_space_session.id"],
            name=op.f("fk_open_space_attendance_session_id_open_space_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "stakeholder_group", name=op.f("pk_open_space_attendance")),
    )
    op.create_table(
        "open_space_idea",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["idea.id"], name=op.f("fk_open_space_idea_idea_id_idea"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["open_space_session.id"],
            name=op.f("fk_open_space_idea_session_id_open_space_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("idea_id", name=op.f("pk_open_space_idea")),
    )
    with op.batch_alter_table("open_space_idea", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_open_space_idea_session_id"), ["session_id"], unique=False)

    op.create_table(
        "open_space_pick",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_open_space_pick_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["open_space_session.id"],
            name=op.f("fk_open_space_pick_session_id_open_space_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["open_space_slot.id"],
            name=op.f("fk_open_space_pick_slot_id_open_space_slot"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("participant_id", "slot_id", name=op.f("pk_open_space_pick")),
    )
    with op.batch_alter_table("open_space_pick", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_open_space_pick_session_id"), ["session_id"], unique=False)

    op.create_table(
        "open_space_report",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("next_steps", sa.Text(), nullable=False),
        sa.Column("written_by_participant_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["open_space_session.id"],
            name=op.f("fk_open_space_report_session_id_open_space_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["written_by_participant_id"],
            ["participant.id"],
            name=op.f("fk_open_space_report_written_by_participant_id_participant"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_open_space_report")),
    )


def downgrade() -> None:
    op.drop_table("open_space_report")
    with op.batch_alter_table("open_space_pick", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_open_space_pick_session_id"))

    op.drop_table("open_space_pick")
    with op.batch_alter_table("open_space_idea", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_open_space_idea_session_id"))

    op.drop_table("open_space_idea")
    op.drop_table("open_space_attendance")
    with op.batch_alter_table("open_space_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_open_space_session_workshop_id"))

    op.drop_table("open_space_session")
    with op.batch_alter_table("open_space_slot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_open_space_slot_workshop_id"))

    op.drop_table("open_space_slot")
    with op.batch_alter_table("open_space_room", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_open_space_room_workshop_id"))

    op.drop_table("open_space_room")
    op.drop_table("open_space")
