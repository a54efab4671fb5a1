"""sessions that end when they should, and staff single sign-on

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 10:00:00.000000

`user.session_version` moves on logout, password reset, role change and deactivation,
and every session (a cookie too) carries the version it began with; `sessions_ended_at`
does the same for sign-on cookies, which carry the provider's issue time instead. A
person signed in by single sign-on is linked by issuer and subject. `sign_in_policy` is
one row: whether local accounts may still sign in.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("sessions_ended_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("sso_issuer", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("sso_subject", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("sso_claims_at", sa.BigInteger(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_user_sso_issuer_sso_subject"), ["sso_issuer", "sso_subject"])

    op.create_table(
        "sign_in_policy",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("local_accounts", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_sign_in_policy_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_policy")),
    )
    op.execute(sa.text("INSERT INTO sign_in_policy (id, local_accounts) VALUES (1, :yes)").bindparams(yes=True))


def downgrade() -> None:
    op.drop_table("sign_in_policy")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_user_sso_issuer_sso_subject"), type_="unique")
        batch_op.drop_column("sso_claims_at")
        batch_op.drop_column("sso_subject")
        batch_op.drop_column("sso_issuer")
        batch_op.drop_column("sessions_ended_at")
        batch_op.drop_column("session_version")
