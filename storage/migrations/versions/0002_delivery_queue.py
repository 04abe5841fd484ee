"""delivery queue: outbox lanes and claims, leases, render jobs, due markers

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text("status = 'PENDING'")
OPEN = sa.text("status IN ('PENDING', 'SENDING')")
SENDING = sa.text("status = 'SENDING'")
RENDER_DUE = sa.text("status IN ('pending', 'partial')")
# Kinds that answer a person go in the interactive lane (0); the rest is bulk (1).
INTERACTIVE_KINDS = ("reply", "notice")


def upgrade() -> None:
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lane", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("claimed_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True)
        )
        batch_op.add_column(
            sa.Column("claimed_until", storage.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("part_ids", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
        # Room for a WhatsApp business-scoped user id (up to 131 characters) as the address.
        batch_op.alter_column(
            "address",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=60),
            type_=sqlmodel.sql.sqltypes.AutoString(length=140),
            existing_nullable=False,
        )
    outbox = sa.table("outboxmessage", sa.column("kind", sa.String), sa.column("lane", sa.Integer))
    op.execute(outbox.update().where(~outbox.c.kind.in_(INTERACTIVE_KINDS)).values(lane=1))
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.alter_column("lane", server_default=None)
        batch_op.alter_column("part_ids", server_default=None)
    op.create_index(
        "ix_outbox_pending_lane",
        "outboxmessage",
        ["channel", "lane", "id"],
        postgresql_where=PENDING,
        sqlite_where=PENDING,
    )
    op.create_index(
        "ix_outbox_open_chat",
        "outboxmessage",
        ["channel", "address", "id"],
        postgresql_where=OPEN,
        sqlite_where=OPEN,
    )
    op.create_index(
        "ix_outbox_claims",
        "outboxmessage",
        ["claimed_until"],
        postgresql_where=SENDING,
        sqlite_where=SENDING,
    )

    op.rename_table("schedulerlease", "lease")

    with op.batch_alter_table("reportsubscription", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("next_fire_at", storage.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_reportsubscription_next_fire_at"), ["next_fire_at"], unique=False
        )

    with op.batch_alter_table("meeting", schema=None) as batch_op:
        for name in ("reminded_h1_at", "reminded_h2_at", "attendance_prompted_at"):
            batch_op.add_column(
                sa.Column(name, storage.types.UTCDateTime(timezone=True), nullable=True)
            )

    op.create_table(
        "renderjob",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("area_code", sqlmodel.sql.sqltypes.AutoString(length=13), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=140), nullable=True),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "running",
                "partial",
                "done",
                "failed",
                name="renderstatus",
                native_enum=False,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("deliver_not_before", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("claimed_until", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("missing", sa.JSON(), nullable=False),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
    )
    with op.batch_alter_table("renderjob", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_renderjob_person_id"), ["person_id"], unique=False)
    op.create_index(
        "ix_renderjob_due",
        "renderjob",
        ["next_attempt_at"],
        postgresql_where=RENDER_DUE,
        sqlite_where=RENDER_DUE,
    )


def downgrade() -> None:
    op.drop_index("ix_renderjob_due", table_name="renderjob")
    with op.batch_alter_table("renderjob", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_renderjob_person_id"))
    op.drop_table("renderjob")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        for name in ("attendance_prompted_at", "reminded_h2_at", "reminded_h1_at"):
            batch_op.drop_column(name)
    with op.batch_alter_table("reportsubscription", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reportsubscription_next_fire_at"))
        batch_op.drop_column("next_fire_at")
    op.rename_table("lease", "schedulerlease")
    op.drop_index("ix_outbox_claims", table_name="outboxmessage")
    op.drop_index("ix_outbox_open_chat", table_name="outboxmessage")
    op.drop_index("ix_outbox_pending_lane", table_name="outboxmessage")
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.alter_column(
            "address",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=140),
            type_=sqlmodel.sql.sqltypes.AutoString(length=60),
            existing_nullable=False,
        )
        batch_op.drop_column("part_ids")
        batch_op.drop_column("claimed_until")
        batch_op.drop_column("claimed_by")
        batch_op.drop_column("lane")
