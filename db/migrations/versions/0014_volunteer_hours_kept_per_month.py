"""volunteer hours kept per month and target, and the months each named volunteer worked in

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 10:00:00.000000

`hours_month` (minutes and entries per month, process, initiative and activity; 0 for
none) and `volunteer_month` (entries per named volunteer and month) are kept by
services.volunteering.hours_kept in the transaction of every write that changes hour
entries; the dashboards sum them instead of a year of entries. This migration fills them
from the hour entries, in SQL (a migration does not import the services).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _month(dialect: str) -> str:
    # The first day of the entry's month, as each engine stores a date.
    if dialect == "sqlite":
        return "substr(worked_on, 1, 7) || '-01'"
    return "CAST(date_trunc('month', worked_on) AS date)"


def upgrade() -> None:
    op.create_table(
        "hours_month",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.BigInteger(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "month", "process_id", "initiative_id", "activity_id", name=op.f("pk_hours_month")
        ),
    )
    op.create_table(
        "volunteer_month",
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteer.id"],
            name=op.f("fk_volunteer_month_volunteer_id_volunteer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("volunteer_id", "month", name=op.f("pk_volunteer_month")),
    )
    op.create_index("ix_volunteer_month_month", "volunteer_month", ["month", "volunteer_id"], unique=False)
    month = _month(op.get_bind().dialect.name)
    op.execute(
        "INSERT INTO hours_month (month, process_id, initiative_id, activity_id, minutes, entries) "
        f"SELECT {month}, COALESCE(process_id, 0), COALESCE(initiative_id, 0), COALESCE(activity_id, 0), "
        "SUM(minutes), COUNT(*) FROM hours_entry "
        f"GROUP BY {month}, COALESCE(process_id, 0), COALESCE(initiative_id, 0), COALESCE(activity_id, 0)"
    )
    op.execute(
        "INSERT INTO volunteer_month (volunteer_id, month, entries) "
        f"SELECT volunteer_id, {month}, COUNT(*) FROM hours_entry WHERE volunteer_id IS NOT NULL "
        f"GROUP BY volunteer_id, {month}"
    )


def downgrade() -> None:
    op.drop_index("ix_volunteer_month_month", table_name="volunteer_month")
    op.drop_table("volunteer_month")
    op.drop_table("hours_month")
