"""first start: the mode a database was seeded in, municipality settings, process phases and archive

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 12:00:00.000000

A database first started in demo mode kept accepting the published demo logins after the
switch to production. `site_setting` now remembers the mode the database was seeded in
and which accounts the seed made. A database seeded before this revision is recognised
by its accounts: a demo username whose password is still the one published in the README
can only have come from the seed.
"""

from collections.abc import Sequence

import bcrypt
import sqlalchemy as sa
from alembic import op

import clock

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As the demo seed made them (demo/seed.py DEMO_ACCOUNTS) when this revision was written.
_PUBLISHED_DEMO_LOGINS = {
    "admin": "demo-admin-2026",
    "facilitator": "demo-facilitator-2026",
    "leader": "demo-leader-2026",
    "politician": "demo-politician-2026",
}
_PHASES = ("framing", "idea_workshops", "concretising", "catalogue", "initiatives", "evaluation")


def _check(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode(), password_hash.encode())
    except ValueError:
        return False


def _remember_demo_seed(site_setting: sa.Table) -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text("SELECT username, password_hash FROM \"user\" WHERE username IN :names").bindparams(
            sa.bindparam("names", expanding=True)
        ),
        {"names": list(_PUBLISHED_DEMO_LOGINS)},
    ).all()
    if not any(_check(_PUBLISHED_DEMO_LOGINS[name], digest) for name, digest in rows):
        return
    now = clock.utcnow()
    op.bulk_insert(
        site_setting,
        [
            {"key": "seeded_mode", "value": "demo", "updated_at": now},
            {"key": "demo_accounts", "value": ",".join(sorted(name for name, _ in rows)), "updated_at": now},
        ],
    )


def upgrade() -> None:
    site_setting = op.create_table(
        "site_setting",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_user_id"],
            ["user.id"],
            name=op.f("fk_site_setting_updated_by_user_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_site_setting")),
    )
    _remember_demo_seed(site_setting)

    with op.batch_alter_table("process", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("phase", sa.String(length=20), server_default=sa.text("'framing'"), nullable=False)
        )
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_process_phase"), "phase IN (" + ", ".join(f"'{p}'" for p in _PHASES) + ")"
        )


def downgrade() -> None:
    with op.batch_alter_table("process", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_process_phase"), type_="check")
        batch_op.drop_column("archived_at")
        batch_op.drop_column("phase")
    op.drop_table("site_setting")
