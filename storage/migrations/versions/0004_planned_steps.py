"""planned steps of cases, approximate activity counts, approval times, simulator lines

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plannedstep",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("destination", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("phrase", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("prompted_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plannedstep", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plannedstep_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plannedstep_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plannedstep_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_plannedstep_status"), ["status"], unique=False)

    op.create_table(
        "simulatorline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("simulatorline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_simulatorline_address"), ["address"], unique=False)

    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "people_reached_approximate",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("approved_at", storage.types.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("approved_at")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_column("people_reached_approximate")
    with op.batch_alter_table("simulatorline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_simulatorline_address"))
    op.drop_table("simulatorline")
    with op.batch_alter_table("plannedstep", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plannedstep_status"))
        batch_op.drop_index(batch_op.f("ix_plannedstep_due_on"))
        batch_op.drop_index(batch_op.f("ix_plannedstep_person_id"))
        batch_op.drop_index(batch_op.f("ix_plannedstep_case_id"))
    op.drop_table("plannedstep")
