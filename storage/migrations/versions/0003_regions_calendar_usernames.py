"""official regions, holiday-aware series, WhatsApp usernames

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 21:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("region", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True)
        )
        batch_op.add_column(
            sa.Column("postal_code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True)
        )
        # Rows written before the official list shipped were typed in by someone: local.
        batch_op.add_column(
            sa.Column(
                "source",
                sqlmodel.sql.sqltypes.AutoString(length=10),
                nullable=False,
                server_default="local",
            )
        )
    with op.batch_alter_table("meetingseries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("skip_holidays", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("identity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_person_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_identity_claimed_person_id_person", "person", ["claimed_person_id"], ["id"]
        )
        # A WhatsApp business-scoped user id may be up to 131 characters.
        batch_op.alter_column(
            "urn",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=80),
            type_=sqlmodel.sql.sqltypes.AutoString(length=160),
            existing_nullable=False,
        )
        batch_op.alter_column(
            "address",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=60),
            type_=sqlmodel.sql.sqltypes.AutoString(length=140),
            existing_nullable=False,
        )
    with op.batch_alter_table("inboundmessage", schema=None) as batch_op:
        batch_op.alter_column(
            "urn",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=80),
            type_=sqlmodel.sql.sqltypes.AutoString(length=160),
            existing_nullable=False,
        )
    with op.batch_alter_table("conversationstate", schema=None) as batch_op:
        batch_op.alter_column(
            "address",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=60),
            type_=sqlmodel.sql.sqltypes.AutoString(length=140),
            existing_nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("conversationstate", schema=None) as batch_op:
        batch_op.alter_column(
            "address",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=140),
            type_=sqlmodel.sql.sqltypes.AutoString(length=60),
            existing_nullable=False,
        )
    with op.batch_alter_table("inboundmessage", schema=None) as batch_op:
        batch_op.alter_column(
            "urn",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=160),
            type_=sqlmodel.sql.sqltypes.AutoString(length=80),
            existing_nullable=False,
        )
    with op.batch_alter_table("identity", schema=None) as batch_op:
        batch_op.alter_column(
            "address",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=140),
            type_=sqlmodel.sql.sqltypes.AutoString(length=60),
            existing_nullable=False,
        )
        batch_op.alter_column(
            "urn",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=160),
            type_=sqlmodel.sql.sqltypes.AutoString(length=80),
            existing_nullable=False,
        )
        batch_op.drop_constraint("fk_identity_claimed_person_id_person", type_="foreignkey")
        batch_op.drop_column("claimed_person_id")
    with op.batch_alter_table("meetingseries", schema=None) as batch_op:
        batch_op.drop_column("skip_holidays")
    with op.batch_alter_table("region", schema=None) as batch_op:
        batch_op.drop_column("source")
        batch_op.drop_column("postal_code")
        batch_op.drop_column("kind")
