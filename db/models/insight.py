"""What the dashboards cache on: one counter that moves with every committed write."""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base


class DataVersion(Base):
    """A single row (id 1) whose `version` every writing unit of work bumps just before COMMIT.

    db.session does the bump for every Session, so no service can forget it; see
    services.insight.data_version for why a counter and not the newest ids of the logs.
    """

    __tablename__ = "data_version"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    # Moved instead of `version` by a transaction that only spent or took back dots
    # (db.session decides): figures that read no dots keep their cache during a workshop.
    votes: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
