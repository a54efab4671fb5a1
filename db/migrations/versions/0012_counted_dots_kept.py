"""counted dots kept per idea and per group, and a votes version beside the data version

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 12:30:00.000000

`idea_support` and `idea_support_group` hold what services.workshop.tally's counting rule
gives (cap and merges applied, hidden and withdrawn ideas counting nothing), kept by the
services in the transaction of each dot, merge, unmerge, hide and withdrawal. This
migration fills them from the votes with the same rule, written out in SQL (a migration
does not import the services). `data_version.votes` is the counter a transaction that
only spent or took back dots moves instead of `version`. `ix_idea_created_at` serves the
ideas and dots of a period on the dashboards.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GROUPS = ("citizen", "volunteer", "association", "employee", "politician", "business", "other")

# Per visible survivor, voter's group: the sum over voters of min(cap, the voter's dots on
# the survivor and the visible ideas merged into it), and the number of such voters.
_BY_GROUP = """
INSERT INTO idea_support_group (idea_id, stakeholder_group, workshop_id, dots, voters)
SELECT counted.survivor_id, participant.stakeholder_group, survivor.workshop_id,
       SUM(CASE WHEN counted.dots > workshop.dots_per_idea THEN workshop.dots_per_idea
                ELSE counted.dots END),
       COUNT(*)
FROM (
    SELECT COALESCE(member.merged_into_id, member.id) AS survivor_id,
           vote.participant_id AS participant_id,
           SUM(vote.dots) AS dots
    FROM vote JOIN idea AS member ON member.id = vote.idea_id
    WHERE member.hidden = :no AND member.status = 'active'
    GROUP BY COALESCE(member.merged_into_id, member.id), vote.participant_id
) AS counted
JOIN idea AS survivor ON survivor.id = counted.survivor_id
JOIN workshop ON workshop.id = survivor.workshop_id
JOIN participant ON participant.id = counted.participant_id
WHERE survivor.hidden = :no AND survivor.status = 'active'
GROUP BY counted.survivor_id, participant.stakeholder_group, survivor.workshop_id
"""

_TOTALS = """
INSERT INTO idea_support (idea_id, workshop_id, dots, voters)
SELECT idea_id, workshop_id, SUM(dots), SUM(voters) FROM idea_support_group GROUP BY idea_id, workshop_id
"""


def upgrade() -> None:
    op.create_table(
        "idea_support",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("dots", sa.Integer(), nullable=False),
        sa.Column("voters", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["idea.id"], name=op.f("fk_idea_support_idea_id_idea"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
            name=op.f("fk_idea_support_workshop_id_workshop"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("idea_id", name=op.f("pk_idea_support")),
    )
    op.create_index(op.f("ix_idea_support_workshop_id"), "idea_support", ["workshop_id"], unique=False)
    op.create_table(
        "idea_support_group",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("stakeholder_group", sa.String(length=20), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("dots", sa.Integer(), nullable=False),
        sa.Column("voters", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "stakeholder_group IN (" + ", ".join(f"'{g}'" for g in GROUPS) + ")",
            name=op.f("ck_idea_support_group_group"),
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["idea.id"], name=op.f("fk_idea_support_group_idea_id_idea"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
            name=op.f("fk_idea_support_group_workshop_id_workshop"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("idea_id", "stakeholder_group", name=op.f("pk_idea_support_group")),
    )
    op.create_index(
        op.f("ix_idea_support_group_workshop_id"), "idea_support_group", ["workshop_id"], unique=False
    )
    op.create_index(
        "ix_idea_created_at",
        "idea",
        ["created_at", "workshop_id", "status", "hidden", "merged_into_id"],
        unique=False,
    )
    with op.batch_alter_table("data_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("votes", sa.BigInteger(), server_default="0", nullable=False))
    op.execute(sa.text(_BY_GROUP).bindparams(no=False))
    op.execute(sa.text(_TOTALS))


def downgrade() -> None:
    with op.batch_alter_table("data_version", schema=None) as batch_op:
        batch_op.drop_column("votes")
    op.drop_index("ix_idea_created_at", table_name="idea")
    op.drop_index(op.f("ix_idea_support_group_workshop_id"), table_name="idea_support_group")
    op.drop_table("idea_support_group")
    op.drop_index(op.f("ix_idea_support_workshop_id"), table_name="idea_support")
    op.drop_table("idea_support")
