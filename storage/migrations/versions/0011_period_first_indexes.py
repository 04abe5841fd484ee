"""indexes that start with the period, holding what the report counts read

Revision ID: 0011
Revises: 0010

A province's or a kab/kota's week is a narrow range of days over most of the area codes: an
index on the day, then the area, holding the columns the counts read (PostgreSQL `INCLUDE`),
answers them from the index alone, wherever the rows sit in the table. Also: a PSM's
activities by day (whether a PSM reported in a period), replacing the index on the reporter
alone, and case events by day (which cases had news in a window), replacing none.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REPORTED = ["id", "activity_type", "psm_role", "people_reached", "reporter_id", "deleted_at"]


def upgrade() -> None:
    op.create_index(
        "ix_activity_occurred_area",
        "activity",
        ["occurred_on", "area_code"],
        postgresql_ops={"area_code": "varchar_pattern_ops"},
        postgresql_include=REPORTED,
    )
    op.drop_index("ix_activity_occurred_on", table_name="activity")
    op.create_index(
        "ix_activity_reporter_occurred",
        "activity",
        ["reporter_id", "occurred_on"],
        postgresql_include=["deleted_at"],
    )
    op.drop_index("ix_activity_reporter_id", table_name="activity")
    op.create_index(
        "ix_caseevent_occurred", "caseevent", ["occurred_on"], postgresql_include=["case_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_caseevent_occurred", table_name="caseevent")
    op.create_index("ix_activity_reporter_id", "activity", ["reporter_id"])
    op.drop_index("ix_activity_reporter_occurred", table_name="activity")
    op.create_index("ix_activity_occurred_on", "activity", ["occurred_on"])
    op.drop_index("ix_activity_occurred_area", table_name="activity")
