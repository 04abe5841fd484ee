"""dashboard sign-in: one-time links and browser sessions (hashed tokens)

Revision ID: 0008
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dashboardlink",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("expires_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("dashboardlink", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dashboardlink_person_id"), ["person_id"], unique=False)
    op.create_table(
        "dashboardsession",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_seen_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("dashboardsession", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dashboardsession_person_id"), ["person_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("dashboardsession", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dashboardsession_person_id"))
    op.drop_table("dashboardsession")
    with op.batch_alter_table("dashboardlink", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dashboardlink_person_id"))
    op.drop_table("dashboardlink")
